package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same store operations on PostgreSQL (skipped unless OBS_TEST_PG_URL is set). */
class PostgresStoreTest {
  @TempDir Path tmp;

  /**
   * The same synthetic corpus gives the same incidents, memberships, links and scores on both stores: the pipeline's
   * bulk paths differ by store, its answers must not.
   */
  @Test
  void theSameCorpusGivesTheSameIncidentsOnBothStores() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    Path file = tmp.resolve("corpus.jsonl");
    IncidentsBench.generate(file, 3000, 11);
    List<List<String>> members = new java.util.ArrayList<>(), incidents = new java.util.ArrayList<>();
    try (Db h2 = Fixtures.db(); Db pg = Db.connect(url, null, null, "t_same_" + Long.toHexString(System.nanoTime()))) {
      for (Db db : List.of(h2, pg)) {
        Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", file.toString());
        assertEquals(3000, r.inserted, r.messages.toString());
        new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
        members.add(rows(db, "SELECT record_id, incident_id, via, score FROM incident_members ORDER BY record_id"));
        incidents.add(rows(db, "SELECT id, title, first_date, record_count, sources, risk_domain, risk_layers, harm_types, sectors,"
            + " countries, topics FROM incidents ORDER BY id"));
      }
    }
    assertEquals(3000, members.get(0).size());
    assertTrue(incidents.get(0).size() < 3000 && incidents.get(0).size() > 1000, "some reports merged: " + incidents.get(0).size());
    assertEquals(members.get(0), members.get(1), "memberships, H2 then PostgreSQL");
    assertEquals(incidents.get(0), incidents.get(1), "incidents, H2 then PostgreSQL");
  }

  /**
   * Twenty posts of one URL at once, from two "servers" (two pools on one database): one record, nineteen duplicates, as
   * on the embedded store (outside QA, 2026-12-07: seven records were stored on PostgreSQL).
   */
  @Test
  void postsOfOneUrlAtOnceStoreOneRecordOnPostgres() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    String schema = "t_race_" + Long.toHexString(System.nanoTime());
    try (Db one = Db.connect(url, null, null, schema); Db two = Db.connect(url, null, null, schema)) {
      Classifier cl = Classifier.bundled();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Map<String, Object>>> fs = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          Db db = i % 2 == 0 ? one : two;
          String body = "{\"source_id\":\"race-" + i + "\",\"url\":\"https://example.org/race\",\"title\":\"Race report " + i
              + "\",\"text\":\"text " + i + "\",\"published\":\"2025-03-03\"}";
          fs.add(pool.submit(() -> {
            go.await();
            return Ingest.postOne(db, cl, org.aigov.observatory.kernel.Json.read(body));
          }));
        }
        go.countDown();
        List<String> outcomes = new java.util.ArrayList<>();
        for (var f : fs) outcomes.add(String.valueOf(f.get().get("outcome")));
        assertEquals(1, outcomes.stream().filter("inserted"::equals).count(), outcomes.toString());
        assertEquals(19, outcomes.stream().filter("duplicate"::equals).count(), outcomes.toString());
      } finally {
        pool.shutdownNow();
      }
      assertEquals(List.of("1\t"), rows(one, "SELECT COUNT(*) FROM incident_records WHERE url = 'https://example.org/race'"));
    }
  }

  /** Rows as text, numbers by value (H2 writes 1.0 where PostgreSQL writes 1). */
  private static List<String> rows(Db db, String sql) {
    return db.read(c -> {
      List<String> out = new java.util.ArrayList<>();
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int k = 1; k <= cols; k++) {
            Object o = rs.getObject(k);
            sb.append(o instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : String.valueOf(o)).append('\t');
          }
          out.add(sb.toString());
        }
      }
      return out;
    });
  }

  @Test
  void ingestClusterDecideTrendAndExportOnPostgres() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    try (Db db = Db.connect(url, null, null, "t_inc_" + Long.toHexString(System.nanoTime()))) {
      Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
      Ingest.Report a = in.run("aiid", Fixtures.aiidSnapshot(tmp.resolve("snap")).toString());
      assertEquals(10, a.inserted, a.messages.toString());
      Ingest.Report b = in.run("aiaaic", Fixtures.copy("aiaaic.csv", tmp.resolve("aiaaic.csv")).toString());
      assertEquals(7, b.inserted);
      Ingest.Report again = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", tmp.resolve("snap").toString());
      assertEquals(10, again.unchanged);
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:72"), inc.get("aiaaic:AIAAIC086"));
      Decisions.merge(db, inc.get("aiid:1"), inc.get("aiid:60"), "ed", null);
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> after = ClusterTest.incidentOf(db);
      assertEquals(after.get("aiid:1"), after.get("aiid:60"));
      // suggested merges and "different events" on PostgreSQL
      Clusterer.Options strict = new Clusterer.Options();
      strict.threshold = 3;
      strict.suggestBand = 3;
      Clusterer.Stats st = new Clusterer(strict, Progress.silent()).run(db);
      List<Map<String, Object>> sugg = MergeSuggestions.list(db, 1000);
      assertTrue(sugg.size() > 1 && sugg.size() == st.suggestions, st + " " + sugg);
      String reason = (String) sugg.get(0).get("reason");
      List<Map<String, Object>> one = MergeSuggestions.list(db, 1000, reason, null);
      assertEquals(sugg.stream().filter(x -> reason.equals(x.get("reason"))).count(), one.size(), "filtered by reason on PostgreSQL");
      assertTrue(one.stream().allMatch(x -> reason.equals(x.get("reason"))));
      @SuppressWarnings("unchecked") long ra = (Long) ((Map<String, Object>) sugg.get(0).get("a")).get("record_id");
      @SuppressWarnings("unchecked") long rb = (Long) ((Map<String, Object>) sugg.get(0).get("b")).get("record_id");
      Decisions.keepApart(db, ra, rb, "ed", "two events");
      assertEquals(sugg.size() - 1, MergeSuggestions.list(db, 1000).size());
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertNotEquals(IngestTest.one(db, "SELECT incident_id FROM incident_members WHERE record_id = " + ra),
          IngestTest.one(db, "SELECT incident_id FROM incident_members WHERE record_id = " + rb), "the default run keeps them apart");
      Trends.Result r = Trends.query(db, Trends.Query.parse(Map.of("granularity", List.of("year"))));
      assertTrue(r.periods().size() > 3);
      Alerts.subscribe(db, "x", "topic=military", null, "t");
      Alerts.scan(db, new Spikes.Options());
      StringWriter w = new StringWriter();
      IncidentExport.writeCsv(db, w);
      assertEquals(18, w.toString().split("\n").length);
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_topics WHERE id = 'military'"));
      // full-text search catches up from PostgreSQL, and its hits go through the facet SQL
      try (IncidentSearch search = IncidentSearch.open(null)) {
        Map<String, Object> hits = IncidentQueries.list(db, search, Map.of("q", List.of("homeowner police"), "source", List.of("aiid")), 10, 0);
        assertEquals(1L, hits.get("total"), hits.toString());
        assertEquals(0L, IncidentQueries.list(db, search, Map.of("q", List.of("homeowner"), "source", List.of("nobody")), 10, 0).get("total"));
      }
      // the review queue of anonymous reports on PostgreSQL: pending is left out of clustering, accepted is merged
      com.fasterxml.jackson.databind.node.ObjectNode anon = (com.fasterxml.jackson.databind.node.ObjectNode) org.aigov.observatory.kernel.Json.read(
          "{\"url\":\"https://anon.example/pg\",\"title\":\"Anonymous drone report\",\"published\":\"2024-05-01\",\"source\":\"public\"}");
      long anonId = ((Number) Ingest.postOne(db, Classifier.bundled(), anon).get("record_id")).longValue();
      assertEquals(1L, PublicReports.pending(db, 10).get("total"));
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_members WHERE record_id = " + anonId));
      assertEquals("accepted", PublicReports.review(db, anonId, "accept", "seen", "ed").get("review_status"));
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_members WHERE record_id = " + anonId));
      // the records feed for other monitors: its joins and facets on PostgreSQL, then read back as a feed
      String shared = SharedFeed.atom(db, Map.of("source", List.of("aiaaic"), "record_source", List.of("aiid")), 50, "http://pg.example/x");
      int entries = shared.split("<entry").length - 1;
      assertTrue(entries >= 3 && entries < 10, "AIID records of incidents AIAAIC also records: " + entries);
      try (Db peer = Db.connect(url, null, null, "t_inc_" + Long.toHexString(System.nanoTime()))) {
        long fid = (Long) Feeds.add(peer, "https://example.org/peer.atom", "peer 同行", 600, "t").get("id");
        Ingest.Report got = new Ingest(peer, Classifier.bundled(), Progress.silent())
            .feedBody("https://example.org/peer.atom", shared.getBytes(java.nio.charset.StandardCharsets.UTF_8), fid);
        assertEquals(entries, got.inserted, got.messages.toString());
        Map<String, Object> items = Feeds.items(peer, fid, 2); // what the feed added, on PostgreSQL
        assertEquals((long) entries, items.get("total"));
        assertEquals(2, ((List<?>) items.get("items")).size());
        // a poll's outcome recorded on PostgreSQL: a failed fetch's error, then a not-modified poll, which clears it
        Ingest peerIngest = new Ingest(peer, Classifier.bundled(), Progress.silent());
        Feeds.Feed due = Feeds.due(peer, java.time.Instant.now(), 10).get(0);
        assertEquals("error", Feeds.record(peer, peerIngest, due, new Feeds.Fetch(null, new java.io.IOException("HTTP 503"))).status());
        assertEquals("HTTP 503", Feeds.get(peer, fid).get("last_error"));
        assertEquals("not-modified", Feeds.record(peer, peerIngest, due, new Feeds.Fetch(new FeedFetcher.Fetched(304, null, null, null), null)).status());
        assertNull(Feeds.get(peer, fid).get("last_error"), "a failed fetch's error is not kept by a later answer");
        // an older page that fails while catching up: the feed's own status and its newest page's time are kept
        String headAt = (String) Feeds.get(peer, fid).get("head_poll_at");
        Feeds.Feed catching = new Feeds.Feed(due.id(), due.url(), due.name(), due.intervalSeconds(), null, null, null, 0,
            "https://example.org/peer.atom?before=9", 3, java.time.Instant.parse(headAt));
        assertEquals("ok", Feeds.record(peer, peerIngest, catching, new Feeds.Fetch(null, new java.io.IOException("HTTP 502"), catching.nextPage())).status());
        Map<String, Object> f = Feeds.get(peer, fid);
        assertEquals("not-modified", f.get("last_status"), f.toString());
        assertEquals("catching up through older pages stopped: HTTP 502", f.get("last_error"));
        assertEquals(headAt, f.get("head_poll_at"));
        assertEquals(headAt, f.get("next_poll_at"), "caught up or stopped, the newest page is next at its own time");
      }
    }
  }

  /** The monitor's lease, fingerprints and delivery claim are plain SQL that must work on PostgreSQL too. */
  @Test
  void monitorRoundsOnPostgres() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    try (Db db = Db.connect(url, null, null, "t_mon_" + Long.toHexString(System.nanoTime()));
         Monitor a = new Monitor(db, Classifier.bundled(), MonitorTest.fast());
         Monitor b = new Monitor(db, Classifier.bundled(), MonitorTest.fast())) {
      MonitorTest.baseline(db, tmp);
      Map<String, Object> r = a.tick();
      assertEquals(true, r.get("leader"));
      assertNull(r.get("clustered"), "the baseline was clustered already: " + r);
      assertTrue((Integer) r.get("alerts_created") >= 0, r.toString());
      assertEquals(false, b.tick().get("leader"));
      Ingest.postOne(db, Classifier.bundled(), org.aigov.observatory.kernel.Json.read("{\"url\":\"https://e.com/pg\",\"title\":\"Military kelp drone\",\"published\":\"2024-05-02\"}"));
      assertEquals(true, Monitor.status(db).get("records_waiting_for_clustering"));
      assertNotNull(a.tick().get("clustered"));
      assertEquals(false, Monitor.status(db).get("records_waiting_for_clustering"));
      a.close();
      assertEquals(true, b.tick().get("leader"));
    }
  }

  /** PostgreSQL cannot store U+0000 in text: one report holding it aborted every record written in its batch. */
  @Test
  void aNulCharacterInAReportIsDroppedAndTheBatchIsKept() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    try (Db db = Db.connect(url, null, null, "t_nul_" + Long.toHexString(System.nanoTime()))) {
      Path f = tmp.resolve("nul.jsonl");
      java.nio.file.Files.writeString(f, "{\"url\":\"https://n.example/1\",\"title\":\"before\",\"text\":\"fine\"}\n"
          + "{\"url\":\"https://n.example/2\",\"title\":\"with \\u0000 a NUL\",\"text\":\"x\\u0000y\",\"authors\":[\"A\\u0000B\"]}\n"
          + "{\"url\":\"https://n.example/3\",\"title\":\"after\",\"text\":\"fine\"}\n"
          + "{\"url\":\"https://n.example/4\",\"title\":\"\\u0000\",\"published\":\"not a \\u0000 date\"}\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      assertEquals(3, r.inserted, r.messages.toString());
      assertEquals(1, r.errors, r.messages.toString()); // the fourth, for its date; the NUL in that message is dropped before it is stored
      assertTrue(r.messages.contains("warning at nul.jsonl line 2: " + Ingest.CONTROLS_DROPPED), r.messages.toString());
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE title = 'with a NUL' AND body = 'xy' AND authors LIKE '%AB%'"));
    }
  }

  /**
   * Two servers (or a server and a `cluster` command) on one PostgreSQL: an editor's decision waits while another process
   * holds the clustering write lock, so the run cannot write over it (an in-process lock did not see other processes).
   */
  @Test
  void aDecisionWaitsForAnotherProcessWritingIncidents() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    try (Db db = Db.connect(url, null, null, "t_lock_" + Long.toHexString(System.nanoTime()));
         java.sql.Connection other = java.sql.DriverManager.getConnection(url)) {
      try (var ps = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, Clusterer.WRITING_KEY);
        ps.execute();
      }
      java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
      Thread t = new Thread(() -> Clusterer.exclusive(db, () -> {
        ran.set(true);
        return null;
      }));
      t.start();
      t.join(700);
      assertFalse(ran.get(), "ran while another process held the lock");
      try (var ps = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, Clusterer.WRITING_KEY);
        ps.execute();
      }
      t.join(10_000);
      assertTrue(ran.get(), "ran once the lock was released");
    }
  }
}
