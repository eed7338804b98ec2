package org.aigov.observatory.kernel;

/** Text for XML documents the product writes (Atom feeds): escaped, and without characters XML 1.0 forbids. */
public final class Xml {
  private Xml() {}

  /**
   * {@code s} escaped for element text and attribute values. Control characters other than tab, line feed and carriage
   * return, unpaired surrogates and U+FFFE/U+FFFF are dropped: one of them would make the whole feed unreadable to every
   * subscriber's parser, and stored text can hold them (CSV and JSON accept them).
   */
  public static String text(String s) {
    if (s == null) return "";
    s = clean(s);
    StringBuilder o = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '&' -> o.append("&amp;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&apos;");
        default -> o.append(ch);
      }
    }
    return o.toString();
  }

  /** {@code s} without the characters XML 1.0 forbids (for {@link #text}, or a document another library escaped). */
  public static String clean(String s) {
    StringBuilder o = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean pair = Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair || allowed(ch)) {
        if (o != null) o.append(ch);
        if (pair) {
          i++;
          if (o != null) o.append(s.charAt(i));
        }
      } else if (o == null) {
        o = new StringBuilder(s.length()).append(s, 0, i);
      }
    }
    return o == null ? s : o.toString();
  }

  /**
   * The first line break, tab or invisible formatting character (bidi overrides and isolates, zero-width spaces and
   * joiners, soft hyphens, byte-order marks: Unicode category Cf) in a one-line name or term, or -1. A right-to-left
   * override shows "robot" as "tobor" and runs into the text after it; a zero-width space makes a term that looks right
   * and never matches.
   */
  public static int invisibleAt(String s) {
    if (s == null) return -1;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\n' || ch == '\r' || ch == '\t' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029' || Character.getType(ch) == Character.FORMAT) return i;
    }
    return -1;
  }

  /** The message for {@link #invisibleAt}'s character: "contains U+202E (a line break, tab or invisible formatting character)". */
  public static String invisibleProblem(String s, int at) {
    return "contains " + codePoint(s, at) + " (a line break, tab or invisible formatting character)";
  }

  /** A 400 naming {@code field} when the one-line {@code value} (stripped) holds what {@link #invisibleAt} finds. */
  public static void requireVisible(String field, String value) {
    String v = value == null ? null : value.strip();
    int at = invisibleAt(v);
    if (at >= 0) throw ApiException.badRequest(field, invisibleProblem(v, at));
  }

  /** "U+202E": the character at {@code at}, named by its code point. */
  public static String codePoint(String s, int at) {
    return String.format(java.util.Locale.ROOT, "U+%04X", s.codePointAt(at));
  }

  /** Whether {@code s} holds a character XML 1.0 forbids (names that pages, charts and feeds will show are refused). */
  public static boolean hasForbidden(String s) {
    return s != null && !clean(s).equals(s);
  }

  private static boolean allowed(char ch) {
    if (ch < 0x20) return ch == '\t' || ch == '\n' || ch == '\r';
    return !Character.isSurrogate(ch) && ch != '\uFFFE' && ch != '\uFFFF';
  }
}
