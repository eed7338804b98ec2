package org.aigov.observatory.web;

import java.util.Locale;
import org.aigov.observatory.kernel.ProblemText;

/**
 * A small page in Chinese and English for an error a browser gets on a page address (a mistyped page, a search too long
 * for an address). The API and clients that do not ask for HTML keep application/problem+json: they read its fields.
 */
final class ErrorPage {
  private ErrorPage() {}

  /** A browser's page request: it accepts HTML, and the address is not the API's. */
  static boolean wanted(String path, String accept) {
    if (accept == null || path == null || path.startsWith("/api/") || path.equals("/api")) return false;
    return accept.toLowerCase(Locale.ROOT).contains("text/html");
  }

  /** What went wrong, in Chinese and English; the status line's own words for the rest. */
  private static String[] words(int status) {
    return switch (status) {
      case 400 -> new String[] {"请求有误", "Bad request", "该地址或其参数无法处理。", "This address or its parameters cannot be handled."};
      case 404 -> new String[] {"未找到该页面", "Page not found", "本站没有这个页面：地址可能有误，或页面已移走。",
          "There is no page at this address: it may be mistyped, or the page has moved."};
      case 405 -> new String[] {"不支持该请求方法", "Method not allowed", "此地址不接受这种请求。", "This address does not accept this kind of request."};
      case 413 -> new String[] {"请求过大", "Request too large", "发送的内容超过 1 MiB。", "What was sent is larger than 1 MiB."};
      case 414 -> new String[] {"地址过长", "Address too long", "地址过长，无法处理：请缩短检索词后重试。",
          "The address is too long to handle: shorten the search and try again."};
      case 500 -> new String[] {"服务器出错", "Server error", "服务器未能处理此请求，请稍后重试。", "The server failed to handle this request; try again later."};
      default -> new String[] {"请求未能完成", "The request could not be completed", "请返回首页重试。", "Go back to the home page and try again."};
    };
  }

  static String html(int status, String acceptLanguage) {
    String[] w = words(status);
    boolean zhFirst = "zh".equals(ProblemText.language(acceptLanguage));
    String zh = "<section lang=\"zh-CN\"><h1>" + status + " · " + w[0] + "</h1><p>" + w[2] + "</p><p><a href=\"/?lang=zh\">返回首页</a></p></section>";
    String en = "<section lang=\"en\"><h1>" + status + " · " + w[1] + "</h1><p>" + w[3] + "</p><p><a href=\"/?lang=en\">Go to the home page</a></p></section>";
    return "<!doctype html>\n<html lang=\"" + (zhFirst ? "zh-CN" : "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + status + " " + (zhFirst ? w[0] + " · " + w[1] : w[1] + " · " + w[0]) + "</title>\n"
        + "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
        + "<header class=\"top\"><a class=\"brand\" href=\"/\">" + (zhFirst ? "人工智能治理观察站 · AI Governance Observatory" : "AI Governance Observatory · 人工智能治理观察站")
        + "</a></header>\n<main class=\"error-page\" data-status=\"" + status + "\">\n" + (zhFirst ? zh + "\n" + en : en + "\n" + zh) + "\n</main>\n</body>\n</html>\n";
  }
}
