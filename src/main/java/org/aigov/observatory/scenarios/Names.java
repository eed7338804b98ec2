package org.aigov.observatory.scenarios;

import java.util.Locale;

/** XMILE identifier rules: case-insensitive, spaces/underscores/newlines equivalent, quotes optional. */
public final class Names {
  private Names() {}

  public static String canon(String name) {
    String s = name.trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
    s = s.replace("\\n", " ").replace("\\\\", "\\");
    StringBuilder b = new StringBuilder(s.length());
    boolean sep = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_' || Character.isWhitespace(c)) {
        sep = true;
        continue;
      }
      if (sep && b.length() > 0) b.append('_');
      sep = false;
      b.append(c);
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** Display form: underscores shown as spaces, escapes removed. */
  public static String display(String name) {
    String s = name.trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
    return s.replace("\\n", " ");
  }
}
