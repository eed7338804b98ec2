package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of editors' merges, splits and keep-aparts, each followed by a clustering run: whatever the order,
 * every decision still in force holds after the run, every record stays in exactly one incident, and a second run
 * changes nothing. The seed is in the failure message; -Dtests.seed=N replays one sequence.
 */
class RandomEditorDecisionsTest {
  @TempDir Path tmp;

  private static final int STEPS = 24;

  /** Three sequences on the embedded store, one on PostgreSQL where it runs. */
  static Stream<Arguments> runs() {
    return TestStores.seeded(31L, 20261205L, 7L, 424242L);
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("runs")
  void decisionsInForceHoldAfterEveryRun(String store, long seed) throws Exception {
    long s = TestStores.seed(seed);
    Random rnd = new Random(s);
    try (Db db = TestStores.open(store)) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap-" + seed)).toString());
      in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic-" + seed + ".csv")).toString());
      cluster(db);
      int records = members(db).size();
      assertTrue(records > 10, "fixture too small: " + records);
      List<String> log = new ArrayList<>();
      for (int step = 0; step < STEPS; step++) {
        Map<Long, Long> m = members(db);
        Map<Long, List<Long>> byIncident = byIncident(m);
        List<Long> incidents = new ArrayList<>(byIncident.keySet());
        int op = rnd.nextInt(3);
        String what;
        if (op == 0) {
          long a = incidents.get(rnd.nextInt(incidents.size())), b = incidents.get(rnd.nextInt(incidents.size()));
          if (a == b) continue;
          Decisions.merge(db, a, b, "editor", null);
          what = "merge " + byIncident.get(a) + " + " + byIncident.get(b);
        } else if (op == 1) {
          List<Long> several = incidents.stream().filter(i -> byIncident.get(i).size() > 1).toList();
          if (several.isEmpty()) continue;
          long inc = several.get(rnd.nextInt(several.size()));
          List<Long> recs = new ArrayList<>(byIncident.get(inc));
          java.util.Collections.shuffle(recs, rnd);
          List<Long> out = recs.subList(0, 1 + rnd.nextInt(recs.size() - 1));
          Decisions.split(db, inc, new ArrayList<>(out), "editor", null);
          what = "split " + out + " from " + byIncident.get(inc);
        } else {
          List<Long> recs = new ArrayList<>(m.keySet());
          long a = recs.get(rnd.nextInt(recs.size())), b = recs.get(rnd.nextInt(recs.size()));
          if (m.get(a).equals(m.get(b))) continue;
          Decisions.keepApart(db, a, b, "editor", null);
          what = "apart " + a + " / " + b;
        }
        log.add(what);
        String ctx = store + ", seed " + s + ", after " + String.join("; ", log);
        check(db, records, ctx + " (before the run)");
        cluster(db);
        Map<Long, Long> once = members(db);
        check(db, records, ctx);
        cluster(db);
        assertEquals(partition(once), partition(members(db)), ctx + ": a second run changed the incidents");
      }
      assertTrue(log.size() >= STEPS / 2, "too few operations applied: " + log);
    }
  }

  private static void cluster(Db db) {
    new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
  }

  /** Every active must-link joins, every active cannot-link parts, and no record is lost or doubled. */
  private static void check(Db db, int records, String ctx) {
    Map<Long, Long> m = members(db);
    assertEquals(records, m.size(), ctx + ": records in incidents");
    assertEquals(records, (int) db.read(c -> {
      try (var ps = c.prepareStatement("SELECT COUNT(*) FROM incident_members"); var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }), ctx + ": one membership per record");
    for (Map<String, Object> d : Decisions.list(db, 10_000)) {
      if (d.containsKey("superseded_by")) continue;
      Long a = m.get((Long) d.get("record_a")), b = m.get((Long) d.get("record_b"));
      if ("must_link".equals(d.get("kind"))) assertEquals(a, b, ctx + ": must-link " + d.get("id") + " broken " + d);
      else assertNotEquals(a, b, ctx + ": cannot-link " + d.get("id") + " broken " + d);
    }
  }

  private static Map<Long, Long> members(Db db) {
    return db.read(c -> {
      Map<Long, Long> out = new HashMap<>();
      try (var ps = c.prepareStatement("SELECT record_id, incident_id FROM incident_members"); var rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
      }
      return out;
    });
  }

  private static Map<Long, List<Long>> byIncident(Map<Long, Long> m) {
    Map<Long, List<Long>> out = new TreeMap<>();
    m.forEach((r, i) -> out.computeIfAbsent(i, k -> new ArrayList<>()).add(r));
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  /** The incidents as sets of records, whatever their ids. */
  private static java.util.Set<List<Long>> partition(Map<Long, Long> m) {
    return new java.util.HashSet<>(byIncident(m).values());
  }
}
