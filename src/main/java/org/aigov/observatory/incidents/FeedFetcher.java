package org.aigov.observatory.incidents;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.OutboundHttp;
import org.aigov.observatory.kernel.WebhookTargets;

/** Fetches a feed over http(s) with connect and read timeouts and a hard size cap. */
final class FeedFetcher {
  Duration requestTimeout = Duration.ofSeconds(30);
  long maxBytes = 20L << 20;
  /** Why a URL may not be fetched for a guarded feed, or null (tests stand in their own rule). */
  java.util.function.Function<String, String> targetRule = WebhookTargets::problem;

  /** What a poll got: a body (200), or nothing new (304), with the validators to send next time. */
  record Fetched(int status, byte[] body, String etag, String lastModified, String contentType) {
    Fetched(int status, byte[] body, String etag, String lastModified) {
      this(status, body, etag, lastModified, null);
    }

    boolean notModified() {
      return status == 304;
    }
  }

  byte[] fetch(String url) throws IOException {
    return fetch(url, null, null, false).body();
  }

  /**
   * GET with {@code If-None-Match} / {@code If-Modified-Since} when validators are given. Redirects (at most 5, never
   * from https to http) are followed by hand so that with {@code guard} every hop must be a public address, as for
   * webhooks ({@link WebhookTargets}): a feed URL configured through the API cannot reach the intranet.
   */
  Fetched fetch(String url, String etag, String lastModified, boolean guard) throws IOException {
    return fetch(url, etag, lastModified, guard, null);
  }

