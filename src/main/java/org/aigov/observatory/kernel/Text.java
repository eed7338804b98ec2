package org.aigov.observatory.kernel;

/** Bilingual text: Chinese and English. Either may be missing; display falls back to the other. */
public record Text(String zh, String en) {
  /**
   * {"en": …, "zh": …} in that order, always: {@code Map.of} iterates in an order that changes from run to run, so JSON
   * holding it was not byte-stable (an outside QA pass diffed two stores' trends and found only that).
   */
  public static <V> java.util.Map<String, V> enZh(V en, V zh) {
    java.util.Map<String, V> m = new java.util.LinkedHashMap<>();
    m.put("en", en);
    m.put("zh", zh);
    return java.util.Collections.unmodifiableMap(m);
  }

  public static Text of(String zh, String en) {
    return new Text(blankToNull(zh), blankToNull(en));
  }

  public String in(String lang) {
    if ("zh".equals(lang)) return zh != null ? zh : en;
    return en != null ? en : zh;
  }

  @com.fasterxml.jackson.annotation.JsonIgnore // derived, not data: keep it out of documents and content hashes
  public boolean isEmpty() {
    return zh == null && en == null;
  }

  /**
   * Nothing a reader could see: only white space, control and format characters (zero-width spaces, bidi marks, soft
   * hyphens), marks that draw on a base character and have none (combining accents, variation selectors, U+034F) and the
   * blank fillers. A title of "\u200b" passed "title or text is required" and stored an empty record; so did "\ufe0f".
   */
  public static boolean nothingToRead(String s) {
    if (s == null) return true;
    return s.codePoints().allMatch(cp -> {
      int type = Character.getType(cp);
      return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp) || type == Character.FORMAT
          || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
          || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800 || cp == 0x17B4 || cp == 0x17B5;
    });
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
