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
    List<List<String>> order = WebhookQueues.interleaved(queues, q -> List.of(WebhookQueues.hostOf(q.get(0))));
    assertEquals(List.of("http://hang.example/0", "http://ok.example/a", "https://other.example:8443/b", "http://hang.example/1"),
        order.subList(0, 4).stream().map(q -> q.get(0)).toList());
    assertEquals(7, order.size());
    assertEquals("hang.example", WebhookQueues.hostOf("http://HANG.example/x"));
    // one machine, whatever its port: 20 hanging receivers on 20 ports had counted as 20 hosts (outside QA)
    assertEquals(WebhookQueues.hostOf("http://127.0.0.1:18210/h"), WebhookQueues.hostOf("http://127.0.0.1:18229/h"));
    assertEquals("not a url", WebhookQueues.hostOf("not a url"));
  }

  @Test
  void aHangingHostTakesAtMostItsShareOfTheDispatchersThreads() throws Exception {
    CountDownLatch release = new CountDownLatch(1), healthy = new CountDownLatch(1);
    Map<Long, List<String>> queues = new LinkedHashMap<>();
    for (long i = 0; i < 20; i++) queues.put(i, List.of("http://hang.example/" + i)); // made first, as in the QA pass
    queues.put(99L, List.of("http://ok.example/late"));
    try (WebhookQueues.Dispatcher<Long> d = new WebhookQueues.Dispatcher<>("test-webhooks", 16)) {
      int started = d.dispatch(queues, q -> List.of(WebhookQueues.hostOf(q.get(0))), q -> {
        try {
          if (q.get(0).contains("ok.example")) healthy.countDown();
          else release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new int[0];
      });
      assertTrue(healthy.await(5, TimeUnit.SECONDS), "the healthy receiver is sent at once");
      assertEquals(WebhookQueues.PER_KEY + 1, started, "four of the hanging host's queues, and the healthy one");
      release.countDown();
    }
  }

  /** One owner's receivers on many hosts hold at most the owner's share; another owner's queue still starts at once. */
  @Test
  void oneOwnersManyHostsTakeAtMostTheOwnersShare() throws Exception {
    CountDownLatch release = new CountDownLatch(1), healthy = new CountDownLatch(1);
    Map<Long, List<String>> queues = new LinkedHashMap<>();
    for (long i = 0; i < 20; i++) queues.put(i, List.of("mallory", "http://h" + i + ".evil.example/x")); // 20 host names, one account
    queues.put(99L, List.of("alice", "http://ok.example/late"));
    java.util.function.Function<List<String>, List<String>> limits = q -> List.of("owner " + q.get(0), "host " + WebhookQueues.hostOf(q.get(1)));
    try (WebhookQueues.Dispatcher<Long> d = new WebhookQueues.Dispatcher<>("test-webhooks", 16)) {
      int started = d.dispatch(queues, limits, q -> {
        try {
          if (q.get(0).equals("alice")) healthy.countDown();
          else release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new int[0];
      });
      assertTrue(healthy.await(5, TimeUnit.SECONDS), "the other account's receiver is sent at once");
      assertEquals(WebhookQueues.PER_KEY + 1, started, "four of the one account's queues, and the other's");
      Map<Long, List<String>> again = new LinkedHashMap<>(queues);
      again.remove(99L);
      assertEquals(0, d.dispatch(again, limits, q -> new int[0]), "a second round starts none of the account's while its four hang");
      release.countDown();
    }
    // the blocking form keeps the same cap: never more than four of one owner's queues at once
    java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger(), most = new java.util.concurrent.atomic.AtomicInteger();
    WebhookQueues.perReceiver(queues.values(), 16, limits, q -> {
      if (q.get(0).equals("mallory")) {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        now.decrementAndGet();
      }
      return new int[] {1};
    });
    assertTrue(most.get() <= WebhookQueues.PER_KEY && most.get() >= 1, "at most " + WebhookQueues.PER_KEY + " at once: " + most.get());
  }
}
