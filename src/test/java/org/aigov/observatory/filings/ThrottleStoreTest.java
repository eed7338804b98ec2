package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The sign-in throttle's counts live in the store: shared by servers, kept across restarts, forgotten after quiet. */
class ThrottleStoreTest {
  @Test
  void twoServersOnOneStoreShareOneCount() {
    try (Db db = Db.inMemory("throttle-" + UUID.randomUUID())) {
      org.aigov.observatory.kernel.ManualClock clock = new org.aigov.observatory.kernel.ManualClock("2026-12-03T12:00:00Z");
      Throttle a = new Throttle(3, 50, 60, clock).storedIn(db), b = new Throttle(3, 50, 60, clock).storedIn(db);
      for (int i = 0; i < 3; i++) assertEquals(0, (i % 2 == 0 ? a : b).begin("rev@sec.test", "192.0.2.1"), "attempt " + i);
      assertTrue(b.begin("rev@sec.test", "192.0.2.1") > 0, "the second server sees the first one's failures");
      assertTrue(a.waitSeconds("rev@sec.test", "192.0.2.1") > 0);
      assertEquals(0, a.begin("rev@sec.test", "198.51.100.9"), "the owner elsewhere still signs in");
      a.succeeded("rev@sec.test", "198.51.100.9");
      assertEquals(0, count(db, "SELECT COUNT(*) FROM filing_login_failures WHERE scope='name' AND failures > 0"), "a success forgives the name");
      // the table holds hashes, not the e-mail addresses guessed
      assertEquals(0, count(db, "SELECT COUNT(*) FROM filing_login_failures WHERE k LIKE '%sec.test%'"));
    }
  }

  @Test
  void aRestartForgivesNothingAndQuietForgivesAll(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    org.aigov.observatory.kernel.ManualClock clock = new org.aigov.observatory.kernel.ManualClock("2026-12-03T12:00:00Z");
    try (Db db = Db.embedded(dir)) {
      Throttle t = new Throttle(3, 50, 60, clock).storedIn(db);
      for (int i = 0; i < 3; i++) assertEquals(0, t.begin("x@y.test", "192.0.2.7"));
      assertTrue(t.begin("x@y.test", "192.0.2.7") > 0);
    }
    assertTrue(Files.exists(dir.resolve("observatory.mv.db")));
    try (Db db = Db.embedded(dir)) {
      Throttle t = new Throttle(3, 50, 60, clock).storedIn(db);
      assertTrue(t.begin("x@y.test", "192.0.2.7") > 0, "still waiting after the restart");
      clock.ms.addAndGet(Throttle.FORGIVE_MS + 1);
      assertEquals(0, t.begin("x@y.test", "192.0.2.7"), "a day of quiet starts the count again");
      assertEquals(0, t.begin("x@y.test", "192.0.2.7"));
    }
  }

  @Test
  void parallelGuessesShareTheAllowanceOnH2() throws Exception {
    try (Db db = Db.inMemory("throttle-par-" + UUID.randomUUID())) {
      assertEquals(5, allowedOf40(db));
    }
  }

  @Test
  void parallelGuessesShareTheAllowanceOnPostgres() throws Exception {
    String url = TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Db db = Db.connect(url, null, null, schema)) {
      assertEquals(5, allowedOf40(db));
    }
  }

  private static long count(Db db, String sql) {
    return db.read(c -> ((Number) Sql.value(c, sql)).longValue());
  }

  private static int allowedOf40(Db db) throws Exception {
    Throttle one = new Throttle(5, 50, 60, Clock.systemUTC()).storedIn(db), two = new Throttle(5, 50, 60, Clock.systemUTC()).storedIn(db);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> f = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Throttle t = i % 2 == 0 ? one : two;
        f.add(pool.submit(() -> t.begin("target@sec.test", "203.0.113.5")));
      }
      int allowed = 0;
      for (Future<Long> x : f) if (x.get() == 0) allowed++;
      return allowed;
    } finally {
      pool.shutdownNow();
    }
  }
}
