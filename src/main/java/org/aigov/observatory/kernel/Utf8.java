package org.aigov.observatory.kernel;

import java.nio.ByteBuffer;
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
}
