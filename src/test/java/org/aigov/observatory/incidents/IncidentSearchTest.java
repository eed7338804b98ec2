package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentSearchTest {
  @TempDir Path tmp;

  static Map<Long, String> titles(Db db) {
    return db.read(c -> {
      Map<Long, String> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, title FROM incident_records WHERE title IS NOT NULL ORDER BY id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
      }
      return out;
    });
  }

  /** A fuzziness or slop too long for an int is the largest, not none (the parser had dropped it: an exact search). */
  @Test
  void anOverflowingTildeNumberIsTheLargestNotNone() {
    assertEquals("face~999999999 \"face recognition\"~999999999 face~2", IncidentSearch.clampTildes("face~2147483648 \"face recognition\"~00099999999999 face~2"));
    org.apache.lucene.analysis.standard.StandardAnalyzer a = new org.apache.lucene.analysis.standard.StandardAnalyzer();
    String huge = IncidentSearch.parse(a, "face~2147483648", "t", "b").toString(), two = IncidentSearch.parse(a, "face~2", "t", "b").toString();
    assertEquals(two, huge);
    assertNotEquals(IncidentSearch.parse(a, "face", "t", "b").toString(), huge, "not an exact search");
    assertEquals(IncidentSearch.parse(a, "\"face recognition\"~2147483647", "t", "b").toString(),
        IncidentSearch.parse(a, "\"face recognition\"~2147483648", "t", "b").toString());
  }

  @Test
  void everyRecordIsFoundByItsTitleAsAPhraseAndTheIndexPersists() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Path dir = tmp.resolve("idx");
      Map<Long, String> titles = titles(db);
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(titles.size(), s.catchUp(db), "the first catch-up indexes every record");
        assertEquals(0, s.catchUp(db), "nothing new: nothing re-indexed");
        for (var e : titles.entrySet()) {
          Map<Long, Float> hits = s.search(db, "\"" + e.getValue().replace("\"", " ") + "\"", 50);
          assertTrue(hits.containsKey(e.getKey()), "record " + e.getKey() + " by its title: " + e.getValue());
        }
      }
      try (IncidentSearch again = IncidentSearch.open(dir)) {
        assertEquals(0, again.catchUp(db), "the high-water marks survive a restart");
        assertFalse(again.search(db, "homeowner", 10).isEmpty());
        // a second process on the same folder is refused, and the live index is left alone
        var refused = assertThrows(java.io.UncheckedIOException.class, () -> IncidentSearch.open(dir));
        assertInstanceOf(org.apache.lucene.store.LockObtainFailedException.class, refused.getCause());
        assertFalse(again.search(db, "homeowner", 10).isEmpty());
        // a second server there searches an index of its own in memory (its searches had answered 500) and says so
        List<String> notes = new java.util.ArrayList<>();
        try (IncidentSearch second = IncidentSearch.openOrInMemory(dir, notes::add)) {
          assertEquals(again.search(db, "homeowner", 10).keySet(), second.search(db, "homeowner", 10).keySet());
        }
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("in use by another process"), notes.toString());
        assertFalse(again.search(db, "homeowner", 10).isEmpty(), "the folder's index is left alone");
      }
    }
  }

  @Test
  void anUnreadableIndexIsRebuiltFromTheStore() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      Path dir = tmp.resolve("idx");
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        s.catchUp(db);
      }
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) Files.write(p, new byte[] {1, 2, 3});
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertTrue(s.catchUp(db) > 0, "rebuilt from scratch");
        assertFalse(s.search(db, "homeowner", 10).isEmpty());
        // typed in a Chinese input method's full-width mode, the same word finds the same incidents
        assertEquals(s.search(db, "homeowner", 10), s.search(db, "ｈｏｍｅｏｗｎｅｒ", 10));
        assertEquals(s.find(db, "homeowner", 10).scores(), s.find(db, "ＨＯＭＥＯＷＮＥＲ", 10).scores());
      }
    }
  }

  /**
   * An index names the store it was built from: opened over another store (a database dropped and made again under the
   * same URL), it is rebuilt from that one, where it had answered with the old store's records under the new ids.
   */
  @Test
  void anIndexBuiltFromAnotherStoreIsRebuiltFromThisOne() throws Exception {
    Path dir = tmp.resolve("idx");
    int all;
    try (Db a = ClusterTest.loaded(tmp.resolve("a")); IncidentSearch s = IncidentSearch.open(dir)) {
      all = s.catchUp(a);
      assertFalse(s.search(a, "homeowner", 10).isEmpty());
    }
    Path lines = tmp.resolve("b.jsonl");
    Files.writeString(lines, "{\"title\":\"Kelp drone swarm blinds a ferry's radar\",\"url\":\"https://example.org/kelp\",\"date\":\"2026-11-02\"}\n"
        + "{\"title\":\"Seaweed sorting robot misreads a catch\",\"url\":\"https://example.org/sorter\",\"date\":\"2026-11-03\"}\n");
    try (Db b = Fixtures.db()) {
      new Ingest(b, Classifier.bundled(), Progress.silent()).run("jsonl", lines.toString());
      try (Db c = Fixtures.db()) {
        assertNotEquals(c.storeId(), b.storeId(), "each store has its own id");
        assertEquals(c.storeId(), c.storeId(), "and keeps it");
      }
      Map<Long, String> own = titles(b);
      assertEquals(2, own.size());
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(2, s.catchUp(b), "rebuilt from this store: its two records, none of the other's " + all);
        assertTrue(s.search(b, "homeowner", 10).isEmpty(), "the other store's words find nothing here");
        long kelp = own.entrySet().stream().filter(e -> e.getValue().startsWith("Kelp")).findFirst().orElseThrow().getKey();
        assertEquals(java.util.Set.of(kelp), s.search(b, "kelp", 10).keySet());
        assertEquals(0, s.catchUp(b), "stamped: not rebuilt again");
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(0, s.catchUp(b), "the stamp survives a restart");
      }
    }
  }

  /**
   * Queries as typed (outside QA, 2026-12-07): a stop word in an either-or is no word; "a|b" and "(a)" keep the glossary
   * and synonyms that "a | b" and "a" have; invisible characters copied from a page are dropped, as ingest drops them.
   */
  @Test
  void operatorsStopWordsAndInvisibleCharactersAreReadAsTheUserMeantThem() throws Exception {
    try (Db db = Fixtures.db(); IncidentSearch s = IncidentSearch.open(null)) {
      IncidentsBootstrap.loadBundled(db);
      java.util.Set<Long> deepfake = s.search(db, "deepfake", 5000).keySet(), face = s.search(db, "face recognition", 5000).keySet();
      assertFalse(deepfake.isEmpty() || face.isEmpty(), "the demo store holds both");
      assertEquals(deepfake, s.search(db, "deepfake OR the", 5000).keySet(), "'the' matched every record through the Chinese fields");
      assertEquals(deepfake, s.search(db, "deepfake | the | of", 5000).keySet());
      assertEquals(s.search(db, "人脸识别 | 深度伪造", 5000).keySet(), s.search(db, "人脸识别|深度伪造", 5000).keySet());
      assertTrue(s.search(db, "人脸识别|深度伪造", 5000).keySet().containsAll(deepfake), "the glossary's translations kept");
      assertEquals(face, s.search(db, "(face recognition)", 5000).keySet());
      assertEquals(s.search(db, "人脸识别", 5000).keySet(), s.search(db, "(人脸识别)", 5000).keySet());
      for (String invisible : new String[] {"deep\u00ADfake", "deep\u200Bfake", "deep\u2060fake", "\uFEFFdeepfake"})
        assertEquals(deepfake, s.search(db, invisible, 5000).keySet(), invisible.codePoints().mapToObj(Integer::toHexString).toList().toString());
      // "**" is "*" (it had found nothing where "*" finds every record), "deep**" is "deep*"
      java.util.Set<Long> all = s.search(db, "*", 5000).keySet();
      assertFalse(all.isEmpty());
      assertEquals(all, s.search(db, "**", 5000).keySet());
      assertEquals(all, s.search(db, " *** ", 5000).keySet());
      assertEquals(s.search(db, "deep*", 5000).keySet(), s.search(db, "deep**", 5000).keySet());
      assertEquals("a \\** *", IncidentSearch.queryText("a \\*** *"), "an escaped star stays a star");
      // a sign before a group stays with it: the group is excluded
      java.util.Set<Long> without = s.search(db, "deepfake -(video | audio)", 5000).keySet();
      assertTrue(deepfake.containsAll(without) && without.size() < deepfake.size(), without.size() + " of " + deepfake.size());
    }
  }

  /** An index written before Chinese folding (no "layout" in its commit) is rebuilt from the store at open, once. */
  @Test
  void anIndexOfAnOlderLayoutIsRebuiltOnce() throws Exception {
    try (Db db = ClusterTest.loaded(tmp)) {
      Path dir = tmp.resolve("idx");
      int all;
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        all = s.catchUp(db);
      }
      try (var d = org.apache.lucene.store.FSDirectory.open(dir);
           var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
        w.setLiveCommitData(Map.of("max_id", "999999999", "updated_mark", "0").entrySet()); // as layout 1 wrote it
        w.commit();
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(all, s.catchUp(db), "every record indexed again");
      }
      try (IncidentSearch s = IncidentSearch.open(dir)) {
        assertEquals(0, s.catchUp(db), "the rebuilt index is kept");
      }
    }
  }

  @Test
  void queriesThatAnalyseToNothingFindNothing() throws Exception {
    try (Db db = ClusterTest.loaded(tmp); IncidentSearch s = IncidentSearch.open(null)) {
      for (String q : List.of("   ", "-", "\"\"", "。，")) assertTrue(s.search(db, q, 10).isEmpty(), q);
    }
  }
  static long recordTitled(Db db, String prefix) {
    return titles(db).entrySet().stream().filter(e -> e.getValue().startsWith(prefix)).findFirst().orElseThrow().getKey();
  }

  /** A plain query that finds nothing shows what holds all its words but one, then near spellings, and says which. */
  @Test
  void aPlainQueryThatFindsNothingFallsBackAndSaysHow() throws Exception {
    try (Db db = ClusterTest.loaded(tmp); IncidentSearch s = IncidentSearch.open(null)) {
      long tesla = recordTitled(db, "Tesla Model S"), compas = recordTitled(db, "COMPAS");
      IncidentSearch.Hits exact = s.find(db, "Tesla tree", 10);
      assertNull(exact.fallback(), "every word matches: no fallback");
      assertTrue(exact.scores().containsKey(tesla));

      assertTrue(s.search(db, "Tesla tree unicorn", 10).isEmpty(), "no record holds unicorn");
      IncidentSearch.Hits loose = s.find(db, "Tesla tree unicorn", 10);
      assertEquals("relaxed", loose.fallback());
      assertEquals(tesla, loose.scores().keySet().iterator().next(), loose.toString());

      assertTrue(s.search(db, "recidivsm algoritm", 10).isEmpty());
      IncidentSearch.Hits near = s.find(db, "recidivsm algoritm", 10);
      assertEquals("fuzzy", near.fallback());
      assertTrue(near.scores().containsKey(compas), near.toString());
      assertFalse(near.scores().containsKey(tesla));

      // asked for exactly: a phrase, an exclusion or an either-or gets what it says, nothing near it
      for (String q : List.of("\"Tesla unicorn\"", "Tesla unicorn -tree", "unicorn | pegasus", "recidivsm*"))
        assertEquals(new IncidentSearch.Hits(Map.of(), null), s.find(db, q, 10), q);
      // one word cannot lose a word, and four-letter words are not respelt
      assertNull(s.find(db, "unicorn", 10).fallback());
      assertEquals(new IncidentSearch.Hits(Map.of(), null), s.find(db, "Tesl", 10));
    }
  }

  @Test
  void chineseQueriesRelaxByTheirWordsButNeverToALoneCharacter() throws Exception {
    try (Db db = ClusterTest.loaded(tmp); IncidentSearch s = IncidentSearch.open(null)) {
      Path j = tmp.resolve("zh.jsonl");
      Files.writeString(j, "{\"url\":\"https://c.example.cn/1\",\"title\":\"人脸识别系统误认嫌疑人\",\"text\":\"警方使用的人脸识别系统错误识别一名男子为嫌疑人，导致其被拘留。\",\"published\":\"2024-05-02\"}\n");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", j.toString());
      long zh = recordTitled(db, "人脸识别系统");
      assertTrue(s.search(db, "人脸识别 嫌疑人 火星", 10).isEmpty(), "no record mentions Mars");
      IncidentSearch.Hits loose = s.find(db, "人脸识别 嫌疑人 火星", 10);
      assertEquals("relaxed", loose.fallback());
      assertTrue(loose.scores().containsKey(zh), loose.toString());
      assertNull(s.relaxed("火 星"), "lone characters are not relaxed: one alone matches every word it begins");
      assertNull(s.relaxed("火星"), "one word has none to spare");
      for (String q : List.of("火星 的", "的 了 吗", "人脸识别 ， 。")) s.find(db, q, 10); // particles and punctuation: no failure
      assertNull(s.fuzzy("人脸识別 algoritm"), "no near spellings of Chinese");
      // a glossary term is one word and keeps its translation: 特斯拉 (Tesla) and 死亡 (killed) find the English record
      IncidentSearch.Hits tesla = s.find(db, "特斯拉 死亡 火星", 10);
      assertEquals("relaxed", tesla.fallback());
      assertTrue(tesla.scores().containsKey(recordTitled(db, "Tesla Model S")), tesla.toString());
      // Traditional script and regional words are folded as in the strict search
      assertTrue(s.find(db, "人臉識別 嫌疑人 火星", 10).scores().containsKey(zh));
      // a country's Chinese name finds the English records that name it (德国 found nothing, review of 2026-12-04)
      Path sg = tmp.resolve("sg.jsonl");
      Files.writeString(sg, "{\"url\":\"https://n.example.sg/1\",\"title\":\"Deepfake of Singapore's prime minister used in investment scam\",\"published\":\"2024-01-02\"}\n"
          + "{\"url\":\"https://n.example.us/2\",\"title\":\"Facial recognition error jails a shopper\",\"published\":\"2024-02-03\"}\n");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", sg.toString());
      // Taiwan's and Hong Kong's words (臉部辨識, review of 2026-12-04) find the English record, as 人脸识别 does
      long frt = recordTitled(db, "Facial recognition error jails");
      for (String q : List.of("人脸识别", "臉部辨識", "人脸辨识", "面部辨识")) assertTrue(s.find(db, q, 200).scores().containsKey(frt), q);
      // the everyday words an analyst types alone (人脸 found nothing, review of 2026-12-06): face, image, news
      assertTrue(s.find(db, "人脸", 200).scores().containsKey(frt), "人脸");
      assertTrue(s.find(db, "人脸 错误", 200).scores().containsKey(frt), "人脸 错误");
      IncidentSearch.Hits singapore = s.find(db, "新加坡", 50);
      assertTrue(singapore.scores().containsKey(recordTitled(db, "Deepfake of Singapore")), singapore.toString());
    }
  }

  /** An English term also finds its synonyms, a multi-word one as a phrase; quotes and exclusions are taken as typed. */
  @Test
  void englishTermsFindTheirSynonymsButNotInsideQuotesOrExclusions() throws Exception {
    try (Db db = ClusterTest.loaded(tmp); IncidentSearch s = IncidentSearch.open(null)) {
      Path j = tmp.resolve("syn.jsonl");
      Files.writeString(j, "{\"url\":\"https://s.example/1\",\"title\":\"Facial recognition misidentifies shopper\",\"text\":\"Police arrested the wrong man.\",\"published\":\"2024-05-02\"}\n"
          + "{\"url\":\"https://s.example/2\",\"title\":\"Recruitment tool ranks women lower\",\"published\":\"2024-05-03\"}\n");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", j.toString());
      long face = recordTitled(db, "Facial recognition misidentifies"), hiring = recordTitled(db, "Recruitment tool");
      assertTrue(s.search(db, "face recognition arrest", 10).containsKey(face), "face recognition: facial recognition");
      assertTrue(s.search(db, "hiring tool", 10).containsKey(hiring), "hiring: recruitment");
      assertTrue(s.search(db, "逮捕 face recognition", 10).containsKey(face), "Chinese and English synonyms in one query");
      assertFalse(s.search(db, "\"face recognition\"", 10).containsKey(face), "a quoted phrase is matched as written");
      assertTrue(s.search(db, "shopper -\"face recognition\"", 10).containsKey(face), "an exclusion excludes what it says");
      assertFalse(s.search(db, "shopper -facial", 10).containsKey(face));
      // NOT, OR and AND as analysts write them (they had been dropped as stop words: NOT found what it excludes)
      assertFalse(s.find(db, "shopper NOT facial", 10).scores().containsKey(face), "NOT excludes");
      assertTrue(s.find(db, "shopper NOT \"face recognition\"", 10).scores().containsKey(face), "NOT a phrase: the phrase as typed");
      assertEquals(java.util.Set.of(face, hiring), s.find(db, "Recruitment OR shopper", 10).scores().keySet(), "OR finds either");
      assertEquals(java.util.Set.of(face), s.find(db, "shopper AND facial", 10).scores().keySet());
      assertEquals("a | b -c \"d OR e\" not or", IncidentSearch.booleanWords("a OR b AND NOT c \"d OR e\" not or"));
      assertEquals("OR a NOT", IncidentSearch.booleanWords("OR a NOT"), "not between words: words");
      // the relaxed search keeps a multi-word term whole, with its synonyms: all words but unicorn
      IncidentSearch.Hits loose = s.find(db, "face recognition arrest unicorn", 10);
      assertEquals("relaxed", loose.fallback());
      assertTrue(loose.scores().containsKey(face), loose.toString());
      // near spellings still apply to what nothing matches
      assertTrue(s.find(db, "recruitmnet tool", 10).scores().containsKey(hiring));
      // odd input never fails, and a long query expands its first terms only (no clause-limit error)
      for (String q : List.of("face \"recognition", "((face recognition", "face recognition|", "-face -recognition", "\"\" deep fake \"\"", "face~ recognition*",
          "\\face recognition", "+self-driving -", "deep-fake|", String.join(" ", java.util.Collections.nCopies(60, "face recognition")).substring(0, 999)))
        assertNotNull(s.find(db, q, 10), q);
    }
  }

  /**
   * A Chinese term finds what its English finds typed (review of 2026-12-04: 数据安全, 自主武器, AIGC found nothing): a
   * translation of long words as words anywhere, with its English synonyms; a translation with a short word (AI Act) stays a
   * phrase, so 人工智能法案 does not find every AI record that cites some Act.
   */
  @Test
  void chineseTermsFindWhatTheirEnglishTypedFinds() throws Exception {
    try (Db db = ClusterTest.loaded(tmp); IncidentSearch s = IncidentSearch.open(null)) {
      Path j = tmp.resolve("terms.jsonl");
      Files.writeString(j, "{\"url\":\"https://t.example/1\",\"title\":\"Leaked keys expose training data\",\"text\":\"Researchers warn of a security gap.\",\"published\":\"2025-02-28\"}\n"
          + "{\"url\":\"https://t.example/2\",\"title\":\"Killer robot prototype fires on livestock\",\"published\":\"2026-11-12\"}\n"
          + "{\"url\":\"https://t.example/3\",\"title\":\"Regulator opens first case under the EU AI Act\",\"published\":\"2026-03-01\"}\n"
          + "{\"url\":\"https://t.example/4\",\"title\":\"Chatbot maker sued under the Biometric Information Privacy Act\",\"text\":\"The AI firm denies it.\",\"published\":\"2024-04-01\"}\n"
          + "{\"url\":\"https://t.example/5\",\"title\":\"GenAI image tool floods marketplace with fake listings\",\"published\":\"2024-06-01\"}\n");
      new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", j.toString());
      long data = recordTitled(db, "Leaked keys"), robot = recordTitled(db, "Killer robot"), act = recordTitled(db, "Regulator opens"),
          bipa = recordTitled(db, "Chatbot maker sued"), gen = recordTitled(db, "GenAI image tool");
      assertTrue(s.search(db, "data security", 50).containsKey(data), "the English words anywhere");
      for (String q : List.of("数据安全", "數據安全", "資料安全")) assertTrue(s.search(db, q, 50).containsKey(data), q);
      for (String q : List.of("自主武器", "致命性自主武器")) assertTrue(s.search(db, q, 50).containsKey(robot), q + ": killer robot is a synonym");
      for (String q : List.of("人工智能法", "人工智能法案", "欧盟人工智能法案")) {
        Map<Long, Float> hits = s.search(db, q, 50);
        assertTrue(hits.containsKey(act), q);
        assertFalse(hits.containsKey(bipa), q + ": AI and some Act is not the AI Act");
      }
      assertTrue(s.search(db, "AI Act", 50).containsKey(bipa), "typed unquoted, the English matches its words anywhere (why it finds more)");
      for (String q : List.of("AIGC", "生成式人工智能", "人工智能生成内容")) assertTrue(s.search(db, q, 50).containsKey(gen), q);
      assertNull(s.find(db, "自主武器", 50).fallback(), "found strictly: no fallback");
    }
  }
}
