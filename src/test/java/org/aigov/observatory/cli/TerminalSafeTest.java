package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalSafeTest {
  private static String through(String s, boolean allowCr) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream p = new PrintStream(new TerminalSafe(bytes, allowCr, true), true, StandardCharsets.UTF_8)) {
      // one character at a time too, so a UTF-8 sequence split across writes is seen whole
      for (int i = 0; i < s.length(); ) {
        int cp = s.codePointAt(i);
        p.print(new String(Character.toChars(cp)));
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void escapeSequencesFromStoredTextAreShownNotObeyed() {
    String title = "Normal title\u001b[2K\r\u001b[32mAccepted by editor\u001b[0m \u0007";
    assertEquals("Normal title\u241b[2K\u240d\u241b[32mAccepted by editor\u241b[0m \u2407", through(title, false));
    assertEquals("a\u2421b\ufffdc", through("a\u007fb\u009bc", false), "DEL and the one-byte CSI of C1");
  }

  @Test
  void ordinaryTextNewlinesTabsAndProgressRedrawsPass() {
    String text = "AI 人工智能 café ¢ ¿ é\tcol\nnext line";
    assertEquals(text, through(text, false), "Latin-1 letters share the lead byte of C1 controls and must pass");
    assertEquals("\rlabel 48%\n", through("\rlabel 48%\n", true), "standard error keeps carriage returns for progress");
    assertEquals("\u240dx", through("\rx", false), "standard output does not");
  }
}
