package org.aigov.observatory.kernel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * Where the observatory may POST webhooks. By default only public addresses: a webhook URL is chosen
 * by a user, and without this check it could make the server call its own database port, a cloud
 * metadata endpoint or an intranet service (server-side request forgery). Checked when a webhook
 * is registered and again before every delivery, because DNS answers can change in between; the delivery's connection
 * then goes only to the addresses its own look-up found public ({@link OutboundHttp}).
 * {@code OBS_WEBHOOK_ALLOW_PRIVATE=1} (or {@code -Dobs.webhook.allowPrivate=true}) lifts the rule
 * for development and tests with a local receiver.
 */
public final class WebhookTargets {
  private static final Setting<String> ALLOW_PRIVATE = new Setting<>("obs.webhook.allowPrivate", "OBS_WEBHOOK_ALLOW_PRIVATE", s -> s);

  private WebhookTargets() {}

  public static boolean allowPrivate() {
    String p = ALLOW_PRIVATE.raw(); // read at each check: tests switch it on and off
    return p != null && (p.equals("1") || p.equalsIgnoreCase("true"));
  }

  /** Refuses (400 naming {@code field}) a URL that is not http(s) or whose host is not a public address. */
  public static URI check(String field, String url) {
    String why = spelling(url);
    if (why == null) why = problem(url);
    if (why != null) throw ApiException.badRequest(field, why);
    return URI.create(url);
  }

  /** The URI to deliver to, re-checked now; a refused target fails this delivery attempt (it is logged and retried). */
  public static URI forDelivery(String url) {
    String why = problem(url);
    if (why != null) throw new IllegalStateException("target refused: " + why);
    return URI.create(url);
  }

  /**
   * POSTs a webhook to {@code url} (checked now, then connected to only through {@link OutboundHttp#guarded}, which
   * checks the addresses it connects to) and returns the status code; the whole exchange must end within {@code total}.
   */
  public static int post(String url, Map<String, String> headers, byte[] body, Duration total) throws java.io.IOException, InterruptedException {
    Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.putIfAbsent("User-Agent", "aigov-observatory-webhooks/1"); // some receivers' firewalls refuse a request without one
    return OutboundHttp.post(OutboundHttp.guarded(), forDelivery(url), h, "application/json", body, total);
  }

  /**
   * Why a new webhook's URL is not written as one, or null: checked when one is set, not at each delivery, so a stored
   * URL that was accepted before these rules (2026-12-07) is still delivered to.
   */
  static String spelling(String url) {
    if (url == null) return null;
    // java.net.URI takes or refuses these with words that misled ("no host", "not http(s)"): say what is wrong and what to write
    for (int i = 0; i < url.length() && i < 2000; i++) {
      char ch = url.charAt(i);
      if (ch <= ' ' || ch >= 127)
        return "character " + (i + 1) + " is a space, a control or a non-ASCII character: percent-encode it, and write an internationalized host name in its xn-- form";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)^https?://(?:[^/?#@]*@)?([^/?#@:\\[\\]]+)(?::[0-9]*)?(?:[/?#].*)?$").matcher(url);
    // 0177.0.0.1 is 127.0.0.1 to curl and glibc but 177.0.0.1 to Java, and 0x7f000001 is 127.0.0.1 to them but no host to
    // Java: a host whose last label is a number (decimal or 0x hex, as the WHATWG URL standard reads it) is an IPv4
    // address, and must be four plain numbers
    if (m.matches() && m.group(1).replaceFirst("\\.$", "").replaceAll("^.*\\.", "").matches("(?i)[0-9]+|0x[0-9a-f]*") && !m.group(1).matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"))
      return "host " + m.group(1) + " is not an IPv4 address as written: four numbers 0 to 255 without leading zeros";
    return null;
  }

  /** Why {@code url} may not be a webhook target, or null when it may. */
  public static String problem(String url) {
    if (url == null || url.isBlank()) return "required: an http(s) URL";
    if (url.length() > 2000) return "at most 2000 characters";
    URI u;
    try {
      u = new URI(url);
    } catch (Exception e) {
      return "not a valid URL";
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) return "expected an http(s) URL";
    if (u.getHost() == null || u.getHost().isBlank())
      return u.getRawAuthority() == null ? "the URL has no host" : "the URL's host is neither a host name nor an IPv4 address written a.b.c.d";
    if (u.getRawUserInfo() != null) return "credentials in the URL are not accepted";
    // a port no connection can use (0, 99999) would be a subscription that is never delivered
    if (u.getPort() != -1 && (u.getPort() < 1 || u.getPort() > 65535)) return "port " + u.getPort() + " is out of range: expected 1 to 65535";
    if (allowPrivate()) return null;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(u.getHost());
    } catch (UnknownHostException e) {
      return "host " + u.getHost() + " does not resolve";
    }
    for (InetAddress a : addresses) if (!isPublic(a)) return nonPublic(u.getHost(), a);
    return null;
  }

