package org.aigov.observatory.incidents;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fetches a feed over http(s) with connect and read timeouts and a hard size cap. */
final class FeedFetcher {
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration requestTimeout = Duration.ofSeconds(30);
  long maxBytes = 20L << 20;

  byte[] fetch(String url) throws IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feed URL is malformed: " + url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw new IllegalArgumentException("feed URL must be http or https: " + url);
    HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
        .header("User-Agent", "aigov-observatory-incidents/1").GET().build();
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + url);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new IOException("timed out fetching " + url + " after " + requestTimeout.toSeconds() + " s");
    }
    try (InputStream in = capped(resp.body(), maxBytes)) {
      if (resp.statusCode() / 100 != 2) throw new IOException("feed " + url + " answered HTTP " + resp.statusCode());
      long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBytes) throw new IOException("feed " + url + " is " + declared + " bytes, over the cap of " + maxBytes);
      return in.readAllBytes();
    }
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
}
