package org.aigov.observatory.kernel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The delivery rules both webhook senders (filings, incident alerts) follow: each receiver has its own queue,
 * sent in order on its own task, so one that is slow or down delays only itself; a receiver that cannot be reached
 * is waited for; only one that answers and refuses is given up on.
 */
public final class WebhookQueues {
  private WebhookQueues() {}

  /**
   * The receiver answered and refused the delivery (a 3xx or 4xx other than 408 and 429). After the last attempt such a
   * delivery is given up so that it does not hold the queue behind it. No answer, a timeout, 5xx, 408 or 429 mean
   * "not now": the delivery is tried again for as long as the webhook is active.
   */
  public static boolean refused(Integer status) {
    return status != null && status >= 300 && status < 500 && status != 408 && status != 429;
  }

  /**
   * {@link #refused} over a column of HTTP statuses, for counting a delivery's refusals in SQL. The give-up budget counts
   * refusals only: attempts made while the receiver was down had used it up, so one 404 from a receiver coming back
   * after a long outage gave an alert up (an outside QA pass, 2026-12-07).
   */
  public static String refusedSql(String column) {
    return column + " >= 300 AND " + column + " < 500 AND " + column + " NOT IN (408, 429)";
  }

  /** A failed send as a delivery log says it: the message alone when it is ours, else the exception's name before it. */
  public static String describe(Exception e) {
    String m = e.getMessage();
    if (e.getClass() == java.io.IOException.class && m != null) return m;
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The longest wait between two attempts unless {@code OBS_WEBHOOK_MAX_BACKOFF} says otherwise. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);

  private static final Setting<Duration> MAX_BACKOFF = new Setting<>("obs.webhook.maxBackoff", "OBS_WEBHOOK_MAX_BACKOFF", WebhookQueues::parseBackoff);

  /**
   * The longest wait between two attempts at a receiver that is down: {@code OBS_WEBHOOK_MAX_BACKOFF} (or
   * {@code -Dobs.webhook.maxBackoff}) as {@code 90s}, {@code 15m}, {@code 1h} or ISO-8601 ({@code PT15M}), 1 s to 24 h;
   * default 1 h. A delivery arrives at most this long after its receiver is back. Read once; a malformed value throws
   * naming the setting, which stops the start.
   */
  public static Duration maxBackoff() {
    return MAX_BACKOFF.get();
  }

  /** Forgets the setting, so the next call reads it again (tests). */
  public static void reload() {
    MAX_BACKOFF.reload();
  }

