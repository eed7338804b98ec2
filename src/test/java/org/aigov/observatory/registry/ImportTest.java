package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportTest {
  Db db;
  Registry r;
  Importers imp;

  @BeforeEach
  void setUp() {
    db = TestStores.h2();
    r = new Registry(db, null, SearchIndex.inMemory());
    imp = new Importers(r);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  InputStream res(String p) {
    return getClass().getResourceAsStream(p);
  }

  /** "Recommendation" in a name makes a recommendation only when the instrument is one: AGORA's provisions and acts are not. */
  @Test
  void agoraTypesAProvisionOrAnActNamingRecommendationsByWhatItIs() {
    assertEquals("regulation", Importers.agoraType("Internet Information Service Algorithmic Recommendation Management Provisions", "Chinese law and policy", "Enacted"));
    assertEquals("law", Importers.agoraType("National Defense Authorization Act for Fiscal Year 2022, Section 247 (\"Reports and briefings on recommendations\")",
        "NDAA provisions;U.S. federal laws", "Enacted"));
    assertEquals("recommendation", Importers.agoraType("Recommendation of the Council on Artificial Intelligence (5/2/2024)", "Editors' Picks", "Enacted"));
    // review of 2026-12-04: words inside words ("Border" an order, "Activities" an act, "Rulemaking" a rule), an Act
    // naming a regulation, and executive orders known by their number
    assertEquals("bill", Importers.agoraType("Stop Fentanyl at the Border Act", "U.S. federal laws", "Defunct"));
    assertEquals("bill", Importers.agoraType("Artificial Intelligence (Regulation) Act 2024", "Miscellaneous documents", "Proposed"));
    assertEquals("bill", Importers.agoraType("Platform Accountability and Transparency Act, Section 9 (\"Rulemaking authority\")", "U.S. federal laws", "Defunct"));
    assertEquals("regulation", Importers.agoraType("Federal Register Doc. No. 2024-01580. Taking Additional Steps To Address the National Emergency With Respect to Significant Malicious Cyber-Enabled Activities",
        "U.S. regulations, executive orders, and agency policies", "Proposed"));
    assertEquals("executive_order", Importers.agoraType("Maintaining American Leadership in Artificial Intelligence (EO 13859)", "U.S. regulations, executive orders, and agency policies", "Enacted"));
    assertEquals("regulation", Importers.agoraType("REGULATION (EU) 2024/1689 laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)", "Editors' Picks", "Enacted"));
    assertEquals("policy", Importers.agoraType("DC Mayor's Orders 2024-028", "U.S. state and local documents", "Enacted"));
    // an Act about standards, a strategy or a framework is still an Act (second review: 23 were typed soft law)
    assertEquals("bill", Importers.agoraType("Nucleic Acid Standards for Biosecurity Act", "U.S. federal laws", "Defunct"));
    assertEquals("law", Importers.agoraType("CHIPS Act of 2022, Title II (\"National Strategy\")", "U.S. federal laws", "Enacted"));
    assertEquals("bill", Importers.agoraType("H.R.1142 - To establish a framework", "U.S. federal laws", "Proposed"));
  }

  @Test
  void bundledAgoraImportsAndReimportChangesNothing() throws Exception {
    ImportReport first = imp.importAgora(Importers.csvReader(res("/registry/agora/authorities.csv")),
        Importers.csvReader(res("/registry/agora/documents.csv")), false, Progress.silent());
    // documents, authorities, and the one same_as pair inside AGORA (UNGA A/78/L.49 is in it twice)
    assertEquals(951 + 105 + 1, first.added, first.summary());
    assertTrue(first.skipped.isEmpty(), first.summary());
    long versions = db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM registry_versions")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    ImportReport again = imp.importAgora(Importers.csvReader(res("/registry/agora/authorities.csv")),
        Importers.csvReader(res("/registry/agora/documents.csv")), false, Progress.silent());
    assertEquals(0, again.added);
    assertEquals(0, again.updated);
    assertEquals(951 + 105 + 1, again.unchanged);
    long after = db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM registry_versions")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertEquals(versions, after, "a re-import must not create versions");
    Entry doc = r.get("agora-2425");
    assertEquals("US", doc.jurisdiction);
    assertEquals("proposed", doc.status);
    assertEquals("2025-05-20", doc.date.toString());
    assertEquals(java.util.List.of("agora-auth-united-states-congress"), doc.issuers);
    // every authority is named in Chinese too (second review of 2026-12-04: the Chinese pages named issuers in English)
    assertEquals("美国国会", r.get("agora-auth-united-states-congress").name.zh());
    for (String a : Importers.AGORA_AUTHORITIES_ZH.keySet()) assertFalse(Importers.AGORA_AUTHORITIES_ZH.get(a).isBlank(), a);
    assertEquals(105, Importers.AGORA_AUTHORITIES_ZH.size());
    assertEquals("得克萨斯州", r.get("agora-auth-texas").name.zh());
    // review of 2026-12-04: 468 bills that never passed read "hard law"; a bill or a proposed rule binds no one
    assertEquals("bill", doc.type);
    assertNull(doc.binding);
    assertEquals("hard", r.get("agora-757").binding);
    assertNull(r.get("agora-1377").binding, "the scholars' draft AI law of the PRC");
    // AGORA's most recent activity of the AI Act is the Parliament's vote, not its entry into force
    Entry act = r.get("agora-757");
    assertNull(act.dateEffective);
    assertTrue(act.sources.stream().anyMatch(x -> x.citation() != null && x.citation().contains("enacted 2024-03-13")), act.sources.toString());
  }

  @Test
  void badRowsAreReportedByLineAndSkippedOrRefuseAllInStrictMode() throws Exception {
    Path dir = Path.of(getClass().getResource("/registry/agora-bad/documents.csv").toURI()).getParent();
    ImportReport strict = imp.importAgora(dir, true, Progress.silent());
    assertTrue(strict.refused);
    assertEquals(0, r.counts().size(), "strict refusal writes nothing");
    ImportReport lenient = imp.importAgora(dir, false, Progress.silent());
    assertFalse(lenient.refused);
    assertEquals(2 + 4, lenient.added, lenient.summary());
    assertEquals(3, lenient.skipped.size(), lenient.summary());
    String text = lenient.summary();
    assertTrue(text.contains("Proposed date"), text);
    assertTrue(text.contains("columns"), text);
    assertTrue(text.contains("Official name"), text);
    for (ImportReport.Skip s : lenient.skipped) assertTrue(s.line() > 1, "a line number is named: " + s);
  }

  /** A document whose authority authorities.csv does not name lost its issuer and jurisdiction without a word, even in strict mode. */
  @Test
  void aDocumentOfAnUnknownAuthorityIsReportedByLine() throws Exception {
    String authorities = "Name,Jurisdiction,Parent authority\nUnited States Congress,United States,\n";
    String documents = "AGORA ID,Official name,Authority,Most recent activity,Proposed date\n"
        + "1,Known Act,United States Congress,Proposed,2024-01-02\n"
        + "2,Orphan Act,Ministry of Nowhere,Proposed,2024-01-02\n";
    ImportReport strict = imp.importAgora(new java.io.StringReader(authorities), new java.io.StringReader(documents), true, Progress.silent());
    assertTrue(strict.refused, strict.summary());
    ImportReport lenient = imp.importAgora(new java.io.StringReader(authorities), new java.io.StringReader(documents), false, Progress.silent());
    assertEquals(1, lenient.skipped.size(), lenient.summary());
    assertEquals(3, lenient.skipped.get(0).line(), lenient.summary());
    assertTrue(lenient.summary().contains("Ministry of Nowhere"), lenient.summary());
    assertEquals(java.util.List.of("agora-auth-united-states-congress"), r.get("agora-1").issuers);
    assertTrue(r.find("agora-2").isEmpty());
  }

  private static java.io.Reader csv(byte[]... parts) throws java.io.IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) b.write(p);
    return Importers.csvReader(new ByteArrayInputStream(b.toByteArray()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A byte that is not UTF-8 costs its row, named by its own line; an unbalanced quote says what it cost. The strict
   * decoder stopped at the first bad byte, named a line some way past it, and every later row was lost as "1 skipped".
   */
  @Test
  void aBadByteCostsItsRowAndAnUnbalancedQuoteSaysWhatItCost() throws Exception {
    String auth = "Name,Jurisdiction,Parent authority\nUnited States Congress,United States,\n";
    String head = "AGORA ID,Official name,Authority,Most recent activity,Proposed date,Short summary\n";
    ImportReport rep = imp.importAgora(csv(utf8(auth)), csv(utf8(head + "1,First Act,United States Congress,Proposed,2024-01-02,\"two\nlines\"\n2,Second "),
        new byte[] {(byte) 0xE9}, utf8(" Act,United States Congress,Proposed,2024-01-02,x\n3,Third Act,United States Congress,Proposed,2024-01-02,x\n")),
        false, Progress.silent());
    assertEquals(java.util.List.of(4L), rep.skipped.stream().map(ImportReport.Skip::line).toList(), rep.summary());
    assertTrue(rep.skipped.get(0).reason().contains("line 4 is not valid UTF-8"), rep.summary());
    assertTrue(r.find("agora-1").isPresent() && r.find("agora-3").isPresent() && r.find("agora-2").isEmpty());

    ImportReport quote = imp.importAgora(csv(utf8(auth)), csv(utf8(head + "4,Fourth Act,United States Congress,Proposed,2024-01-02,x\n"
        + "5,\"Fifth Act,United States Congress,Proposed,2024-01-02,x\n6,Sixth Act,United States Congress,Proposed,2024-01-02,x\n")), false, Progress.silent());
    assertTrue(r.find("agora-4").isPresent());
    String said = quote.summary();
    assertTrue(said.contains("a quoted field is never closed") && said.contains("lines 3 to 5 were not read"), said);
    assertFalse(said.contains("org.apache") || said.contains("Exception"), said);
  }

  /** An AGORA file whose header lacks a needed column is one error naming it, not "not a number: 'null'" on every row. */
  @Test
  void anAgoraFileWithoutItsColumnsIsOneErrorNamingThem() throws Exception {
    String auth = "Name,Jurisdiction,Parent authority\nUnited States Congress,United States,\n";
    org.aigov.observatory.kernel.ApiException docs = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class,
        () -> imp.importAgora(csv(utf8(auth)), csv(utf8("foo,Official name,Authority\n1,First Act,United States Congress\n")), false,
            Progress.silent()));
    assertEquals("documents.csv", docs.field);
    assertTrue(docs.getMessage().contains("not AGORA's documents.csv: its header lacks AGORA ID; found foo,Official name"), docs.getMessage());
    org.aigov.observatory.kernel.ApiException auths = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class,
        () -> imp.importAgora(csv(utf8("Authority name,Where\nX,Y\n")), csv(utf8("AGORA ID,Official name\n1,First Act\n")), false,
            Progress.silent()));
    assertTrue(auths.getMessage().contains("authorities.csv: its header lacks Name, Jurisdiction"), auths.getMessage());
    assertTrue(r.find("agora-1").isEmpty(), "nothing written");
  }

  /** The countries list: another file, a short row, an unbalanced quote are errors in a line, not stack traces or "iso3:null". */
  @Test
  void aCountriesFileIsCheckedByHeaderRowAndQuote() throws Exception {
    String head = "name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region,intermediate-region,region-code,sub-region-code,intermediate-region-code\n";
    org.aigov.observatory.kernel.ApiException notIt = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class,
        () -> imp.importCountries(csv(utf8("[{\"id\":\"x\"}]\n")), "mixed.json", false, Progress.silent()));
    assertTrue(notIt.getMessage().contains("not the ISO 3166 countries CSV"), notIt.getMessage());
    ImportReport shortRow = imp.importCountries(csv(utf8(head + "Foo,FO\nFrance,FR,FRA,250,ISO 3166-2:FR,Europe,Western Europe,,150,155,\n")),
        "c.csv", false, Progress.silent());
    assertEquals(1, shortRow.skipped.size(), shortRow.summary());
    assertEquals(2, shortRow.skipped.get(0).line());
    assertTrue(r.find("fo").isEmpty() && r.find("fr").isPresent());
    ImportReport unbalanced = imp.importCountries(csv(utf8(head + "\"Angola,AO,AGO,024,ISO 3166-2:AO,Africa,Sub-Saharan Africa,Middle Africa,002,202,017\n")),
        "c.csv", false, Progress.silent());
    assertTrue(unbalanced.summary().contains("a quoted field is never closed"), unbalanced.summary());
  }

  /** Review of 2026-12-04: the Chinese pages of China's AGORA documents (算法推荐管理规定…) showed their summary in English. */
  @Test
  void everyChineseAgoraDocumentHasAChineseSummary() throws Exception {
    imp.importAgora(Importers.csvReader(res("/registry/agora/authorities.csv")), Importers.csvReader(res("/registry/agora/documents.csv")), false,
        Progress.silent());
    java.util.Set<String> ids = new java.util.TreeSet<>();
    try (java.io.InputStream in = Importers.class.getResourceAsStream("/registry/agora/documents.csv");
        org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (org.apache.commons.csv.CSVRecord rec : csv) ids.add(rec.get(0).replace("\uFEFF", "").strip());
    }
    java.util.List<String> cn = new java.util.ArrayList<>(), untranslated = new java.util.ArrayList<>();
    for (String id : ids) {
      Entry e = r.get("agora-" + id);
      if (!"CN".equals(e.jurisdiction)) continue;
      cn.add(id);
      if (e.summary.zh() == null) untranslated.add(id);
      else assertNotNull(e.summary.en(), id); // the English summary stays
    }
    assertEquals(31, cn.size());
    assertEquals(java.util.List.of(), untranslated, "CN AGORA ids without a Chinese summary in summaries-zh.csv");
    java.util.List<String> unknown = Importers.AGORA_SUMMARIES_ZH.keySet().stream().filter(id -> !ids.contains(id)).sorted().toList();
    assertEquals(java.util.List.of(), unknown, "summaries-zh.csv ids that are not in documents.csv");
    for (var s : Importers.AGORA_SUMMARIES_ZH.entrySet()) {
      String text = s.getValue().replaceAll("\\s", "");
      long han = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
      assertTrue(han >= 0.8 * text.codePointCount(0, text.length()), "mostly Chinese: " + s.getKey() + " " + s.getValue());
    }
    assertEquals("规范中国的算法推荐服务", r.get("agora-266").summary.zh().substring(0, 11));
    assertTrue(r.get("agora-266").summary.en().startsWith("Regulates algorithmic recommendation services"));
    // the file is fixed text: importing again writes no version
    long version = r.get("agora-1128").version;
    ImportReport again = imp.importAgora(Importers.csvReader(res("/registry/agora/authorities.csv")),
        Importers.csvReader(res("/registry/agora/documents.csv")), false, Progress.silent());
    assertEquals(0, again.added + again.updated, again.summary());
    assertEquals(version, r.get("agora-1128").version);
  }

  /** Review of 2026-12-04: five of China's documents in AGORA had no Chinese title and no jurisdiction (authority "Other authorities"). */
  @Test
  void everyChineseCollectionDocumentHasAChineseTitleAndIsCN() throws Exception {
    java.util.List<String> chinese = new java.util.ArrayList<>();
    try (java.io.InputStream in = Importers.class.getResourceAsStream("/registry/agora/documents.csv");
        org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (org.apache.commons.csv.CSVRecord rec : csv)
        if (rec.get("Collections").contains("Chinese law and policy")) chinese.add(rec.get(0).replace("\uFEFF", "").strip());
    }
    assertEquals(31, chinese.size());
    java.util.List<String> untitled = chinese.stream().filter(id -> !Importers.AGORA_NAMES_ZH.containsKey(id)).toList();
    assertEquals(java.util.List.of(), untitled, "AGORA ids of the collection without a Chinese title in names-zh.csv");
    assertEquals("CN", Importers.collectionJurisdiction("Chinese law and policy;Editors' Picks"));
    assertEquals("US", Importers.collectionJurisdiction("Editors' Picks;U.S. federal laws"));
    assertEquals(null, Importers.collectionJurisdiction("Corporate policies and commitments"));
  }

  /**
   * Review of 2026-12-04: 11 international documents (UN A/78/L.49, the Hiroshima Process texts, the Political Declaration
   * on military AI…) had no Chinese name. Each international one (a multinational authority other than the EU) has a
   * Chinese title in names-zh.csv or is the same as a seed record, which has one.
   */
  @Test
  void everyInternationalAgoraDocumentHasAChineseTitle() throws Exception {
    java.util.List<String> untitled = new java.util.ArrayList<>();
    int international = 0;
    try (java.io.InputStream in = Importers.class.getResourceAsStream("/registry/agora/documents.csv");
        org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (org.apache.commons.csv.CSVRecord rec : csv) {
        if (!java.util.Set.of("United Nations", "OECD", "Other multinational").contains(rec.get("Authority").strip())) continue;
        international++;
        String id = rec.get(0).replace("\uFEFF", "").strip();
        if (!Importers.AGORA_NAMES_ZH.containsKey(id) && !Importers.AGORA_SAME_AS.containsKey(id)) untitled.add(id);
      }
    }
    assertTrue(international >= 16, "international documents found: " + international);
    // and every collection tag an import writes has a Chinese label (the record page showed "collection:Chinese law and policy")
    try (java.io.InputStream in = Importers.class.getResourceAsStream("/registry/agora/documents.csv");
        org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (org.apache.commons.csv.CSVRecord rec : csv)
        for (String c : rec.get("Collections").split(";"))
          if (!c.isBlank()) assertNotNull(Importers.AGORA_COLLECTIONS.get(("collection:" + c.strip()).toLowerCase(java.util.Locale.ROOT)), c);
    }
    assertEquals("中国法律与政策", Importers.AGORA_COLLECTIONS.get("collection:chinese law and policy").zh());
    assertEquals(java.util.List.of(), untitled, "international AGORA ids without a Chinese title");
    String un = Importers.AGORA_NAMES_ZH.get("1152");
    assertTrue(un.contains("A/78/L.49") && un.contains("《抓住安全、可靠和值得信赖的人工智能系统带来的机遇，促进可持续发展》"), un);
    for (String zh : Importers.AGORA_NAMES_ZH.values()) assertFalse(zh.matches(".*[A-Za-z]{3,}\\s[A-Za-z]{3,}.*"), "no English inside a Chinese name: " + zh);
  }

  /**
   * Every thematic tag of the bundled AGORA file (its Tags lists and its True/False columns) has a Chinese label, one
   * label per tag, and a group's tags share the group's Chinese name, so the Chinese record page shows no English tag.
   */
  @Test
  void everyAgoraThematicTagHasAChineseLabel() throws Exception {
    java.util.Set<String> tags = new java.util.TreeSet<>();
    try (java.io.InputStream in = Importers.class.getResourceAsStream("/registry/agora/documents.csv");
        org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String col : csv.getHeaderNames()) if (col.matches("(Applications|Harms|Incentives|Risk factors|Strategies): .+")) tags.add(col);
      for (org.apache.commons.csv.CSVRecord rec : csv)
        for (String t : rec.get("Tags").split(";")) if (!t.isBlank()) tags.add(t.strip());
    }
    assertEquals(77, tags.size());
    java.util.List<String> missing = tags.stream().filter(t -> !Importers.AGORA_TAGS.containsKey(t.toLowerCase(java.util.Locale.ROOT))).toList();
    assertEquals(java.util.List.of(), missing, "AGORA tags without a label in tags-zh.csv");
    java.util.Map<String, String> groupZh = new java.util.HashMap<>();
    java.util.Set<String> labels = new java.util.HashSet<>();
    for (Vocab.Term term : Importers.AGORA_TAGS.values()) {
      assertTrue(term.zh().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), term.toString());
      assertTrue(labels.add(term.zh()), "two tags share the label " + term.zh());
      String group = term.en().substring(0, term.en().indexOf(": ")), zhGroup = term.zh().substring(0, term.zh().indexOf('：'));
      assertEquals(groupZh.computeIfAbsent(group, g -> zhGroup), zhGroup, term.toString());
      assertEquals(term.en().split(": ").length, term.zh().split("：").length, "levels of " + term);
    }
    assertEquals("危害：歧视", Importers.AGORA_TAGS.get("harms: discrimination").zh());
  }

  /** A record without a kind stopped the whole import with a NullPointerException (review of 2026-12-04). */
  @Test
  void aRecordWithoutAKindIsReportedAndTheRestImported() throws Exception {
    String json = "[\n{\"id\":\"ok\",\"kind\":\"instrument\",\"type\":\"guideline\",\"name\":{\"en\":\"OK\"}},\n"
        + "{\"id\":\"nokind\",\"type\":\"guideline\",\"name\":{\"en\":\"No kind\"}}\n]";
    ImportReport rep = imp.importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent());
    assertEquals(1, rep.added, rep.summary());
    assertEquals(1, rep.skipped.size(), rep.summary());
    assertEquals(3, rep.skipped.get(0).line(), rep.summary());
    assertEquals("kind: required", rep.skipped.get(0).reason());
    assertTrue(r.find("ok").isPresent());
    // a field the record does not have is named, as the API names it (it was dropped without a word), and so is a wrong type
    String extra = "[\n{\"id\":\"x1\",\"kind\":\"instrument\",\"type\":\"guideline\",\"name\":{\"en\":\"X\"},\"nmae\":1},\n"
        + "{\"id\":\"x2\",\"kind\":\"instrument\",\"type\":\"guideline\",\"name\":{\"en\":\"Y\"},\"tags\":\"notalist\"}\n]";
    ImportReport bad = imp.importJson(new ByteArrayInputStream(extra.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent());
    assertEquals(java.util.List.of("not a valid record (id x1): nmae: unknown field", "not a valid record (id x2): tags: wrong type"),
        bad.skipped.stream().map(ImportReport.Skip::reason).toList(), bad.summary());
    // a key given twice is a malformed file, as the API answers it
    String twice = "[{\"id\":\"x3\",\"kind\":\"instrument\",\"type\":\"guideline\",\"name\":{\"en\":\"A\"},\"name\":{\"en\":\"B\"}}]";
    org.aigov.observatory.kernel.ApiException dup = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class,
        () -> imp.importJson(new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent()));
    assertTrue(dup.getMessage().contains("Duplicate field 'name'"), dup.getMessage());
    // a NUL in a text is refused as the API refuses it (it was imported, and PostgreSQL cannot store it)
    String nul = "[{\"id\":\"x5\",\"kind\":\"instrument\",\"type\":\"guideline\",\"name\":{\"en\":\"a\\u0000b\"}}]";
    ImportReport withNul = imp.importJson(new ByteArrayInputStream(nul.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent());
    assertEquals(1, withNul.skipped.size(), withNul.summary());
    assertTrue(withNul.skipped.get(0).reason().contains("NUL character"), withNul.summary());
    // a byte-order mark, as Windows editors write one, is not malformed JSON
    String bom = "\uFEFF[{\"id\":\"x4\",\"kind\":\"instrument\",\"type\":\"guideline\",\"name\":{\"en\":\"With BOM\"}}]";
    assertEquals(1, imp.importJson(new ByteArrayInputStream(bom.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent()).added);
  }

  @Test
  void jsonImportReportsBadRecordsAndUnknownReferences() throws Exception {
    String json = "[\n{\"id\":\"a1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"A\"}},\n"
        + "{\"id\":\"i1\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"L\"},\"issuers\":[\"a1\"]},\n"
        + "{\"id\":\"i2\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"L2\"},\"date\":\"2024-02-31\"},\n"
        + "{\"id\":\"r1\",\"kind\":\"relation\",\"type\":\"issued_by\",\"source\":\"i1\",\"target\":\"ghost\"}\n]";
    ImportReport rep = imp.importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent());
    assertEquals(2, rep.added, rep.summary());
    assertEquals(2, rep.skipped.size(), rep.summary());
    assertEquals(5, rep.skipped.stream().filter(s -> "r1".equals(s.id())).findFirst().orElseThrow().line(), "r1 starts on line 5");
    assertTrue(rep.summary().contains("ghost"));
    byte[] latin1 = "[{\"id\":\"x\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"Caf\u00e9\"}}]".getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(Exception.class, () -> imp.importJson(new ByteArrayInputStream(latin1), "latin1.json", false, Progress.silent()));
    assertTrue(r.find("x").isEmpty());
  }

  static java.util.List<Importers.Row> rows(int n, int changedEvery) {
    java.util.List<Importers.Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      Entry e = new Entry();
      e.id = "x-" + i;
      e.kind = i % 10 == 0 ? "actor" : "instrument";
      e.type = e.kind.equals("actor") ? "state" : "law";
      e.name = org.aigov.observatory.kernel.Text.of(null, "Record " + i + (changedEvery > 0 && i % changedEvery == 0 ? " v2" : ""));
      if (e.kind.equals("instrument")) e.issuers.add("x-" + (i / 10 * 10));
      if (i == 2503) e.issuers.add("nobody"); // a missing reference in the middle of the second chunk
      if (i == 2504) e.jurisdiction = "!!"; // invalid, right after it
      rows.add(new Importers.Row(i + 2, e, null));
    }
    return rows;
  }

  static long count(Db db, String sql) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("org.aigov.observatory.kernel.TestStores#names")
  void multiChunkImportSkipsBadRowsByLineAndReimportWritesNothing(String store) {
    try (Db d = TestStores.open(store)) {
      Importers im = new Importers(new Registry(d, null, null));
      ImportReport rep = im.write("x", rows(4500, 0), false, Progress.silent());
      assertEquals(4498, rep.added, rep.summary());
      assertEquals(java.util.List.of(2505L, 2506L), rep.skipped.stream().map(ImportReport.Skip::line).sorted().toList(), rep.summary());
      assertEquals(4498, count(d, "SELECT COUNT(*) FROM registry_records"));
      assertEquals(4498, count(d, "SELECT COUNT(*) FROM registry_versions"));
      assertEquals(4498, count(d, "SELECT COUNT(*) FROM registry_changes"));
      assertEquals(0, count(d, "SELECT COUNT(*) FROM registry_records WHERE id IN ('x-2503', 'x-2504')"));

      rep = im.write("x", rows(4500, 0), false, Progress.silent());
      assertEquals(4498, rep.unchanged, rep.summary());
      assertEquals(0, rep.added + rep.updated, rep.summary());
      assertEquals(4498, count(d, "SELECT COUNT(*) FROM registry_versions"));
      assertEquals(4498, count(d, "SELECT COUNT(*) FROM registry_changes"));

      // every 7th record changed (its issuer stays): updated in place, a version and a feed row each
      rep = im.write("x", rows(4500, 7), false, Progress.silent());
      long changed = java.util.stream.IntStream.range(0, 4500).filter(i -> i % 7 == 0 && i != 2503 && i != 2504).count();
      assertEquals(changed, rep.updated, rep.summary());
      assertEquals(4498 - changed, rep.unchanged, rep.summary());
      assertEquals(4498 + changed, count(d, "SELECT COUNT(*) FROM registry_versions"));
      assertEquals(4498 + changed, count(d, "SELECT COUNT(*) FROM registry_changes"));
      assertEquals(changed, count(d, "SELECT COUNT(*) FROM registry_records WHERE version = 2"));

      // strict: one bad row refuses everything, earlier chunks included
      try (Db fresh = TestStores.open(store)) {
        ImportReport strict = new Importers(new Registry(fresh, null, null)).write("x", rows(4500, 0), true, Progress.silent());
        assertTrue(strict.refused, strict.summary());
        // every bad row is listed, not the first one only (it said "1 skipped")
        assertEquals(java.util.List.of(2505L, 2506L), strict.skipped.stream().map(ImportReport.Skip::line).toList(), strict.summary());
        assertEquals(0, count(fresh, "SELECT COUNT(*) FROM registry_records"));
        assertEquals(0, count(fresh, "SELECT COUNT(*) FROM registry_versions"));
        assertEquals(0, count(fresh, "SELECT COUNT(*) FROM registry_changes"));
      }
    }
  }

  @Test
  void rowsOfOneBatchSeeTheEarlierRowsInOrder() throws Exception {
    // the same id twice (second one changes it), a relation to a row that is skipped, a kind change
    String json = "[\n{\"id\":\"a1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"A\"}},\n"
        + "{\"id\":\"a1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"A renamed\"}},\n"
        + "{\"id\":\"a1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"A renamed\"}},\n"
        + "{\"id\":\"a2\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"B\"},\"jurisdiction\":\"!!\"},\n"
        + "{\"id\":\"i1\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"L\"},\"issuers\":[\"a1\"]},\n"
        + "{\"id\":\"i2\",\"kind\":\"instrument\",\"type\":\"law\",\"name\":{\"en\":\"M\"},\"issuers\":[\"a2\"]},\n"
        + "{\"id\":\"r1\",\"kind\":\"relation\",\"type\":\"issued_by\",\"source\":\"i1\",\"target\":\"a1\"}\n]";
    ImportReport rep = imp.importJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent());
    assertEquals(3, rep.added, rep.summary()); // a1, i1, r1
    assertEquals(1, rep.updated, rep.summary()); // a1 renamed
    assertEquals(1, rep.unchanged, rep.summary()); // a1 renamed again, same content
    assertEquals(2, rep.skipped.size(), rep.summary()); // a2 (bad jurisdiction), i2 (issuer a2 missing)
    assertEquals("A renamed", r.get("a1").name.en());
    assertEquals(2, r.get("a1").version);
    assertEquals(2, r.history("a1").size());
    assertTrue(r.find("a2").isEmpty());
    assertTrue(r.find("i2").isEmpty());
    assertEquals(1, r.search().search(new SearchIndex.Request("renamed", java.util.Map.of(), null, null, null, 0, 10, false)).total());
    // a deleted record comes back as an update of its history; a kind change is refused
    Entry a1 = r.get("a1");
    r.delete("r1", r.get("r1").version, "t");
    r.delete("i1", r.get("i1").version, "t");
    r.delete("a1", a1.version, "t");
    String again = "[{\"id\":\"a1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"A renamed\"}},"
        + "{\"id\":\"r1\",\"kind\":\"actor\",\"type\":\"state\",\"name\":{\"en\":\"R\"}}]";
    rep = imp.importJson(new ByteArrayInputStream(again.getBytes(StandardCharsets.UTF_8)), "t.json", false, Progress.silent());
    assertEquals(1, rep.updated, rep.summary());
    assertEquals(1, rep.skipped.size(), rep.summary());
    assertTrue(rep.skipped.get(0).reason().contains("kind"), rep.summary());
    assertEquals(4, r.get("a1").version);
  }

  @Test
  void aLargeImportIsIndexedOnEveryCoreBeforeTheImportReturns() {
    int n = SearchIndex.PARALLEL_FROM + 500;
    java.util.List<Importers.Row> rows = new java.util.ArrayList<>();
    for (Entry e : SearchBench.synthetic(n, 5)) {
      e.version = null;
      rows.add(new Importers.Row(rows.size() + 1, e, null));
    }
    long instruments = rows.stream().filter(x -> x.entry().kind.equals("instrument")).count();
    ImportReport rep = imp.write("synthetic", rows, false, Progress.silent());
    assertEquals(n, rep.added, rep.summary());
    assertEquals(n, r.search().numDocs());
    var all = r.search().search(new SearchIndex.Request(null, java.util.Map.of("kind", java.util.List.of("instrument")), null, null, null, 0, 1, false));
    assertEquals(instruments, all.total());
    assertEquals(instruments, all.facets().get("kind").get(0).count());
  }

  @Test
  void countriesAddStatesAndTagRegionsWithoutOverwritingSeedFacts() throws Exception {
    Entry cn = Fixtures.actor("cn", "中国", "China");
    cn.summary = org.aigov.observatory.kernel.Text.of("发展导向", "Development-oriented");
    r.create(cn, "t");
    String csv = "name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region,intermediate-region,region-code,sub-region-code,intermediate-region-code\n"
        + "China,CN,CHN,156,ISO 3166-2:CN,Asia,Eastern Asia,,142,030,\n"
        + "Kenya,KE,KEN,404,ISO 3166-2:KE,Africa,Sub-Saharan Africa,Eastern Africa,002,202,014\n"
        + "Nowhere,X1,XXX,000,,,,,,,\n";
    ImportReport rep = imp.importCountries(new StringReader(csv), "c.csv", false, Progress.silent());
    assertEquals(1, rep.added);
    assertEquals(1, rep.updated);
    assertEquals(1, rep.skipped.size());
    assertEquals(4, rep.skipped.get(0).line());
    assertEquals("Development-oriented", r.get("cn").summary.en());
    assertTrue(r.get("cn").tags.contains("un_region:Asia"));
    assertEquals("肯尼亚", r.get("ke").name.zh());
    ImportReport again = imp.importCountries(new StringReader(csv), "c.csv", false, Progress.silent());
    assertEquals(2, again.unchanged);
  }

  /** The seed's "va" is the US Department of Veterans Affairs: the Holy See (VA) gets a record of its own and the agency keeps its tags. */
  @Test
  void aCountryCodeTakenByAnotherActorGetsARecordOfItsOwn() throws Exception {
    Entry va = Fixtures.actor("va", "退伍军人事务部", "US Department of Veterans Affairs");
    va.type = "government_agency";
    va.tags.add("iso3:VAT"); // what the importer had written into it before
    va.tags.add("un_region:Europe");
    r.create(va, "t");
    String csv = "name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region,intermediate-region,region-code,sub-region-code,intermediate-region-code\n"
        + "Holy See,VA,VAT,336,ISO 3166-2:VA,Europe,Southern Europe,,150,039,\n"
        + "\"Taiwan, Province of China\",TW,TWN,158,ISO 3166-2:TW,Asia,Eastern Asia,,142,030,\n"
        + "Cambodia,KH,KHM,116,ISO 3166-2:KH,Asia,South-eastern Asia,,142,035,\n";
    ImportReport rep = imp.importCountries(new StringReader(csv), "c.csv", false, Progress.silent());
    assertTrue(rep.skipped.isEmpty(), rep.summary());
    Entry agency = r.get("va");
    assertEquals("government_agency", agency.type);
    assertFalse(agency.tags.stream().anyMatch(t -> t.startsWith("iso3:") || t.startsWith("un_region:")), agency.tags.toString());
    Entry holySee = r.get(Importers.STATE_ID_PREFIX + "va");
    assertEquals("state", holySee.type);
    assertTrue(holySee.tags.contains("iso3:VAT"));
    // incidents and alerts name countries by code: VA is the Holy See, not the agency
    java.util.Map<String, org.aigov.observatory.kernel.Text> names = r.countryNames(java.util.List.of("VA", "tw", "KH", "ZZ"));
    assertEquals("Holy See", names.get("va").en());
    assertEquals("中国台湾", names.get("tw").zh());
    assertEquals("柬埔寨", names.get("kh").zh());
    assertFalse(names.containsKey("zz"));
    assertEquals(3, imp.importCountries(new StringReader(csv), "c.csv", false, Progress.silent()).unchanged, "a re-import changes nothing");
  }

  @Test
  void bundledSeedImportsCleanlyAndHasThePapersRelations() throws Exception {
    ImportReport rep = imp.importJson(res("/registry/seed/registry-seed.json"), "seed", true, Progress.silent());
    assertFalse(rep.refused, rep.summary());
    assertTrue(rep.skipped.isEmpty(), rep.summary());
    assertTrue(r.find("rel:builds_on:ttc_roadmap:eu_ai_act").isPresent() || r.relationsOf("eu_ai_act").stream()
        .anyMatch(x -> x.type.equals("builds_on") && x.target.equals("eu_ai_act")), "TTC roadmap builds on the EU AI Act");
    assertTrue(r.listAll("relation").stream().anyMatch(x -> x.type.equals("builds_on") && x.target.contains("oecd")
        && x.source.contains("hiroshima")), "G7 Hiroshima Process builds on the OECD principles");
    // mainland standard names (a review found 柬埔塞, 马尔他 …), and no "欧盟欧盟机构" in generated summaries
    assertEquals("柬埔寨", r.get("kh").name.zh());
    assertEquals("马耳他", r.get("mt").name.zh());
    for (Entry e : r.listAll("actor")) assertFalse(e.summary != null && e.summary.zh() != null && e.summary.zh().startsWith("欧盟欧盟"), e.id);
  }
}
