package org.aigov.observatory.web;

import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Utf8;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.ClientAddress;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.ProblemText;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the HTTP server: every module's routes, auth, errors as problem+json, pages and OpenAPI. */
public final class WebServer {
  public static final long MAX_BODY = 1024 * 1024;
  /** Bytes a second a request body must keep up after {@link #BODY_GRACE_MS} (a 1 MiB body at this rate: 17 minutes). */
  static final long MIN_BODY_RATE = 1024;
  /**
   * Jetty's own rate check counts from the body's first byte to every read, the last one too, so a 2-byte body read
   * 2 ms after it arrived (a busy server) was refused as too slow; the check here allows this long before the rate counts.
   */
  static final long BODY_GRACE_MS = 2000;
  private static final java.util.regex.Pattern CHARSET = java.util.regex.Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private WebServer() {}

  /**
   * Reads a body of {@code length} bytes that must arrive at {@link #MIN_BODY_RATE} after {@link #BODY_GRACE_MS}: each
   * read may wait only until the next byte is due (the connection's idle timeout is set to it), so a trickle is cut off
   * within its deadline, not after the whole body could have come. The routes then read these bytes.
   */
  static byte[] readBody(io.javalin.http.Context ctx, int length) throws java.io.IOException {
    org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
    org.eclipse.jetty.io.EndPoint ep = base == null ? null : base.getHttpChannel().getEndPoint();
    long idle = ep == null ? 0 : ep.getIdleTimeout();
    byte[] buf = new byte[length];
    int n = 0;
    long start = System.nanoTime();
    jakarta.servlet.ServletInputStream in = ctx.req().getInputStream();
    try {
      while (n < length) {
        long left = start + (BODY_GRACE_MS * 1_000_000L) + (n + 1) * 1_000_000_000L / MIN_BODY_RATE - System.nanoTime();
        if (left <= 0) throw slowBody();
        if (ep != null) ep.setIdleTimeout(Math.max(1, left / 1_000_000L));
        int r = in.read(buf, n, length - n);
        if (r < 0) break;
        n += r;
      }
    } catch (java.io.IOException e) {
      throw System.nanoTime() - start > BODY_GRACE_MS * 1_000_000L ? slowBody()
          : ApiException.badRequest("body", "the body ended or stalled before its Content-Length was read; nothing was stored");
    } finally {
      if (ep != null) ep.setIdleTimeout(idle);
    }
    if (n < length) throw ApiException.badRequest("body", "the body ended or stalled before its Content-Length was read; nothing was stored");
    ((io.javalin.http.servlet.JavalinServletContext) ctx).changeBaseRequest(new BodyRead(ctx.req(), buf));
    return ctx.bodyAsBytes();
  }

  private static ApiException slowBody() {
    return new ApiException(408, "Request Timeout", "body", "the request body arrived slower than " + MIN_BODY_RATE + " bytes a second; nothing was stored");
  }

  /** The request with its body already read, for the routes (and Javalin's cached body) to read again. */
  private static final class BodyRead extends jakarta.servlet.http.HttpServletRequestWrapper {
    private final byte[] body;

