package org.aigov.observatory.kernel;

/** Bilingual text: Chinese and English. Either may be missing; display falls back to the other. */
public record Text(String zh, String en) {
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

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
