package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaemonsTest {
  @Test
  void theFactoryMakesNamedDaemonsThatHaveNotStarted() {
    Thread t = Daemons.named("x-pool").newThread(() -> {});
    assertEquals("x-pool", t.getName());
    assertTrue(t.isDaemon());
    assertEquals(Thread.State.NEW, t.getState());
  }

  @Test
  void startRunsTheWorkOnANamedDaemonAtNormalPriority() throws Exception {
    AtomicReference<Thread> ran = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread t = Daemons.start("x-job", () -> {
      ran.set(Thread.currentThread());
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS), "the work ran");
    assertSame(t, ran.get());
    assertTrue(t.isDaemon());
    assertEquals("x-job", t.getName());
    assertEquals(Thread.NORM_PRIORITY, t.getPriority());
  }

  @Test
  void startIdleRunsAtTheLowestPriority() throws Exception {
    AtomicReference<Integer> priority = new AtomicReference<>();
    Thread t = Daemons.startIdle("x-warm", () -> priority.set(Thread.currentThread().getPriority()));
    t.join(10_000);
    assertFalse(t.isAlive());
    assertTrue(t.isDaemon());
    assertEquals(Thread.MIN_PRIORITY, priority.get());
  }
}
