package org.aigov.observatory.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What a command prints to a terminal shows control characters as visible symbols (ESC as ␛, BEL as ␇): stored text
 * comes from anyone (an anonymous incident report, a feed, a filing), and raw escape sequences in it could rewrite an
 * editor's screen, hide a line or fake a status. Output piped to a file or another program is left as it is, so exports
 * stay faithful. Newline and tab pass; carriage return passes only on standard error, where progress lines redraw.
 */
final class TerminalSafe extends FilterOutputStream {
  private final boolean allowCr, utf8;
  private boolean pendingC2; // UTF-8 lead byte of U+0080–U+00BF, held to see whether a C1 control follows

  TerminalSafe(OutputStream out, boolean allowCr, boolean utf8) {
    super(out);
    this.allowCr = allowCr;
    this.utf8 = utf8;
  }

  /** Wraps standard output and error when they are a terminal. */
  static void install() {
    if (System.console() == null) return;
    String enc = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name()));
    try {
      boolean utf8 = Charset.forName(enc).equals(StandardCharsets.UTF_8);
      System.setOut(new PrintStream(new TerminalSafe(System.out, false, utf8), true, enc));
      System.setErr(new PrintStream(new TerminalSafe(System.err, true, utf8), true, enc));
    } catch (UnsupportedEncodingException | IllegalArgumentException e) {
      // an encoding Java cannot name: print as before
    }
  }

  @Override
  public void write(int b) throws IOException {
    b &= 0xFF;
    if (pendingC2) {
      pendingC2 = false;
      if (b >= 0x80 && b <= 0x9F) { // a C1 control (U+0080–U+009F), e.g. the single-byte CSI U+009B
        out.write(REPLACEMENT);
        return;
      }
      out.write(0xC2);
    }
    if (utf8 && b == 0xC2) {
      pendingC2 = true;
    } else if (b < 0x20 && b != '\n' && b != '\t' && !(allowCr && b == '\r')) {
      out.write(0xE2); // the Control Pictures block, U+2400 + b
      out.write(0x90);
      out.write(0x80 + b);
    } else if (b == 0x7F) {
      out.write(DEL);
    } else {
      out.write(b);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) write(b[i]);
  }

  @Override
  public void flush() throws IOException {
    out.flush(); // a held lead byte waits for its partner: flushing it alone would split the character
  }

  @Override
  public void close() throws IOException {
    if (pendingC2) out.write(0xC2);
    pendingC2 = false;
    super.close();
  }

  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}, DEL = {(byte) 0xE2, (byte) 0x90, (byte) 0xA1};
}
