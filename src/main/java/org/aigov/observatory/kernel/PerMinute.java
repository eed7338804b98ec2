package org.aigov.observatory.kernel;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A fixed one-minute window of counts per key (a client address, a principal). Kept in memory and cleared each minute,
 * so it holds only the keys seen in the current minute; a restart forgives, which is right for a slow-down.
 */
public final class PerMinute {
  private final int limit;
  private final Clock clock;
  private final Map<String, Integer> counts = new HashMap<>();
  private long minute = Long.MIN_VALUE;

  public PerMinute(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  public int limit() {
    return limit;
  }

  /** Counts one more for {@code key}: 0 when it is within the limit, else the seconds until the window turns. */
  public synchronized long retryAfter(String key) {
    long now = clock.millis(), m = Math.floorDiv(now, 60_000L);
    if (m != minute) {
      counts.clear();
      minute = m;
    }
    int n = counts.merge(key, 1, Integer::sum);
    return n <= limit ? 0 : 60 - Math.floorMod(now / 1000, 60L);
  }
}
