package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvStreamTest {
  static List<CsvStream.Row> rows(byte[] b) throws Exception {
    List<CsvStream.Row> out = new ArrayList<>();
    try (CsvStream c = new CsvStream(new ByteArrayInputStream(b), 0, 1, ',')) {
      CsvStream.Row r;
      while ((r = c.next()) != null) out.add(r);
    }
    return out;
  }

  static List<CsvStream.Row> rows(String s) throws Exception {
    return rows(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void crOnlyCrlfAndLfLineEndsAndBom() throws Exception {
    List<CsvStream.Row> r = rows("\uFEFFa,b\rc,d\r\ne,f\ng,h");
    assertEquals(4, r.size());
    assertEquals(List.of("a", "b"), r.get(0).fields());
    assertEquals(List.of("c", "d"), r.get(1).fields());
    assertEquals(List.of("g", "h"), r.get(3).fields());
    assertEquals(4, r.get(3).line());
  }

  @Test
  void quotedFieldsKeepNewlinesAndDoubledQuotes() throws Exception {
    List<CsvStream.Row> r = rows("id,text\n1,\"two\nlines, \"\"quoted\"\"\"\n2,x\n");
    assertEquals(3, r.size());
    assertEquals("two\nlines, \"quoted\"", r.get(1).fields().get(1));
    assertEquals(4, r.get(2).line());
  }

  @Test
  void unbalancedQuoteIsReportedAndTheRestIsRead() throws Exception {
    List<CsvStream.Row> r = rows("1,\"open,x\n2,fine\n3,also fine\n");
    assertNotNull(r.get(0).error());
    assertEquals("unbalanced quote: field 2 never closes; the row is skipped and reading goes on at the next line", r.get(0).error());
    assertEquals(1, r.get(0).line());
    assertEquals(List.of("2", "fine"), r.get(1).fields());
    assertEquals(List.of("3", "also fine"), r.get(2).fields());
  }

  /** A record whose first field spans lines and whose next field never closes names the line that quote opened on. */
  @Test
  void anUnbalancedQuoteBelowTheRowsFirstLineNamesItsOwnLine() throws Exception {
    List<CsvStream.Row> r = rows("1,\"two\nlines\",\"open\n2,fine\n");
    assertEquals(1, r.get(0).line());
    assertTrue(r.get(0).error().startsWith("unbalanced quote: field 3 (opened on line 2) never closes"), r.get(0).error());
  }

  @Test
  void garbageAfterClosingQuoteIsAnError() throws Exception {
    List<CsvStream.Row> r = rows("1,\"a\"b,c\n2,ok\n");
    assertNotNull(r.get(0).error());
    assertEquals(List.of("2", "ok"), r.get(1).fields());
  }

  @Test
  void mixedEncodingFallsBackToWindows1252WithWarning() throws Exception {
    byte[] latin = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf = "na\u00efve".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[latin.length + 1 + utf.length + 1];
    System.arraycopy(latin, 0, all, 0, latin.length);
    all[latin.length] = ',';
    System.arraycopy(utf, 0, all, latin.length + 1, utf.length);
    all[all.length - 1] = '\n';
    List<CsvStream.Row> r = rows(all);
    assertEquals(List.of("caf\u00e9", "na\u00efve"), r.get(0).fields());
    assertEquals(1, r.get(0).warnings().size());
  }

  /** Outside QA: one Latin-1 byte in a cell turned the cell's valid UTF-8 "é" into "Ã©" (the whole cell was re-read). */
  @Test
  void aCellMixingUtf8AndLatin1KeepsBoth() throws Exception {
    byte[] utf = "Caf\u00e9 headline r".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[utf.length + 6];
    System.arraycopy(utf, 0, all, 0, utf.length);
    byte[] rest = {(byte) 0xE9, 's', 'u', 'm', (byte) 0xE9, '\n'};
    System.arraycopy(rest, 0, all, utf.length, rest.length);
    List<CsvStream.Row> r = rows(all);
    assertEquals(List.of("Caf\u00e9 headline r\u00e9sum\u00e9"), r.get(0).fields());
    assertEquals(List.of("field 1 is not valid UTF-8; read as windows-1252"), r.get(0).warnings());
  }

  @Test
  void offsetsAllowResumingMidFile() throws Exception {
    byte[] b = "h1,h2\r\na,1\r\nb,2\r\nc,3\r\n".getBytes(StandardCharsets.UTF_8);
    long off;
    try (CsvStream c = new CsvStream(new ByteArrayInputStream(b), 0, 1, ',')) {
      c.next();
      c.next();
      off = c.offset();
    }
    try (CsvStream c = new CsvStream(new ByteArrayInputStream(b, (int) off, b.length - (int) off), off, 3, ',')) {
      CsvStream.Row r = c.next();
      assertEquals(List.of("b", "2"), r.fields());
      assertEquals(3, r.line());
    }
  }

  /** A line far over the record limit is reported and skipped without holding it: the reader's buffer stays small. */
  @Test
  void anOverlongLineIsSkippedWithoutBufferingIt() throws Exception {
    long longLine = 64L << 20;
    byte[] head = "a,b\n".getBytes(StandardCharsets.US_ASCII), tail = "\nc,d\n".getBytes(StandardCharsets.US_ASCII);
    java.io.InputStream in = new java.io.InputStream() { // the header, 64 MiB of one unquoted line, a good row; never in memory whole
      long at = 0;

      @Override
      public int read() {
        long i = at++;
        if (i < head.length) return head[(int) i];
        i -= head.length;
        if (i < longLine) return 'x';
        i -= longLine;
        return i < tail.length ? tail[(int) i] : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
          int c = read();
          if (c < 0) break;
          b[off + n++] = (byte) c;
        }
        return n == 0 ? -1 : n;
      }
    };
    try (CsvStream c = new CsvStream(in, 0, 1, ',')) {
      assertEquals(List.of("a", "b"), c.next().fields());
      CsvStream.Row bad = c.next();
      assertTrue(bad.error() != null && bad.error().contains("exceeds"), String.valueOf(bad.error()));
      assertEquals(List.of("c", "d"), c.next().fields());
      assertNull(c.next());
      java.lang.reflect.Field src = CsvStream.class.getDeclaredField("src");
      src.setAccessible(true);
      Object s = src.get(c);
      java.lang.reflect.Field buf = s.getClass().getDeclaredField("b");
      buf.setAccessible(true);
      int size = ((byte[]) buf.get(s)).length;
      assertTrue(size <= 2 * CsvStream.MAX_RECORD_BYTES + (1 << 16), "the reader held " + size + " bytes");
    }
  }
}
