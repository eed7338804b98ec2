package org.aigov.observatory.filings;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Sql;

/**
 * Slows down password guessing: after {@code free} failures for an account name (existing or not) from one address,
 * {@code freeIp} for an address, or {@code 10 × free} for the name from anywhere, each further attempt must wait
 * 2^(n-free) seconds (capped), answered 429. The name's own count is per address, so anyone could no longer keep a
 * reviewer out with a bad password every few minutes; the name's total still slows guessing spread over many addresses.
 * A count left alone for {@link #FORGIVE_MS} starts again. Unbound, the counts are in memory; {@link #storedIn(Db)} keeps
 * them in the store, so every server on a shared store sees one count and a restart forgives nothing.
 */
public final class Throttle {
  /** Quiet time after which a count is forgotten. */
  public static final long FORGIVE_MS = 24 * 3600_000L;

  record State(int failures, long lastMillis) {}

  private static final String NAME_IP = "name_ip", NAME = "name", IP = "ip";

  private final Counts counts;
  private final int free, freeIp;
  private final long capSeconds;
  private final Clock clock;

  public Throttle(int free, int freeIp, long capSeconds, Clock clock) {
    this(free, freeIp, capSeconds, clock, new MemoryCounts());
  }

  private Throttle(int free, int freeIp, long capSeconds, Clock clock, Counts counts) {
    this.free = free;
    this.freeIp = freeIp;
    this.capSeconds = capSeconds;
    this.clock = clock;
    this.counts = counts;
  }

  public static Throttle standard() {
    return new Throttle(5, 20, 900, Clock.systemUTC());
  }

  /** The same rule, counted in the store's {@code filing_login_failures}. */
  public Throttle storedIn(Db db) {
    return counts instanceof TableCounts t && t.db == db ? this : new Throttle(free, freeIp, capSeconds, clock, new TableCounts(db));
  }

  /** Seconds the caller must still wait before another attempt, 0 if allowed now. */
  public long waitSeconds(String name, String ip) {
    return waitFor(counts.read(keys(name, ip)), clock.millis());
  }

  /**
   * Check and count in one step: 0 with the attempt counted as a failure until {@link #succeeded(String, String)} says
   * otherwise, or the seconds to wait. Checking first and counting after the slow password hash let 40 guesses sent
   * at once through where 5 were allowed.
   */
  public long begin(String name, String ip) {
    long now = clock.millis();
    return counts.update(keys(name, ip), now, states -> {
      long w = waitFor(states, now);
      return w == 0 ? Stream.of(states).map(s -> new State(alive(s, now) ? s.failures + 1 : 1, now)).toArray(State[]::new) : null;
    }, w -> waitFor(w, now));
  }

  /** A counted attempt succeeded: the account's failures are forgiven and the address's count is given back. */
  public void succeeded(String name, String ip) {
    long now = clock.millis();
    counts.update(keys(name, ip), now, states -> {
      State[] next = new State[states.length];
      next[0] = new State(0, 0);
      next[1] = new State(0, 0);
      if (next.length > 2) next[2] = new State(Math.max(0, states[2].failures - 1), states[2].lastMillis);
      return next;
    }, w -> 0L);
  }

  /** Scope and SHA-256 of each counted key, hashed once here: a row has a fixed size and keeps no guessed e-mail. */
  private static String[][] keys(String name, String ip) {
    String[][] k = ip == null ? new String[][] {{NAME_IP, name + "\n"}, {NAME, name}}
        : new String[][] {{NAME_IP, name + "\n" + ip}, {NAME, name}, {IP, ip}};
    for (String[] x : k) x[1] = Hashing.sha256Hex(x[1]);
    return k;
  }

  private long waitFor(State[] s, long now) {
    long w = Math.max(wait(s[0], free, now), wait(s[1], 10 * free, now));
    return s.length > 2 ? Math.max(w, wait(s[2], freeIp, now)) : w;
  }

