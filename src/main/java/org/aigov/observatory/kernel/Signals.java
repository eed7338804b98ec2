package org.aigov.observatory.kernel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Stopped by a signal", said once. A command that resumes (ingest) says it from a shutdown hook, since the JVM may halt
 * before the command hears of the signal (exit 130 with no word); the CLI's exception handler says it when the command
 * does hear first (the store closed under it). Either way one line, the same words.
 */
public final class Signals {
  private Signals() {}

  public static final String STOPPED = "stopped by a signal: what was committed stays; run the same command again to resume";
  private static final AtomicBoolean SAID = new AtomicBoolean();

  /** Prints {@link #STOPPED} on stderr unless it was printed already. */
  public static void sayStopped() {
    if (SAID.compareAndSet(false, true)) {
      System.err.println();
      System.err.println(STOPPED);
      System.err.flush();
    }
  }

  /**
   * Runs {@code work} with a shutdown hook that says {@link #STOPPED} if a signal ends the JVM meanwhile; the hook is
   * removed once the work returns or throws (unless the JVM is already shutting down).
   */
  public static <T> T sayingStopped(java.util.concurrent.Callable<T> work) throws Exception {
    Thread hook = new Thread(Signals::sayStopped, "stopped-by-signal");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.call();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran): it says so
      }
    }
  }
}
