package org.aigov.observatory.kernel;

import java.io.PrintStream;

/**
 * Progress of a long job on stderr: on a terminal a bar redrawn a few times a second; in a log (cron, a pipe, a file)
 * one line every {@link #LOG_EVERY_NANOS} so that a run can be followed there too; always a final line.
 */
public final class Progress {
  private final String label;
  private long total;
  private final PrintStream out;
  private long done;
  private long lastPrint = System.nanoTime();
  private final long started = System.nanoTime();
  private static final boolean INTERACTIVE = System.console() != null;
  static final long LOG_EVERY_NANOS = 10_000_000_000L;
  private final long logEvery;

  public Progress(String label, long total, PrintStream out) {
    this(label, total, out, LOG_EVERY_NANOS);
  }

  /** With another interval between log lines than 10 s (tests: 0, a line at every step). */
  public Progress(String label, long total, PrintStream out, long logEveryNanos) {
    this.label = label;
    this.total = total;
    this.out = out;
    this.logEvery = logEveryNanos;
  }

  public static Progress silent() {
    return new Progress("", 0, null);
  }

  /** The amount the job will reach (bytes of a file, items), 0 when unknown. */
  public void total(long t) {
    total = t;
  }

  private String unit = "";
  private long count = -1, countFrom = -1;
  private String counted;

  /** What the figures count ("bytes"), said after them; a bar of a file's bytes alone read as a bare number. */
  public Progress unit(String what) {
    unit = what == null || what.isEmpty() ? "" : " " + what;
    return this;
  }

  /**
   * A second count shown with its rate, "12000 records (4100/s)": what the job makes, where the bar counts what it
   * reads. The rate counts from the first value given (a resumed run's earlier records are not this run's speed).
   */
  public void count(long n, String what) {
    if (countFrom < 0) countFrom = n;
    count = n;
    counted = what;
  }

  /** Where the job stands now: a resumed run starts where the last one stopped. */
  public void at(long n) {
    done = n;
  }

  public void step(long n) {
    done += n;
    if (out == null) return;
    long now = System.nanoTime();
    if (now - lastPrint >= (INTERACTIVE ? Math.min(200_000_000L, logEvery) : logEvery)) {
      lastPrint = now;
      print(false, INTERACTIVE);
    }
  }

  public void finish() {
    if (out != null) print(true, INTERACTIVE);
  }

  /** A line about a step after the bar, which would otherwise pass in silence ("label: what"). */
  public void note(String what) {
    if (out != null) out.println(label + ": " + what);
  }

  /**
   * The line as printed: "label [#####     ] 48% 480/1000  12.3s", "label 480 so far  12.3s", "… done"; with a unit and
   * a count, "label [#####     ] 48% 480/1000 bytes, 12 records (1/s)  12.3s".
   */
  String line(boolean end, double secs) {
    String bar;
    if (total > 0) {
      int width = 30;
      long shown = Math.min(done, total);
      int fill = (int) (width * shown / total);
      bar = "[" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + (100 * shown / total) + "% " + shown + "/" + total; // a reader may count one past the end
    } else {
      bar = Long.toString(done);
    }
    String items = count < 0 ? "" : String.format(java.util.Locale.ROOT, ", %d %s (%.0f/s)", count, counted, secs > 0 ? (count - countFrom) / secs : 0.0);
    return String.format(java.util.Locale.ROOT, "%s %s%s%s%s  %.1fs", label, bar, unit, items, end ? " done" : total > 0 ? "" : " so far", secs);
  }

  private void print(boolean end, boolean redraw) {
    double secs = (System.nanoTime() - started) / 1e9;
    out.print((redraw ? "\r" : "") + line(end, secs) + (end || !redraw ? "\n" : ""));
    out.flush();
  }
}
