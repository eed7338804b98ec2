package org.aigov.observatory.kernel;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8, the one place it is spelt out: a byte that is not UTF-8 is reported where it is, never stored as U+FFFD
 * (bodies, query strings, profiles, cursors and CSV cells all decode through here).
 */
public final class Utf8 {
  private Utf8() {}

  /** Not UTF-8; {@link #offset} is the first byte of the bad sequence, counted from the start of the decoded range. */
  public static final class Malformed extends CharacterCodingException {
    public final int offset;

    Malformed(int offset) {
      this.offset = offset;
    }

    @Override
    public String getMessage() {
      return "not valid UTF-8 at byte " + offset;
    }
  }

  /**
   * The first {@code n} UTF-16 units of {@code s}, one fewer where the n-th is the first half of a character: a cut
   * between the halves of an emoji stored a "?" on PostgreSQL and, on the embedded store, a half that no UTF-8 export
   * could write (outside QA, 2026-12-07).
   */
  public static String cut(String s, int n) {
    if (s == null || s.length() <= n) return s;
    return s.substring(0, n > 0 && Character.isHighSurrogate(s.charAt(n - 1)) ? n - 1 : n);
  }

  /** A fresh decoder that reports malformed and unmappable input (decoders are not thread-safe). */
  public static CharsetDecoder strictDecoder() {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  public static String decode(byte[] b) throws Malformed {
    return decode(b, 0, b.length);
  }

  public static String decode(byte[] b, int off, int len) throws Malformed {
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    try {
      return strictDecoder().decode(in).toString();
    } catch (CharacterCodingException e) {
      throw new Malformed(in.position() - off);
    }
  }

  private static final char[] CP1252 = new String(bytes256(), Charset.forName("windows-1252")).toCharArray();

  private static byte[] bytes256() {
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) b[i] = (byte) i;
    return b;
  }

  /**
   * Mixed input, as files pasted together from several tools are: each valid UTF-8 sequence as UTF-8, each byte that is not
   * one as windows-1252 ("Café" in UTF-8 beside a Latin-1 "résumé" keeps both). {@code bad[0]} counts the bytes so read.
   */
  public static String decodeMixed(byte[] b, int off, int len, int[] bad) {
    int i = off;
    while (i < off + len && b[i] >= 0) i++;
    if (i == off + len) return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1); // ASCII, most lines
    CharsetDecoder d = strictDecoder();
    ByteBuffer in = ByteBuffer.wrap(b, off, len);
    CharBuffer out = CharBuffer.allocate(len + 1); // never more chars than bytes: UTF-8 and windows-1252 both
    while (true) {
      CoderResult r = d.decode(in, out, true);
      if (r.isUnderflow()) break;
      for (int k = 0; k < r.length(); k++) {
        out.put(CP1252[in.get() & 0xff]);
        bad[0]++;
      }
    }
    d.flush(out);
    return out.flip().toString();
  }

  /**
   * The offset of a JSON escape of half a surrogate pair (a lone {@code \ud800}), or −1. Jackson decodes it into a
   * string no UTF-8 store can hold (PostgreSQL refuses it, the canonical form of a record cannot encode it). The
   * server checks every body by it, and the commands that read JSON files the API also takes.
   */
  public static int loneSurrogateEscape(byte[] b) {
    return loneSurrogateAt(b);
  }

  /** What is wrong with a JSON text holding an escape of half a surrogate pair, or null: the server's and the commands' one message. */
  public static String loneSurrogateProblem(byte[] b) {
    int lone = loneSurrogateAt(b);
    return lone < 0 ? null : "an unpaired surrogate escape (\\u" + new String(b, lone + 2, 4, java.nio.charset.StandardCharsets.US_ASCII)
        + ") at byte " + lone + ": it encodes no character, and no store can hold it";
  }

  private static int loneSurrogateAt(byte[] b) {
    int pendingHigh = -1;
    for (int i = 0; i < b.length; i++) {
      int v = jsonEscapeAt(b, i);
      if (v < 0) continue;
      boolean high = v >= 0xD800 && v <= 0xDBFF, low = v >= 0xDC00 && v <= 0xDFFF;
      if (pendingHigh >= 0 && !(low && i == pendingHigh + 6)) return pendingHigh;
      if (low && pendingHigh < 0) return i;
      pendingHigh = high ? i : -1;
      i += 5;
    }
    return pendingHigh;
  }

  /**
   * The code unit of the JSON escape \\uXXXX whose backslash is at {@code i}, or −1: none there, or that backslash is
   * itself escaped (an odd run of backslashes before it), or the four digits are not hex (Jackson reports those).
   */
  public static int jsonEscapeAt(byte[] b, int i) {
    if (b[i] != '\\' || i + 5 >= b.length || b[i + 1] != 'u') return -1;
    int slashes = 0;
    for (int j = i - 1; j >= 0 && b[j] == '\\'; j--) slashes++;
    if (slashes % 2 == 1) return -1;
    int v = 0;
    for (int k = 2; k <= 5; k++) {
      int d = Character.digit((char) (b[i + k] & 0xff), 16);
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }
}
