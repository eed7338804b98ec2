package org.aigov.observatory.kernel;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request came from, for per-address limits and the audit trail. Behind a reverse proxy every request
 * comes from the proxy, so one caller's failed logins would slow everyone's. The operator names the proxies it trusts
 * ({@code OBS_TRUSTED_PROXIES} or {@code -Dobs.trustedProxies}: addresses or CIDR blocks, comma-separated); only a
 * request from one of them has its {@code X-Forwarded-For} read, right to left, and the first address that is not a
 * trusted proxy is the client. Anyone else's {@code X-Forwarded-For} is ignored, so it cannot be forged.
 */
public final class ClientAddress {
  private static final Pattern V4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern V6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
  /** Hops read from X-Forwarded-For at most; a longer chain is someone's padding. */
  static final int MAX_HOPS = 20;
  private static final Setting<Trusted> SETTING = new Setting<>("obs.trustedProxies", "OBS_TRUSTED_PROXIES", s -> Trusted.parse(s == null ? "" : s));

  private ClientAddress() {}

  /** The client's address as configured proxies report it, or the connection's address. */
  public static String of(Context ctx) {
    var headers = ctx.req().getHeaders("X-Forwarded-For");
    return client(ctx.ip(), headers == null ? List.of() : java.util.Collections.list(headers), trusted());
  }

  /** The configured proxies, read once; a malformed setting throws, naming the item. */
  public static Trusted trusted() {
    return SETTING.get();
  }

  /** Forgets the setting, so the next request reads it again (tests). */
  public static void reload() {
    SETTING.reload();
  }

  static String client(String remote, List<String> forwardedFor, Trusted trusted) {
    if (trusted.isEmpty() || !trusted.contains(remote)) return remote;
    List<String> hops = new ArrayList<>();
    for (String h : forwardedFor) for (String part : h.split(",")) if (!part.isBlank()) hops.add(part.strip());
    String client = remote;
    for (int i = hops.size() - 1, n = 0; i >= 0 && n < MAX_HOPS; i--, n++) {
      String hop = literal(hops.get(i));
      if (hop == null) return client; // not an address: trust nothing further left
      client = hop;
      if (!trusted.contains(hop)) return hop;
    }
    return client;
  }

  /** The canonical form of an IP literal, or null; never a DNS look-up. */
  static String literal(String s) {
    if (s.length() > 2 && s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    try {
      if (V4.matcher(s).matches()) {
        String[] parts = s.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
          if (parts[i].length() > 1 && parts[i].startsWith("0")) return null; // octal or decimal? neither: refuse
          int v = Integer.parseInt(parts[i]);
          if (v > 255) return null;
          b[i] = (byte) v;
        }
        return InetAddress.getByAddress(b).getHostAddress();
      }
      // a string with ':' is parsed as an IPv6 literal and refused if it is not one, without DNS
      if (s.indexOf(':') >= 0 && V6.matcher(s).matches()) return InetAddress.getByName(s).getHostAddress();
    } catch (Exception e) {
      return null;
    }
    return null;
  }

  /** A set of addresses and CIDR blocks. */
  public record Trusted(List<byte[]> nets, List<Integer> prefixes) {
    static Trusted parse(String spec) {
      List<byte[]> nets = new ArrayList<>();
      List<Integer> prefixes = new ArrayList<>();
      for (String item : spec.split(",")) {
        String s = item.strip();
        if (s.isEmpty()) continue;
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        String lit = literal(addr);
        if (lit == null) throw new IllegalArgumentException("OBS_TRUSTED_PROXIES: '" + s + "' is not an IP address or CIDR block");
        byte[] b = bytes(lit);
        int prefix = b.length * 8;
        if (slash >= 0) {
          try {
            prefix = Integer.parseInt(s.substring(slash + 1));
          } catch (NumberFormatException e) {
            prefix = -1;
          }
          if (prefix < 0 || prefix > b.length * 8) throw new IllegalArgumentException("OBS_TRUSTED_PROXIES: '" + s + "' has a bad prefix length");
        }
        nets.add(b);
        prefixes.add(prefix);
      }
      return new Trusted(nets, prefixes);
    }

    boolean isEmpty() {
      return nets.isEmpty();
    }

    boolean contains(String address) {
      String lit = address == null ? null : literal(address);
      if (lit == null) return false;
      byte[] a = bytes(lit);
      for (int i = 0; i < nets.size(); i++) if (within(a, nets.get(i), prefixes.get(i))) return true;
      return false;
    }

    private static boolean within(byte[] a, byte[] net, int prefix) {
      if (a.length != net.length) return false;
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit & 7);
        if ((a[bit >>> 3] & mask) != (net[bit >>> 3] & mask)) return false;
      }
      return true;
    }

    private static byte[] bytes(String literal) {
      try {
        return InetAddress.getByName(literal).getAddress();
      } catch (Exception e) {
        throw new IllegalArgumentException(literal, e);
      }
    }
  }
}
