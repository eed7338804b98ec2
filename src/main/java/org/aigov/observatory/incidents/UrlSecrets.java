package org.aigov.observatory.incidents;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.Hashing;

/**
 * Credentials in feed URLs (a paid feed's {@code ?api_key=…}), kept out of what the public reads: the value of a query
 * parameter named like a credential becomes {@code ~} and the first 8 hex digits of its SHA-256. The same value always
 * reads the same, so ids built from a feed's URL stay stable and two keys stay apart; the text is otherwise unchanged.
 */
final class UrlSecrets {
  private UrlSecrets() {}

  private static final Pattern PARAM = Pattern.compile("([?&;])([^=&#\\s?;]+)=([^&#\\s;]+)");
  private static final Pattern DONE = Pattern.compile("~[0-9a-f]{8}");
  private static final String[] WORDS = {"key", "token", "secret", "passw", "pwd", "sig", "auth", "session", "credential"};

  /** The text with credential-like parameter values replaced; null stays null. */
  static String redact(String text) {
    if (text == null || text.indexOf('=') < 0) return text;
    Matcher m = PARAM.matcher(text);
    StringBuilder out = null;
    int at = 0;
    while (m.find()) {
      if (!secretName(m.group(2)) || DONE.matcher(m.group(3)).matches()) continue;
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, at, m.start(3)).append('~').append(Hashing.sha256Hex(m.group(3)), 0, 8);
      at = m.end(3);
    }
    return out == null ? text : out.append(text, at, text.length()).toString();
  }

  static boolean secretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("keyword") || n.startsWith("author")) return false; // a search's words, a writer's name
    for (String w : WORDS) if (n.contains(w)) return true;
    return false;
  }
}
