package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.analysis.Graph;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.TestStores;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** same_as: another dataset's record of a thing is found and counted once, as the record it is the same as. */
class SameAsTest {
  static java.util.stream.Stream<String> stores() {
    return TestStores.names();
  }

  static List<String> ids(SearchIndex.Result r) {
    return r.hits().stream().map(SearchIndex.Hit::id).toList();
  }

  static SearchIndex.Result search(Registry r, String q, boolean copies) {
    return r.search().search(new SearchIndex.Request(q, Map.of(), null, null, null, 0, 50, false, false, copies));
  }

  @Test
  void bundledAgoraCopiesOfSeedInstrumentsAreFoundOnceAndCountedOnce() throws Exception {
    try (Db db = TestStores.h2()) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      Importers imp = new Importers(r);
      try (InputStream in = res("/registry/seed/registry-seed.json")) {
        imp.importJson(in, "seed", false, Progress.silent());
      }
      ImportReport agora;
      try (InputStream a = res("/registry/agora/authorities.csv"); InputStream d = res("/registry/agora/documents.csv")) {
        agora = imp.importAgora(Importers.csvReader(a), Importers.csvReader(d), false, Progress.silent());
      }
      assertTrue(agora.skipped.isEmpty(), () -> agora.skipped.toString());
      List<CSVRecord> pairs;
      try (var in = Importers.csvReader(res("/registry/agora/same-as.csv"))) {
        pairs = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
      }
      assertTrue(pairs.size() >= 19, "pairs: " + pairs.size());
      assertTrue(r.relationsOf("agora-1381").stream().anyMatch(x -> "same_as".equals(x.type) && "agora-1152".equals(x.target)),
          "a document AGORA holds twice, the original further down the file");
      Set<String> targets = new HashSet<>();
      for (CSVRecord p : pairs) {
        String copy = "agora-" + p.get("AGORA ID"), target = p.get("record");
        assertTrue(targets.add(target), "listed twice: " + target);
        assertEquals("instrument", r.get(target).kind);
        // the original is the seed's record, or (a document AGORA holds twice) an AGORA record that is no copy itself
        assertTrue(r.get(target).tags.stream().noneMatch("agora"::equals)
            || r.relationsOf(target).stream().noneMatch(x -> "same_as".equals(x.type) && target.equals(x.source)), target);
        assertTrue(r.relationsOf(copy).stream().anyMatch(x -> "same_as".equals(x.type) && copy.equals(x.source) && target.equals(x.target)),
            copy + " same_as " + target);
      }
      List<CSVRecord> authorities;
      try (var in = Importers.csvReader(res("/registry/agora/authorities-same-as.csv"))) {
        authorities = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
      }
      for (CSVRecord p : authorities) {
        String copy = "agora-auth-" + Importers.slug(p.get("Name")), target = p.get("record");
        assertTrue(targets.add(target), "listed twice: " + target);
        assertEquals("actor", r.get(target).kind, target);
        assertTrue(r.relationsOf(copy).stream().anyMatch(x -> "same_as".equals(x.type) && target.equals(x.target)), copy + " same_as " + target);
      }
      assertTrue(ids(search(r, "Executive Office of the President", false)).contains("us_eop"));
      assertFalse(ids(search(r, "Executive Office of the President", false)).contains("agora-auth-executive-office-of-the-president"));
      // the Interim Measures: one hit by default (the seed's record), both when copies are asked for
      List<String> plain = ids(search(r, "生成式人工智能服务管理暂行办法", false));
      assertTrue(plain.contains("cn_genai_interim_measures"), plain.toString());
      assertFalse(plain.contains("agora-1137"), plain.toString());
      SearchIndex.Result with = search(r, "生成式人工智能服务管理暂行办法", true);
      SearchIndex.Hit copy = with.hits().stream().filter(h -> h.id().equals("agora-1137")).findFirst().orElseThrow();
      assertEquals("cn_genai_interim_measures", copy.copy_of());
      assertNull(with.hits().stream().filter(h -> h.id().equals("cn_genai_interim_measures")).findFirst().orElseThrow().copy_of());
      assertNull(with.copies_hidden(), "no count when copies are shown");
      assertTrue(search(r, "生成式人工智能服务管理暂行办法", false).copies_hidden() >= 1);
      // totals and facet counts leave copies out
      long all = search(r, null, true).total(), once = search(r, null, false).total();
      assertEquals(pairs.size() + authorities.size(), all - once);
      assertEquals(all - once, (long) search(r, null, false).copies_hidden());
      // the analyses count each instrument once and keep no same_as edge
      List<Entry> scoped = Graph.scope(r.listAll(null), "all");
      Set<String> scopedIds = new HashSet<>();
      for (Entry e : scoped) scopedIds.add(e.id);
      assertFalse(scopedIds.contains("agora-757"));
      assertTrue(scopedIds.contains("eu_ai_act"));
      assertTrue(scoped.stream().noneMatch(e -> "same_as".equals(e.type)));
      // an AGORA document issued by the Executive Office of the President is issued by the seed's actor
      Entry eo = scoped.stream().filter(e -> e.id.equals("agora-1111")).findFirst().orElse(null);
      assertNull(eo, "agora-1111 is a copy of eo_13859");
      Entry some = scoped.stream().filter(e -> e.tags.contains("agora") && e.issuers.contains("us_eop")).findFirst().orElseThrow();
      assertTrue(r.get(some.id).issuers.contains("agora-auth-executive-office-of-the-president"), some.id);
      assertTrue(scoped.stream().noneMatch(e -> e.issuers.stream().anyMatch(i -> i.equals("agora-auth-executive-office-of-the-president"))));
      // a re-import is a no-op: nothing new, the relations unchanged
      try (InputStream a = res("/registry/agora/authorities.csv"); InputStream d = res("/registry/agora/documents.csv")) {
        ImportReport again = imp.importAgora(Importers.csvReader(a), Importers.csvReader(d), false, Progress.silent());
        assertEquals(0, again.added + again.updated, again.summary());
      }
    }
  }

  @Test
  void agoraAloneGetsNoDanglingPairs() throws Exception {
    try (Db db = TestStores.h2()) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      ImportReport rep;
      try (InputStream a = res("/registry/agora/authorities.csv"); InputStream d = res("/registry/agora/documents.csv")) {
        rep = new Importers(r).importAgora(Importers.csvReader(a), Importers.csvReader(d), false, Progress.silent());
      }
      assertTrue(rep.skipped.isEmpty(), () -> rep.skipped.toString());
      assertTrue(r.relationsOf("agora-1137").isEmpty());
      assertEquals(List.of("agora-1137"), ids(search(r, "生成式人工智能服务管理暂行办法", false)).stream().filter(i -> i.equals("agora-1137")).toList());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void theIndexFollowsSameAsRelationsAsTheyComeAndGo(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      r.create(Fixtures.instrument("seed-act", "law", "示范法", "Exemplary Widget Act", "2024"), "t");
      r.create(Fixtures.instrument("other-act", "law", null, "Exemplary Widget Act (dataset B)", "2024"), "t");
      assertEquals(List.of("other-act", "seed-act"), ids(search(r, "exemplary widget", false)).stream().sorted().toList());
      Entry rel = r.create(Fixtures.relation("same_as", "other-act", "seed-act"), "t");
      assertEquals(List.of("seed-act"), ids(search(r, "exemplary widget", false)));
      assertEquals("seed-act", search(r, "exemplary widget", true).hits().stream().filter(h -> h.id().equals("other-act")).findFirst().orElseThrow().copy_of());
      // a rebuilt index keeps it
      r.search().rebuild(db);
      assertEquals(List.of("seed-act"), ids(search(r, "exemplary widget", false)));
      // an edit of the copy keeps it hidden
      Entry edit = r.get("other-act");
      edit.summary = org.aigov.observatory.kernel.Text.of(null, "edited");
      r.update("other-act", edit, edit.version, "t");
      assertEquals(List.of("seed-act"), ids(search(r, "exemplary widget", false)));
      // deleting the relation shows the record again
      r.delete(rel.id, rel.version, "t");
      assertEquals(List.of("other-act", "seed-act"), ids(search(r, "exemplary widget", false)).stream().sorted().toList());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void sameAsRefusesMixedKindsChainsAndSecondTargets(String store) {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      r.create(Fixtures.instrument("a", "law", null, "A", null), "t");
      r.create(Fixtures.instrument("b", "law", null, "B", null), "t");
      r.create(Fixtures.instrument("c", "law", null, "C", null), "t");
      r.create(Fixtures.actor("s", "国", "State"), "t");
      ApiException kinds = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("same_as", "a", "s"), "t"));
      r.create(Fixtures.instrument("x", "law", null, "X", null), "t");
      Entry someRelation = r.create(Fixtures.relation("builds_on", "x", "s"), "t");
      assertEquals("source", assertThrows(ApiException.class, () -> r.create(Fixtures.relation("same_as", someRelation.id, "a"), "t")).field);
      assertEquals("target", kinds.field);
      assertTrue(kinds.getMessage().contains("one kind"), kinds.getMessage());
      r.create(Fixtures.relation("same_as", "a", "b"), "t");
      ApiException chain = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("same_as", "c", "a"), "t"));
      assertEquals("target", chain.field);
      assertTrue(chain.getMessage().contains("link to 'b'"), chain.getMessage());
      ApiException hasCopies = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("same_as", "b", "c"), "t"));
      assertEquals("source", hasCopies.field);
      ApiException cycle = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("same_as", "b", "a"), "t"));
      assertNotNull(cycle.field);
      ApiException twice = assertThrows(ApiException.class, () -> r.create(Fixtures.relation("same_as", "a", "c"), "t"));
      assertEquals("source", twice.field);
      // the import path checks the same
      List<Registry.Upserted> up = db.tx(cx -> r.upsertAll(cx, List.of(Fixtures.relationWithId("same_as", "c", "a")), "t", new java.util.ArrayList<>()));
      assertNotNull(up.get(0).error());
      assertEquals("target", up.get(0).error().field);
      // nothing of the refused ones was stored
      assertEquals(1, r.relationsOf("a").size());
      assertTrue(r.relationsOf("c").isEmpty());
    }
  }

  /** Two same_as written at once that together would make a cycle or a chain: one of them is refused (QA, 2026-12-02). */
  @ParameterizedTest
  @MethodSource("stores")
  void simultaneousSameAsWritesCannotMakeACycleOrAChain(String store) throws Exception {
    try (Db db = TestStores.open(store)) {
      Registry r = new Registry(db, null, SearchIndex.inMemory());
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 15; round++) {
          String a = "a" + round, b = "b" + round, c = "c" + round;
          for (String id : List.of(a, b, c)) r.create(Fixtures.instrument(id, "law", null, id.toUpperCase(), null), "t");
          // a cycle (a → b, b → a) in even rounds, a chain (a → b, b → c) in odd ones
          Entry first = Fixtures.relation("same_as", a, b), second = Fixtures.relation("same_as", b, round % 2 == 0 ? a : c);
          java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
          java.util.concurrent.Future<Boolean> f1 = pool.submit(() -> { go.await(); return tryCreate(r, first); });
          java.util.concurrent.Future<Boolean> f2 = pool.submit(() -> { go.await(); return tryCreate(r, second); });
          go.countDown();
          int made = (f1.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0) + (f2.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0);
          assertEquals(1, made, "round " + round);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static boolean tryCreate(Registry r, Entry rel) {
    try {
      r.create(rel, "t");
      return true;
    } catch (ApiException refused) {
      return false;
    } catch (RuntimeException lockTimeoutOrDeadlock) { // the store gave up on the lock: nothing was written
      return false;
    }
  }

  @Test
  void theAnalysesRedirectRelationsOfACopyToWhatItCopies() {
    Entry a = Fixtures.instrument("a", "law", null, "A", null);
    Entry b = Fixtures.instrument("b", "law", null, "B", null);
    Entry x = Fixtures.instrument("x", "law", null, "X", null);
    Entry same = Fixtures.relationWithId("same_as", "b", "a");
    Entry builds = Fixtures.relationWithId("builds_on", "x", "b");
    Entry self = Fixtures.relationWithId("overlaps", "a", "b");
    Entry issued = Fixtures.instrument("y", "law", null, "Y", null);
    issued.issuers = List.of("b");
    List<Entry> scoped = Graph.scope(List.of(a, b, x, same, builds, self, issued), "all");
    assertEquals(List.of("a", "x", builds.id, "y"), scoped.stream().map(e -> e.id).toList());
    Entry moved = scoped.get(2);
    assertEquals("a", moved.target);
    assertEquals("b", builds.target, "the stored entry is not changed");
    assertEquals(List.of("a"), scoped.get(3).issuers);
  }

  static InputStream res(String p) {
    return SameAsTest.class.getResourceAsStream(p);
  }
}
