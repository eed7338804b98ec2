package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;

/** Malformed rule files are refused with file, line and reason; versions are picked by date. */
class RuleLoadTest {
  static final String INDEX = """
      schema: profile-schema.yaml
      jurisdictions:
        EU:
          name: {en: EU, zh: 欧盟}
          tiers: [prohibited, high, minimal]
          default_tier: minimal
          gpai: true
      rule_sets:
        - t/test.v1.yaml
      """;

  static final String HEAD = """
      id: test-set
      version: 1
      jurisdiction: EU
      binding: hard
      title: {en: Test, zh: 测试}
      instrument: "Test Act"
      valid_from: 2024-01-01
      rules:
      """;

  static final String GOOD_RULE = """
        - id: t.social
          source: {article: "5", paragraph: "1", point: "c"}
          when: {field: social_scoring, is: true}
          tier: prohibited
          obligations:
            - id: t.o.social
              role: [provider]
              text: {en: Stop, zh: 停止}
      """;

  static RuleBase load(String set) {
    return load(set, null, INDEX);
  }

  static RuleBase load(String set, String set2, String index) {
    Map<String, String> files = new HashMap<>();
    files.put("index.yaml", index);
    files.put("t/test.v1.yaml", set);
    if (set2 != null) files.put("t/test.v2.yaml", set2);
    return RuleBase.load(name -> files.containsKey(name) ? files.get(name) : RuleBase.classpath(name));
  }

  static RuleLoadException refused(String set) {
    return assertThrows(RuleLoadException.class, () -> load(set));
  }

