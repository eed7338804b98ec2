package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass character drop against a regular-expression statement of the same rule, on random texts. */
class RecControlsTest {
  // The rule as the documentation states it: these characters go, and a run of them between two spaces takes the first space.
  private static final String SET =
      "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u00AD\\u200B\\u2060-\\u2064\\uFEFF\\u202A-\\u202E\\u2066-\\u2069\\p{Cs}]";
  private static final Pattern DROP = Pattern.compile(SET);
  private static final Pattern SPACED = Pattern.compile(" (?:" + SET + ")+(?= )");

  private static String oracle(String s) {
    return DROP.matcher(SPACED.matcher(s).replaceAll("")).replaceAll("");
  }

  // kept and dropped characters near every edge of the rule: tab, line breaks, ASCII, U+007F, soft hyphen, the joiners
  // (U+200C and U+200D are text), marks, bidi controls, both surrogate halves, astral pairs, Chinese
  private static final char[] ALPHABET = {
      'a', ' ', ' ', ' ', '\t', '\n', '\r', '\0', '\u0001', '\u001b', '\u001f', '\u007e', '\u007f', '\u0080', '\u00ad',
      '\u200a', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2029', '\u202a', '\u202e', '\u202f', '\u205f',
      '\u2060', '\u2064', '\u2065', '\u2066', '\u2069', '\u206a', '\ufeff', '\ufffd', '\ud83d', '\udc69', '\ud800',
      '\udfff', '中', '文'};

  @Test
  void onePassDropsWhatTheRuleSaysOnRandomTexts() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(12);
      for (int i = 0; i < len; i++) {
        if (r.nextInt(6) == 0) b.append("\ud83d\udc69"); // a whole astral character
        else b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
      }
      String s = b.toString();
      String want = oracle(s);
      assertEquals(want, Rec.noControls(s), () -> "seed " + seed + ", input " + escape(s));
      assertEquals(!want.equals(s), Rec.hasControl(s), () -> "seed " + seed + ", input " + escape(s));
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    return b.toString();
  }
}
