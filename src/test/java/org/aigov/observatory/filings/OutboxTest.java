package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filings outbox keeps the incident alerts' delivery rules: per-webhook queues, order, nothing lost to a receiver that is down. */
class OutboxTest {
  TestServer s;

  @BeforeEach
  void up() {
    s = new TestServer();
  }

  @AfterEach
  void down() {
    s.close();
  }

  private long hook(String url, String party) {
    TestServer.Resp r = s.call("POST", "/api/filings/webhooks", "admin", Map.of("url", url, "party", party));
    assertEquals(201, r.status(), r.body());
    return r.json().get("id").asLong();
  }

  /** Publishes one disclosure of party acme; returns the filing id. */
  private String publish(String title) {
    return s.publishedByReporterB("disclosure", TestServer.disclosure(title));
  }

  private Map<String, Object> row(long webhook) {
    return s.obs.db.read(c -> Sql.one(c, "SELECT attempts, gave_up_at, delivered_at, last_status FROM filing_outbox WHERE webhook_id=? "
        + "ORDER BY created_at, delivery_id LIMIT 1", webhook));
  }

  @Test
  void aReceiverThatHangsDelaysNoOtherWebhook() {
    // each receiver answers 200 only once the other has been called: sent one after the other, the first would time out
    CountDownLatch both = new CountDownLatch(2);
    Javalin receiver = Javalin.create().post("/{name}", ctx -> {
      both.countDown();
      ctx.status(both.await(4, TimeUnit.SECONDS) ? 200 : 504);
    }).start(0);
    try {
      String base = "http://127.0.0.1:" + receiver.port() + "/";
      hook(base + "a", "acme");
      hook(base + "b", "acme");
      publish("two receivers");
      Outbox outbox = new Outbox(s.obs.db, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(3));
      assertEquals(2, outbox.deliverDue());
    } finally {
      receiver.stop();
    }
  }

