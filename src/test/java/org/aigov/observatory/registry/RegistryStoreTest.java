package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.PublishedChange;
import org.aigov.observatory.kernel.TestStores;
import org.aigov.observatory.kernel.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry's store behaviour, on embedded H2 and on PostgreSQL (when OBS_TEST_PG_URL is set). */
class RegistryStoreTest {
  static java.util.stream.Stream<String> stores() {
    return TestStores.names();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void everyEditIsANewVersionWithHistoryAndDiff(String store) {
    try (Db db = TestStores.open(store)) {
      List<PublishedChange> published = new ArrayList<>();
      Registry r = new Registry(db, (tx, c) -> published.add(c), SearchIndex.inMemory());
      Entry e = r.create(Fixtures.instrument("eu-ai-act", "law", "欧盟人工智能法案", "EU AI Act", "2024"), "tester");
      assertEquals(1L, e.version);
      Entry upd = Fixtures.instrument("eu-ai-act", "law", "欧盟人工智能法案", "EU Artificial Intelligence Act", "2024-06-13");
      upd.binding = "hard";
      Entry v2 = r.update("eu-ai-act", upd, 1, "tester");
      assertEquals(2L, v2.version);
      assertEquals(List.of(1L, 2L), r.history("eu-ai-act").stream().map(Registry.VersionInfo::version).toList());
      assertEquals("EU AI Act", r.version("eu-ai-act", 1).name.en());
      List<String> changed = r.diff("eu-ai-act", 1, 2).stream().map(Registry.FieldChange::field).toList();
      assertEquals(List.of("binding", "date", "name.en"), changed);
      assertEquals(2, published.size());
      assertEquals("update", published.get(1).action());
      assertEquals(r.history("eu-ai-act").get(1).content_hash(), published.get(1).contentHash());
    }
  }

  /** Review of 2026-12-04: a delete showed no change in the diff; generated ids dropped accented letters. */
  @ParameterizedTest
  @MethodSource("stores")
  void aDeleteShowsInTheDiffAndIdsKeepTheirLetters(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, (tx, c) -> { }, SearchIndex.inMemory());
      assertEquals("cafe-act", r.create(Fixtures.instrument(null, "law", null, "Café Act", "2024"), "t").id);
      assertEquals("cafe-act-2", r.create(Fixtures.instrument(null, "law", null, "Ｃａｆé Act", "2024"), "t").id, "full-width read as half-width");
      r.update("cafe-act", Fixtures.instrument("cafe-act", "law", null, "Café Act (amended)", "2024"), 1, "t");
      r.delete("cafe-act", 2, "t");
      List<Registry.FieldChange> d = r.diff("cafe-act", 2, 3);
      assertEquals(List.of("deleted"), d.stream().map(Registry.FieldChange::field).toList());
      assertTrue(d.get(0).to().asBoolean() && !d.get(0).from().asBoolean());
      assertEquals(List.of("deleted", "name.en"), r.diff("cafe-act", 1, 3).stream().map(Registry.FieldChange::field).toList());
    }
  }

  /**
   * Review of 2026-12-04: a delete and a relation naming the record, at the same moment, both passed their checks (a live
   * relation to a deleted record); a relation could end at a relation; two creates deriving one id gave a 500.
   */
  @ParameterizedTest
  @MethodSource("stores")
  void referencesHoldUnderConcurrentWrites(String store) throws Exception {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, (tx, c) -> { }, SearchIndex.inMemory());
      r.create(Fixtures.actor("anchor", "锚", "Anchor"), "t");
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        for (int i = 0; i < 25; i++) {
          String id = "race-" + i;
          r.create(Fixtures.actor(id, "竞", "Race " + i), "t");
          java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);
          var del = pool.submit(() -> {
            go.await();
            try {
              r.delete(id, 1, "t");
              return true;
            } catch (ApiException refused) {
              return false;
            }
          });
          var rel = pool.submit(() -> {
            go.await();
            try {
              r.create(Fixtures.relation("member_of", "anchor", id), "t");
              return true;
            } catch (ApiException refused) {
              return false;
            }
          });
          boolean deleted = del.get(), related = rel.get();
          assertFalse(deleted && related, "round " + i + ": a live relation to a deleted record");
          assertTrue(deleted || related, "round " + i + ": one of the two goes through");
        }
        // five creates of one name at once: each is stored under its own id or answered 409, never a 500
        List<java.util.concurrent.Future<String>> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) made.add(pool.submit(() -> {
          try {
            return r.create(Fixtures.instrument(null, "law", "同名", "Same Name Act", "2024"), "t").id;
          } catch (ApiException e) {
            assertEquals(409, e.status, e.getMessage());
            return null;
          }
        }));
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var f : made) if (f.get() != null) assertTrue(ids.add(f.get()));
        assertFalse(ids.isEmpty());
      } finally {
        pool.shutdownNow();
      }
      // a relation ends at an instrument or an actor, not at another relation
      r.create(Fixtures.actor("other", "另", "Other"), "t");
      String first = r.create(Fixtures.relation("member_of", "anchor", "other"), "t").id;
      ApiException onRelation = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("member_of", "anchor", first), "t"));
      assertEquals(422, onRelation.status);
      assertEquals("target", onRelation.field);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void batchedImportWritesVersionsFeedAndLogInOrder(String store) {
    try (Db db = TestStores.open(store)) {
      List<PublishedChange> published = new ArrayList<>();
      Registry r = new Registry(db, (tx, c) -> published.add(c), SearchIndex.inMemory());
      Importers imp = new Importers(r);
      List<Importers.Row> rows = new ArrayList<>();
      rows.add(new Importers.Row(1, Fixtures.instrument("i1", "law", "法一", "Law one", "2020"), null));
      rows.add(new Importers.Row(2, Fixtures.instrument("i2", "law", "法二", "Law two", "2021"), null));
      rows.add(new Importers.Row(3, Fixtures.instrument("i1", "law", "法一", "Law one amended", "2020"), null));
      ImportReport rep = imp.write("t", rows, false, org.aigov.observatory.kernel.Progress.silent());
      assertEquals(2, rep.added, rep.summary());
      assertEquals(1, rep.updated, rep.summary());
      assertEquals(List.of("i1:1", "i2:1", "i1:2"), published.stream().map(c -> c.recordId() + ":" + c.version()).toList());
      assertEquals("Law one amended", r.get("i1").name.en());
      assertEquals(r.history("i1").get(1).content_hash(), published.get(2).contentHash());
      assertEquals(1, r.search().search(new SearchIndex.Request("amended", java.util.Map.of(), null, null, null, 0, 10, false)).total());
      rows.set(2, new Importers.Row(3, Fixtures.instrument("i1", "law", "法一", "Law one amended", "2020"), null));
      rep = imp.write("t", rows.subList(2, 3), true, org.aigov.observatory.kernel.Progress.silent());
      assertEquals(1, rep.unchanged, rep.summary());
      assertEquals(3, published.size());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void largeImportChunkKeepsRowOrderInFeedAndVersions(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      List<Importers.Row> rows = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 250; i++) { // more than two multi-row INSERTs, and a partial one
        rows.add(new Importers.Row(i + 1, Fixtures.instrument("m" + i, "law", "法" + i, "Law " + i, "2020"), null));
        expected.add("m" + i + ":1");
        if (i == 150) { // an earlier record again, changed, within the same chunk
          rows.add(new Importers.Row(i + 1, Fixtures.instrument("m7", "law", "法7", "Law 7 amended", "2020"), null));
          expected.add("m7:2");
        }
      }
      ImportReport rep = new Importers(r).write("t", rows, false, org.aigov.observatory.kernel.Progress.silent());
      assertEquals(250, rep.added, rep.summary());
      assertEquals(1, rep.updated, rep.summary());
      List<String> feed = db.read(c -> {
        List<String> l = new ArrayList<>();
        try (var rs = c.createStatement().executeQuery("SELECT id, version FROM registry_changes ORDER BY seq")) {
          while (rs.next()) l.add(rs.getString(1) + ":" + rs.getLong(2));
        }
        return l;
      });
      assertEquals(expected, feed);
      assertEquals("Law 7 amended", r.get("m7").name.en());
      assertEquals(2L, r.get("m7").version);
      assertEquals("Law 7", r.version("m7", 1).name.en());
      assertEquals("Law 249", r.get("m249").name.en());
      assertEquals(250, r.listAll("instrument").size());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void staleWritesAreRefusedAndLoseNothing(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      r.create(Fixtures.actor("cn", "中国", "China"), "t");
      r.update("cn", Fixtures.actor("cn", "中华人民共和国", "China"), 1, "alice");
      ApiException stale = assertThrows(ApiException.class, () -> r.update("cn", Fixtures.actor("cn", "中国", "PRC"), 1, "bob"));
      assertEquals(409, stale.status);
      assertEquals("中华人民共和国", r.get("cn").name.zh());
      assertEquals(2L, r.get("cn").version);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void concurrentUpdatesOfOneVersionLetExactlyOneWin(String store) throws Exception {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      r.create(Fixtures.actor("us", "美国", "United States"), "t");
      int writers = 6;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          go.await();
          try {
            r.update("us", Fixtures.actor("us", "美国", "United States " + n), 1, "w" + n);
            return true;
          } catch (ApiException e) {
            assertEquals(409, e.status);
            return false;
          } catch (RuntimeException e) {
            return false; // a lock timeout or serialization failure also refuses the write
          }
        }));
      }
      go.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) if (f.get()) wins++;
      pool.shutdown();
      assertEquals(1, wins);
      assertEquals(2L, r.get("us").version);
      assertEquals(2, r.history("us").size());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void relationsMustPointAtExistingRecords(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      r.create(Fixtures.instrument("g7-hiroshima", "initiative", "广岛进程", "G7 Hiroshima AI Process", "2023"), "t");
      r.create(Fixtures.instrument("oecd-principles", "principles", "经合组织人工智能原则", "OECD AI Principles", "2019"), "t");
      ApiException e = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("builds_on", "g7-hiroshima", "nowhere"), "t"));
      assertEquals("target", e.field);
      Entry rel = r.create(Fixtures.relation("builds_on", "g7-hiroshima", "oecd-principles"), "t");
      assertEquals("rel:builds_on:g7-hiroshima:oecd-principles", rel.id);
      assertEquals(1, r.relationsOf("oecd-principles").size());
      ApiException busy = assertThrows(ApiException.class, () -> r.delete("oecd-principles", 1, "t"));
      assertEquals(409, busy.status);
      r.delete(rel.id, 1, "t");
      assertTrue(r.relationsOf("oecd-principles").isEmpty());
      assertEquals(2, r.history(rel.id).size(), "deletion is a version; history stays");
      r.delete("oecd-principles", 1, "t");
      assertTrue(r.find("oecd-principles").isEmpty());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void vocabularyAndRequiredFieldsAreEnforced(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      Entry bad = Fixtures.instrument(null, "law", "法", "A law", null);
      bad.binding = "medium";
      assertEquals("binding", assertThrows(ApiException.class, () -> r.create(bad, "t")).field);
      Entry noName = Fixtures.instrument(null, "law", null, null, null);
      assertEquals("name", assertThrows(ApiException.class, () -> r.create(noName, "t")).field);
      Entry badType = Fixtures.instrument(null, "novel", "x", "x", null);
      assertEquals("type", assertThrows(ApiException.class, () -> r.create(badType, "t")).field);
      Entry risk = Fixtures.instrument(null, "law", "x", "x", null);
      risk.riskCategories = List.of("cosmic");
      assertEquals("risk_categories", assertThrows(ApiException.class, () -> r.create(risk, "t")).field);
      Entry gen = r.create(Fixtures.instrument(null, "law", "法", "A Law on Things", null), "t");
      assertEquals("a-law-on-things", gen.id);
      assertEquals(1, r.counts().get("instrument"));
    }
  }
}