  static String nonPublic(String host, InetAddress a) {
    return "host " + host + " resolves to " + a.getHostAddress()
        + ", a loopback, private, link-local or otherwise non-public address (set OBS_WEBHOOK_ALLOW_PRIVATE=1 to allow)";
  }

  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) return false;
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int o0 = b[0] & 0xff, o1 = b[1] & 0xff;
      if (o0 == 0) return false; // "this network"
      if (o0 == 100 && o1 >= 64 && o1 <= 127) return false; // carrier-grade NAT 100.64/10
      if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) return false; // IETF protocol assignments
      if (o0 == 198 && (o1 == 18 || o1 == 19)) return false; // benchmarking
      if (o0 >= 240) return false; // reserved and broadcast
      return true;
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) return false; // unique local fc00::/7
      // An IPv6 address that carries an IPv4 one (a translator or tunnel delivers to that IPv4 host) is only as public as it.
      for (byte[] v4 : embeddedIPv4(b)) {
        try {
          if (!isPublic(InetAddress.getByAddress(v4))) return false;
        } catch (UnknownHostException e) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The IPv4 addresses embedded in IPv6 address {@code b} by mapping, translation or tunnelling prefixes; empty if none. */
  static java.util.List<byte[]> embeddedIPv4(byte[] b) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    int w0 = (b[0] & 0xff) << 8 | (b[1] & 0xff), w1 = (b[2] & 0xff) << 8 | (b[3] & 0xff), w2 = (b[4] & 0xff) << 8 | (b[5] & 0xff);
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:a.b.c.d mapped
      out.add(pick(b, 12, 13, 14, 15));
    } else if (zero(b, 0, 12)) { // ::a.b.c.d compatible (deprecated ::/96)
      out.add(pick(b, 12, 13, 14, 15));
    } else if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) { // ::ffff:0:a.b.c.d SIIT
      out.add(pick(b, 12, 13, 14, 15));
    } else if (w0 == 0x0064 && w1 == 0xff9b && w2 == 0x0001) {
      // Local-use NAT64 64:ff9b:1::/48: the operator picks the prefix length, so judge every RFC 6052 layout (/48, /56, /64, /96).
      out.add(pick(b, 6, 7, 9, 10));
      out.add(pick(b, 7, 9, 10, 11));
      out.add(pick(b, 9, 10, 11, 12));
      out.add(pick(b, 12, 13, 14, 15));
    } else if (w0 == 0x0064 && w1 == 0xff9b) { // well-known NAT64 64:ff9b::/96 (rest of the /32 read alike)
      out.add(pick(b, 12, 13, 14, 15));
    } else if (w0 == 0x2002) { // 6to4 2002:a.b.c.d::/48
      out.add(pick(b, 2, 3, 4, 5));
    } else if (w0 == 0x2001 && w1 == 0x0000) { // Teredo: server in bits 32-63, client inverted in the last 32
      out.add(pick(b, 4, 5, 6, 7));
      out.add(new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]});
    }
    // ISATAP under any prefix: interface id 0000:5efe or 0200:5efe, then the IPv4 address (RFC 5214)
    if ((b[8] & 0xfd) == 0 && b[9] == 0 && (b[10] & 0xff) == 0x5e && (b[11] & 0xff) == 0xfe) out.add(pick(b, 12, 13, 14, 15));
    return out;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != 0) return false;
    return true;
  }

  private static byte[] pick(byte[] b, int i, int j, int k, int l) {
    return new byte[] {b[i], b[j], b[k], b[l]};
  }
}
