package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-minute limits counted in the store: one count for every server, exact under concurrency, on H2 and PostgreSQL. */
class PerMinuteStoreTest {
  @Test
  void countsPerScopeAndKeyAcrossInstancesAndForgetsAtTheMinute(@TempDir Path dir) {
    ManualClock clock = new ManualClock("2026-12-03T10:00:15Z");
    try (Db db = Db.embedded(dir)) {
      PerMinute a = PerMinute.stored("writes", 3, db, clock), b = PerMinute.stored("writes", 3, db, clock);
      PerMinute elsewhere = PerMinute.stored("reports", 3, db, clock);
      assertEquals(0, a.retryAfter("192.0.2.1"));
      assertEquals(0, b.retryAfter("192.0.2.1"));
      assertEquals(0, a.retryAfter("192.0.2.1"));
      assertEquals(45, b.retryAfter("192.0.2.1"), "the fourth, on the other instance, waits until 10:01:00");
      assertEquals(0, elsewhere.retryAfter("192.0.2.1"), "another scope has its own count");
      assertEquals(0, a.retryAfter("192.0.2.2"), "another key too");
    }
    try (Db db = Db.embedded(dir)) {
      PerMinute a = PerMinute.stored("writes", 3, db, clock);
      assertEquals(45, a.retryAfter("192.0.2.1"), "a restart within the minute forgives nothing");
      clock.ms.addAndGet(45_000);
      assertEquals(0, a.retryAfter("192.0.2.1"), "a new minute starts the count again");
      assertEquals(1, (int) db.<Integer>read(c -> ((Number) Sql.value(c, "SELECT n FROM kernel_rate_counts WHERE scope='writes' AND k=?",
          Hashing.sha256Hex("192.0.2.1"))).intValue()), "the row is reused, not added to");
      assertEquals(0L, (long) db.<Long>read(c -> ((Number) Sql.value(c, "SELECT COUNT(*) FROM kernel_rate_counts WHERE k LIKE '192.%'")).longValue()),
          "keys are kept as hashes");
    }
  }

  @Test
  void parallelCallsGetExactlyTheLimitOnH2() throws Exception {
    try (Db db = Db.inMemory("perminute-" + UUID.randomUUID())) {
      assertEquals(5, allowedOf40(db, db));
    }
  }

  @Test
  void parallelCallsFromTwoServersGetExactlyTheLimitOnPostgres() throws Exception {
    String url = TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Db one = Db.connect(url, null, null, schema); Db two = Db.connect(url, null, null, schema)) {
      assertEquals(5, allowedOf40(one, two));
    }
  }

  /** 40 calls for one key from 8 threads, alternating between two stores' handles, within one fixed minute. */
  private static int allowedOf40(Db x, Db y) throws Exception {
    Clock fixed = Clock.fixed(Instant.parse("2026-12-03T10:00:10Z"), ZoneOffset.UTC);
    PerMinute one = PerMinute.stored("par", 5, x, fixed), two = PerMinute.stored("par", 5, y, fixed);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> f = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        PerMinute p = i % 2 == 0 ? one : two;
        f.add(pool.submit(() -> p.retryAfter("203.0.113.5")));
      }
      int allowed = 0;
      for (Future<Long> r : f) if (r.get() == 0) allowed++;
      return allowed;
    } finally {
      pool.shutdownNow();
    }
  }
}
