package org.aigov.observatory.incidents;

import org.aigov.observatory.kernel.Utf8;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A forgiving, streaming RFC 4180 reader that works on bytes so it can report byte offsets (for
 * resumable ingest), accept LF, CRLF and CR-only line ends, skip a BOM, decode each field as UTF-8
 * with a windows-1252 fallback (mixed encodings), and recover from an unbalanced quote by
 * reporting the record's line and resuming on the next physical line. commons-csv stops at the
 * first unbalanced quote, which would lose the rest of the file.
 */
final class CsvStream implements Closeable {
  static final int MAX_RECORD_BYTES = 4 << 20;

  /** One record; {@code error} set means the record was skipped; {@code line} is its first line. */
  record Row(long line, long endOffset, List<String> fields, String error, List<String> warnings) {}

  private final InputStream in;
  private final Src src;
  private long offset;
  private long line;
  private final byte delimiter;
  private byte[] buf = new byte[256];
  private int len;

  /**
   * A column's name as headed files are matched by it: any case, without spaces, underscores, hyphens or a byte-order
   * mark ("Incident ID", "incident_id" and "Incident-ID" are one column), for AIID's and AIAAIC's files alike.
   */
  static String columnKey(String name) {
    return name.replace("\uFEFF", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_-]+", "");
  }

  CsvStream(InputStream raw, long startOffset, long startLine, char delimiter) throws IOException {
    this.in = raw;
    this.src = new Src(raw);
    this.offset = startOffset;
    this.line = startLine;
    this.delimiter = (byte) delimiter;
    if (startOffset == 0) {
      src.mark();
      if (src.read() == 0xEF && src.read() == 0xBB && src.read() == 0xBF) offset = 3;
      else src.reset();
    }
  }

  long line() {
    return line;
  }

  long offset() {
    return offset;
  }

  /** Next record, or null at end of input. Blank lines are skipped. */
  Row next() throws IOException {
    while (true) {
      long startLine = line;
      long startOffset = offset;
      src.mark();
      List<String> fields = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      String error = null;
      len = 0;
      boolean quoted = false;
      long quoteLine = line;
      boolean fieldStart = true;
      boolean afterClosingQuote = false;
      boolean any = false;
      long consumed = 0;
      int c;
      while (true) {
        c = read();
        if (c < 0) {
          // the row's location names its first line; a quote opened further down names its own
          if (quoted) error = "unbalanced quote: field " + (fields.size() + 1) + (quoteLine != startLine ? " (opened on line " + quoteLine + ")" : "")
              + " never closes; the row is skipped and reading goes on at the next line";
          break;
        }
        consumed++;
        any = true;
        if (consumed > MAX_RECORD_BYTES) {
          error = "record starting on line " + startLine + " exceeds " + MAX_RECORD_BYTES + " bytes (unbalanced quote?)";
          break;
        }
        if (quoted) {
          if (c == '"') {
            int d = src.peek();
            if (d == '"') {
              src.read();
              consumed++;
              add((byte) '"');
            } else {
              quoted = false;
              afterClosingQuote = true;
            }
          } else {
            if (c == '\n') line++;
            else if (c == '\r') {
              if (src.peek() == '\n') {
                src.read();
                consumed++;
                add((byte) '\r');
                c = '\n';
              }
              line++;
            }
            add((byte) c);
          }
          continue;
        }
        if (c == delimiter) {
          fields.add(decode(fields.size(), warnings));
          fieldStart = true;
          afterClosingQuote = false;
          continue;
        }
        if (c == '\n' || c == '\r') {
          if (c == '\r') {
            if (src.peek() == '\n') {
              src.read();
              consumed++;
            }
          }
          line++;
          break;
        }
        if (afterClosingQuote) {
          error = "unexpected character after closing quote in field " + (fields.size() + 1) + " on line " + line;
          break;
        }
        if (c == '"' && fieldStart) {
          quoted = true;
          quoteLine = line;
          fieldStart = false;
          continue;
        }
        fieldStart = false;
        add((byte) c);
      }
      if (error != null) {
        // Resynchronise: go back to the record start and skip exactly one physical line.
        src.reset();
        offset = startOffset;
        line = startLine;
        skipLine();
        return new Row(startLine, offset, List.of(), error, List.of());
      }
      if (!any) return null;
      fields.add(decode(fields.size(), warnings));
      offset = startOffset + consumed;
      if (fields.size() == 1 && fields.get(0).isEmpty()) {
        if (c < 0) return null;
        continue;
      }
      return new Row(startLine, offset, fields, null, warnings);
    }
  }

  private void skipLine() throws IOException {
    int c;
    while ((c = read()) >= 0) {
      offset++;
      if (c == '\n') break;
      if (c == '\r') {
        if (src.peek() == '\n') {
          src.read();
          offset++;
        }
        break;
      }
    }
    line++;
  }

  private int read() throws IOException {
    return src.read();
  }

  /** Buffered bytes with a record-start mark and one-byte peek; keeps the bytes since the mark. */
  private static final class Src {
    private final InputStream in;
    private byte[] b = new byte[1 << 16];
    private int pos, lim, mark = -1;

    Src(InputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      int keep = mark >= 0 ? mark : pos;
      if (keep > 0) {
        System.arraycopy(b, keep, b, 0, lim - keep);
        lim -= keep;
        pos -= keep;
        if (mark >= 0) mark = 0;
      }
      if (lim == b.length) b = java.util.Arrays.copyOf(b, b.length * 2);
      int n = in.read(b, lim, b.length - lim);
      if (n <= 0) return false;
      lim += n;
      return true;
    }

    int read() throws IOException {
      if (pos >= lim && !fill()) return -1;
      return b[pos++] & 0xff;
    }

    int peek() throws IOException {
      if (pos >= lim && !fill()) return -1;
      return b[pos] & 0xff;
    }

    void mark() {
      mark = pos;
    }

    /** Back to the record start; the mark is dropped, so skipping a line of any length keeps no bytes. */
    void reset() {
      pos = mark;
      mark = -1;
    }
  }

  private void add(byte b) {
    if (len == buf.length) buf = java.util.Arrays.copyOf(buf, len * 2);
    buf[len++] = b;
  }

  private String decode(int index, List<String> warnings) {
    int[] bad = {0};
    String s = Utf8.decodeMixed(buf, 0, len, bad); // ASCII at once; only bytes that are not UTF-8 as windows-1252, a valid "é" stays
    if (bad[0] > 0) warnings.add("field " + (index + 1) + " is not valid UTF-8; read as windows-1252");
    len = 0;
    return s;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
