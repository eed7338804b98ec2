package org.aigov.observatory.kernel;

import java.io.PrintStream;

/** A text progress bar for long jobs; prints to stderr at most a few times a second. */
public final class Progress {
  private final String label;
  private final long total;
  private final PrintStream out;
  private long done;
  private long lastPrint;
  private final long started = System.nanoTime();
  /** Redraw the bar only on a terminal; logs get the final line alone. */
  private static final boolean INTERACTIVE = System.console() != null;

  public Progress(String label, long total, PrintStream out) {
    this.label = label;
    this.total = total;
    this.out = out;
  }

  public static Progress silent() {
    return new Progress("", 0, null);
  }

  public void step(long n) {
    done += n;
    long now = System.nanoTime();
    if (out != null && INTERACTIVE && now - lastPrint > 200_000_000L) {
      lastPrint = now;
      print(false);
    }
  }

  public void finish() {
    if (out != null) print(true);
  }

  private void print(boolean end) {
    double secs = (System.nanoTime() - started) / 1e9;
    String bar;
    if (total > 0) {
      int width = 30;
      int fill = (int) Math.min(width, width * done / total);
      bar = "[" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + done + "/" + total;
    } else {
      bar = done + " done";
    }
    out.printf("%s%s %s  %.1fs%s", INTERACTIVE ? "\r" : "", label, bar, secs, end ? "\n" : "");
    out.flush();
  }
}
