package org.aigov.observatory.filings;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code free} failures for an account name (existing or not)
 * or {@code freeIp} for an address, each further attempt must wait 2^(n-free) seconds (capped),
 * answered 429. Kept in memory: a restart forgives, which is acceptable for a slow-down (not a lock).
 */
public final class Throttle {
  private record State(int failures, long lastMillis) {}

  private final ConcurrentHashMap<String, State> byName = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, State> byIp = new ConcurrentHashMap<>();
  private final int free, freeIp;
  private final long capSeconds;
  private final Clock clock;

  public Throttle(int free, int freeIp, long capSeconds, Clock clock) {
    this.free = free;
    this.freeIp = freeIp;
    this.capSeconds = capSeconds;
    this.clock = clock;
  }

  public static Throttle standard() {
    return new Throttle(5, 20, 900, Clock.systemUTC());
  }

  /** Seconds the caller must still wait before another attempt, 0 if allowed now. */
  public long waitSeconds(String name, String ip) {
    return Math.max(wait(byName.get(name), free), wait(ip == null ? null : byIp.get(ip), freeIp));
  }

  private long wait(State s, int allowance) {
    if (s == null || s.failures < allowance) return 0;
    long delay = Math.min(capSeconds, 1L << Math.min(30, s.failures - allowance + 1));
    long until = s.lastMillis + delay * 1000;
    long now = clock.millis();
    return now >= until ? 0 : (until - now + 999) / 1000;
  }

  public void failed(String name, String ip) {
    long now = clock.millis();
    byName.merge(name, new State(1, now), (a, b) -> new State(a.failures + 1, now));
    if (ip != null) byIp.merge(ip, new State(1, now), (a, b) -> new State(a.failures + 1, now));
  }

  /**
   * Check and count in one step: 0 with the attempt counted as a failure until {@link #succeeded(String, String)} says
   * otherwise, or the seconds to wait. Checking first and counting after the slow password hash let 40 guesses sent
   * at once through where 5 were allowed.
   */
  public synchronized long begin(String name, String ip) {
    long w = waitSeconds(name, ip);
    if (w == 0) failed(name, ip);
    return w;
  }

  /** A counted attempt succeeded: the account's failures are forgiven and the address's count is given back. */
  public void succeeded(String name, String ip) {
    byName.remove(name);
    if (ip != null) byIp.computeIfPresent(ip, (k, s) -> s.failures <= 1 ? null : new State(s.failures - 1, s.lastMillis));
  }
}
