package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every EU citation in the rule files must exist in the published text of Regulation (EU) 2024/1689. */
class CitationTest {
  static final Map<String, JsonNode> ARTICLES = new HashMap<>();
  static final Map<String, String> ANNEXES = new HashMap<>();

  @BeforeAll
  static void loadAct() throws Exception {
    try (InputStream in = CitationTest.class.getResourceAsStream("/rules/eu-ai-act/eu_ai_act_2024_1689_en.json")) {
      JsonNode act = Json.MAPPER.readTree(in);
      for (JsonNode a : act.get("articles")) ARTICLES.put(a.get("number").asText(), a);
      for (JsonNode a : act.get("annexes")) ANNEXES.put(a.get("number").asText(), a.get("text").asText());
    }
  }

  @Test
  void everyEuCitationExistsInTheAct() {
    RuleBase rb = RuleBase.standard();
    int checked = 0;
    for (RuleSet s : rb.ruleSets()) {
      if (!s.jurisdiction.equals("EU")) continue;
      for (Rule r : s.rules) {
        check(r.source, r.id);
        checked++;
        for (Obligation o : r.obligations) {
          check(o.source, o.id);
          checked++;
        }
      }
    }
    assertTrue(checked > 100, "checked " + checked);
  }

  private void check(Source src, String id) {
    if (src.article() != null) {
      JsonNode art = ARTICLES.get(src.article());
      assertNotNull(art, id + ": no Article " + src.article());
      String text = art.get("text").asText();
      if (src.paragraph() != null) {
        String pid = String.format("%03d.%03d", Integer.parseInt(src.article()), Integer.parseInt(src.paragraph()));
        String ptext = null;
        for (JsonNode p : art.get("paragraphs")) if (p.get("id").asText().equals(pid)) ptext = p.get("text").asText();
        assertNotNull(ptext, id + ": no paragraph " + src.paragraph() + " in Article " + src.article());
        text = ptext;
      }
      if (src.point() != null)
        assertTrue(Pattern.compile("(?m)^\\s*\\(" + src.point() + "\\) ").matcher(text).find(),
            id + ": no point (" + src.point() + ") in " + src.cite());
      if (src.subparagraph() != null) assertTrue(Set.of("first", "second", "third").contains(src.subparagraph()), id);
    }
    if (src.annex() != null) {
      String annex = ANNEXES.get(src.annex());
      assertNotNull(annex, id + ": no Annex " + src.annex());
      if (src.annex_point() != null) {
        Matcher m = Pattern.compile("^(\\d+)(?:\\(([a-z])\\))?").matcher(src.annex_point());
        if (m.find()) {
          int area = Integer.parseInt(m.group(1));
          int start = annex.indexOf("\n" + area + ". ");
          assertTrue(start >= 0, id + ": no point " + area + " in Annex " + src.annex());
          int end = annex.indexOf("\n" + (area + 1) + ". ", start);
          String block = annex.substring(start, end < 0 ? annex.length() : end);
          if (m.group(2) != null) assertTrue(block.contains("(" + m.group(2) + ") "), id + ": no point " + src.annex_point());
        } else {
          assertTrue(annex.contains(src.annex_point()), id + ": no '" + src.annex_point() + "' in Annex " + src.annex());
        }
      }
    }
  }

  @Test
  void applicationDatesAreThoseOfArticles113And111() {
    String a113 = ARTICLES.get("113").get("text").asText();
    for (String d : new String[] {"2 February 2025", "2 August 2025", "2 August 2026", "2 August 2027"}) assertTrue(a113.contains(d), d);
    assertTrue(ARTICLES.get("111").get("text").asText().contains("2 August 2030"));
    Set<LocalDate> allowed = Set.of(LocalDate.of(2024, 8, 1), LocalDate.of(2025, 2, 2), LocalDate.of(2025, 8, 2),
        LocalDate.of(2026, 8, 2), LocalDate.of(2027, 8, 2), LocalDate.of(2030, 8, 2));
    for (RuleSet s : RuleBase.standard().ruleSets()) {
      if (!s.jurisdiction.equals("EU")) continue;
      for (Rule r : s.rules) {
        assertTrue(allowed.contains(LocalDate.ofEpochDay(r.from)), r.id + " applies_from " + LocalDate.ofEpochDay(r.from));
        if (!r.deferGroups.isEmpty()) assertTrue(allowed.contains(LocalDate.ofEpochDay(r.deferTo)), r.id);
        for (Obligation o : r.obligations) assertTrue(allowed.contains(LocalDate.ofEpochDay(Math.max(o.from, r.from))), o.id);
      }
    }
  }

  @Test
  void systemicRiskThresholdMatchesArticle51() {
    // the structured text lost the superscript: "greater than 1025" is 10^25
    String a51 = ARTICLES.get("51").get("text").asText();
    assertTrue(a51.contains("floating point operations is greater than 1025"));
    RuleBase rb = RuleBase.standard();
    Classifier c = rb.classifier();
    LocalDate on = LocalDate.of(2026, 1, 1);
    assertEquals("gpai", c.classify(rb.schema.parse(Json.read("{\"jurisdictions\":[\"EU\"],\"gpai_model\":true,\"training_compute_flop\":1e25}")), on).get("EU").gpai);
    assertEquals("gpai-systemic", c.classify(rb.schema.parse(Json.read("{\"jurisdictions\":[\"EU\"],\"gpai_model\":true,\"training_compute_flop\":1.0000001e25}")), on).get("EU").gpai);
  }
}
