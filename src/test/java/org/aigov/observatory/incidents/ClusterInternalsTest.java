package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building blocks of the faster clustering run that must give exactly what the simpler code gave. */
class ClusterInternalsTest {
  @TempDir Path tmp;

  static List<String> rows(Db db, String sql) {
    return db.read(c -> {
      List<String> out = new ArrayList<>();
      try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int k = 1; k <= cols; k++) sb.append(rs.getString(k)).append('|');
          out.add(sb.toString());
        }
      }
      return out;
    });
  }

  /** Named harmed parties: AIID slugs of two to four words, and capitalised runs in an AIAAIC headline, keyed alike. */
  @Test
  void namedPartiesKeyedAlikeInBothMonitors() {
    assertEquals(List.of("robertjulianborchakwilliams", "robertwilliams", "michaeloliver"),
        PartyNames.harmedNames("robert-julian-borchak-williams; michael-oliver; black-people-in-detroit-and-elsewhere; users; 3-teens"));
    List<String> headline = PartyNames.capitalisedNames("Robert Williams facial recognition wrongful arrest");
    assertTrue(headline.contains("robertwilliams"), headline.toString());
    assertTrue(PartyNames.capitalisedNames("Harvey Murphy Jr facial recognition wrongful arrest").containsAll(List.of("harveymurphyjr", "harveyjr")));
    assertTrue(PartyNames.capitalisedNames("Deepfake recordings depict Keir Starmer abusing staff").contains("keirstarmer"));
    assertEquals(List.of(), PartyNames.capitalisedNames("Tesla on autopilot crashes into parked fire truck"));
  }

  /** The streamed aggregates of a full run equal those of the per-incident join (used after editors' decisions). */
  @Test
  void streamedAggregatesEqualTheJoinedOnes() throws Exception {
    Path f = tmp.resolve("syn.jsonl");
    IncidentsBench.generate(f, 1200, 5); // several load chunks, events written up by several outlets
    try (Db db = Fixtures.db()) {
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertTrue(st.multiRecordIncidents > 50, st.toString());
      String q = "SELECT id, title, first_date, record_count, sources, risk_domain, risk_layers, harm_types, sectors, countries, topics FROM incidents ORDER BY id";
      List<String> streamed = rows(db, q);
      assertEquals(st.incidents, streamed.size());
      assertTrue(streamed.stream().anyMatch(r -> r.endsWith("military|")), "some incident has a topic");
      List<Long> all = new ArrayList<>();
      for (String r : streamed) all.add(Long.parseLong(r.substring(0, r.indexOf('|'))));
      db.tx(c -> {
        try (var s = c.createStatement()) {
          s.executeUpdate("DELETE FROM incidents");
        }
        Clusterer.aggregate(c, new Topics.Matcher(Topics.all(c)), null, all);
        return null;
      });
      assertEquals(streamed, rows(db, q));
      // the aggregate scan may end before the memberships are written: same rows then
      Clusterer early = new Clusterer(new Clusterer.Options(), Progress.silent());
      early.memberBatch = 7;
      early.scanFirst = true;
      assertEquals(st.incidents, early.run(db).incidents);
      assertEquals(streamed, rows(db, q));
    }
  }
  static long writeIndexes(Db db) {
    return IngestTest.count(db, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE LOWER(INDEX_NAME) IN ('incidents_date', 'incident_members_incident')");
  }

  /** On H2 the rewrite drops two indexes and builds them again; readers keep the previous incidents until it commits. */
  @Test
  void theRewriteRebuildsItsIndexesAndReadersSeeThePreviousIncidentsUntilItCommits() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      Clusterer.Stats first = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(2, writeIndexes(db));
      String q = "SELECT id, title, record_count, topics FROM incidents ORDER BY id";
      List<String> before = rows(db, q);
      long members = IngestTest.count(db, "SELECT COUNT(*) FROM incident_members");
      // a run that fails just before its commit: readers saw the previous incidents throughout, and the indexes come back
      Clusterer failing = new Clusterer(new Clusterer.Options(), Progress.silent());
      List<String> seen = new ArrayList<>();
      long[] seenMembers = {-1}, indexesMeanwhile = {-1};
      failing.beforeCommit = () -> {
        seen.addAll(rows(db, q)); // another connection
        seenMembers[0] = IngestTest.count(db, "SELECT COUNT(*) FROM incident_members");
        indexesMeanwhile[0] = writeIndexes(db);
        throw new IllegalStateException("killed before the commit");
      };
      assertThrows(RuntimeException.class, () -> failing.run(db));
      assertEquals(before, seen, "a reader sees the previous incidents while the rewrite runs");
      assertEquals(members, seenMembers[0]);
      assertEquals(0, indexesMeanwhile[0], "the indexes are dropped while the rows are written");
      assertEquals(2, writeIndexes(db), "and built again even when the run fails");
      assertEquals(before, rows(db, q), "the failed run changed nothing");
      // a run killed between the two steps leaves them dropped: the server's start builds them again
      db.tx(c -> {
        try (var s = c.createStatement()) {
          s.execute("DROP INDEX incidents_date");
        }
        return null;
      });
      Clusterer.ensureWriteIndexes(db);
      assertEquals(2, writeIndexes(db));
      assertEquals(first.incidents, new Clusterer(new Clusterer.Options(), Progress.silent()).run(db).incidents);
      assertEquals(before, rows(db, q));
    }
  }

  @Test
  void primitiveEdgeSortMatchesTheComparatorOrder() {
    Random r = new Random(3);
    Clusterer.EdgeList edges = new Clusterer.EdgeList();
    float[] scores = {10f, 1.5f, 1.53125f, 0.75f, 0.5f, 0.5000001f, -0.25f, 0f};
    for (int i = 0; i < 5000; i++) {
      int a = r.nextInt(300), b = a + 1 + r.nextInt(300);
      edges.add(a, b, scores[r.nextInt(scores.length)], (byte) r.nextInt(5));
    }
    Integer[] ref = new Integer[edges.size];
    for (int i = 0; i < ref.length; i++) ref[i] = i;
    Arrays.sort(ref, (x, y) -> {
      int c = Byte.compare(edges.type[x], edges.type[y]);
      if (c != 0) return c;
      c = Float.compare(edges.score[y], edges.score[x]);
      if (c != 0) return c;
      c = Integer.compare(edges.a[x], edges.a[y]);
      return c != 0 ? c : Integer.compare(edges.b[x], edges.b[y]);
    });
    Clusterer.EdgeList s = edges.sorted();
    assertEquals(edges.size, s.size);
    for (int k = 0; k < ref.length; k++) {
      int e = ref[k];
      assertEquals(edges.a[e], s.a[k], "a at " + k);
      assertEquals(edges.b[e], s.b[k], "b at " + k);
      assertEquals(edges.type[e], s.type[k], "type at " + k);
      assertEquals(edges.score[e], s.score[k], "score at " + k);
    }
  }

  @Test
  void topicStreamOverPiecesEqualsMatchOnTheWholeText() {
    List<Topics.Topic> topics = List.of(
        new Topics.Topic("weapons", "Weapons", null, List.of("lethal autonomous weapon", "drone strike"), List.of("自主武器"), true),
        new Topics.Topic("faces", "Faces", null, List.of("facial recognition"), List.of(), true),
        new Topics.Topic("fraud", "Fraud", null, List.of("voice clone"), List.of("诈骗"), true));
    Topics.Matcher tm = new Topics.Matcher(topics);
    // phrases split across pieces, across three pieces (a one-word piece in the middle), and Chinese across pieces
    String[] pieces = {"Police used facial . ", "recognition on crowds; a lethal . ", "autonomous . ", "weapons test . ", "报道称自主 . ",
        "武器 . ", "voice . ", "clones . ", "诈骗案 . "};
    Topics.Matcher.Stream st = tm.new Stream();
    StringBuilder whole = new StringBuilder();
    for (String p : pieces) {
      st.add(p);
      whole.append(p);
    }
    assertEquals(tm.match(whole.toString()), st.bits());
    assertEquals(List.of("weapons", "faces", "fraud"), tm.ids(st.bits()));
    // a phrase present in no piece and not across pieces
    Topics.Matcher.Stream none = tm.new Stream();
    none.add("a drone . ");
    none.add("flew over the strike . ");
    assertEquals(0L, none.bits());
    assertEquals(tm.match("a drone . flew over the strike . "), none.bits());
  }

  /** Chinese topic terms match text in either script, whichever script the analyst wrote the term in. */
  @Test
  void chineseTopicTermsMatchTraditionalAndSimplifiedText() {
    Topics.Matcher tm = new Topics.Matcher(List.of(
        new Topics.Topic("robots", "Military robots", null, List.of(), List.of("军事机器人"), true),
        new Topics.Topic("faces", "Faces", null, List.of(), List.of("人臉識別"), true)));
    assertEquals(List.of("robots"), tm.ids(tm.match("報道：軍事機器人在演習中失控")));
    assertEquals(List.of("robots"), tm.ids(tm.match("报道：军事机器人在演习中失控")));
    assertEquals(List.of("faces"), tm.ids(tm.match("警方使用人脸识别")));
    Topics.Matcher.Stream st = tm.new Stream();
    st.add("警方使用人臉 . ");
    st.add("識別 . ");
    assertEquals(0L, st.bits(), "a separator between the pieces breaks the phrase, in either script");
    assertEquals(0L, tm.match("军事 机器人"));
  }

  /** Two AIID incidents an editor merged (a must-link ignores the one-entry rule) still take a news report automatically. */
  @Test
  void anIncidentAnEditorMadeOfTwoAiidEntriesStillTakesOtherRecords() {
    int[] aiid = {1, 1, 0, 0, 1}, aiaaic = {0, 0, 0, 1, 0};
    List<List<Integer>> forbid = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) forbid.add(null);
    Clusterer.UF uf = new Clusterer.UF(new int[] {0, 1, 2, 3, 4}, aiid, aiaaic, forbid);
    assertTrue(uf.union(0, 1, true, false), "the editor's merge");
    assertTrue(uf.union(2, 1, false, false), "a news report joins the merged incident");
    assertTrue(uf.union(3, 0, false, false), "so does an AIAAIC entry");
    assertFalse(uf.union(4, 2, false, false), "a third AIID incident does not, automatically");
  }
}
