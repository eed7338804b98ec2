package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two servers started together on one new store: each loads the bundled data under the store-wide lock, so one loads
 * it and the other finds it loaded. Without the lock both loaded, and one died on a duplicate key (an outside QA pass
 * on PostgreSQL; this test fails so without it). The two "servers" are two stores opened separately on one database,
 * each doing what `serve` does before it listens. The embedded store takes the same lock (a lock file) but is left out
 * here: a second in-process open of one file is not what a second server does, and it doubled the test's time.
 */
class ServeTogetherTest {
  @Test
  void twoServersStartedTogetherOnPostgresLoadTheBundledDataOnce() throws Exception {
    String schema = "t_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Assumptions.assumeTrue(TestStores.pgUrl() != null, "no PostgreSQL");
    List<Db> dbs = new ArrayList<>();
    for (int i = 0; i < 2; i++)
      dbs.add(Db.connect(TestStores.pgUrl(), null, null, schema));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<String>> said = new ArrayList<>();
      for (Db db : dbs) {
        said.add(pool.submit(() -> {
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          start.await();
          ServeCommand.loadBundledOnce(org.aigov.observatory.web.Observatory.over(db), true, new PrintStream(err, true, StandardCharsets.UTF_8));
          return err.toString(StandardCharsets.UTF_8);
        }));
      }
      List<String> out = new ArrayList<>();
      for (Future<String> f : said) out.add(f.get(10, TimeUnit.MINUTES)); // an exception in either fails here
      long loaders = out.stream().filter(s -> s.contains("bundled incidents:")).count();
      assertEquals(1, loaders, "exactly one loaded the incidents: " + out);
      Db db = dbs.get(0);
      long records = count(db, "SELECT COUNT(*) FROM incident_records");
      long distinct = count(db, "SELECT COUNT(DISTINCT source || ':' || source_id) FROM incident_records");
      assertTrue(records > 1000, "the bundled incident records are there: " + records);
      assertEquals(records, distinct, "no source record stored twice");
      long registry = count(db, "SELECT COUNT(*) FROM registry_records");
      assertTrue(registry > 100, "the bundled registry is there: " + registry);
      assertEquals("1", String.valueOf(count(db, "SELECT COUNT(*) FROM settings WHERE name = 'bundled_data_version'")));
    } finally {
      pool.shutdownNow();
      for (Db db : dbs) db.close();
      try (var c = java.sql.DriverManager.getConnection(TestStores.pgUrl()); var st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private static long count(Db db, String sql) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}
