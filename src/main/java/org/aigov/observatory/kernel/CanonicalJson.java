package org.aigov.observatory.kernel;

import com.fasterxml.jackson.databind.JsonNode;
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
      if (n.canConvertToLong()) sb.append(n.longValue());
      else sb.append(number(n.doubleValue()));
    } else if (n.isNumber()) {
      sb.append(number(n.doubleValue()));
    } else {
      string(n.asText(), sb);
    }
  }

  /** ECMAScript Number.prototype.toString for finite doubles. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("non-finite number");
    if (d == 0) return "0";
    if (d == Math.rint(d) && Math.abs(d) < 1e21) return Long.toString((long) d);
    String s = Double.toString(Math.abs(d));
    // Java gives shortest round-trip digits like ECMAScript; only the layout differs.
    String digits;
    int exp;
    int e = s.indexOf('E');
    String mant = e < 0 ? s : s.substring(0, e);
    int pexp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
    int dot = mant.indexOf('.');
    String intPart = mant.substring(0, dot);
    String frac = mant.substring(dot + 1);
    digits = (intPart + frac).replaceFirst("^0+", "");
    int leadingZeros = (intPart + frac).length() - (intPart + frac).replaceFirst("^0+", "").length();
    exp = intPart.length() + pexp - leadingZeros; // position of decimal point relative to digits
    digits = digits.replaceFirst("0+$", "");
    if (digits.isEmpty()) digits = "0";
    int k = digits.length();
    int n = exp;
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

  private static void string(String s, StringBuilder sb) {
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
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
