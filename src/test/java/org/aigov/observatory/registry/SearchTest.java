package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.TestStores;
import org.aigov.observatory.kernel.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchTest {
  Db db;
  Registry r;

  @BeforeEach
  void setUp() {
    db = TestStores.h2();
    r = new Registry(db, null, SearchIndex.inMemory());
    r.create(Fixtures.actor("eu", "欧盟", "European Union"), "t");
    r.create(Fixtures.actor("us", "美国", "United States"), "t");
    Entry act = Fixtures.instrument("eu-ai-act", "law", "欧盟《人工智能法案》", "EU Artificial Intelligence Act (AI Act)", "2024-06-13");
    act.binding = "hard";
    act.jurisdiction = "EU";
    act.summary = Text.of("以风险分级为基础的统一人工智能规则。", "Harmonised, risk-based rules on artificial intelligence.");
    act.issuers = List.of("eu");
    act.riskCategories = List.of("application_security", "intrinsic_safety");
    r.create(act, "t");
    Entry eo = Fixtures.instrument("us-eo-14110", "executive_order", "关于安全、可靠和可信地开发和使用人工智能的行政令",
        "Executive Order 14110 on Safe, Secure, and Trustworthy AI", "2023-10-30");
    eo.binding = "soft";
    eo.jurisdiction = "US";
    r.create(eo, "t");
    Entry eo2 = Fixtures.instrument("us-eo-13859", "executive_order", "维护美国在人工智能领域领导地位的行政令",
        "Executive Order 13859: Maintaining American Leadership in AI", "2019-02");
    eo2.jurisdiction = "US";
    r.create(eo2, "t");
    Entry strat = Fixtures.instrument("cn-ngai-plan", "strategy", "新一代人工智能发展规划", "New Generation AI Development Plan", "2017");
    strat.jurisdiction = "CN";
    strat.binding = "soft";
    r.create(strat, "t");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  SearchIndex.Result q(String text, Map<String, List<String>> filters, String sort) {
    return r.search().search(new SearchIndex.Request(text, filters, null, null, sort, 0, 20, true));
  }

  List<String> ids(SearchIndex.Result res) {
    return res.hits().stream().map(SearchIndex.Hit::id).toList();
  }

  @Test
  void chineseAndEnglishQueriesFindTheEuAiAct() {
    assertEquals("eu-ai-act", ids(q("人工智能法案", Map.of(), null)).get(0));
    assertEquals("eu-ai-act", ids(q("AI Act", Map.of(), null)).get(0));
    assertEquals("eu-ai-act", ids(q("EU 人工智能法案", Map.of(), null)).get(0), "mixed-language query");
  }

  /** Taiwan and Hong Kong write Traditional characters: either script finds a name written in the other. */
  @Test
  void traditionalAndSimplifiedQueriesFindEachOther() {
    Entry pdpa = Fixtures.instrument("tw-pdpa", "law", "個人資料保護法", "Personal Data Protection Act (Taiwan)", "2010-05-26");
    pdpa.jurisdiction = "TW";
    r.create(pdpa, "t");
    assertEquals("tw-pdpa", ids(q("个人资料保护法", Map.of(), null)).get(0));
    assertEquals("tw-pdpa", ids(q("個人資料保護法", Map.of(), null)).get(0));
    assertEquals("eu-ai-act", ids(q("歐盟 人工智能法案", Map.of(), null)).get(0));
    SearchIndex.Result hl = q("個人資料", Map.of(), null);
    assertTrue(hl.hits().get(0).highlights().get("name_zh").contains("<mark>個人資料</mark>") || hl.hits().get(0).highlights().get("name_zh").contains("<mark>個人</mark>"),
        "the highlight marks the stored characters: " + hl.hits().get(0).highlights());
  }

  @Test
  void xingZhengLingFindsTheExecutiveOrders() {
    List<String> hits = ids(q("行政令", Map.of(), null));
    assertTrue(hits.containsAll(List.of("us-eo-14110", "us-eo-13859")), hits.toString());
    assertFalse(hits.contains("eu-ai-act"));
  }

  @Test
  void facetsFiltersHighlightingAndDateOrder() {
    SearchIndex.Result all = q("", Map.of("kind", List.of("instrument")), "date");
    assertEquals(List.of("eu-ai-act", "us-eo-14110", "us-eo-13859", "cn-ngai-plan"), ids(all));
    Map<String, Long> jur = new java.util.HashMap<>();
    all.facets().get("jurisdiction").forEach(b -> jur.put(b.value(), b.count()));
    assertEquals(Map.of("US", 2L, "EU", 1L, "CN", 1L), jur);
    assertTrue(all.facets().get("year").stream().anyMatch(b -> b.value().equals("2017") && b.count() == 1));
    SearchIndex.Result combined = q("intelligence", Map.of("jurisdiction", List.of("US", "EU"), "binding", List.of("hard")), null);
    assertEquals(List.of("eu-ai-act"), ids(combined));
    assertEquals(List.of("eu-ai-act"), ids(q("intelligence", Map.of("jurisdiction", List.of("us", "eu"), "binding", List.of("hard")), null)),
        "jurisdiction codes are stored upper case; a lower-case filter finds the same");
    SearchIndex.Result hl = q("risk-based rules", Map.of(), null);
    assertTrue(hl.hits().get(0).highlights().get("summary_en").contains("<mark>"), hl.hits().get(0).highlights().toString());
    assertEquals(List.of("us-eo-13859", "cn-ngai-plan"),
        ids(r.search().search(new SearchIndex.Request(null, Map.of(), 2017, 2019, "date", 0, 10, false))));
  }

  /** Undated records (the actors here) come last in both date orders, not first in "oldest first". */
  @Test
  void undatedRecordsComeLastInBothDateOrders() {
    List<String> oldest = ids(q("", Map.of(), "date_asc"));
    assertEquals(List.of("cn-ngai-plan", "us-eo-13859", "us-eo-14110", "eu-ai-act"), oldest.subList(0, 4), oldest.toString());
    assertTrue(oldest.subList(4, oldest.size()).containsAll(List.of("eu", "us")), oldest.toString());
    List<String> newest = ids(q("", Map.of(), "date"));
    assertEquals(List.of("eu-ai-act", "us-eo-14110", "us-eo-13859", "cn-ngai-plan"), newest.subList(0, 4), newest.toString());
  }

  /** An index written in the layout before (undated records with a date_sort of Long.MIN_VALUE) is rebuilt at start, once. */
  @Test
  void anIndexOfAnOlderLayoutIsRebuiltFromTheStoreOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (org.apache.lucene.store.FSDirectory d = org.apache.lucene.store.FSDirectory.open(dir);
         org.apache.lucene.index.IndexWriter w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig()
             .setIndexSort(SearchIndex.INDEX_SORT))) {
      org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
      doc.add(new org.apache.lucene.document.NumericDocValuesField("sort_kb", 0));
      doc.add(new org.apache.lucene.document.NumericDocValuesField("date_sort", Long.MIN_VALUE));
      w.addDocument(doc);
      w.setLiveCommitData(Map.of("seq", "42").entrySet()); // no "layout": layout 1
      w.commit();
    }
    SearchIndex old = SearchIndex.open(dir);
    assertEquals(0, old.lastSeq(), "rebuilt: the store's change feed is replayed from the start");
    old.sync(db);
    long seq = old.lastSeq();
    assertTrue(seq > 0);
    old.close();
    SearchIndex again = SearchIndex.open(dir);
    assertEquals(seq, again.lastSeq(), "the new layout is kept: no second rebuild");
    again.close();
  }

  @Test
  void searchSeesAWriteAsSoonAsItReturnsAndForgetsDeletions() {
    assertEquals(0, q("Bletchley", Map.of(), null).total());
    r.create(Fixtures.instrument("bletchley", "declaration", "布莱切利宣言", "Bletchley Declaration", "2023-11"), "t");
    assertEquals(List.of("bletchley"), ids(q("Bletchley", Map.of(), null)));
    r.delete("bletchley", 1, "t");
    assertEquals(0, q("Bletchley", Map.of(), null).total());
  }

  @Test
  void highlightsAreHtmlEscaped() {
    Entry x = Fixtures.instrument("xss", "guideline", "脚本", "<script>alert(1)</script> guideline", null);
    r.create(x, "t");
    String h = q("guideline", Map.of(), null).hits().get(0).highlights().get("name_en");
    assertFalse(h.contains("<script>"), h);
    assertTrue(h.contains("&lt;script&gt;"), h);
  }

  @Test
  void queryTextIsNeverParsedAsSyntax() {
    for (String hostile : List.of("AND OR NOT", "title:(x", "\"unbalanced", "*:*", "a~2^9", "\\", "[1 TO 5]"))
      assertDoesNotThrow(() -> q(hostile, Map.of(), null), hostile);
    assertEquals("kindx", assertThrows(ApiException.class, () -> q("x", Map.of("kindx", List.of("a")), null)).field);
  }

  @Test
  void rebuildFromTheStoreGivesTheSameAnswers() {
    List<String> before = ids(q("人工智能", Map.of(), null));
    assertEquals(6, r.search().rebuild(db));
    assertEquals(before, ids(q("人工智能", Map.of(), null)));
  }

  /** An index written before the index sort existed is replaced and refilled from the store's feed. */
  @Test
  void anIndexInTheOldLayoutIsRebuiltFromTheStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (var fs = org.apache.lucene.store.FSDirectory.open(dir);
        var w = new org.apache.lucene.index.IndexWriter(fs, new org.apache.lucene.index.IndexWriterConfig())) {
      org.apache.lucene.document.Document d = new org.apache.lucene.document.Document();
      d.add(new org.apache.lucene.document.StringField("id", "stale", org.apache.lucene.document.Field.Store.YES));
      w.addDocument(d);
      w.setLiveCommitData(Map.of("seq", "999").entrySet());
      w.commit();
    }
    try (SearchIndex idx = SearchIndex.open(dir)) {
      assertEquals(0, idx.lastSeq());
      assertEquals(0, idx.numDocs());
      new Registry(db, null, idx).refreshSearch();
      assertEquals(6, idx.numDocs());
      assertEquals("eu-ai-act", ids(idx.search(new SearchIndex.Request("人工智能法案", Map.of(), null, null, null, 0, 20, false))).get(0));
    }
    try (SearchIndex again = SearchIndex.open(dir)) { // the new layout opens as it is
      assertEquals(6, again.numDocs());
      assertTrue(again.lastSeq() > 0);
    }
  }

  /**
   * An index names the store it was built from: over another store (a database dropped and made again under the same
   * URL, whose change numbers start again at 1) it is rebuilt from that store, not kept with the first one's records.
   */
  @Test
  void anIndexBuiltFromAnotherStoreIsRebuiltFromThisOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (SearchIndex idx = SearchIndex.open(dir)) {
      new Registry(db, null, idx).refreshSearch();
      assertEquals(6, idx.numDocs());
      idx.commit();
    }
    try (Db other = TestStores.h2(); SearchIndex idx = SearchIndex.open(dir)) {
      Registry second = new Registry(other, null, idx);
      second.create(Fixtures.instrument("kelp-accord", "declaration", "海藻协定", "Kelp Accord", "2026-11"), "t");
      second.refreshSearch();
      assertEquals(1, idx.numDocs(), "only this store's record");
      assertEquals(List.of("kelp-accord"), ids(idx.search(new SearchIndex.Request("Kelp", Map.of(), null, null, null, 0, 20, false))));
      assertEquals(0, idx.search(new SearchIndex.Request("人工智能法案", Map.of(), null, null, null, 0, 20, false)).total(),
          "the first store's act is not found in the second");
      idx.commit();
    }
  }

  /** A new index is committed at once: a command beside the server opens it read-only before the server writes anything. */
  @Test
  void aNewIndexCanBeOpenedReadOnlyBeforeItsFirstWrite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path dir = tmp.resolve("index");
    try (SearchIndex server = SearchIndex.open(dir); SearchIndex command = SearchIndex.open(dir)) { // the second finds the lock held
      assertEquals(0, command.numDocs());
      assertEquals(0, server.numDocs());
    }
  }

  /** A write that took its feed number before another but commits after it is still indexed (gap re-check). */
  @Test
  void aChangeCommittedLateBehindALaterOneIsIndexed() throws Exception {
    java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread slow = new Thread(() -> db.tx(c -> {
      r.write(c, Fixtures.instrument("late-one", "guideline", "迟到", "belated zebra", null), null, "t", true);
      written.countDown();
      release.await();
      return null;
    }));
    slow.start();
    assertTrue(written.await(10, java.util.concurrent.TimeUnit.SECONDS));
    r.create(Fixtures.instrument("early-one", "guideline", "早到", "punctual zebra", null), "t"); // a later number, committed first
    assertEquals(List.of("early-one"), ids(q("zebra", Map.of(), null)));
    release.countDown();
    slow.join();
    r.refreshSearch();
    assertEquals(java.util.Set.of("early-one", "late-one"), new java.util.HashSet<>(ids(q("zebra", Map.of(), null))));
  }

  /** Randomised: whatever is written, search over the name finds exactly the live records. */
  @Test
  void randomisedWritesStayInStepWithSearch() {
    Random rnd = new Random(20261130);
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo"};
    java.util.Map<String, String> live = new java.util.HashMap<>();
    for (int i = 0; i < 120; i++) {
      String id = "rnd-" + rnd.nextInt(25);
      String w = words[rnd.nextInt(words.length)];
      var cur = r.find(id);
      if (cur.isEmpty()) {
        r.create(Fixtures.instrument(id, "guideline", "随机" + w, "random " + w, null), "t");
        live.put(id, w);
      } else if (rnd.nextBoolean()) {
        r.update(id, Fixtures.instrument(id, "guideline", "随机" + w, "random " + w, null), cur.get().version, "t");
        live.put(id, w);
      } else {
        r.delete(id, cur.get().version, "t");
        live.remove(id);
      }
    }
    for (String w : words) {
      java.util.Set<String> expected = new java.util.TreeSet<>();
      live.forEach((k, v) -> {
        if (v.equals(w)) expected.add(k);
      });
      var res = r.search().search(new SearchIndex.Request("random " + w, Map.of(), null, null, null, 0, 200, false));
      if (expected.isEmpty()) { // no live record holds both words: nothing, or the records with all but one, said so
        assertTrue(res.total() == 0 || Boolean.TRUE.equals(res.relaxed()), w + ": " + ids(res));
        continue;
      }
      assertNull(res.relaxed(), w);
      assertEquals(expected, new java.util.TreeSet<>(ids(res)), w);
    }
  }

  /** A filtered field still offers its other values, counted under the other filters, so a second value widens the result. */
  @Test
  void aFilteredFieldKeepsItsOtherValuesOnOffer() {
    SearchIndex.Result law = r.search().search(new SearchIndex.Request(null, Map.of("type", List.of("law")), null, null, null, 0, 20, false, true));
    assertEquals(1, law.total());
    // asked for conjunctive counts (the default), the field shows only what is chosen
    assertEquals(List.of("law"), r.search().search(new SearchIndex.Request(null, Map.of("type", List.of("law")), null, null, null, 0, 20, false))
        .facets().get("type").stream().map(SearchIndex.Bucket::value).toList());
    Map<String, Long> types = new java.util.HashMap<>();
    for (SearchIndex.Bucket b : law.facets().get("type")) types.put(b.value(), b.count());
    assertEquals(1L, types.get("law"));
    assertEquals(2L, types.get("executive_order"), "the value not chosen is counted as if the type filter were off: " + types);
    // other fields are counted under the filter as before
    Map<String, Long> jur = new java.util.HashMap<>();
    for (SearchIndex.Bucket b : law.facets().get("jurisdiction")) jur.put(b.value(), b.count());
    assertEquals(Map.of("EU", 1L), jur);
    // choosing the second value widens (OR within a field)
    assertEquals(3, r.search().search(new SearchIndex.Request(null, Map.of("type", List.of("law", "executive_order")), null, null, null, 0, 20, false)).total());
    // and with another field filtered, the type counts respect that one
    SearchIndex.Result usLaw = r.search().search(new SearchIndex.Request(null, Map.of("type", List.of("law"), "jurisdiction", List.of("US")), null, null, null, 0, 20, false, true));
    assertEquals(0, usLaw.total());
    Map<String, Long> usTypes = new java.util.HashMap<>();
    for (SearchIndex.Bucket b : usLaw.facets().get("type")) usTypes.put(b.value(), b.count());
    assertEquals(Map.of("executive_order", 2L), usTypes, "an empty result still offers the way out");
  }
  /** Records scoring alike are listed in id order however they were indexed, so H2, PostgreSQL and a rebuild agree. */
  @Test
  void tiesAreListedInRecordIdOrderWhateverTheIndexingOrder() {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) names.add(String.format("twin-%02d", i));
    List<List<String>> seen = new java.util.ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      List<String> order = new java.util.ArrayList<>(names);
      java.util.Collections.shuffle(order, new Random(seed));
      try (Db other = TestStores.h2()) {
        Registry reg = new Registry(other, null, SearchIndex.inMemory());
        for (String id : order) {
          Entry e = Fixtures.instrument(id, "guideline", "孪生准则", "Twin Guideline", "2024-01-01");
          e.jurisdiction = "EU";
          reg.create(e, "t");
        }
        for (String sort : new String[] {"relevance", "date", "date_asc"}) {
          SearchIndex.Result res = reg.search().search(new SearchIndex.Request("twin guideline", Map.of(), null, null, sort, 0, 20, false));
          assertEquals(names, ids(res), sort + ", indexed in the order " + order);
          assertTrue(res.hits().get(0).score() > 0, "the score is still reported");
        }
        seen.add(order);
      }
    }
    assertNotEquals(seen.get(0), seen.get(1), "the indexing orders differed");
  }

  /** title:Bletchley and EU.AI.Act found nothing: the tokenizer keeps words joined by ":" or "." as one, which no record holds. */
  @Test
  void wordsJoinedByAColonOrADotAreAlsoSearchedApart() {
    r.create(Fixtures.instrument("bletchley", "declaration", "布莱奇利宣言", "The Bletchley Declaration", "2023-11-01"), "t");
    r.create(Fixtures.instrument("us-blueprint", "guideline", "人工智能权利法案蓝图", "U.S. Blueprint for an AI Bill of Rights", "2022-10"), "t");
    r.create(Fixtures.instrument("rmf-2", "standard", "风险管理框架", "AI RMF 2.0 profile", "2024"), "t");
    SearchIndex.Result title = q("title:Bletchley", Map.of(), null);
    assertEquals("bletchley", ids(title).get(0));
    assertEquals(List.of("title:"), title.ignored(), "the field prefix is left out, and the answer says so");
    assertNull(title.relaxed());
    assertEquals("bletchley", ids(q("Bletchley:Declaration", Map.of(), null)).get(0));
    SearchIndex.Result act = q("EU.AI.Act", Map.of(), null);
    assertEquals("eu-ai-act", ids(act).get(0));
    assertNull(act.ignored());
    assertEquals("eu-ai-act", ids(q("ＥＵ．ＡＩ．Ａｃｔ", Map.of(), null)).get(0), "typed full-width");
    // what the records themselves hold joined stays found
    assertEquals("us-blueprint", ids(q("U.S. Blueprint", Map.of(), null)).get(0));
    assertEquals("us-blueprint", ids(q("U.S.", Map.of(), null)).get(0));
    assertEquals(List.of("rmf-2"), ids(q("RMF 2.0", Map.of(), null)));
    assertEquals("U.S. 2.0 e.g. v1.2", QuerySyntax.split("U.S. 2.0 e.g. v1.2"));
    assertEquals("EU AI Act ISO 42001", QuerySyntax.split("EU.AI.Act ISO:42001"));
  }

  /** NOT, -, + and quotes were dropped by the analyser: "AI NOT Act", "+AI -Act" and "\"AI Act\"" answered as "AI Act". */
  @Test
  void quotesExclusionsAndTheirSignsAreRead() {
    r.create(Fixtures.instrument("act-on-ai", "law", "人工智能促进法", "Act on the Promotion of AI Research", "2025"), "t");
    List<String> plain = ids(q("AI Act", Map.of(), null));
    assertTrue(plain.containsAll(List.of("eu-ai-act", "act-on-ai")), plain.toString());
    // a phrase: the words adjacent and in order, in any spelling of the field's abbreviations
    assertEquals(List.of("eu-ai-act"), ids(q("\"AI Act\"", Map.of(), null)));
    assertEquals(List.of("eu-ai-act"), ids(q("\"Artificial Intelligence Act\"", Map.of(), null)));
    assertEquals(List.of("eu-ai-act"), ids(q("“AI Act”", Map.of(), null)));
    assertEquals(List.of("eu-ai-act"), ids(q("“人工智能法案”", Map.of(), null)));
    assertEquals(List.of("act-on-ai"), ids(q("\"AI Research\"", Map.of(), null)));
    assertTrue(q("\"Research AI\"", Map.of(), null).hits().isEmpty(), "in order");
    // exclusions leave out what the word alone finds, stemmed and in either language
    List<String> ai = ids(q("AI", Map.of(), null));
    assertTrue(ai.contains("cn-ngai-plan"), ai.toString());
    for (String without : List.of("AI NOT Plan", "AI -plan", "+AI -Plans", "AI -\"Development Plan\"", "AI AND NOT plan", "AI -规划")) {
      List<String> got = ids(q(without, Map.of(), null));
      assertEquals(ai.stream().filter(id -> !id.equals("cn-ngai-plan")).toList(), got, without);
    }
    assertFalse(ids(q("人工智能 -规划", Map.of(), null)).contains("cn-ngai-plan"));
    assertTrue(ids(q("人工智能 -规划", Map.of(), null)).contains("eu-ai-act"));
    assertEquals(ids(q("AI Act", Map.of(), null)), ids(q("+AI AND +Act", Map.of(), null)), "+ and AND are the default");
    // OR is not an operator here: left out, and said
    SearchIndex.Result or = q("AI OR Plan", Map.of(), null);
    assertEquals(List.of("OR"), or.ignored());
    assertEquals(ids(q("AI Plan", Map.of(), null)), ids(or));
    // Lucene's fuzzy and proximity marks are not operators here either: left out and said, never searched as a word "2"
    SearchIndex.Result fuzzy = q("AI~2 Plan", Map.of(), null);
    assertEquals(List.of("~2"), fuzzy.ignored());
    assertEquals(ids(q("AI Plan", Map.of(), null)), ids(fuzzy));
    SearchIndex.Result near = q("\"Development Plan\"~3", Map.of(), null);
    assertEquals(List.of("~3"), near.ignored());
    assertEquals(ids(q("\"Development Plan\"", Map.of(), null)), ids(near));
    assertNull(q("AI~x", Map.of(), null).ignored(), "a ~ inside a word is text");
    // nothing left to look for is a 400 on q; signs without a word are punctuation
    for (String bad : List.of("-AI", "NOT Plan", "-AI -Act", "-\"AI Act\""))
      assertEquals("q", assertThrows(ApiException.class, () -> q(bad, Map.of(), null), bad).field, bad);
    // a query of signs alone has nothing to search for: it finds nothing, as stop words alone do (it listed every record)
    assertTrue(q("", Map.of(), null).total() > 0);
    for (String signs : List.of("-", "\\", "/.*/", "*", "\"\"\"", "- + ?"))
      assertEquals(0, q(signs, Map.of(), null).total(), signs);
    assertEquals(ids(q("AI Act", Map.of(), null)), ids(q("AI - Act", Map.of(), null)), "a dash between words is no operator");
    assertEquals(ids(q("AI", Map.of(), null)), ids(q("AI NOT", Map.of(), null)), "NOT with nothing after it is a word (a stop word)");
    // Chinese, written without spaces, reads exactly as before
    for (String zh : List.of("欧盟人工智能法案", "生成式人工智能服务管理暂行办法", "布莱奇利宣言", "人工智能-法案", "欧盟“人工智能”法案"))
      assertEquals(zh, QuerySyntax.parse(zh).text(), zh);
  }
}
