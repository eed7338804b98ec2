package org.aigov.observatory.kernel;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address readers reach the server at, for links a document carries away (an Atom feed's self link). Without a
 * setting it is the request's own URL, whose host comes from the Host header a client chose; behind a shared cache that
 * lets one client plant a link for everyone. The operator names it ({@code OBS_PUBLIC_URL} or {@code -Dobs.publicUrl}:
 * scheme, host and optional port and path prefix, e.g. {@code https://observatory.example.org}) and the Host header is
 * not read.
 */
public final class PublicUrl {
  private static final Setting<String> SETTING = new Setting<>("obs.publicUrl", "OBS_PUBLIC_URL", PublicUrl::parse); // "" when not set

  private PublicUrl() {}

  /** The request's URL on the configured address, or as the request gave it. */
  public static String of(Context ctx) {
    String base = base();
    if (base.isEmpty()) {
      // the answer then depends on the Host header: a shared cache must key it by that, or one client's forged host
      // would be the link every reader gets
      String vary = ctx.res().getHeader("Vary");
      if (vary == null || vary.isBlank()) ctx.header("Vary", "Host");
      else if (!vary.toLowerCase(Locale.ROOT).matches("(?s).*\\bhost\\b.*")) ctx.header("Vary", vary + ", Host");
      return ctx.fullUrl();
    }
    String q = ctx.queryString();
    return base + ctx.path() + (q == null || q.isEmpty() ? "" : "?" + q);
  }

  /** The configured address without a trailing slash, "" when none; read once, and a malformed one throws naming it. */
  public static String base() {
    return SETTING.get();
  }

  /**
   * A link a document carries to one of this server's paths: absolute on the configured address (so a path prefix is kept),
   * else the path, which a reader resolves against the document's own URL.
   */
  public static String link(String path) {
    return base() + path;
  }

  /**
   * {@link #link(String)} made absolute against the document's own URL when no address is configured: a feed reader
   * that fetched the feed from elsewhere (a proxy, a saved copy) has no base to resolve a bare path against.
   */
  public static String link(String path, String documentUrl) {
    if (!base().isEmpty() || documentUrl == null) return link(path);
    try {
      return java.net.URI.create(documentUrl).resolve(path).toString();
    } catch (IllegalArgumentException e) {
      return path;
    }
  }

  /** Forgets the setting, so the next call reads it again (tests). */
  public static void reload() {
    SETTING.reload();
  }

  static String parse(String spec) {
    if (spec == null || spec.isBlank()) return "";
    String s = spec.strip();
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("OBS_PUBLIC_URL: not a URL: '" + s + "'");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null)
      throw new IllegalArgumentException("OBS_PUBLIC_URL: expected http(s)://host[:port][/prefix], found '" + s + "'");
    if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null)
      throw new IllegalArgumentException("OBS_PUBLIC_URL: expected no user, query or fragment, found '" + s + "'");
    return s.replaceAll("/+$", "");
  }
}
