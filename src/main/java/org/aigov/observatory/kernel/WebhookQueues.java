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

    /** Starts each queue whose receiver has none in flight, on a free thread; returns how many started. The rest wait for a later round. */
    public <T> int dispatch(java.util.Map<K, List<T>> queues, Function<List<T>, int[]> worker) {
      int started = 0;
      for (java.util.Map.Entry<K, List<T>> e : queues.entrySet()) {
        K key = e.getKey();
        if (!inFlight.add(key)) continue;
        try {
          pool.execute(() -> {
            try {
              worker.apply(e.getValue());
            } catch (RuntimeException ex) {
              LOG.warn("webhook delivery to receiver {} failed: {}", key, ex.getMessage());
            } finally {
              inFlight.remove(key);
            }
          });
          started++;
        } catch (java.util.concurrent.RejectedExecutionException full) {
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