  private static boolean alive(State s, long now) {
    return s.failures > 0 && now - s.lastMillis < FORGIVE_MS;
  }

  private long wait(State s, int allowance, long now) {
    if (!alive(s, now) || s.failures < allowance) return 0;
    long delay = Math.min(capSeconds, 1L << Math.min(30, s.failures - allowance + 1));
    long until = s.lastMillis + delay * 1000;
    return now >= until ? 0 : (until - now + 999) / 1000;
  }

  /** Where counts live. {@code update} reads the keys' states, and writes what {@code change} returns (null: nothing), atomically. */
  interface Counts {
    State[] read(String[][] keys);

    long update(String[][] keys, long now, UnaryOperator<State[]> change, java.util.function.ToLongFunction<State[]> result);
  }

  private static final class MemoryCounts implements Counts {
    private final Map<String, State> map = new HashMap<>();

    @Override
    public synchronized State[] read(String[][] keys) {
      return Stream.of(keys).map(k -> map.getOrDefault(k[0] + ":" + k[1], new State(0, 0))).toArray(State[]::new);
    }

    @Override
    public synchronized long update(String[][] keys, long now, UnaryOperator<State[]> change, java.util.function.ToLongFunction<State[]> result) {
      State[] before = read(keys);
      State[] after = change.apply(before);
      if (after == null) return result.applyAsLong(before);
      for (int i = 0; i < keys.length; i++) {
        String k = keys[i][0] + ":" + keys[i][1];
        if (after[i].failures == 0) map.remove(k);
        else map.put(k, after[i]);
      }
      if (map.size() > 100_000) map.values().removeIf(s -> now - s.lastMillis >= FORGIVE_MS); // names are the guesser's choice
      return 0;
    }
  }

  /** Rows of {@code filing_login_failures}, locked in key order so two servers' attempts on the same keys take turns. */
  private static final class TableCounts implements Counts {
    final Db db;
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    TableCounts(Db db) {
      this.db = db;
    }

    @Override
    public State[] read(String[][] keys) {
      return db.read(c -> states(c, keys, false));
    }

    private static State[] states(Connection c, String[][] keys, boolean lock) throws SQLException {
      State[] out = new State[keys.length];
      for (int i = 0; i < keys.length; i++) {
        Map<String, Object> r = Sql.one(c, "SELECT failures, last_ms FROM filing_login_failures WHERE scope=? AND k=?" + (lock ? " FOR UPDATE" : ""),
            keys[i][0], keys[i][1]);
        out[i] = r == null ? new State(0, 0) : new State(((Number) r.get("failures")).intValue(), ((Number) r.get("last_ms")).longValue());
      }
      return out;
    }

    @Override
    public long update(String[][] keys, long now, UnaryOperator<State[]> change, java.util.function.ToLongFunction<State[]> result) {
      long r = db.tx(c -> {
        // rows exist before they are locked: FOR UPDATE cannot lock a row that is not there yet
        for (String[] k : keys) {
          Sql.update(c, "INSERT INTO filing_login_failures(scope, k, failures, last_ms) VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING",
              k[0], k[1]);
        }
        State[] before = states(c, keys, true);
        State[] after = change.apply(before);
        if (after == null) return result.applyAsLong(before);
        for (int i = 0; i < keys.length; i++) {
          if (after[i].failures == 0) {
            Sql.update(c, "DELETE FROM filing_login_failures WHERE scope=? AND k=?", keys[i][0], keys[i][1]);
          } else {
            Sql.update(c, "UPDATE filing_login_failures SET failures=?, last_ms=? WHERE scope=? AND k=?",
                after[i].failures, after[i].lastMillis, keys[i][0], keys[i][1]);
          }
        }
        return 0L;
      });
      if (calls.incrementAndGet() % 256 == 0) {
        db.tx(c -> Sql.update(c, "DELETE FROM filing_login_failures WHERE last_ms < ?", now - FORGIVE_MS));
      }
      return r;
    }
  }
}
