package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every worked case in src/test/resources/rules/cases against the shipped rule base. */
class CasesTest {
  static final RulesApi API = new RulesApi(RuleBase.standard());
  static final Set<String> CODES = Set.of("EU", "CN", "US", "ISO");

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(CasesTest.class.getResource("/rules/cases").toURI());
    return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @Test
  void corpusIsLargeAndCoversTheAct() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> just = new ArrayList<>();
    for (Path p : (Iterable<Path>) cases()::iterator) {
      JsonNode c = Json.MAPPER.readTree(Files.readString(p));
      ids.add(c.get("id").asText());
      assertFalse(c.path("justification").asText().isBlank(), p + " needs a justification");
      just.add(c.get("justification").asText());
    }
    assertTrue(ids.size() >= 60, "at least 60 cases, got " + ids.size());
    String all = String.join(" | ", just);
    for (char pt = 'a'; pt <= 'h'; pt++) assertTrue(all.contains("Art. 5(1)(" + pt + ")"), "Art. 5(1)(" + pt + ") case");
    for (int area = 1; area <= 8; area++) assertTrue(all.contains("Annex III point " + area), "Annex III area " + area);
    for (char pt = 'a'; pt <= 'd'; pt++) assertTrue(all.contains("Art. 6(3)(" + pt + ")"), "Art. 6(3)(" + pt + ")");
    assertTrue(all.contains("Art. 50(1)") && all.contains("Art. 50(2)") && all.contains("Art. 50(3)") && all.contains("Art. 50(4)"));
    assertTrue(ids.stream().anyMatch(i -> i.startsWith("cn-")) && ids.stream().anyMatch(i -> i.startsWith("us-")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void workedCase(Path file) throws Exception {
    JsonNode c = Json.MAPPER.readTree(Files.readString(file));
    String on = c.get("on").asText();
    if (c.has("expect_error")) {
      ApiException e = assertThrows(ApiException.class, () -> API.classify(c.get("profile"), RulesApi.parseOn(on)));
      assertEquals(c.get("expect_error").get("field").asText(), e.field, "error names the field: " + e.getMessage());
      return;
    }
    Classification result = API.classify(c.get("profile"), RulesApi.parseOn(on));
    JsonNode out = Json.MAPPER.readTree(Json.write(result));
    String ctx = c.get("id").asText() + " (" + c.get("justification").asText() + ")";
    check(c.get("expect"), out, out, ctx);
    if (!c.get("expect").has("contradictions_include"))
      assertEquals(0, out.get("contradictions").size(), ctx + ": unexpected contradictions " + out.get("contradictions"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void streamingParserAgreesWithTreeParser(Path file) throws Exception {
    String text = Files.readString(file);
    JsonNode c = Json.MAPPER.readTree(text);
    String profile = Json.MAPPER.writeValueAsString(c.get("profile"));
    var on = RulesApi.parseOn(c.get("on").asText());
    if (c.has("expect_error")) {
      ApiException e = assertThrows(ApiException.class, () -> API.classify(profile, on));
      assertEquals(c.get("expect_error").get("field").asText(), e.field);
      return;
    }
    assertEquals(Json.write(API.classify(c.get("profile"), on)), Json.write(API.classify(profile, on)));
  }

  private static void check(JsonNode expect, JsonNode top, JsonNode node, String ctx) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
      var e = it.next();
      String k = e.getKey();
      JsonNode want = e.getValue();
      if (CODES.contains(k)) {
        JsonNode j = node.get(k);
        assertNotNull(j, ctx + ": no result for " + k);
        check(want, top, j, ctx + " " + k);
        continue;
      }
      switch (k) {
        case "tier", "gpai", "tier_applies_from" -> assertEquals(want.isNull() ? null : want.asText(),
            node.path(k).isMissingNode() || node.path(k).isNull() ? null : node.path(k).asText(), ctx + ": " + k + "\n" + trace(node));
        case "complete" -> assertEquals(want.asBoolean(), node.path("complete").asBoolean(), ctx + ": complete; open " + ids(node.path("open_questions"), "field"));
        case "obligations_include" -> includes(ids(node.path("obligations"), "id"), want, ctx + ": obligations");
        case "obligations_exclude" -> excludes(ids(node.path("obligations"), "id"), want, ctx + ": obligations");
        case "upcoming_include" -> includes(ids(node.path("upcoming"), "id"), want, ctx + ": upcoming");
        case "expired_include" -> includes(ids(node.path("expired"), "id"), want, ctx + ": expired");
        case "suspended_include" -> includes(ids(node.path("suspended"), "id"), want, ctx + ": suspended");
        case "upcoming_from" -> want.fields().forEachRemaining(f -> {
          String got = null;
          for (JsonNode d : node.path("upcoming")) if (d.get("id").asText().equals(f.getKey())) got = d.get("applies_from").asText();
          assertEquals(f.getValue().asText(), got, ctx + ": applies_from of " + f.getKey());
        });
        case "trace_fired" -> includes(fired(node), want, ctx + ": fired rules");
        case "trace_not_fired" -> excludes(fired(node), want, ctx + ": fired rules");
        case "open_questions_include" -> includes(ids(node.path("open_questions"), "field"), want, ctx + ": open questions");
        case "open_questions_exclude" -> excludes(ids(node.path("open_questions"), "field"), want, ctx + ": open questions");
        case "possible_tiers_include" -> includes(text(node.path("possible_tiers")), want, ctx + ": possible tiers");
        case "contradictions_include" -> includes(ids(top.path("contradictions"), "check"), want, ctx + ": contradictions");
        case "links_include" -> want.fields().forEachRemaining(f -> {
          JsonNode duty = null;
          for (JsonNode d : node.path("obligations")) if (d.get("id").asText().equals(f.getKey())) duty = d;
          assertNotNull(duty, ctx + ": obligation " + f.getKey());
          includes(ids(duty.path("also_counts_towards"), "id"), f.getValue(), ctx + ": links of " + f.getKey());
        });
        default -> fail(ctx + ": unknown expectation key " + k);
      }
    }
  }

  private static List<String> fired(JsonNode node) {
    List<String> l = new ArrayList<>();
    for (JsonNode s : node.path("trace")) if (s.path("result").asText().equals("fired")) l.add(s.get("rule").asText());
    return l;
  }

  private static String trace(JsonNode node) {
    return "fired: " + fired(node);
  }

  private static List<String> ids(JsonNode arr, String key) {
    List<String> l = new ArrayList<>();
    for (JsonNode x : arr) l.add(x.path(key).asText());
    return l;
  }

  private static List<String> text(JsonNode arr) {
    List<String> l = new ArrayList<>();
    for (JsonNode x : arr) l.add(x.asText());
    return l;
  }

  private static void includes(List<String> got, JsonNode want, String ctx) {
    for (JsonNode w : want) assertTrue(got.contains(w.asText()), ctx + " should include " + w.asText() + " but was " + got);
  }

  private static void excludes(List<String> got, JsonNode want, String ctx) {
    for (JsonNode w : want) assertFalse(got.contains(w.asText()), ctx + " should not include " + w.asText());
  }
}
