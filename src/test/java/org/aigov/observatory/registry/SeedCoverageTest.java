package org.aigov.observatory.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the bundled seed (registry-seed.json) against the seed papers' tables and the vocabularies. */
class SeedCoverageTest {
  static final String SEED = "/registry/seed/registry-seed.json";
  static final Pattern JURISDICTION = Pattern.compile("^([A-Z]{2}|EU|INTL)$");
  static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");

  static List<JsonNode> raw;
  static List<Entry> entries;
  static Map<String, Entry> byId;

  @BeforeAll
  static void load() throws IOException {
    ObjectMapper strict = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try (InputStream in = open(SEED)) {
      raw = new ArrayList<>();
      Json.MAPPER.readTree(in).forEach(raw::add);
    }
    entries = new ArrayList<>();
    for (JsonNode n : raw) {
      try {
        entries.add(strict.treeToValue(n, Entry.class));
      } catch (Exception e) {
        fail("record " + n.path("id").asText() + " does not map to Entry: " + e.getMessage());
      }
    }
    byId = new LinkedHashMap<>();
    for (Entry e : entries) byId.putIfAbsent(e.id, e);
  }

  static InputStream open(String path) {
    InputStream in = SeedCoverageTest.class.getResourceAsStream(path);
    assertNotNull(in, "missing classpath resource " + path);
    return in;
  }

  static List<Entry> relations() {
    return entries.stream().filter(e -> "relation".equals(e.kind)).toList();
  }

  /** Summaries are read by people: an issuer the generator could not name once came out as "issued by cn_npcsc". */
  @Test
  void noSummaryHoldsARawRecordId() {
    Pattern idLike = Pattern.compile("[a-z0-9]+(?:[_:][a-z0-9]+)+");
    List<String> bad = new ArrayList<>();
    for (Entry e : entries) {
      if (e.summary == null) continue;
      for (String text : new String[] {e.summary.zh(), e.summary.en()}) {
        if (text == null) continue;
        var m = idLike.matcher(text);
        while (m.find()) if (byId.containsKey(m.group())) bad.add(e.id + ": " + m.group());
      }
    }
    assertEquals(List.of(), bad);
    // 我国 ("our country") in a Chinese name reads as China; METI's 我が国 means Japan
    assertEquals("日本人工智能治理的方式 1.1", byId.get("jp_meti_ai_governance_1_1").name.zh());
  }

  @Test
  void idsAreUniqueAndPresent() {
    Set<String> seen = new HashSet<>();
    for (Entry e : entries) {
      assertTrue(e.id != null && !e.id.isBlank(), "record without id");
      assertTrue(seen.add(e.id), "duplicate id " + e.id);
    }
    assertTrue(entries.size() > 1000, "seed unexpectedly small: " + entries.size());
  }

