package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  /** `serve` without the monitor builds the classifier in the background, so no request thread trains it. */
  @Test
  void warmUpBuildsTheBundledClassifierOnALowPriorityDaemonThread() throws Exception {
    Thread t = Classifier.warmUp();
    assertTrue(t.isDaemon());
    assertEquals(Thread.MIN_PRIORITY, t.getPriority());
    t.join(120_000);
    assertFalse(t.isAlive(), "still loading after 120 s");
    assertTrue(Classifier.bundledLoaded());
    Rec r = new Rec();
    r.source = "jsonl";
    r.title = "Chatbot leaked customer data";
    assertFalse(Classifier.bundled().classify(r).domain().isEmpty());
  }

  /**
   * The AIAAIC entries with weak labels hold none of the entries merged with a labelled AIID incident (those are that
   * incident's twin: learning from one would leak a held-out label into `eval`), and each carries an MIT domain of the labels.
   */
  @Test
  void weaklyLabelledAiaaicEntriesAreNoTwinOfALabelledIncident() throws Exception {
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    List<RiskModel.Example> weak = RiskModel.aiaaicWeakLabels(all);
    assertTrue(weak.size() > 800, "entries: " + weak.size());
    java.util.Set<String> twins = new java.util.HashSet<>();
    try (var in = ClassifierTest.class.getResourceAsStream("/incidents/aiaaic-evidence.csv")) {
      for (var r : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) twins.add(r.get("aiaaic_id"));
    }
    assertTrue(twins.size() > 300, "twins: " + twins.size());
    java.util.Set<String> labels = new java.util.HashSet<>(all.stream().map(RiskModel.Example::label).toList());
    for (RiskModel.Example e : weak) {
      assertTrue(e.id().startsWith(RiskModel.WEAK_PREFIX + "AIAAIC"), e.id());
      assertFalse(twins.contains(e.id().substring(RiskModel.WEAK_PREFIX.length())), e.id() + " is a labelled incident's twin");
      assertTrue(labels.contains(e.label()), e.id() + ": " + e.label());
    }
  }

  @Test
  void riskDomainModelLearnsFromTheBundledLabelsAndGeneralisesToHeldOutIncidents() {
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    assertEquals(869, all.size());
    Eval.Split split = Eval.fold(all, 5, 0);
    List<RiskModel.Example> test = split.test();
    RiskModel m = RiskModel.train(split.train(), 7);
    List<String> gold = new ArrayList<>(), pred = new ArrayList<>();
    for (RiskModel.Example e : test) {
      gold.add(e.label());
      pred.add(m.predict(e.text()));
    }
    double f1 = RiskModel.macroF1(gold, pred);
    // a majority-class guess scores about 0.07 here; the measured figure is in docs/benchmarks-incidents.md
    assertTrue(f1 > 0.45, "macro-F1 " + f1);
    assertEquals(1.0, RiskModel.macroF1(List.of("a", "b"), List.of("a", "b")));
    assertEquals(0.0, RiskModel.macroF1(List.of("a", "a"), List.of("b", "b")));
    // per class: a P 1/1 R 1/2 -> 2/3; b P 1/2 R 1/1 -> 2/3; c never predicted -> 0; "x" predicted but not a gold label
    // -> 0, and counted, as scikit-learn's macro average counts it (over gold labels alone the figure read higher)
    java.util.Map<String, Double> per = RiskModel.f1PerClass(List.of("a", "a", "b", "c"), List.of("a", "b", "b", "x"));
    assertEquals(List.of("a", "b", "c", "x"), new ArrayList<>(per.keySet()));
    assertEquals(2 / 3.0, per.get("a"), 1e-12);
    assertEquals(2 / 3.0, per.get("b"), 1e-12);
    assertEquals(0.0, per.get("c"));
    assertEquals(0.0, per.get("x"));
    assertEquals((2 / 3.0 + 2 / 3.0) / 4, RiskModel.macroF1(List.of("a", "a", "b", "c"), List.of("a", "b", "b", "x")), 1e-12);
  }

  @Test
  void riskStatementsAreAuxiliaryTrainingExamplesWithTheIncidentLabels() {
    List<RiskModel.Example> incidents = RiskModel.bundledExamples();
    List<RiskModel.Example> st = RiskModel.riskStatements(incidents);
    assertEquals(1411, st.size());
    java.util.Set<String> labels = new java.util.TreeSet<>(incidents.stream().map(RiskModel.Example::label).toList());
    assertEquals(labels, new java.util.TreeSet<>(st.stream().map(RiskModel.Example::label).toList()), "joined on the domain number");
    assertTrue(st.stream().noneMatch(e -> incidents.stream().anyMatch(i -> i.id().equals(e.id()))), "ids cannot collide with incident ids");
    // a domain missing from the incidents gets no statements (its label would be unknown to the model)
    List<RiskModel.Example> twoDomains = incidents.stream().filter(e -> e.label().startsWith("1.") || e.label().startsWith("4.")).toList();
    List<RiskModel.Example> st2 = RiskModel.riskStatements(twoDomains);
    assertTrue(st2.size() > 300 && st2.size() < 600, "statements of domains 1 and 4: " + st2.size());
    assertEquals("6", RiskModel.domainNumber("6. Socioeconomic and Environmental"));
    assertEquals("6", RiskModel.domainNumber("6. Socioeconomic & Environmental Harms"));
    // a statement-style text follows its domain
    RiskModel m = RiskModel.train(twoDomains, 7);
    assertTrue(m.predict("Unequal treatment of individuals based on race or gender").startsWith("1."));
  }

  @Test
  void subDomainsAreTheClassesAndPredictionsAreDomains() {
    RiskModel.Example e = new RiskModel.Example("1", "t", "7. AI system safety, failures, and limitations", "7.3. Lack of capability or robustness");
    assertEquals("7.3", RiskModel.classOf(e));
    assertEquals("6.5", RiskModel.classOf(new RiskModel.Example("x", "t", "6. Socioeconomic and Environmental", "6.5 > Governance failure")));
    assertEquals("7", RiskModel.classOf(new RiskModel.Example("2", "t", e.label(), "4.3. Fraud")), "a sub-domain of another domain is ignored");
    assertEquals("7", RiskModel.classOf(new RiskModel.Example("3", "t", e.label())));
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    assertTrue(all.stream().allMatch(x -> RiskModel.classOf(x).contains(".")), "every bundled incident has its sub-domain");
    RiskModel m = RiskModel.bundled();
    assertTrue(m.classes.length >= 15, java.util.Arrays.toString(m.classes));
    java.util.Set<String> domains = new java.util.TreeSet<>(all.stream().map(RiskModel.Example::label).toList());
    assertEquals(domains, new java.util.TreeSet<>(List.of(m.labels)));
    for (int c = 0; c < m.classes.length; c++) assertEquals(RiskModel.domainNumber(m.labels[c]), RiskModel.domainNumber(m.classes[c]));
    // the previous CSV layout (no sub-domain column) still trains, on domains
    RiskModel old = RiskModel.train(List.of(new RiskModel.Example("1", "robot crash", e.label()), new RiskModel.Example("2", "racist chatbot", all.get(0).label())), List.of(), 1);
    assertEquals(List.of("1", "7"), List.of(old.classes));
  }

  /**
   * Review of 2026-12-04: every Chinese report got "2. Privacy & Security" (the prior: the English model knew none of its
   * words). Read with the glossary's English, a Chinese report gets its English twin's domain.
   */
  @Test
  void aChineseReportGetsTheDomainOfItsEnglishTwin() {
    String[][] pairs = {
        {"自动驾驶汽车发生车祸，撞死一名行人", "Self-driving car crash kills a pedestrian"},
        {"聊天机器人在选举期间传播虚假信息", "Chatbot spreads false information during the election"},
        {"招聘算法歧视女性求职者，存在性别偏见", "Hiring algorithm discriminates against women applicants, gender bias"},
        {"人脸识别导致错误逮捕", "Facial recognition leads to wrongful arrest"},
        {"美国人工智能聊天机器人诱导青少年自杀", "US AI chatbot drove teenager to suicide"},
    };
    java.util.Set<String> domains = new java.util.HashSet<>();
    for (String[] p : pairs) {
      Rec zh = new Rec(), en = new Rec();
      zh.source = en.source = "jsonl";
      zh.title = p[0];
      en.title = p[1];
      Classifier.Result z = Classifier.bundled().classify(zh), e = Classifier.bundled().classify(en);
      assertEquals(e.domain(), z.domain(), p[0] + " / " + p[1]);
      domains.add(z.domain());
    }
    assertTrue(domains.size() >= 3, "the Chinese reports are told apart: " + domains);
    // a mostly English text is read as written
    assertEquals("Tesla crash 自动驾驶", Classifier.forModel("Tesla crash 自动驾驶"));
    assertTrue(Classifier.forModel("自动驾驶汽车车祸").contains("self-driving"), Classifier.forModel("自动驾驶汽车车祸"));
  }

  /** The one-pass count of Han and ASCII letters must decide as the two counting streams it replaced. */
  @Test
  void forModelDecidesAsTheStreamCountsOnRandomMixedTexts() {
    java.util.Random r = new java.util.Random(5);
    int glossed = 0, asWritten = 0;
    for (int i = 0; i < 4000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = r.nextInt(40); j > 0; j--) {
        switch (r.nextInt(6)) {
          case 0 -> sb.append(new String[] {"自动驾驶", "人脸识别", "无人机", "深度伪造", "驾"}[r.nextInt(5)]);
          case 1 -> sb.appendCodePoint(0x2E80 + r.nextInt(0x1200)); // radicals, kana, CJK punctuation: Han and not Han
          case 2 -> sb.appendCodePoint(0x20000 + r.nextInt(0x100)); // Han outside the BMP
          case 3 -> sb.append((char) ('a' + r.nextInt(26)));
          case 4 -> sb.append(" ,é1ÅЖ\uD83D".charAt(r.nextInt(7)));
          default -> sb.appendCodePoint(r.nextInt(0x2E80)); // below the Han blocks
        }
      }
      String t = sb.toString();
      long han = t.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
      long latin = t.codePoints().filter(c -> c < 128 && Character.isLetter(c)).count();
      String gloss = QueryGlossary.bundled().englishGloss(t);
      String expected = han == 0 || han < latin || gloss.isEmpty() ? t : t + " " + gloss;
      assertEquals(expected, Classifier.forModel(t), () -> "for: " + t);
      if (expected.equals(t)) asWritten++;
      else glossed++;
    }
    assertTrue(glossed > 300 && asWritten > 300, glossed + " glossed, " + asWritten + " as written");
  }

  @Test
  void noHanCodePointLiesBelowTheFastPathBound() {
    for (int c = 0; c < 0x2E80; c++) assertNotEquals(Character.UnicodeScript.HAN, Character.UnicodeScript.of(c), "U+" + Integer.toHexString(c));
    assertEquals(Character.UnicodeScript.HAN, Character.UnicodeScript.of(0x2E80));
  }

  /** The layers' keyword lists share one matcher: each phrase must still give its own layer, and only that one. */
  @Test
  void eachLayersPhrasesGiveThatLayerAndNoOther() {
    java.util.Map<String, List<String>> phrases = java.util.Map.of(
        "intrinsic-safety", List.of("malfunction", "Hallucinated", "misidentified", "故障", "幻覺"),
        "application-security", List.of("deepfake", "cyber attack", "PHISHING", "诈骗", "深度伪造"),
        "national-security", List.of("lethal autonomous weapon", "power grid", "Pentagon", "国家安全", "軍用"),
        "geopolitical", List.of("export controls", "state-sponsored", "arms race", "地缘政治", "制裁"));
    List<String> filler = List.of("the city council", "announced", "a new chatbot", "公司发布", "residents", "新产品", "on Monday");
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 2000; i++) {
      List<String> pieces = new java.util.ArrayList<>();
      java.util.Set<String> expected = new java.util.HashSet<>();
      String domain = r.nextInt(3) == 0 ? "" : (1 + r.nextInt(7)) + ". Some domain";
      expected.addAll(Classifier.domainLayers(domain));
      for (String layer : Classifier.LAYERS) {
        if (r.nextBoolean()) {
          pieces.add(phrases.get(layer).get(r.nextInt(5)));
          expected.add(layer);
        }
      }
      for (int j = r.nextInt(6); j > 0; j--) pieces.add(filler.get(r.nextInt(filler.size())));
      java.util.Collections.shuffle(pieces, r);
      String text = String.join(" ", pieces);
      assertEquals(Classifier.ordered(expected), Classifier.layers(domain, text, Tokens.raw(text)), () -> domain + " | " + text);
    }
  }

  @Test
  void layersCountriesAndTopicsAreAssigned() {
    Rec r = new Rec();
    r.source = "jsonl";
    r.title = "Russian state-backed hackers use AI deepfake in influence campaign against Ukraine's military";
    r.body = "The Kremlin-linked operation targeted the defense ministry in Kyiv.";
    Classifier.Result c = Classifier.bundled().classify(r);
    assertTrue(c.layers().contains("geopolitical"), c.toString());
    assertTrue(c.layers().contains("national-security"), c.toString());
    assertTrue(c.layers().contains("application-security"), c.toString());
    assertTrue(c.countries().containsAll(List.of("RU", "UA")), c.countries().toString());
    Rec zh = new Rec();
    zh.source = "jsonl";
    zh.title = "美国国防部测试致命性自主武器";
    Classifier.Result z = Classifier.bundled().classify(zh);
    assertTrue(z.countries().contains("US"), z.toString());
    assertTrue(z.layers().contains("national-security"), z.toString());
    try (Db db = Fixtures.db()) {
      Topics.Matcher tm = new Topics.Matcher(db.read(Topics::all));
      assertEquals(List.of("military"), tm.ids(tm.match(zh.title)));
      assertEquals(List.of("military"), tm.ids(tm.match("Military robots deployed")));
      assertEquals(List.of(), tm.ids(tm.match("A defenseless spreadsheet")));
    }
  }

  @Test
  void bundledDemoLoadsOnceAndExports() {
    try (Db db = Fixtures.db()) {
      String s = IncidentsBootstrap.loadBundled(db);
      assertNotNull(s);
      assertNull(IncidentsBootstrap.loadBundled(db), "second start loads nothing");
      long aiid = IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE source = 'aiid'");
      long aiaaic = IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE source = 'aiaaic'");
      assertEquals(475, aiid);
      assertTrue(aiaaic > 900, s);
      assertTrue(IngestTest.count(db, "SELECT COUNT(*) FROM incidents") < aiid + aiaaic, "some cross-source merges");
      Map<String, Object> l = IncidentQueries.list(db, null, Map.of("topic", List.of("military")), 10, 0);
      assertTrue((Long) l.get("total") > 0, l.toString());
      // every sector and harm type of the bundled data has a Chinese name (FacetLabels)
      Map<String, List<String>> facets = Trends.facets(db);
      for (String f : List.of("sector", "harm_type")) {
        assertTrue(facets.get(f).size() > 10, f + ": " + facets.get(f));
        assertEquals(List.of(), facets.get(f).stream().filter(v -> FacetLabels.zh(f, v) == null).toList(), f);
      }
    }
  }
}
