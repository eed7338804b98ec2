package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UTF-8 feed's bytes as an XML parser can read them when a publisher got a few wrong: a byte that is not UTF-8 is read as
 * windows-1252 (the usual culprit: a CMS pasting Latin-1 text into a UTF-8 page), and a control character XML forbids
 * is dropped. One such byte made the parser stop, and every later item of the feed was lost. Feeds declaring another
 * encoding, or UTF-16 by their byte-order mark, pass through untouched: their parser decodes them.
 */
final class FeedBytes extends InputStream {
  private static final Pattern ENCODING = Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
  private static final Charset CP1252 = Charset.forName("windows-1252");

  private final InputStream in;
  private final boolean repair;
  private byte[] buf = new byte[1 << 16];
  private int pos, lim;
  private boolean eof;
  private final byte[] pending = new byte[4];
  private int pendingPos, pendingLen;
  /** Bytes read as windows-1252, and control characters dropped, so far. */
  long repaired, dropped;
  /** The document's first bytes (up to 1 KiB), as they came. */
  final byte[] head;
  /** Bytes taken from the input so far (read by the progress bar's thread). */
  volatile long consumed;

  FeedBytes(InputStream in) throws IOException {
    this.in = in;
    while (lim < 1024 && fill()) {} // the head, to tell the encoding
    this.head = java.util.Arrays.copyOf(buf, Math.min(lim, 1024));
    this.repair = utf8(head);
  }

  private static final Pattern HTML = Pattern.compile("(?is)^\\s*(?:<\\?xml[^>]*>\\s*)?(?:<!--.*?-->\\s*)*<(?:!doctype\\s+html|html[\\s>])");

  /** Whether the head is an HTML page: a {@code <!DOCTYPE html>} or an {@code <html>} root (after an XML declaration or comments). */
  boolean html() {
    int start = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
    return HTML.matcher(new String(head, start, head.length - start, StandardCharsets.ISO_8859_1)).find();
  }

  /** UTF-8 by declaration or by default (no byte-order mark of UTF-16/32, no other encoding declared). */
  static boolean utf8(byte[] head) {
    if (head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) return false;
    if (head.length >= 2 && (head[0] == 0 && (head[1] == '<' || head[1] == 0) || head[0] == '<' && head[1] == 0)) return false; // UTF-16/32, no mark
    int start = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
    Matcher m = ENCODING.matcher(new String(head, start, head.length - start, StandardCharsets.ISO_8859_1));
    if (!m.find()) return true;
    String enc = m.group(1).toLowerCase(Locale.ROOT);
    return enc.equals("utf-8") || enc.equals("utf8");
  }

  /** Reads more input after what is buffered; false at the end. */
  private boolean fill() throws IOException {
    if (eof) return false;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    consumed += n;
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] out, int off, int len) throws IOException {
    if (len == 0) return 0;
    int n = 0;
    while (n < len && pendingPos < pendingLen) out[off + n++] = pending[pendingPos++];
    if (!repair) {
      if (n > 0 || pos >= lim && !fill()) return n == 0 ? -1 : n;
      int k = Math.min(len, lim - pos);
      System.arraycopy(buf, pos, out, off, k);
      pos += k;
      return k;
    }
    while (n < len) {
      if (pos >= lim && (n > 0 || !fill())) break; // hand over what is ready rather than block for more
      int b = buf[pos] & 0xff;
      if (b < 0x80) {
        boolean control = b < 0x20 && b != '\t' && b != '\n' && b != '\r';
        if (control && n > 0) break; // a mended byte starts a read of its own: see below
        pos++;
        if (control) dropped++;
        else out[off + n++] = (byte) b;
        continue;
      }
      int need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 1;
      if (lim - pos < need && !eof) {
        if (n > 0) break; // the sequence's other bytes come with the next read
        fill();
        continue;
      }
      boolean ok = need > 1 && lim - pos >= need;
      for (int i = 1; ok && i < need; i++) ok = continuation(b, i, buf[pos + i] & 0xff);
      // The parser reads ahead a buffer at a time: a mended byte handed over with what precedes it was counted while the
      // parser was items earlier, and the warning named the wrong item. Handed over first in a read of its own, it is
      // counted only once the parser has used up everything before it.
      if (!ok && n > 0) break;
      byte[] src;
      int from, count;
      if (ok) {
        src = buf;
        from = pos;
        count = need;
      } else { // not UTF-8: this byte alone is read as windows-1252; the bytes after it are read again on their own
        src = new String(new byte[] {(byte) b}, CP1252).getBytes(StandardCharsets.UTF_8);
        from = 0;
        count = src.length;
        repaired++;
      }
      int k = Math.min(count, len - n);
      System.arraycopy(src, from, out, off + n, k);
      n += k;
      if (k < count) { // the rest waits for the next read
        System.arraycopy(src, from + k, pending, 0, count - k);
        pendingPos = 0;
        pendingLen = count - k;
      }
      pos += ok ? need : 1;
    }
    return n == 0 ? -1 : n;
  }

  /** Whether {@code c} may be byte {@code i} (1..3) of a UTF-8 sequence led by {@code lead}: no overlong forms, surrogates or code points past U+10FFFF. */
  private static boolean continuation(int lead, int i, int c) {
    if (c < 0x80 || c > 0xBF) return false;
    if (i != 1) return true;
    return switch (lead) {
      case 0xE0 -> c >= 0xA0;
      case 0xED -> c <= 0x9F;
      case 0xF0 -> c >= 0x90;
      case 0xF4 -> c <= 0x8F;
      default -> true;
    };
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
