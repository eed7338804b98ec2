package org.aigov.observatory.filings;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code free} failures for an account name (existing or not) from one address,
 * {@code freeIp} for an address, or {@code 10 × free} for the name from anywhere, each further attempt must wait
 * 2^(n-free) seconds (capped), answered 429. The name's own count is per address, so anyone could no longer keep a
 * reviewer out with a bad password every few minutes; the name's total still slows guessing spread over many addresses.
 * Kept in memory: a restart forgives, which is acceptable for a slow-down (not a lock).
 */
public final class Throttle {
  private record State(int failures, long lastMillis) {}

  private final ConcurrentHashMap<String, State> byName = new ConcurrentHashMap<>(); // name and address
  private final ConcurrentHashMap<String, State> byNameAll = new ConcurrentHashMap<>();
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
    return Math.max(Math.max(wait(byName.get(key(name, ip)), free), wait(byNameAll.get(name), 10 * free)),
        wait(ip == null ? null : byIp.get(ip), freeIp));
  }

  private static String key(String name, String ip) {
    return name + "\n" + ip;
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
    byName.merge(key(name, ip), new State(1, now), (a, b) -> new State(a.failures + 1, now));
    byNameAll.merge(name, new State(1, now), (a, b) -> new State(a.failures + 1, now));
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
    byName.remove(key(name, ip));
    byNameAll.remove(name);
    if (ip != null) byIp.computeIfPresent(ip, (k, s) -> s.failures <= 1 ? null : new State(s.failures - 1, s.lastMillis));
  }
}
