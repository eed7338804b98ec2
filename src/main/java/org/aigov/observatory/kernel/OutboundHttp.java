package org.aigov.observatory.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.http.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.util.BytesRequestContent;
import org.eclipse.jetty.client.util.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.HttpCookieStore;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The observatory's outbound HTTP (webhooks, monitored feeds). The guarded client resolves each host once, refuses it
 * unless every address is public ({@link WebhookTargets#isPublic}), and connects to exactly those addresses: checking a
 * URL and then letting a client resolve it again would let a DNS answer that changes in between (DNS rebinding) reach
 * the intranet. The open client is for what an operator fetches from the command line. Both are shared, started at
 * first use, and run on daemon threads, so a command still exits when its work is done.
 */
public final class OutboundHttp {
  private static volatile HttpClient guarded, open;

  private OutboundHttp() {}

  /** The client whose connections go only to public addresses (unless {@link WebhookTargets#allowPrivate}). */
  public static HttpClient guarded() {
    HttpClient c = guarded;
    if (c == null) {
      synchronized (OutboundHttp.class) {
        if ((c = guarded) == null) guarded = c = start("outbound-guarded", OutboundHttp::resolvePublic);
      }
    }
    return c;
  }

  /** A client without the address rule, for URLs the operator gave on the command line. */
  public static HttpClient open() {
    HttpClient c = open;
    if (c == null) {
      synchronized (OutboundHttp.class) {
        if ((c = open) == null) open = c = start("outbound-open", null);
      }
    }
    return c;
  }

  private static HttpClient start(String name, SocketAddressResolver resolver) {
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName(name);
    pool.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(new SslContextFactory.Client()); // verifies the certificate's host name
    connector.setConnectTimeout(Duration.ofSeconds(120)); // each request's own total timeout governs, connection included
    HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
    c.setExecutor(pool);
    c.setScheduler(new ScheduledExecutorScheduler(name + "-scheduler", true));
    if (resolver != null) c.setSocketAddressResolver(resolver);
    c.setFollowRedirects(false); // a redirect is a new target: callers check it and follow it themselves
    c.setUserAgentField(null);
    c.setCookieStore(new HttpCookieStore.Empty()); // a receiver's cookie must not ride along with other deliveries
    // receivers hanging on one host must not hold up the others' deliveries (a request's wait for a connection counts
    // against its timeout); the delivery pools themselves bound how many run at once
    c.setMaxConnectionsPerDestination(256);
    c.setIdleTimeout(30_000); // an idle keep-alive connection to a receiver is closed, not held for ever
    try {
      c.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the outbound HTTP client: " + e, e);
    }
    // after start, which adds them: callers unpack gzip under their own size cap, and a 401 or a redirect is an answer
    // to report (Jetty's 401 handling buffers the body and fails on a large one, losing the status)
    c.getContentDecoderFactories().clear();
    c.getProtocolHandlers().clear();
    return c;
  }

  /** Resolves once; every address must be public, and the connection is made to these very addresses. */
  static void resolvePublic(String host, int port, Promise<List<InetSocketAddress>> promise) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      List<InetSocketAddress> out = new ArrayList<>(all.length);
      for (InetAddress a : all) {
        if (!WebhookTargets.allowPrivate() && !WebhookTargets.isPublic(a)) {
          promise.failed(new IOException("connection refused by the address rule: " + WebhookTargets.nonPublic(host, a)));
          return;
        }
        out.add(new InetSocketAddress(a, port));
      }
      promise.succeeded(out);
    } catch (UnknownHostException e) {
      promise.failed(new UnknownHostException("host " + host + " does not resolve"));
    }
  }

  /**
   * POSTs {@code body} and returns the status code; the whole exchange (connection, request, response body, which is
   * discarded) must end within {@code total}, so a receiver that trickles its answer cannot hold a delivery worker.
   */
  public static int post(HttpClient client, URI uri, Map<String, String> headers, String contentType, byte[] body, Duration total)
      throws IOException, InterruptedException {
    Request req = client.newRequest(uri).method(HttpMethod.POST).timeout(total.toMillis(), TimeUnit.MILLISECONDS).idleTimeout(total.toMillis(), TimeUnit.MILLISECONDS)
        .headers(h -> headers.forEach(h::put)).body(new BytesRequestContent(contentType, body));
    CompletableFuture<Integer> status = new CompletableFuture<>();
    req.send(result -> {
      if (result.isFailed()) status.completeExceptionally(result.getFailure());
      else status.complete(result.getResponse().getStatus());
    });
    return await(status::get, req, total);
  }

  /** A GET whose body is read as a stream; the response is back once its headers are. */
  public record Streamed(Response response, java.io.InputStream body) {
    public String header(String name) {
      return response.getHeaders().get(name);
    }
  }

  /** GETs {@code uri} with {@code headers}; the whole exchange, body included, is cut off after {@code total}. */
  public static Streamed get(HttpClient client, URI uri, Map<String, String> headers, Duration total) throws IOException, InterruptedException {
    Request req = client.newRequest(uri).method(HttpMethod.GET).timeout(total.toMillis(), TimeUnit.MILLISECONDS)
        .idleTimeout(total.toMillis(), TimeUnit.MILLISECONDS).headers(h -> headers.forEach(h::put));
    InputStreamResponseListener listener = new InputStreamResponseListener();
    req.send(listener);
    return new Streamed(await(listener::get, req, total), listener.getInputStream());
  }

  private interface Wait<T> {
    T get(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException, ExecutionException;
  }

  /** What {@code w} gives within the request's timeout (Jetty's own fires first; this one is a backstop). */
  private static <T> T await(Wait<T> w, Request req, Duration total) throws IOException, InterruptedException {
    try {
      return w.get(total.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      req.abort(e);
      throw new java.net.http.HttpTimeoutException("no complete answer within " + total.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw failure(e.getCause(), total);
    } catch (InterruptedException e) {
      req.abort(e);
      throw e;
    }
  }

  /** Whether {@code e} (or what caused it) is the client's total timeout, which can also end a body being read. */
  public static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) return true;
    return false;
  }

  private static IOException failure(Throwable c, Duration total) {
    if (c instanceof TimeoutException) return new java.net.http.HttpTimeoutException("no complete answer within " + total.toMillis() + " ms");
    if (c instanceof org.eclipse.jetty.client.HttpResponseException) {
      // Jetty's message goes on to dump its connection's state: the first clause says what was wrong
      String m = String.valueOf(c.getMessage());
      int cut = m.indexOf(" on HttpConnection");
      return new IOException("invalid HTTP response: " + (cut > 0 ? m.substring(0, cut) : m), c);
    }
    // Jetty's EOFException reads as a dump of its connection's state (900 characters, shown to subscribers; outside QA)
    if (c instanceof java.io.EOFException || c instanceof java.nio.channels.ClosedChannelException)
      return new IOException("the other side closed the connection before it answered", c);
    if (c instanceof IOException io) {
      String m = io.getMessage();
      int dump = m == null ? -1 : m.indexOf("HttpConnectionOver");
      return dump < 0 ? io : new IOException(io.getClass().getSimpleName() + (dump > 0 ? ": " + m.substring(0, dump).replaceFirst("[\\s:;,]+$", "") : ""), io);
    }
    return new IOException(c == null ? "request failed" : c.toString(), c);
  }
}