    BodyRead(jakarta.servlet.http.HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() {
      java.io.ByteArrayInputStream b = new java.io.ByteArrayInputStream(body);
      return new jakarta.servlet.ServletInputStream() {
        @Override public boolean isFinished() { return b.available() == 0; }
        @Override public boolean isReady() { return true; }
        @Override public void setReadListener(jakarta.servlet.ReadListener l) { throw new UnsupportedOperationException("the body is read"); }
        @Override public int read() { return b.read(); }
        @Override public int read(byte[] a, int off, int len) { return b.read(a, off, len); }
      };
    }

    @Override
    public java.io.BufferedReader getReader() {
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static final jakarta.servlet.Filter HEAD_AS_GET = (req, res, chain) -> {
    if (req instanceof jakarta.servlet.http.HttpServletRequest http && "HEAD".equals(http.getMethod())) {
      chain.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper(http) {
        @Override
        public String getMethod() {
          return "GET";
        }
      }, res);
    } else {
      chain.doFilter(req, res);
    }
  };

  public static Javalin create(Observatory obs, List<HttpModule> modules) {
    Tokens tokens = new Tokens(obs.db);
    ClientAddress.trusted(); // a bad OBS_TRUSTED_PROXIES stops the start, not a request
    Javalin app = Javalin.create(cfg -> {
      cfg.http.maxRequestSize = MAX_BODY;
      // a body trickled in a byte at a time holds a request thread each: a few hundred of them stopped every answer
      cfg.jetty.modifyHttpConfiguration(h -> {
        h.setMinRequestDataRate(0); // checked by readBody instead
        // a search of 1,000 Chinese characters (the q limit) is 9,000 bytes percent-encoded: over Jetty's 8 KiB default.
        // Jetty refuses a longer request before reading its headers, so before knowing whether a browser asks for a page:
        // up to this size the check in before() refuses a target over MAX_TARGET itself, as a page or as problem+json
        h.setRequestHeaderSize(64 * 1024);
      });
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler())); // problem+json before routing too
      // HEAD is answered as GET would be, without the body (Jetty drops it): Javalin answered 200 to HEAD on any GET route
      // without running it, so an incident that does not exist or a refused parameter looked fine (outside QA, 2026-12-07)
      cfg.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.servlet.FilterHolder(HEAD_AS_GET), "/*",
          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
      cfg.http.prefer405over404 = true; // a known path called with the wrong method is 405 with Allow, not "not found"
      cfg.showJavalinBanner = false;
      cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      cfg.staticFiles.add(s -> {
        s.hostedPath = "/";
        s.directory = "/web";
        s.location = Location.CLASSPATH;
      });
    });
    app.before(ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Referrer-Policy", "same-origin");
      // no page of ours is meant to be framed: an editor's merge and review buttons must not be clickjacked
      ctx.header("X-Frame-Options", "DENY");
      // scripts only from our own files on every page (three pages had no policy of their own), no plugins, no <base>
      ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
      // Javalin lets this header change the method: a write would pass proxies, firewalls and logs as a GET
      if (ctx.req().getHeader("X-HTTP-Method-Override") != null)
        throw ApiException.badRequest("X-HTTP-Method-Override", "not supported; send the request with its own method");
      if (ctx.path().startsWith("/api/")) {
        // PUT /api/filings/login matched PUT /api/filings/{id} and answered 401: a word another method owns is no id
        Map<String, Integer> literals = literalMatches(app, ctx.path());
        Integer mine = literals.get(ctx.method().name());
        if (mine != null && literals.values().stream().anyMatch(n -> n > mine)) {
          ctx.header("Allow", allow(literals));
          throw new ApiException(405, "Method Not Allowed", null, ctx.method() + " not allowed on " + ctx.path());
        }
      }
      String len = ctx.header("Content-Length");
      // the size cap reads Content-Length; a chunked body has none and would be read whole into memory to learn its size
      if (len == null && ctx.header("Transfer-Encoding") != null)
        throw new ApiException(411, "Length Required", "Content-Length", "send the body with a Content-Length (at most 1 MiB), not chunked");
      long length = 0;
      if (len != null) {
        try {
          length = Long.parseLong(len.trim());
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("Content-Length", "not a number");
        }
        if (length > MAX_BODY) throw new ApiException(413, "Content Too Large", "body", "body larger than 1 MiB");
      }
      String query = ctx.req().getQueryString();
      if (ctx.req().getRequestURI().length() + (query == null ? 0 : query.length() + 1) > MAX_TARGET)
        throw new ApiException(414, "URI Too Long", null, "the request's address is longer than " + MAX_TARGET + " bytes");
      strictQuery(query);
      // the path too: Jetty decoded bytes that are not UTF-8 (%c0%ae) to U+FFFD, and an id was then "not found" as ��
      try {
        percentDecoded(ctx.req().getRequestURI().replace("+", "%2B"));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("path", e.getMessage());
      }
      // PostgreSQL cannot store U+0000 in text (H2 can): refused at the edge, so both stores answer alike and none answers 500
      for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
        if (q.getKey().indexOf('\0') >= 0) throw ApiException.badRequest("query", "a parameter name contains the NUL character (U+0000)");
        for (String v : q.getValue()) if (v.indexOf('\0') >= 0) throw ApiException.badRequest(q.getKey(), "contains the NUL character (U+0000)");
      }
      // Every route reads its body as UTF-8 text (JSON, or a scenario model), whatever type the client declares: checked
      // as such for every type, so "text/plain" is no way round the checks
      String type = ctx.contentType();
      java.util.regex.Matcher cs = type == null ? null : CHARSET.matcher(type);
      if (cs != null && cs.find() && !cs.group(1).equalsIgnoreCase("utf-8") && !cs.group(1).equalsIgnoreCase("utf8"))
        throw new ApiException(415, "Unsupported Media Type", "Content-Type", "bodies are UTF-8; got charset " + cs.group(1));
      byte[] body;
      try {
        // no Content-Length, no body (a chunked one was refused above); a static file's forward may not read its input again
        body = length == 0 ? new byte[0] : readBody(ctx, (int) length);
      } catch (Exception e) { // the client closed, stalled or fell below the minimum rate before its Content-Length
        if (e instanceof HttpResponseException || e instanceof ApiException) throw e;
        throw ApiException.badRequest("body", "the body ended or stalled before its Content-Length was read; nothing was stored");
      }
      strictUtf8(body);
      if (hasNul(body)) throw ApiException.badRequest("body", "contains the NUL character (U+0000), which no text field can hold");
      String lone = org.aigov.observatory.kernel.Utf8.loneSurrogateProblem(body);
      if (lone != null) throw ApiException.badRequest("body", lone);
      String auth = ctx.header("Authorization");
      if (auth != null && !auth.isBlank()) {
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("Authorization must be 'Bearer <token>'");
        Principal p = tokens.verify(auth.substring(7).trim()).orElseThrow(() -> ApiException.unauthorized("invalid, expired or revoked token"));
        ctx.attribute(Auth.ATTR, p);
      }
    });
    app.get("/health", ctx -> {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("status", "ok");
      h.put("store", obs.db.dialect.name().toLowerCase());
      h.put("records", obs.registry.counts());
      h.put("indexed", obs.index.numDocs());
      ctx.json(h);
    });
    app.get("/openapi.json", ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(OpenApi.document()));
    for (HttpModule m : modules) m.routes(app);
    app.exception(ApiException.class, (e, ctx) -> {
      // a refusal that names its wait says it in the header clients read (RFC 9110 §10.2.3), as the write limits do
      if (e.status == 429 && e.extensions.get("retry_after") instanceof Number n) ctx.header("Retry-After", Long.toString(n.longValue()));
      problem(ctx, e.status, e.title, e.getMessage(), e.field, e.extensions);
    });
    app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(), reason(e.getStatus()), e.getMessage(), e.getStatus() == 413 ? "body" : null));
    app.exception(Exception.class, (e, ctx) -> {
      // Jetty's own refusals while reading the body (a body slower than MIN_BODY_RATE: 408) keep their status: not a fault here
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof org.eclipse.jetty.http.BadMessageException bad) {
          problem(ctx, bad.getCode(), reason(bad.getCode()), bad.getCode() == 408
              ? "the request body arrived slower than " + MIN_BODY_RATE + " bytes a second; nothing was stored" : "bad request body: " + bad.getReason(), "body");
          return;
        }
      }
      LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
      problem(ctx, 500, "Internal Server Error", "the server failed to handle this request; nothing was stored", null);
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) problem(ctx, 404, "Not Found", "no route for " + ctx.method() + " " + ctx.path(), null);
    });
    app.error(405, ctx -> {
      // RFC 9110: a 405 names the methods the resource has. A literal segment outranks a path parameter: POST
      // /api/incidents/reports does not make GET /api/incidents/{id} a method of "reports"
      String allow = allow(literalMatches(app, ctx.path()));
      if (!allow.isEmpty()) ctx.header("Allow", allow);
      problem(ctx, 405, "Method Not Allowed", ctx.method() + " not allowed on " + ctx.path(), null);
    });
    return app;
  }

  /** For each method with a route matching {@code path}: the most fixed words among its matching routes' paths. */
  static Map<String, Integer> literalMatches(Javalin app, String path) {
    var router = app.unsafeConfig().pvt.internalRouter;
    Map<String, Integer> literals = new LinkedHashMap<>();
    for (var t : List.of(io.javalin.http.HandlerType.GET, io.javalin.http.HandlerType.POST, io.javalin.http.HandlerType.PUT,
        io.javalin.http.HandlerType.PATCH, io.javalin.http.HandlerType.DELETE))
      router.findHttpHandlerEntries(t, path).mapToInt(e -> literalSegments(e.getEndpoint().getPath())).max()
          .ifPresent(n -> literals.put(t.name(), n));
    return literals;
  }

  /** The methods whose routes match with the most fixed words, as an Allow header. */
  static String allow(Map<String, Integer> literals) {
    int most = literals.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    // HEAD_AS_GET answers HEAD wherever GET is routed, so the header names it too
    return literals.entrySet().stream().filter(e -> e.getValue() == most).map(Map.Entry::getKey)
        .flatMap(m -> m.equals("GET") ? java.util.stream.Stream.of("GET", "HEAD") : java.util.stream.Stream.of(m))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** How many segments of a route's path are fixed words, not parameters. */
  static int literalSegments(String path) {
    int n = 0;
    for (String seg : path.split("/")) if (!seg.isEmpty() && seg.indexOf('{') < 0 && seg.indexOf('<') < 0) n++;
    return n;
  }

  /** A 0x00 byte, or the JSON escape \\u0000. */
  static boolean hasNul(byte[] body) {
    for (int i = 0; i < body.length; i++) if (body[i] == 0 || org.aigov.observatory.kernel.Utf8.jsonEscapeAt(body, i) == 0) return true;
    return false;
  }

  /** See {@link org.aigov.observatory.kernel.Utf8#loneSurrogateEscape}. */
  static int loneSurrogate(byte[] b) {
    return org.aigov.observatory.kernel.Utf8.loneSurrogateEscape(b);
  }

  /**
   * JSON bodies must be UTF-8 (RFC 8259). Decoding them leniently would store U+FFFD where the sender's text was, so a
   * report sent in another encoding is refused instead, naming where it goes wrong.
   */
  static void strictUtf8(byte[] body) {
    try {
      Utf8.decode(body);
    } catch (Utf8.Malformed e) {
      throw ApiException.badRequest("body", "not valid UTF-8 at byte " + e.offset + "; JSON must be sent as UTF-8");
    }
  }

  /**
   * The raw query string decoded as strictly as bodies: Javalin dropped a parameter with a malformed escape
   * ({@code topic=%zz} answered every incident, unfiltered) and decoded bytes that are not UTF-8 (an overlong
   * {@code %c0%af}) to U+FFFD. Either is a 400 naming the parameter (its raw name when the name itself is bad).
   */
  static void strictQuery(String raw) {
    if (raw == null || raw.isEmpty()) return;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String name;
      try {
        name = percentDecoded(rawName);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(clip(rawName), e.getMessage());
      }
      if (eq < 0) continue;
      // "?=x" reached the routes as a parameter named "" ("…: unknown search parameter" with nothing before the colon)
      if (name.isEmpty()) throw ApiException.badRequest("query", "a parameter has no name: '=" + clip(pair.substring(eq + 1)) + "'");
      try {
        percentDecoded(pair.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(name, e.getMessage());
      }
    }
  }

  private static String clip(String raw) {
    return raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
  }

  /** {@code s} percent-decoded ({@code +} is a space) as strict UTF-8; IllegalArgumentException saying what is wrong. */
  static String percentDecoded(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1, lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0 || s.charAt(i + 1) > 'f' || s.charAt(i + 2) > 'f') // digit() also takes non-ASCII digits
          throw new IllegalArgumentException("malformed percent-escape '" + s.substring(i, Math.min(i + 3, s.length())) + "': a % must be followed by two hex digits");
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        int end = i;
        while (end < s.length() && s.charAt(end) != '%') end++;
        bytes.writeBytes(s.substring(i, end).replace('+', ' ').getBytes(java.nio.charset.StandardCharsets.UTF_8));
        i = end;
      }
    }
    try {
      return Utf8.decode(bytes.toByteArray());
    } catch (Utf8.Malformed e) {
      throw new IllegalArgumentException("not valid UTF-8 once percent-decoded");
    }
  }

  static void problem(Context ctx, int status, String title, String detail, String field) {
    problem(ctx, status, title, detail, field, Map.of());
  }

  static void problem(Context ctx, int status, String title, String detail, String field, Map<String, Object> extensions) {
    if (!ctx.path().startsWith("/api/")) ctx.header("Vary", "Accept, Accept-Language"); // a page address answers a browser in HTML
    if (ErrorPage.wanted(ctx.path(), ctx.header("Accept"))) {
      ctx.status(status).contentType("text/html; charset=utf-8").result(ErrorPage.html(status, ctx.header("Accept-Language")));
      return;
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", shortened(detail));
    if (field != null) p.put("field", shortened(field));
    p.put("instance", ctx.path());
    extensions.forEach(p::putIfAbsent);
    if (ProblemText.localize(p, ctx.header("Accept-Language")).equals("zh")) ctx.header("Content-Language", "zh");
    if (ctx.path().startsWith("/api/")) ctx.header("Vary", "Accept-Language"); // the detail's language follows the request's
    ctx.status(status).contentType("application/problem+json; charset=utf-8").result(Json.write(p));
  }

  /** A detail quoting what was sent stays readable, and a 1 MiB value is not sent back whole. */
  static String shortened(String s) {
    if (s == null || s.length() <= MAX_DETAIL) return s;
    int end = Character.isHighSurrogate(s.charAt(MAX_DETAIL - 1)) ? MAX_DETAIL - 1 : MAX_DETAIL;
    return s.substring(0, end) + "… (" + (s.length() - end) + " more characters)";
  }

  static final int MAX_DETAIL = 1000;
  /** The longest path and query a request may have (a search of 1,000 Chinese characters is about 9,000 bytes). */
  static final int MAX_TARGET = 16 * 1024;

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 413 -> "Content Too Large";
      default -> "Error";
    };
  }
}
