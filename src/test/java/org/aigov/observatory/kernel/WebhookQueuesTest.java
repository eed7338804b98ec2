package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Receivers on one host that hangs hold at most their host's share of the delivery threads, not every one. */
class WebhookQueuesTest {
  @Test
  void hostsTakeTurns() {
    List<List<String>> queues = new ArrayList<>();
    for (int i = 0; i < 5; i++) queues.add(List.of("http://hang.example/" + i));
    queues.add(List.of("http://ok.example/a"));
    queues.add(List.of("https://other.example:8443/b"));
    List<List<String>> order = WebhookQueues.interleaved(queues, q -> WebhookQueues.hostOf(q.get(0)));
    assertEquals(List.of("http://hang.example/0", "http://ok.example/a", "https://other.example:8443/b", "http://hang.example/1"),
        order.subList(0, 4).stream().map(q -> q.get(0)).toList());
    assertEquals(7, order.size());
    assertEquals("hang.example:-1", WebhookQueues.hostOf("http://HANG.example/x"));
    assertEquals("other.example:8443", WebhookQueues.hostOf("https://other.example:8443/b"));
    assertEquals("not a url", WebhookQueues.hostOf("not a url"));
  }

  @Test
  void aHangingHostTakesAtMostItsShareOfTheDispatchersThreads() throws Exception {
    CountDownLatch release = new CountDownLatch(1), healthy = new CountDownLatch(1);
    Map<Long, List<String>> queues = new LinkedHashMap<>();
    for (long i = 0; i < 20; i++) queues.put(i, List.of("http://hang.example/" + i)); // made first, as in the QA pass
    queues.put(99L, List.of("http://ok.example/late"));
    try (WebhookQueues.Dispatcher<Long> d = new WebhookQueues.Dispatcher<>("test-webhooks", 16)) {
      int started = d.dispatch(queues, q -> WebhookQueues.hostOf(q.get(0)), q -> {
        try {
          if (q.get(0).contains("ok.example")) healthy.countDown();
          else release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new int[0];
      });
      assertTrue(healthy.await(5, TimeUnit.SECONDS), "the healthy receiver is sent at once");
      assertEquals(WebhookQueues.PER_HOST + 1, started, "four of the hanging host's queues, and the healthy one");
      release.countDown();
    }
  }
}
