package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The JSON-lines reader scans its own chunks for line ends; it must split, count and cap exactly as the byte-at-a-time reader did. */
class JsonlLinesTest {
  /** The reader before: one BufferedInputStream.read() per byte, mark and reset after CR. */
  static final class Reference {
    final java.io.BufferedInputStream in;
    long offset, lineNo, overlong;
    String warning;
    byte[] buf = new byte[4];
    final int cap;

    Reference(InputStream raw, int cap) {
      in = new java.io.BufferedInputStream(raw, 1 << 16);
      this.cap = cap;
    }

    String next() throws IOException {
      int n = 0, c;
      boolean any = false;
      long dropped = 0;
      warning = null;
      overlong = 0;
      while ((c = in.read()) >= 0) {
        any = true;
        offset++;
        if (c == '\n') break;
        if (c == '\r') {
          in.mark(1);
          int d = in.read();
          if (d == '\n') offset++;
          else if (d >= 0) in.reset();
          break;
        }
        if (n >= cap) {
          dropped++;
          continue;
        }
        if (n == buf.length) buf = java.util.Arrays.copyOf(buf, n * 2);
        buf[n++] = (byte) c;
      }
      if (!any) return null;
      lineNo++;
      if (dropped > 0) {
        overlong = n + dropped;
        return "";
      }
      String[] w = {null}; // decoding is shared: what is compared here is splitting, counting and capping
      String line = Ingest.CsvStreamLines.decodeLine(buf, n, offset - n <= 4, w);
      warning = w[0];
      return line;
    }
  }

  static byte[] randomInput(Random r) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (r.nextInt(4) == 0) out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    for (int j = r.nextInt(60); j > 0; j--) {
      switch (r.nextInt(9)) {
        case 0 -> out.write('\n');
        case 1 -> out.write('\r');
        case 2 -> out.writeBytes("\r\n".getBytes());
        case 3 -> out.writeBytes("{\"title\":\"人工智能 naïve\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        case 4 -> out.write(0x80 + r.nextInt(0x80)); // a byte that is no UTF-8 on its own
        case 5 -> out.writeBytes("x".repeat(r.nextInt(40)).getBytes());
        default -> out.write(' ' + r.nextInt(90));
      }
    }
    return out.toByteArray();
  }

  /** Every line, offset, line number, overlong count and warning of a reader, in order. */
  static List<String> trace(byte[] in, int chunk, int cap) throws IOException {
    List<String> out = new ArrayList<>();
    if (chunk == 0) {
      Reference r = new Reference(new ByteArrayInputStream(in), cap);
      for (String l; (l = r.next()) != null; ) out.add(l + "|" + r.offset + "|" + r.lineNo + "|" + r.overlong + "|" + r.warning);
      return out;
    }
    Ingest.CsvStreamLines r = new Ingest.CsvStreamLines(new ByteArrayInputStream(in), 0, chunk, cap);
    for (String l; (l = r.next()) != null; ) out.add(l + "|" + r.offset + "|" + r.lineNo + "|" + r.overlong + "|" + r.warning);
    return out;
  }

  @Test
  void linesOffsetsAndCapsEqualTheByteAtATimeReader() throws IOException {
    Random r = new Random(17);
    int lines = 0, capped = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] in = randomInput(r);
      int cap = r.nextBoolean() ? 1 << 20 : 1 + r.nextInt(30);
      List<String> expected = trace(in, 0, cap);
      for (int chunk : new int[] {1, 2, 3, 7, 64, 1 << 16}) {
        assertEquals(expected, trace(in, chunk, cap), "chunk " + chunk + ", cap " + cap + ", input " + java.util.Arrays.toString(in));
      }
      lines += expected.size();
      for (String l : expected) if (!l.split("\\|", -1)[3].equals("0")) capped++;
    }
    assertTrue(lines > 25_000 && capped > 1000, lines + " lines, " + capped + " over the cap");
  }
}
