package org.aigov.observatory.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.ProblemText;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals (a URI too long, an encoded NUL or "../" in the path, bad framing) happen before any route, and
 * Jetty answers them with an HTML page. A client of this API reads application/problem+json everywhere, so those
 * answers take the same shape. The detail is Jetty's reason, which names no input of the caller's. A browser asking
 * for a page gets {@link ErrorPage} where the request was read far enough to know (not for a request line too long).
 */
final class ProblemErrorHandler extends ErrorHandler {
  ProblemErrorHandler() {
    setShowServlet(false);
    setShowStacks(false);
  }

  private static Map<String, Object> problem(int status, String reason) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    String title = HttpStatus.getMessage(status);
    p.put("title", title);
    p.put("status", status);
    p.put("detail", reason == null || reason.isBlank() ? title : WebServer.shortened(reason));
    return p;
  }

  /**
   * A request Jetty could not parse (a bad or ambiguous URI, a request line too long): its headers are not read, so the
   * Accept-Language is unknown; the Chinese goes beside the English as {@code detail_zh}.
   */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json; charset=utf-8");
    Map<String, Object> p = problem(status, reason);
    String zh = ProblemText.zh((String) p.get("detail"));
    if (zh != null) p.put("detail_zh", zh);
    return ByteBuffer.wrap(Json.write(p).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
      throws IOException {
    baseRequest.setHandled(true);
    if (ErrorPage.wanted(request.getRequestURI(), request.getHeader("Accept"))) { // a browser asked for a page
      response.setContentType("text/html; charset=utf-8");
      response.getOutputStream().write(ErrorPage.html(code, request.getHeader("Accept-Language")).getBytes(StandardCharsets.UTF_8));
      return;
    }
    response.setContentType("application/problem+json; charset=utf-8");
    Map<String, Object> p = problem(code, message);
    ProblemText.localize(p, request.getHeader("Accept-Language")); // the request was read: its language is known
    response.getOutputStream().write(Json.write(p).getBytes(StandardCharsets.UTF_8));
  }
}
