package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static final String[] PIECES = {"a", "Z", " ", "é", "人工智能", "法案", "😀", "\u00a0", "—"};

  @Test
  void validTextRoundTripsAndABadByteIsNamedWhereItIs() throws Exception {
    Random rnd = new Random(20261204);
    for (int round = 0; round < 500; round++) {
      StringBuilder before = new StringBuilder(), after = new StringBuilder();
      for (int i = rnd.nextInt(8); i > 0; i--) before.append(PIECES[rnd.nextInt(PIECES.length)]);
      for (int i = rnd.nextInt(8); i > 0; i--) after.append(PIECES[rnd.nextInt(PIECES.length)]);
      byte[] head = before.toString().getBytes(StandardCharsets.UTF_8);
      byte[] tail = after.toString().getBytes(StandardCharsets.UTF_8);
      assertEquals(before + "" + after, Utf8.decode(concat(head, tail)));
      // a stray continuation byte, a byte UTF-8 never uses, an overlong '/', an encoded surrogate, a cut-off sequence
      byte[][] bad = {{(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE4, (byte) 0xBA}};
      byte[] b = bad[rnd.nextInt(bad.length)];
      byte[] all = concat(concat(head, b), b[0] == (byte) 0xE4 ? new byte[0] : tail);
      Utf8.Malformed m = assertThrows(Utf8.Malformed.class, () -> Utf8.decode(all));
      assertEquals(head.length, m.offset, () -> "bad bytes after " + before);
      // a range is counted from its own start
      byte[] framed = concat("xyz".getBytes(StandardCharsets.UTF_8), all);
      assertEquals(head.length, assertThrows(Utf8.Malformed.class, () -> Utf8.decode(framed, 3, all.length)).offset);
    }
  }

  /**
   * Outside QA: one Latin-1 byte in a cell made the whole cell windows-1252, so its valid UTF-8 "é" became "Ã©". Random
   * valid text around Latin-1 bytes comes back with each piece as it was meant.
   */
  @Test
  void mixedInputKeepsItsUtf8AndReadsOnlyTheBadBytesAsWindows1252() {
    int[] bad = {0};
    byte[] mixed = concat("Café latin1 r".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9, 's', 'u', 'm', (byte) 0xE9});
    assertEquals("Café latin1 résumé", Utf8.decodeMixed(mixed, 0, mixed.length, bad));
    assertEquals(2, bad[0]);
    Random rnd = new Random(20261206);
    for (int round = 0; round < 500; round++) {
      StringBuilder want = new StringBuilder();
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      int latin = 0;
      for (int i = rnd.nextInt(10); i > 0; i--) {
        if (rnd.nextInt(3) == 0) { // a Latin-1 letter (é, ü, ñ …), never followed by a continuation byte here
          char c = (char) (0xE0 + rnd.nextInt(0x1F));
          want.append(c);
          in.write(c);
          in.write(' ');
          want.append(' ');
          latin++;
        } else {
          String p = PIECES[rnd.nextInt(PIECES.length)];
          want.append(p);
          in.writeBytes(p.getBytes(StandardCharsets.UTF_8));
        }
      }
      int[] n = {0};
      byte[] b = in.toByteArray();
      assertEquals(want.toString(), Utf8.decodeMixed(b, 0, b.length, n));
      assertEquals(latin, n[0]);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(a);
    o.writeBytes(b);
    return o.toByteArray();
  }
}