  /**
   * The same for a later page of a paged feed at {@code site} (or null): a redirect off that feed's site is refused as
   * its next link would be, so a same-site page cannot lead the reader elsewhere.
   */
  Fetched fetch(String url, String etag, String lastModified, boolean guard, String site) throws IOException {
    URI uri = checked(url, guard);
    long deadline = System.nanoTime() + requestTimeout.toNanos(); // the whole fetch, body included
    // guarded: the connection goes only to the addresses its own look-up found public, so a DNS answer that changes after
    // the check above cannot reach the intranet
    org.eclipse.jetty.client.HttpClient client = guard ? OutboundHttp.guarded() : OutboundHttp.open();
    for (int hop = 0; ; hop++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new IOException("timed out fetching " + url + " after " + requestTimeout.toSeconds() + " s");
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5");
      h.put("Accept-Encoding", "gzip");
      h.put("User-Agent", "aigov-observatory-incidents/1");
      if (etag != null) h.put("If-None-Match", etag);
      if (lastModified != null) h.put("If-Modified-Since", lastModified);
      OutboundHttp.Streamed resp;
      try {
        resp = OutboundHttp.get(client, uri, h, Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching " + url);
      } catch (java.net.http.HttpTimeoutException e) {
        throw new IOException("timed out fetching " + url + " after " + requestTimeout.toSeconds() + " s");
      } catch (IOException e) {
        throw new IOException("cannot fetch " + uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
      }
      int status = resp.response().getStatus();
      try (InputStream in = capped(resp.body(), maxBytes)) {
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
          String loc = resp.header("Location");
          if (loc == null) throw new IOException("feed " + url + " answered HTTP " + status + " without a Location");
          if (hop >= 5) throw new IOException("feed " + url + ": more than 5 redirects");
          URI next;
          try {
            next = uri.resolve(loc.strip());
          } catch (IllegalArgumentException e) {
            throw new IOException("feed " + url + " redirects to a malformed URL");
          }
          if ("https".equals(uri.getScheme()) && !"https".equals(next.getScheme())) throw new IOException("feed " + url + " redirects from https to " + next.getScheme());
          if (site != null && !Feeds.sameSite(site, next.toString()))
            throw new IOException("feed page " + FeedSource.withoutCredentials(url) + " redirects to another site: " + FeedSource.withoutCredentials(next.toString()));
          try {
            uri = checked(next.toString(), guard);
          } catch (IllegalArgumentException e) { // the redirect is what is refused, not the feed's own URL: say so
            throw new IOException("feed " + FeedSource.withoutCredentials(url) + " redirects to " + Topics.clip(FeedSource.withoutCredentials(next.toString()))
                + ", which is refused: " + e.getMessage().replaceFirst("^feed URL refused: ", ""), e);
          }
          continue;
        }
        if (status == 304) return new Fetched(304, null, etag, lastModified);
        if (status / 100 != 2) {
          long wait = status == 429 || status == 503 ? retryAfter(resp.header("Retry-After"), java.time.Instant.now()) : 0;
          throw new Refused("feed " + url + " answered HTTP " + status + (wait > 0 ? " (Retry-After: " + wait + " s)" : ""), wait);
        }
        long declared = resp.response().getHeaders().getLongField("Content-Length");
        if (declared > maxBytes) throw new IOException("feed " + url + " is " + declared + " bytes, over the cap of " + maxBytes);
        byte[] body = readBefore(in, gzipped(resp, url), deadline, url);
        return new Fetched(status, body, header(resp, "ETag", 500), header(resp, "Last-Modified", 100), header(resp, "Content-Type", 200));
      }
    }
  }

  /**
   * Whether the body is gzip (unpacked on reading, the cap applying to what it unpacks to as well, so a small bomb cannot
   * fill the heap). Any other encoding was not asked for and is refused by name rather than parsed as XML garbage.
   */
  private static boolean gzipped(OutboundHttp.Streamed resp, String url) throws IOException {
    String raw = resp.header("Content-Encoding");
    String enc = raw == null ? "" : raw.strip().toLowerCase(java.util.Locale.ROOT);
    if (enc.isEmpty() || enc.equals("identity")) return false;
    if (enc.equals("gzip") || enc.equals("x-gzip")) return true;
    throw new IOException("feed " + url + " is sent with Content-Encoding " + (enc.length() > 40 ? enc.substring(0, 40) + "…" : enc) + ", which is not supported (gzip is)");
  }

  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(Daemons.named("feed-fetch-deadline"));

  /**
   * The client's request timeout ends when the headers arrive; a server that then sends the body a byte at a time
   * would hold a poll for ever. So the body is read against the fetch's deadline: a watchdog closes the stream then.
   */
  private byte[] readBefore(InputStream in, boolean gzip, long deadline, String url) throws IOException {
    AtomicBoolean expired = new AtomicBoolean();
    long left = Math.max(1, deadline - System.nanoTime());
    ScheduledFuture<?> dog = WATCHDOG.schedule(() -> {
      expired.set(true);
      try {
        in.close();
      } catch (IOException ignored) {
        // closing is all that is wanted
      }
    }, left, TimeUnit.NANOSECONDS);
    byte[] body;
    try {
      // the gzip header is read here too, inside the deadline
      body = (gzip ? capped(new java.util.zip.GZIPInputStream(in, 8192), maxBytes) : in).readAllBytes();
    } catch (IOException e) {
      if (expired.get() || OutboundHttp.timedOut(e)) throw new IOException("timed out reading " + url + " after " + requestTimeout.toSeconds() + " s");
      if (gzip && (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException))
        throw new IOException("feed " + url + " says gzip but its body is not valid gzip (" + e.getMessage() + ")");
      throw e;
    } finally {
      dog.cancel(false);
    }
    if (expired.get()) throw new IOException("timed out reading " + url + " after " + requestTimeout.toSeconds() + " s");
    return body;
  }

  private static String header(OutboundHttp.Streamed r, String name, int max) {
    String v = r.header(name);
    return v == null || v.isBlank() || v.length() > max ? null : v;
  }

  private URI checked(String url, boolean guard) {
    if (guard) {
      String why = targetRule.apply(url);
      if (why != null) throw new IllegalArgumentException("feed URL refused: " + why);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feed URL is malformed: " + url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw new IllegalArgumentException("feed URL must be http or https: " + url);
    if (uri.getHost() == null) throw new IllegalArgumentException("feed URL has no host: " + url);
    return uri;
  }

  /** Wraps a stream so that reading past {@code max} bytes fails instead of exhausting memory. */
  static InputStream capped(InputStream in, long max) {
    return new FilterInputStream(in) {
      long count;

      @Override
      public int read() throws IOException {
        int c = super.read();
        if (c >= 0 && ++count > max) throw new IOException("feed exceeds the size cap of " + max + " bytes");
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && (count += n) > max) throw new IOException("feed exceeds the size cap of " + max + " bytes");
        return n;
      }
    };
  }

  /** A feed's server said no; {@code retryAfterSeconds} is how long it asked to be left alone (0: it did not say). */
  static final class Refused extends IOException {
    final long retryAfterSeconds;

    Refused(String message, long retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  /** A Retry-After header (RFC 9110 §10.2.3: seconds, or an HTTP date) as seconds from {@code now}; 0 when absent or unreadable. */
  static long retryAfter(String header, java.time.Instant now) {
    if (header == null || header.isBlank()) return 0;
    String v = header.strip();
    try {
      if (v.chars().allMatch(Character::isDigit)) return v.length() > 9 ? 999_999_999L : Long.parseLong(v);
      java.time.Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, java.time.Duration.between(now, at).toSeconds());
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