  @Test
  void everySeedEntityIsBundled() throws IOException {
    String ids;
    try (InputStream in = open("/registry/seed-entity-ids.txt")) {
      ids = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> missing = ids.lines().map(String::strip).filter(s -> !s.isEmpty()).filter(s -> !byId.containsKey(s)).toList();
    assertEquals(452, ids.lines().filter(s -> !s.isBlank()).count());
    assertTrue(missing.isEmpty(), "entities.json ids missing from the bundled seed: " + missing);
  }

  @Test
  void everyTableRowIsReferenced() throws IOException {
    List<Map<String, Object>> rows;
    try (InputStream in = open("/registry/seed-table-rows.json")) {
      rows = Json.MAPPER.readValue(in, new TypeReference<>() {});
    }
    assertEquals(88, rows.size(), "rows of the seven tables of papers 3-5");
    Map<String, Set<String>> referencedBy = new HashMap<>();
    for (Entry e : entries) for (String ref : e.tableRefs) referencedBy.computeIfAbsent(ref, k -> new HashSet<>()).add(e.id);
    Set<String> known = new HashSet<>();
    for (Map<String, Object> row : rows) {
      String ref = (String) row.get("ref");
      assertTrue(known.add(ref), "duplicate row " + ref);
      assertFalse(((String) row.get("row_title")).isBlank(), ref);
      if (Boolean.TRUE.equals(row.get("entity_free"))) {
        assertFalse(((String) row.get("reason")).isBlank(), ref + " is entity-free without a reason");
        assertFalse(referencedBy.containsKey(ref), ref + " is marked entity-free but records reference it");
        continue;
      }
      Set<String> ids = referencedBy.getOrDefault(ref, Set.of());
      assertFalse(ids.isEmpty(), "table row " + ref + " (" + row.get("row_title") + ") is referenced by no record");
      @SuppressWarnings("unchecked")
      List<String> listed = (List<String>) row.get("records");
      assertEquals(new HashSet<>(listed), ids, "records listed for " + ref);
    }
    Set<String> stray = new HashSet<>(referencedBy.keySet());
    stray.removeAll(known);
    assertTrue(stray.isEmpty(), "table_refs naming no known table row: " + stray);
  }

  @Test
  void paperTablesMapToTheExpectedRecords() {
    assertTrue(byId.get("eu_ai_act").tableRefs.containsAll(List.of("P4-T2-M2", "P5-T2-r09")));
    assertTrue(byId.get("eo_14110").tableRefs.contains("P5-T1-r22"));
    assertTrue(byId.get("cn_gaigi").tableRefs.contains("P5-T3-r08"));
    assertTrue(byId.get("un_hlab_ai").tableRefs.containsAll(List.of("P4-T2-M4", "P4-T2-I1")));
    assertTrue(byId.get("eo_13960").tableRefs.containsAll(List.of("P5-T1-r09", "P5-T1-r13")));
  }

  @Test
  void relationsResolveAndPointTheRightWay() {
    List<Entry> rels = relations();
    assertFalse(rels.isEmpty());
    for (Entry r : rels) {
      Entry s = byId.get(r.source), t = byId.get(r.target);
      assertNotNull(s, r.id + ": unknown source " + r.source);
      assertNotNull(t, r.id + ": unknown target " + r.target);
      assertFalse("relation".equals(s.kind) || "relation".equals(t.kind), r.id + " links a relation");
      assertEquals("rel:" + r.type + ":" + r.source + ":" + r.target, r.id, "relation id is deterministic");
      switch (r.type) {
        case "issued_by" -> {
          assertEquals("instrument", s.kind, r.id);
          assertEquals("actor", t.kind, r.id);
        }
        case "builds_on", "supersedes" -> assertEquals(s.kind, t.kind, r.id + " joins different kinds");
        default -> { }
      }
      if (r.date != null && "builds_on".equals(r.type) && s.date != null && t.date != null) {
        assertTrue(s.date.compareTo(t.date) >= 0 || s.date.year() == t.date.year(), r.id + ": builds_on must go newer -> older");
      }
    }
  }

  @Test
  void everyIssuerHasAnIssuedByRelation() {
    Set<String> rels = relations().stream().map(r -> r.id).collect(Collectors.toSet());
    for (Entry e : entries) {
      for (String a : e.issuers) {
        assertEquals("instrument", e.kind, e.id + " has issuers but is not an instrument");
        assertTrue(byId.containsKey(a) && "actor".equals(byId.get(a).kind), e.id + ": issuer " + a + " is not an actor");
        assertTrue(rels.contains("rel:issued_by:" + e.id + ":" + a), "missing issued_by for " + e.id + " -> " + a);
      }
    }
  }

  @Test
  void vocabularyValuesAreAllowed() {
    for (Entry e : entries) {
      assertTrue(Vocab.KIND.allows(e.kind), e.id + ": kind " + e.kind);
      assertTrue(Vocab.typeField(e.kind).allows(e.type), e.id + ": type " + e.type);
      if (e.binding != null) assertTrue(Vocab.BINDING.allows(e.binding), e.id + ": binding " + e.binding);
      if (e.orgForm != null) assertTrue(Vocab.ORG_FORM.allows(e.orgForm), e.id + ": org_form " + e.orgForm);
      if (e.status != null) assertTrue(Vocab.STATUS.allows(e.status), e.id + ": status " + e.status);
      e.governanceLayers.forEach(v -> assertTrue(Vocab.GOVERNANCE_LAYER.allows(v), e.id + ": layer " + v));
      e.riskCategories.forEach(v -> assertTrue(Vocab.RISK.allows(v), e.id + ": risk " + v));
      e.lifecycle.forEach(v -> assertTrue(Vocab.LIFECYCLE.allows(v), e.id + ": lifecycle " + v));
      if (!"relation".equals(e.kind)) {
        assertNotNull(e.jurisdiction, e.id + ": jurisdiction");
        assertTrue(JURISDICTION.matcher(e.jurisdiction).matches(), e.id + ": jurisdiction " + e.jurisdiction);
      }
      if (e.date != null && e.dateEffective != null) assertTrue(e.dateEffective.compareTo(e.date) >= 0, e.id + ": in force before adoption");
    }
  }

  @Test
  void namesAndSummariesAreBilingual() {
    for (Entry e : entries) {
      assertNotNull(e.name, e.id + ": name");
      assertTrue(e.name.zh() != null && !e.name.zh().isBlank(), e.id + ": no zh name");
      assertTrue(e.name.en() != null && !e.name.en().isBlank(), e.id + ": no en name");
      // a company known in Chinese by its Latin name is written so (OpenAI, not "OpenAI公司": review of 2026-12-04)
      boolean latinBrand = "company".equals(e.type) && e.name.en().startsWith(e.name.zh());
      assertTrue(CJK.matcher(e.name.zh()).find() || latinBrand, e.id + ": zh name has no Chinese: " + e.name.zh());
      assertFalse(e.name.zh().matches(".*[A-Za-z]公司.*"), e.id + ": 公司 appended to a Latin name: " + e.name.zh());
      if (!"relation".equals(e.kind)) {
        assertTrue(e.summary != null && e.summary.zh() != null && CJK.matcher(e.summary.zh()).find(), e.id + ": zh summary");
        assertTrue(e.summary.en() != null && e.summary.en().length() > 20, e.id + ": en summary");
      }
    }
  }

  @Test
  void everyFactCitesItsPaper() {
    for (Entry e : entries) {
      for (Entry.Source s : e.sources) {
        assertTrue(s.url() != null || (s.citation() != null && !s.citation().isBlank()), e.id + ": empty source");
        if (s.paper() != null) assertTrue(s.paper() >= 1 && s.paper() <= 5 && e.papers.contains(s.paper()), e.id + ": cites paper " + s.paper());
      }
      for (int p : e.papers) {
        assertTrue(e.sources.stream().anyMatch(s -> Integer.valueOf(p).equals(s.paper())), e.id + ": no citation of paper " + p);
      }
      if ("relation".equals(e.kind)) {
        assertFalse(e.sources.isEmpty(), e.id + ": relation without source");
        // a relation either cites a paper or is a membership/fact of public record, marked as such
        assertTrue(!e.papers.isEmpty() || e.tags.contains("public_record"), e.id + ": cites no paper and is not marked public_record");
      }
    }
  }

  @Test
  void relationsNamedInTheIssueArePresent() {
    assertTrue(byId.containsKey("rel:builds_on:g7_hiroshima_process:oecd_ai_principles"));
    assertTrue(byId.containsKey("rel:builds_on:ttc_joint_roadmap:eu_ai_act"));
    assertEquals(List.of(4), byId.get("rel:builds_on:ttc_joint_roadmap:eu_ai_act").papers);
  }

  @Test
  void searchAnchorsAreInTheChineseNames() {
    assertTrue(byId.get("eu_ai_act").name.zh().contains("人工智能法案"));
    List<Entry> eos = entries.stream().filter(e -> "executive_order".equals(e.type) && "US".equals(e.jurisdiction)).toList();
    assertTrue(eos.size() >= 4, "US executive orders: " + eos.size());
    for (Entry e : eos) assertTrue(e.name.zh().contains("行政令"), e.id + ": " + e.name.zh());
  }

  @Test
  void membershipsAreConsistent() {
    Map<String, Set<String>> members = new HashMap<>();
    for (Entry r : relations()) {
      if ("member_of".equals(r.type)) members.computeIfAbsent(r.target, k -> new HashSet<>()).add(r.source);
    }
    Set<String> g7States = members.get("g7").stream().filter(id -> "state".equals(byId.get(id).type)).collect(Collectors.toSet());
    assertEquals(Set.of("us", "gb", "fr", "de", "it", "jp", "ca"), g7States);
    Set<String> un = members.get("un").stream().filter(id -> "state".equals(byId.get(id).type)).collect(Collectors.toSet());
    assertEquals(193, un.size());
    for (String s : un) {
      assertTrue(byId.get(s).tags.stream().anyMatch(t -> t.startsWith("un_m49_region:")), s + " lacks a UN region");
      assertTrue(byId.get(s).tags.stream().anyMatch(t -> t.startsWith("un_regional_group:")), s + " lacks a UN regional group");
    }
    assertFalse(un.contains("ps"), "Palestine is an observer state");
    long bletchleyStates = members.get("bletchley_declaration").stream().filter(id -> "state".equals(byId.get(id).type)).count();
    assertEquals(28, bletchleyStates, "paper 5: 28 countries signed the Bletchley Declaration");
    assertEquals(27, members.get("eu").stream().filter(id -> "state".equals(byId.get(id).type)).count());
  }
}