  static Duration parseBackoff(String spec) {
    if (spec == null || spec.isBlank()) return DEFAULT_MAX_BACKOFF;
    String s = spec.strip().toLowerCase(java.util.Locale.ROOT);
    Duration d;
    try {
      var m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*(s|m|h)").matcher(s);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = m.group(2).equals("s") ? Duration.ofSeconds(n) : m.group(2).equals("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
      } else {
        d = Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      }
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("OBS_WEBHOOK_MAX_BACKOFF: expected a duration such as 90s, 15m, 1h or PT15M, found '" + spec.strip() + "'");
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(24)) > 0)
      throw new IllegalArgumentException("OBS_WEBHOOK_MAX_BACKOFF: expected 1 s to 24 h, found '" + spec.strip() + "'");
    return d;
  }

  /** base × 2^(attempt−1), at most {@code max}. */
  public static Duration backoff(Duration base, Duration max, int attempt) {
    long ms = base.toMillis() << Math.min(30, Math.max(0, attempt - 1));
    return Duration.ofMillis(ms < 0 ? max.toMillis() : Math.min(max.toMillis(), ms));
  }

  /** Lower-case hex HMAC-SHA256 of {@code payload} under {@code secret}. */
  /**
   * "sha256=" and the hex HMAC of {@code timestamp + "." + body}: the signature both modules' webhooks carry beside the
   * time of the send, so a receiver can refuse a captured delivery replayed later.
   */
  public static String timestampedSignature(String secret, String timestamp, byte[] body) {
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = java.util.Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "sha256=" + hmacSha256Hex(secret, signed);
  }

  public static String hmacSha256Hex(String secret, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code worker} on each receiver's queue, at most {@code threads} at once, and sums the counts it returns.
   * A queue is one receiver's due deliveries in order; the worker stops at its first failure.
   */
  public static <T> int[] perReceiver(Collection<List<T>> queues, int threads, Function<List<T>, int[]> worker) {
    return perReceiver(queues, threads, null, worker);
  }

  /**
   * Receivers' queues sharing a limit key (one host; one owner) that may be sent at the same time: more would let one
   * hanging host, or one account's many hanging receivers, take every thread.
   */
  public static final int PER_KEY = 4;

  /**
   * The host of a webhook URL, lower-cased and without its port, the URL itself when it has none: receivers sharing it
   * share a machine. Keyed by port too, 20 hanging receivers on 20 ports of one machine had counted as 20 hosts and held
   * every thread (an outside QA pass measured a healthy receiver's alert 20 s late).
   */
  public static String hostOf(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getHost() == null ? url : u.getHost().toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  /**
   * The queues reordered so each first key's first queue comes before any key's second, and so on: 20 subscriptions to one
   * hanging receiver, made first, had taken all 16 threads ahead of a healthy receiver's (an outside QA pass measured 25 s).
   */
  static <T> List<List<T>> interleaved(Collection<List<T>> queues, Function<List<T>, List<String>> limits) {
    java.util.Map<String, java.util.ArrayDeque<List<T>>> byKey = new java.util.LinkedHashMap<>();
    for (List<T> q : queues) byKey.computeIfAbsent(limits.apply(q).get(0), h -> new java.util.ArrayDeque<>()).add(q);
    List<List<T>> out = new ArrayList<>(queues.size());
    while (out.size() < queues.size())
      for (java.util.ArrayDeque<List<T>> d : byKey.values()) if (!d.isEmpty()) out.add(d.poll());
    return out;
  }

  /**
   * As above; with {@code limits} (a queue's keys: its host, its owner), the first keys take turns and at most
   * {@link #PER_KEY} queues sharing any one key are sent at once.
   */
  public static <T> int[] perReceiver(Collection<List<T>> queues, int threads, Function<List<T>, List<String>> limits, Function<List<T>, int[]> worker) {
    if (limits != null) {
      java.util.Map<String, java.util.concurrent.Semaphore> slots = new java.util.concurrent.ConcurrentHashMap<>();
      Function<List<T>, int[]> inner = worker;
      queues = interleaved(queues, limits);
      worker = q -> {
        // taken in one order (sorted) by every worker, so two queues never hold one key each and wait for the other's
        List<java.util.concurrent.Semaphore> held = new ArrayList<>();
        for (String k : new java.util.TreeSet<>(limits.apply(q))) {
          java.util.concurrent.Semaphore s = slots.computeIfAbsent(k, h -> new java.util.concurrent.Semaphore(PER_KEY));
          s.acquireUninterruptibly();
          held.add(s);
        }
        try {
          return inner.apply(q);
        } finally {
          for (java.util.concurrent.Semaphore s : held) s.release();
        }
      };
    }
    return perReceiverRun(queues, threads, worker);
  }

  private static <T> int[] perReceiverRun(Collection<List<T>> queues, int threads, Function<List<T>, int[]> worker) {
    int[] sum = null;
    if (queues.isEmpty()) return new int[0];
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, queues.size())), Daemons.named("webhook-delivery"));
    try {
      List<Future<int[]>> fs = new ArrayList<>();
      for (List<T> q : queues) fs.add(pool.submit(() -> worker.apply(q)));
      for (Future<int[]> f : fs) {
        int[] r = f.get();
        if (sum == null) sum = new int[r.length];
        for (int i = 0; i < r.length; i++) sum[i] += r[i];
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("webhook delivery interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("webhook delivery worker failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    return sum;
  }

  /**
   * Sends receivers' queues on a long-lived pool without waiting for them: a round hands out the queues of receivers that
   * have nothing in flight and returns, so a receiver that hangs holds one thread until its timeout, never the loop that
   * called (feed polling, clustering, scanning) nor the next round's other receivers.
   */
  public static final class Dispatcher<K> implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);
    private final java.util.concurrent.ThreadPoolExecutor pool;
    private final java.util.Set<K> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Dispatcher(String name, int threads) {
      pool = new java.util.concurrent.ThreadPoolExecutor(0, threads, 30, java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.SynchronousQueue<>(), Daemons.named(name));
    }

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> perKey = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts each queue whose receiver has none in flight, on a free thread; returns how many started. The rest wait for a later round. */
    public <T> int dispatch(java.util.Map<K, List<T>> queues, Function<List<T>, int[]> worker) {
      return dispatch(queues, null, worker);
    }

    /**
     * As above; with {@code limits} (a queue's keys: its host, its owner), the first keys take turns and at most
     * {@link #PER_KEY} queues sharing any one key are in flight, so receivers on a host that hangs, or one account's
     * many hanging receivers, hold at most that many threads, not every one.
     */
    public <T> int dispatch(java.util.Map<K, List<T>> queues, Function<List<T>, List<String>> limits, Function<List<T>, int[]> worker) {
      java.util.Map<List<T>, K> keys = new java.util.IdentityHashMap<>();
      queues.forEach((k, q) -> keys.put(q, k));
      List<List<T>> order = limits == null ? new ArrayList<>(queues.values()) : interleaved(queues.values(), limits);
      int started = 0;
      for (List<T> q : order) {
        K key = keys.get(q);
        if (!inFlight.add(key)) continue;
        List<java.util.concurrent.atomic.AtomicInteger> held = new ArrayList<>();
        boolean busy = false;
        for (String k : limits == null ? List.<String>of() : limits.apply(q)) {
          java.util.concurrent.atomic.AtomicInteger n = perKey.computeIfAbsent(k, h -> new java.util.concurrent.atomic.AtomicInteger());
          held.add(n);
          if (n.incrementAndGet() > PER_KEY) { busy = true; break; } // this host's or owner's share is busy: a later round
        }
        if (busy) {
          held.forEach(java.util.concurrent.atomic.AtomicInteger::decrementAndGet);
          inFlight.remove(key);
          continue;
        }
        try {
          pool.execute(() -> {
            try {
              worker.apply(q);
            } catch (RuntimeException ex) {
              LOG.warn("webhook delivery to receiver {} failed: {}", key, ex.getMessage());
            } finally {
              held.forEach(java.util.concurrent.atomic.AtomicInteger::decrementAndGet);
              inFlight.remove(key);
            }
          });
          started++;
        } catch (java.util.concurrent.RejectedExecutionException full) {
          held.forEach(java.util.concurrent.atomic.AtomicInteger::decrementAndGet);
          inFlight.remove(key); // every thread busy (or closing): next round
        }
      }
      return started;
    }

    /** Receivers with a queue being sent now. */
    public int inFlight() {
      return inFlight.size();
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }
}
