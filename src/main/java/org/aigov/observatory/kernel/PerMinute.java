package org.aigov.observatory.kernel;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed one-minute window of counts per key (a client address, a principal), for slow-downs. {@link #of(int, Clock)}
 * counts in memory, for one process; {@link #stored(String, int, Db)} counts in the store's {@code kernel_rate_counts},
 * so every server on a shared store sees one count (with counts in memory, N servers allowed N times the limit). Either
 * way only the current minute matters, and a row of an earlier minute is just overwritten or swept.
 */
public final class PerMinute {
  private final int limit;
  private final Clock clock;
  private final Counter counter;

  private PerMinute(int limit, Clock clock, Counter counter) {
    if (limit < 1) throw new IllegalArgumentException("a per-minute limit must be at least 1, got " + limit);
    this.limit = limit;
    this.clock = clock;
    this.counter = counter;
  }

  /** Counts kept in this process's memory. */
  public static PerMinute of(int limit, Clock clock) {
    return new PerMinute(limit, clock, new Memory());
  }

  /** Counts kept in the store under {@code scope} (one scope per limit), on the system clock. */
  public static PerMinute stored(String scope, int limit, Db db) {
    return stored(scope, limit, db, Clock.systemUTC());
  }

  public static PerMinute stored(String scope, int limit, Db db, Clock clock) {
    if (scope.isEmpty() || scope.length() > 24) throw new IllegalArgumentException("scope must be 1 to 24 characters: " + scope);
    return new PerMinute(limit, clock, new Table(db, scope));
  }

  public int limit() {
    return limit;
  }

  /** Counts one more for {@code key}: 0 when it is within the limit, else the seconds until the window turns. */
  public long retryAfter(String key) {
    if (limit == Integer.MAX_VALUE) return 0; // no limit: nothing to count (benchmarks)
    long now = clock.millis(), m = Math.floorDiv(now, 60_000L);
    int n = counter.increment(key, m);
    return n <= limit ? 0 : 60 - Math.floorMod(now / 1000, 60L);
  }

  /** The count of {@code key} in {@code minute} after adding one. */
  private interface Counter {
    int increment(String key, long minute);
  }

  private static final class Memory implements Counter {
    private final Map<String, Integer> counts = new HashMap<>();
    private long minute = Long.MIN_VALUE;

    @Override
    public synchronized int increment(String key, long m) {
      if (m != minute) {
        counts.clear(); // so the map holds only the keys seen in the current minute
        minute = m;
      }
      return counts.merge(key, 1, Integer::sum);
    }
  }

  /**
   * One row per scope and key. The UPDATE takes the row's lock, so two servers counting the same key take turns; a key
   * seen for the first time is inserted, and if another server inserted it meanwhile, updated after all.
   */
  private static final class Table implements Counter {
    private final Db db;
    private final String scope;
    private final AtomicLong calls = new AtomicLong();

    Table(Db db, String scope) {
      this.db = db;
      this.scope = scope;
    }

    @Override
    public int increment(String key, long m) {
      String k = Hashing.sha256Hex(key);
      int n = db.tx(c -> {
        for (int attempt = 0; ; attempt++) {
          if (Sql.update(c, "UPDATE kernel_rate_counts SET n = CASE WHEN win = ? THEN n + 1 ELSE 1 END, win = ? WHERE scope = ? AND k = ?",
              m, m, scope, k) == 1) {
            return ((Number) Sql.one(c, "SELECT n FROM kernel_rate_counts WHERE scope = ? AND k = ?", scope, k).get("n")).intValue();
          }
          if (Sql.update(c, "INSERT INTO kernel_rate_counts(scope, k, win, n) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING", scope, k, m) == 1) {
            return 1;
          }
          if (attempt > 0) throw new IllegalStateException("rate count for " + scope + " neither updated nor inserted");
        }
      });
      if (calls.incrementAndGet() % 256 == 0) db.tx(c -> Sql.update(c, "DELETE FROM kernel_rate_counts WHERE win < ?", m - 1));
      return n;
    }
  }
}
