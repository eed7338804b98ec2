package org.aigov.observatory.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aigov.observatory.kernel.Json;
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

  static byte[] body(int status, String reason) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    String title = HttpStatus.getMessage(status);
    p.put("title", title);
    p.put("status", status);
    p.put("detail", reason == null || reason.isBlank() ? title : WebServer.shortened(reason));
    return Json.write(p).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json; charset=utf-8");
    return ByteBuffer.wrap(body(status, reason));
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
    response.getOutputStream().write(body(code, message));
  }
}
