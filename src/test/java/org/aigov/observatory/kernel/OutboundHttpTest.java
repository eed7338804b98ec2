package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the shared outbound client must not do that a fresh JDK client per round never did (tests allow private targets). */
class OutboundHttpTest {
  HttpServer server;
  String base;
  final Map<String, String> seen = new ConcurrentHashMap<>();
  final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext("/cookie", ex -> {
      ex.getResponseHeaders().add("Set-Cookie", "sess=SECRET; Path=/");
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/ok", ex -> {
      String cookie = ex.getRequestHeaders().getFirst("Cookie");
      seen.put("cookie", cookie == null ? "" : cookie);
      String ua = ex.getRequestHeaders().getFirst("User-Agent");
      seen.put("ua", ua == null ? "" : ua);
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/hang", ex -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/401big", ex -> {
      byte[] body = new byte[40_000];
      ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"x\"");
      ex.sendResponseHeaders(401, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void aReceiversCookieIsNotSentOnAndWebhooksNameThemselves() throws Exception {
    assertEquals(204, WebhookTargets.post(base + "/cookie", Map.of(), "{}".getBytes(), Duration.ofSeconds(5)));
    assertEquals(204, WebhookTargets.post(base + "/ok", Map.of(), "{}".getBytes(), Duration.ofSeconds(5)));
    assertEquals("", seen.get("cookie"), "no cookie store: one receiver's cookie never rides along with later requests");
    assertTrue(seen.get("ua").startsWith("aigov-observatory"), seen.get("ua"));
  }

  @Test
  void receiversHangingOnOneHostDoNotHoldUpAnotherDeliveryThere() throws Exception {
    var pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<Integer>> hung = new ArrayList<>();
      for (int i = 0; i < 12; i++) hung.add(pool.submit(() -> WebhookTargets.post(base + "/hang", Map.of(), "{}".getBytes(), Duration.ofSeconds(20))));
      Thread.sleep(500); // all twelve are now waiting on the receiver
      long t0 = System.nanoTime();
      assertEquals(204, WebhookTargets.post(base + "/ok", Map.of(), "{}".getBytes(), Duration.ofSeconds(5)));
      assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "answered while twelve others hang");
      release.countDown();
      for (Future<Integer> f : hung) assertEquals(204, f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReceiverThatClosesWithoutAnsweringIsSaidInOneLine() throws Exception {
    try (java.net.ServerSocket closer = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (java.net.Socket so = closer.accept()) {
          so.getInputStream().read(new byte[512]); // the request has begun; then the connection is closed, unanswered
        } catch (java.io.IOException ignored) {
          // the test reads what the client said
        }
      });
      t.start();
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> WebhookTargets.post("http://127.0.0.1:" + closer.getLocalPort() + "/x", Map.of(), "{}".getBytes(), Duration.ofSeconds(5)));
      // it was Jetty's EOFException with a 900-character dump of its connection, shown to subscribers in their delivery log
      assertEquals("the other side closed the connection before it answered", e.getMessage());
      t.join(5_000);
    }
  }

  @Test
  void aLargeUnauthorisedAnswerKeepsItsStatus() throws Exception {
    // Jetty's own 401 handling buffered the body and failed over 16 KiB: the delivery then had no status and retried for ever
    assertEquals(401, WebhookTargets.post(base + "/401big", Map.of(), "{}".getBytes(), Duration.ofSeconds(5)));
    assertNull(WebhookTargets.problem(base + "/ok"), "tests run with private targets allowed");
  }
}