  @Test
  void aWebhookGetsItsEventsInOrderWhileOneWaitsOutItsBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<String> got = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/in-order", ctx -> {
      if (calls.incrementAndGet() == 1) {
        ctx.status(503);
        return;
      }
      got.add(Json.read(ctx.body()).get("filing").asText());
    }).start(0);
    try {
      hook("http://127.0.0.1:" + receiver.port() + "/in-order", "acme");
      Outbox outbox = new Outbox(s.obs.db, Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(3));
      String first = publish("first");
      assertEquals(0, outbox.deliverDue()); // 503: waits 300 ms
      String second = publish("second");
      assertEquals(0, outbox.deliverDue()); // due, but behind the first
      assertTrue(got.isEmpty());
      Thread.sleep(400);
      assertEquals(2, outbox.deliverDue());
      assertEquals(List.of(first, second), got);
    } finally {
      receiver.stop();
    }
  }

  @Test
  void aReceiverThatIsDownIsWaitedForPastTheAttemptLimit() throws Exception {
    Javalin probe = Javalin.create().start(0);
    int port = probe.port();
    probe.stop(); // nothing listens there now: every attempt is refused at connect
    long id = hook("http://127.0.0.1:" + port + "/later", "acme");
    String filing = publish("while down");
    Outbox outbox = new Outbox(s.obs.db, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(2));
    for (int i = 0; i < Outbox.MAX_ATTEMPTS + 3; i++) {
      assertEquals(0, outbox.deliverDue());
      Thread.sleep(5);
    }
    Map<String, Object> r = row(id);
    assertTrue(((Number) r.get("attempts")).intValue() > Outbox.MAX_ATTEMPTS, r.toString());
    assertNull(r.get("gave_up_at"), "a receiver that cannot be reached is not given up on");
    List<String> got = new CopyOnWriteArrayList<>();
    AtomicInteger redeploying = new AtomicInteger(1);
    Javalin back = Javalin.create().post("/later", ctx -> {
      if (redeploying.getAndDecrement() > 0) ctx.status(404); // back, but its route not yet: one refusal
      else got.add(Json.read(ctx.body()).get("filing").asText());
    }).start(port);
    try {
      Thread.sleep(5);
      assertEquals(0, outbox.deliverDue());
      // QA of 2026-12-07: the attempts made while it was down counted towards the refusals' limit, and this one 404 gave it up
      assertNull(row(id).get("gave_up_at"), "one refusal after an outage is not the twelfth");
      Thread.sleep(5);
      assertEquals(1, outbox.deliverDue());
      assertEquals(List.of(filing), got);
      assertNotNull(row(id).get("delivered_at"));
    } finally {
      back.stop();
    }
  }

  @Test
  void aRefusedRowIsGivenUpAfterTheLimitFreesItsQueueAndCanBeRetried() throws Exception {
    AtomicInteger refuse = new AtomicInteger(Outbox.MAX_ATTEMPTS);
    List<String> got = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/picky", ctx -> {
      if (refuse.getAndDecrement() > 0) {
        ctx.status(410);
        return;
      }
      got.add(Json.read(ctx.body()).get("filing").asText());
    }).start(0);
    try {
      long id = hook("http://127.0.0.1:" + receiver.port() + "/picky", "acme");
      String refused = publish("refused");
      String next = publish("next");
      Outbox outbox = new Outbox(s.obs.db, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(2));
      int delivered = 0;
      for (int i = 0; i < Outbox.MAX_ATTEMPTS + 2 && got.isEmpty(); i++) {
        delivered += outbox.deliverDue();
        Thread.sleep(5);
      }
      assertEquals(1, delivered);
      assertEquals(List.of(next), got, "the refused row, given up, no longer holds the one behind it");
      Map<String, Object> r = row(id);
      assertNotNull(r.get("gave_up_at"));
      assertEquals(410, ((Number) r.get("last_status")).intValue());
      // the secretariat fixes the receiver and sends the given-up row again
      JsonNode rows = s.call("GET", "/api/filings/webhooks/deliveries", "admin", null).json();
      String deliveryId = null;
      for (JsonNode d : rows) if (d.get("webhook_id").asLong() == id && d.hasNonNull("gave_up_at")) deliveryId = d.get("delivery_id").asText();
      assertNotNull(deliveryId);
      assertEquals(403, s.call("POST", "/api/filings/webhooks/deliveries/" + deliveryId + "/retry", "reviewer", null).status());
      assertEquals(400, s.call("POST", "/api/filings/webhooks/deliveries/..%2F..%2Fx/retry", "admin", null).status());
      assertEquals(204, s.call("POST", "/api/filings/webhooks/deliveries/" + deliveryId + "/retry", "admin", null).status());
      assertEquals(1, outbox.deliverDue());
      assertEquals(List.of(next, refused), got);
      assertEquals(404, s.call("POST", "/api/filings/webhooks/deliveries/" + deliveryId + "/retry", "admin", null).status());
    } finally {
      receiver.stop();
    }
  }

  /** A retry asked for while the row is being sent is refused (409): it would start a second send of the same event. */
  @Test
  void aDeliveryBeingSentIsNotRetriedIntoASecondSend() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1), release = new CountDownLatch(1);
    List<String> got = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/slow", ctx -> {
      got.add(ctx.header("X-Filings-Delivery"));
      arrived.countDown();
      release.await(10, TimeUnit.SECONDS);
    }).start(0);
    try {
      hook("http://127.0.0.1:" + receiver.port() + "/slow", "acme");
      publish("slow");
      Outbox outbox = new Outbox(s.obs.db, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(5));
      var first = java.util.concurrent.CompletableFuture.supplyAsync(outbox::deliverDue);
      assertTrue(arrived.await(10, TimeUnit.SECONDS));
      TestServer.Resp busy = s.call("POST", "/api/filings/webhooks/deliveries/" + got.get(0) + "/retry", "admin", null);
      assertEquals(409, busy.status(), busy.body());
      assertTrue(busy.body().contains("being sent"), busy.body());
      assertEquals(0, outbox.deliverDue(), "a second worker finds nothing due");
      release.countDown();
      assertEquals(1, first.get(10, TimeUnit.SECONDS));
      assertEquals(1, got.size(), "sent once: " + got);
    } finally {
      release.countDown();
      receiver.stop();
    }
  }

  @Test
  void aDeactivatedWebhookIsSentNothingAndKeepsItsRows() {
    List<String> got = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/off", ctx -> got.add(ctx.body())).start(0);
    try {
      long id = hook("http://127.0.0.1:" + receiver.port() + "/off", "acme");
      publish("queued before");
      assertEquals(403, s.call("DELETE", "/api/filings/webhooks/" + id, "reporterB", null).status());
      assertEquals(204, s.call("DELETE", "/api/filings/webhooks/" + id, "admin", null).status());
      assertEquals(404, s.call("DELETE", "/api/filings/webhooks/999999", "admin", null).status());
      publish("nobody listens");
      assertEquals(0, new Outbox(s.obs.db, Duration.ofMillis(1)).deliverDue());
      assertTrue(got.isEmpty());
      Map<String, Object> r = row(id);
      assertNull(r.get("delivered_at"), "the queued row stays, undelivered");
      assertNull(r.get("gave_up_at"));
      boolean listed = false;
      for (JsonNode w : s.call("GET", "/api/filings/webhooks", "admin", null).json())
        if (w.get("id").asLong() == id) listed = !w.get("active").asBoolean();
      assertTrue(listed, "listed as inactive");
      assertFalse(s.call("GET", "/api/filings/audit", "admin", null).body().indexOf("webhook_deactivated") < 0);
    } finally {
      receiver.stop();
    }
  }

  /** The running server's deliverer works in the background, and a receiver that hangs does not hold the others' next rounds. */
  @Test
  void inTheBackgroundAHangingReceiverDoesNotHoldTheOthersNextRounds() throws Exception {
    s.close();
    s = new TestServer(new FilingsRoutes.Config(false, new Throttle(3, 50, 60, java.time.Clock.systemUTC()), 100_000, Duration.ofMillis(50),
        Duration.ofMillis(100)));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger hung = new AtomicInteger();
    List<String> got = new CopyOnWriteArrayList<>();
    Javalin receiver = Javalin.create().post("/hangs", ctx -> {
      hung.incrementAndGet();
      release.await(8, TimeUnit.SECONDS);
    }).post("/fine", ctx -> got.add(Json.read(ctx.body()).get("filing").asText())).start(0);
    try {
      hook("http://127.0.0.1:" + receiver.port() + "/hangs", "acme");
      hook("http://127.0.0.1:" + receiver.port() + "/fine", "acme");
      String first = publish("first");
      for (int i = 0; i < 100 && (got.isEmpty() || hung.get() == 0); i++) Thread.sleep(50);
      String second = publish("second"); // while the first receiver still hangs on the first
      for (int i = 0; i < 100 && got.size() < 2; i++) Thread.sleep(50);
      assertEquals(List.of(first, second), got, "the working receiver was not kept waiting");
      assertEquals(1, hung.get(), "the hanging one was not sent the same row again meanwhile");
      assertEquals(1, release.getCount(), "it still hangs");
    } finally {
      release.countDown();
      receiver.stop();
    }
  }
}
