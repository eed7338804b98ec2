package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two processes opening one embedded store at once: the loser retries, then says so in a line (it printed a stack trace). */
class StoreLockRaceTest {
  private static RuntimeException locked() {
    return new IllegalStateException("pool init failed", new java.sql.SQLException("Database may be already in use: \"Lock file recently modified\"\nmore"));
  }

  @Test
  void aLockedStoreIsRetriedThenNamedInOneLine() {
    AtomicInteger tries = new AtomicInteger();
    assertEquals("open", Db.retryWhileLocked(() -> {
      if (tries.incrementAndGet() < 3) throw locked();
      return "open";
    }, "/d/observatory.mv.db", 5));
    assertEquals(3, tries.get());

    tries.set(0);
    Db.Unavailable u = assertThrows(Db.Unavailable.class, () -> Db.retryWhileLocked(() -> {
      tries.incrementAndGet();
      throw locked();
    }, "/d/observatory.mv.db", 1));
    assertEquals(2, tries.get());
    assertEquals(1, u.getMessage().lines().count(), u.getMessage());
    assertTrue(u.getMessage().startsWith("cannot open the store /d/observatory.mv.db: Database may be already in use"), u.getMessage());

    // anything else is not the race: thrown at once, as it was
    tries.set(0);
    assertThrows(IllegalArgumentException.class, () -> Db.retryWhileLocked(() -> {
      tries.incrementAndGet();
      throw new IllegalArgumentException("corrupt file");
    }, "/d/observatory.mv.db", 5));
    assertEquals(1, tries.get());
  }
}
