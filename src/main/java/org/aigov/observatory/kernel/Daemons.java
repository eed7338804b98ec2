package org.aigov.observatory.kernel;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads: background work never keeps the process alive after {@code main} returns or a stop is asked for. */
public final class Daemons {
  private Daemons() {}

  /** A factory for an executor's threads, each a daemon called {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts {@code work} on a daemon thread called {@code name}. */
  public static Thread start(String name, Runnable work) {
    return start(name, work, Thread.NORM_PRIORITY);
  }

  /** As {@link #start}, at the lowest priority: warm-ups that must not slow the requests served meanwhile. */
  public static Thread startIdle(String name, Runnable work) {
    return start(name, work, Thread.MIN_PRIORITY);
  }

  private static Thread start(String name, Runnable work, int priority) {
    Thread t = named(name).newThread(work);
    t.setPriority(priority);
    t.start();
    return t;
  }
}