  @Test
  void goodFileLoads() {
    RuleBase rb = load(HEAD + GOOD_RULE);
    assertEquals(1, rb.ruleSets().size());
    assertNotNull(rb.obligations().get("t.o.social"));
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLine() {
    RuleLoadException e = refused(HEAD + "  - id: [unclosed\n    tier: high\n");
    assertEquals("t/test.v1.yaml", e.file);
    assertTrue(e.line >= 9, "line " + e.line);
    assertTrue(e.reason.contains("malformed YAML"), e.reason);
  }

  @Test
  void unknownProfileFieldInConditionNamesTheLine() {
    RuleLoadException e = refused(HEAD + GOOD_RULE.replace("field: social_scoring", "field: social_scorring"));
    assertEquals("t/test.v1.yaml", e.file);
    assertEquals(11, e.line);
    assertTrue(e.reason.contains("unknown profile field 'social_scorring'"), e.reason);
  }

  @Test
  void unknownKeyIsRefused() {
    RuleLoadException e = refused(HEAD + GOOD_RULE.replace("tier: prohibited", "teir: prohibited"));
    assertEquals(12, e.line);
    assertTrue(e.reason.contains("'teir': unknown key"), e.reason);
  }

  @Test
  void impossibleDateIsRefused() {
    RuleLoadException e = refused(HEAD + GOOD_RULE.replace("tier: prohibited", "tier: prohibited\n    applies_from: 2025-02-30"));
    assertEquals(13, e.line);
    assertTrue(e.reason.contains("not a valid date"), e.reason);
  }

  @Test
  void unknownTierOptionRoleAndBindingAreRefused() {
    assertTrue(refused(HEAD + GOOD_RULE.replace("tier: prohibited", "tier: banned")).reason.contains("not a tier"));
    assertTrue(refused(HEAD + GOOD_RULE.replace("role: [provider]", "role: [vendor]")).reason.contains("unknown role 'vendor'"));
    assertTrue(refused(HEAD.replace("binding: hard", "binding: firm") + GOOD_RULE).reason.contains("hard or soft"));
    assertTrue(refused(HEAD + GOOD_RULE.replace("tier: prohibited", "tier: prohibited\n    tier_roles: [user]")).reason.contains("unknown role 'user'"));
    assertTrue(refused(HEAD + GOOD_RULE.replace("tier: prohibited", "tier_roles: [deployer]")).reason.contains("needs a tier"));
    RuleLoadException e = refused(HEAD + GOOD_RULE.replace("{field: social_scoring, is: true}", "{field: annex_iii, contains: \"9(z)\"}"));
    assertTrue(e.reason.contains("'9(z)' is not an option of annex_iii"), e.reason);
    assertTrue(refused(HEAD + GOOD_RULE.replace("is: true", "gt: 5")).reason.contains("takes 'is'"));
  }

  @Test
  void factUsedBeforeItIsSetIsRefused() {
    RuleLoadException e = refused(HEAD + GOOD_RULE.replace("{field: social_scoring, is: true}", "{fact: later}"));
    assertEquals(11, e.line);
    assertTrue(e.reason.contains("fact 'later' is used before"), e.reason);
  }

  @Test
  void duplicateIdsAndMissingSourceAreRefused() {
    assertTrue(refused(HEAD + GOOD_RULE + GOOD_RULE.replace("t.o.social", "t.o.other")).reason.contains("duplicate id t.social"));
    RuleLoadException e = refused(HEAD + GOOD_RULE.replace("    source: {article: \"5\", paragraph: \"1\", point: \"c\"}\n", ""));
    assertTrue(e.reason.contains("'source': required"), e.reason);
    assertTrue(refused(HEAD + GOOD_RULE.replace("source: {article: \"5\", paragraph: \"1\", point: \"c\"}", "source: {paragraph: \"1\"}"))
        .reason.contains("needs an article"));
  }

  @Test
  void ruleWithoutEffectIsRefused() {
    String noEffect = """
          - id: t.nothing
            source: {article: "1"}
            when: {always: true}
        """;
    assertTrue(refused(HEAD + noEffect).reason.contains("has no effect"));
  }

  @Test
  void crosswalkToUnknownObligationIsRefused() {
    Map<String, String> files = new HashMap<>();
    files.put("crosswalk/crosswalk.v1.yaml", """
        id: crosswalk
        version: 1
        links:
          - {id: x.1, a: eu.o.art9.risk-management, b: us.nist.nothing, relation: partial, rationale: {en: r, zh: r}}
        """);
    RuleLoadException e = assertThrows(RuleLoadException.class,
        () -> RuleBase.load(n -> files.containsKey(n) ? files.get(n) : RuleBase.classpath(n)));
    assertEquals("crosswalk/crosswalk.v1.yaml", e.file);
    assertEquals(4, e.line);
    assertTrue(e.reason.contains("no obligation with id 'us.nist.nothing'"), e.reason);
  }

  @Test
  void newVersionIsPickedByDateAndOldOneStillAnswersEarlierDates() {
    String index = INDEX + "  - t/test.v2.yaml\n";
    String v1 = HEAD.replace("valid_from: 2024-01-01", "valid_from: 2024-01-01\nvalid_to: 2026-01-01") + GOOD_RULE;
    String v2 = HEAD.replace("version: 1", "version: 2").replace("valid_from: 2024-01-01", "valid_from: 2026-01-01")
        + GOOD_RULE.replace("t.social", "t2.social").replace("t.o.social", "t2.o.social").replace("tier: prohibited", "tier: high");
    RuleBase rb = load(v1, v2, index);
    Profile p = rb.schema.parse(Json.read("{\"jurisdictions\":[\"EU\"],\"role\":[\"provider\"],\"social_scoring\":true}"));
    Classification before = rb.classifier().classify(p, LocalDate.of(2025, 6, 1));
    Classification after = rb.classifier().classify(p, LocalDate.of(2026, 6, 1));
    assertEquals("prohibited", before.get("EU").tier);
    assertEquals(1, before.get("EU").rule_sets.get(0).version());
    assertEquals("high", after.get("EU").tier);
    assertEquals(2, after.get("EU").rule_sets.get(0).version());
    assertEquals("t2.o.social", after.get("EU").obligations.get(0).id());
    assertThrows(RuleLoadException.class, () -> load(v1, v2.replace("valid_from: 2026-01-01", "valid_from: 2025-01-01"), index),
        "overlapping versions are refused");
  }

  @Test
  void beforeAnyVersionTheTierIsNull() {
    RuleBase rb = load(HEAD + GOOD_RULE);
    Profile p = rb.schema.parse(Json.read("{\"jurisdictions\":[\"EU\"],\"social_scoring\":true}"));
    assertNull(rb.classifier().classify(p, LocalDate.of(2023, 6, 1)).get("EU").tier);
  }
}
