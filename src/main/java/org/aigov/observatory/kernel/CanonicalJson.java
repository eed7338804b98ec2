package org.aigov.observatory.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JSON Canonicalization Scheme (RFC 8785): object members sorted by UTF-16 code units, no
 * whitespace, minimal string escaping, numbers in ECMAScript form. Used wherever bytes are hashed.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static String of(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb);
    return sb.toString();
  }

  public static String of(Object value) {
    return of(Json.MAPPER.valueToTree(value));
  }

  private static void write(JsonNode n, StringBuilder sb) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
      names.sort(String::compareTo); // String.compareTo compares UTF-16 code units, as RFC 8785 requires
      sb.append('{');
      boolean first = true;
      for (String name : names) {
        if (!first) sb.append(',');
        first = false;
        string(name, sb);
        sb.append(':');
        write(n.get(name), sb);
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) sb.append(',');
        write(n.get(i), sb);
      }
      sb.append(']');
    } else if (n.isTextual()) {
      string(n.textValue(), sb);
    } else if (n.isBoolean()) {
      sb.append(n.booleanValue());
    } else if (n.isIntegralNumber()) {
      // integers beyond ±2^53 are not exact IEEE doubles: serialise them as the double they become
      if (n.canConvertToLong() && Math.abs(n.longValue()) <= (1L << 53)) sb.append(n.longValue());
      else sb.append(number(n.doubleValue()));
    } else if (n.isNumber()) {
      sb.append(number(n.doubleValue()));
    } else {
      string(n.asText(), sb);
    }
  }

  /**
   * ECMAScript Number.prototype.toString for finite doubles (RFC 8785 §3.2.2.3). The digits are the
   * shortest that round-trip, closest to the exact value when several qualify; computed with
   * BigDecimal because JDK 17's Double.toString is not always shortest (JDK-4511638).
   */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("non-finite number");
    if (d == 0) return "0";
    BigDecimal exact = new BigDecimal(Math.abs(d));
    BigDecimal best = null;
    for (int p = 1; p <= 17 && best == null; p++) {
      BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean loOk = lo.doubleValue() == Math.abs(d);
      boolean hiOk = hi.doubleValue() == Math.abs(d);
      if (loOk && hiOk) {
        int c = exact.subtract(lo).compareTo(hi.subtract(exact));
        // a tie: ECMAScript leaves it open; take the even last digit like round-half-even
        best = c < 0 ? lo : c > 0 ? hi : exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      } else if (loOk) {
        best = lo;
      } else if (hiOk) {
        best = hi;
      }
    }
    if (best == null) best = exact.round(MathContext.DECIMAL64);
    best = best.stripTrailingZeros();
    String digits = best.unscaledValue().toString();
    int k = digits.length();
    int n = k - best.scale(); // value = 0.digits × 10^n
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits.substring(n));
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) out.append('.').append(digits.substring(1));
      out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return out.toString();
  }

  /** Appends {@code s} as an RFC 8785 JSON string (quoted, minimal escaping). */
  public static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)) {
            // I-JSON (RFC 7493), which RFC 8785 requires, forbids unpaired surrogates
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(++i));
            } else {
              throw new IllegalArgumentException("unpaired surrogate U+" + Integer.toHexString(c).toUpperCase() + " at position " + i);
            }
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
