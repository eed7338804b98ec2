package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;

/** Defects found by the acceptance review of the EU classifier, one block per defect (docs/decisions.md has a section for each). */
class ReviewFixesTest {
  static final RulesApi API = new RulesApi(RuleBase.standard());
  static final LocalDate ON = LocalDate.of(2026, 9, 1);

  static Classification.Result eu(String profile) {
    return API.classify(profile, ON).get("EU");
  }

  static List<String> fired(Classification.Result r) {
    return r.trace.stream().filter(s -> s.result().equals("fired")).map(Classification.Step::rule).toList();
  }

  static List<String> ids(List<Classification.Duty> ds) {
    return ds == null ? List.of() : ds.stream().map(Classification.Duty::id).toList();
  }

  static List<String> open(Classification.Result r) {
    return r.open_questions.stream().map(Classification.Question::field).toList();
  }

  // ---- 1: Art. 6(3) third subparagraph, a derogation needs profiling answered "no"
  static final String DEROGATION = "{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],"
      + "\"art6_3_conditions\":[\"a_narrow_procedural_task\"]";

  @Test
  void derogationAppliesOnlyOnceProfilingIsAnsweredNo() {
    Classification.Result r = eu(DEROGATION + "}");
    assertEquals("high", r.tier);
    assertFalse(r.complete);
    assertTrue(fired(r).contains("eu.art6.2.high"), fired(r).toString());
    assertTrue(open(r).contains("profiling"), open(r).toString());
    assertTrue(ids(r.obligations).contains("eu.o.art9.risk-management"), ids(r.obligations).toString());
    assertFalse(ids(r.obligations).contains("eu.o.art6.4.document"));
    // answered: "no" lets the derogation apply (Art. 6(4), 49(2)), "yes" keeps the system high-risk
    Classification.Result no = eu(DEROGATION + ",\"profiling\":false}");
    assertEquals("minimal", no.tier);
    assertTrue(ids(no.obligations).containsAll(List.of("eu.o.art6.4.document", "eu.o.art49.2.register")), ids(no.obligations).toString());
    Classification.Result yes = eu(DEROGATION + ",\"profiling\":true}");
    assertEquals("high", yes.tier);
    assertTrue(fired(yes).contains("eu.art6.3.profiling"));
  }

  // ---- outside review of 2026-12-07: the duties Annex III's biometric, law-enforcement and migration points add
  @Test
  void biometricAndLawEnforcementSystemsCarryTheirOwnDuties() {
    String rbi = "{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"remote_biometric_identification\":\"real_time\",\"biometric_verification_only\":false";
    Classification.Result provider = eu(rbi + ",\"law_enforcement_purpose\":false}");
    assertEquals("high", provider.tier);
    assertTrue(ids(provider.obligations).containsAll(List.of("eu.o.art14.5.two-persons", "eu.o.art43.1.biometric-procedure")), ids(provider.obligations).toString());
    assertFalse(ids(provider.obligations).contains("eu.o.art49.4.secure-section"), "not for law enforcement: the public database");
    Classification.Result police = eu(rbi + ",\"law_enforcement_purpose\":true}");
    assertTrue(ids(police.obligations).contains("eu.o.art49.4.secure-section"), ids(police.obligations).toString());
    // emotion recognition is point 1(c): the notified-body rule, not the two persons of 1(a)
    Classification.Result emotion = eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"1(c)\"]}");
    assertTrue(ids(emotion.obligations).contains("eu.o.art43.1.biometric-procedure"), ids(emotion.obligations).toString());
    assertFalse(ids(emotion.obligations).contains("eu.o.art14.5.two-persons"));
    // a border-control system (7(d)) registers in the secure section; a CV screener (4(a)) has none of the three
    assertTrue(ids(eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"7(d)\"]}").obligations).contains("eu.o.art49.4.secure-section"));
    List<String> cv = ids(eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"]}").obligations);
    assertTrue(cv.contains("eu.o.art9.risk-management"), cv.toString());
    for (String none : List.of("eu.o.art14.5.two-persons", "eu.o.art43.1.biometric-procedure", "eu.o.art49.4.secure-section"))
      assertFalse(cv.contains(none), none);
  }

  @Test
  void profilingIsAskedBeforeTheArt63Conditions() {
    @SuppressWarnings("unchecked")
    List<String> order = ((List<java.util.Map<String, Object>>) API.questionnaire().get("questions")).stream()
        .map(m -> (String) m.get("field")).toList();
    assertTrue(order.indexOf("profiling") < order.indexOf("art6_3_conditions"), order.toString());
    // the conditions can only matter once profiling is answered "no"
    Classification.Result r = eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"]}");
    assertTrue(open(r).contains("profiling") && !open(r).contains("art6_3_conditions"), open(r).toString());
    assertTrue(open(eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],\"profiling\":false}"))
        .contains("art6_3_conditions"));
  }

  // ---- 2: Art. 113(c), the Annex I Section A route applies from 2 August 2027
  static final String MACHINERY = "{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"safety_component\":true,"
      + "\"annex_i_legislation\":\"A1_machinery\",\"third_party_conformity_assessment\":true,\"annex_iii\":[]";

  @Test
  void annexIDutiesApplyFrom2027AndAreFlaggedWhileAnnexIiiQuestionsAreOpen() {
    Classification.Result r = eu(MACHINERY + "}");
    assertEquals("2027-08-02", r.tier_applies_from);
    assertFalse(ids(r.obligations).contains("eu.o.art9.risk-management"), ids(r.obligations).toString());
    Classification.Duty d = r.upcoming.stream().filter(x -> x.id().equals("eu.o.art9.risk-management")).findFirst().orElseThrow();
    assertEquals("2027-08-02", d.applies_from());
    assertTrue(d.depends_on().containsAll(List.of("emotion_recognition", "biometric_categorisation", "remote_biometric_identification")),
        String.valueOf(d.depends_on()));
    assertFalse(d.depends_on().contains("profiling"), "profiling matters only once Annex III is known: " + d.depends_on());
    Classification.Step step = r.trace.stream().filter(x -> x.rule().equals("eu.art113.c.annex-i-only")).findFirst().orElseThrow();
    assertEquals("undetermined", step.result());
    assertEquals(d.depends_on(), step.blocked_by());
    assertTrue(ids(r.obligations).contains("eu.o.art4.literacy"));
    // a rule's own open questions stay named beside those of the facts it reads
    Classification.Step art54 = eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\"}").trace.stream()
        .filter(x -> x.rule().equals("eu.art54")).findFirst().orElseThrow();
    assertEquals(List.of("provider_established_outside_eu", "gpai_model"), art54.blocked_by());
    // the Annex III questions answered "no": the deferral applies, nothing left to flag
    Classification.Result settled = eu(MACHINERY + ",\"emotion_recognition\":false,\"biometric_categorisation\":false,"
        + "\"remote_biometric_identification\":\"none\"}");
    assertFalse(ids(settled.obligations).contains("eu.o.art9.risk-management"));
    Classification.Duty s = settled.upcoming.stream().filter(x -> x.id().equals("eu.o.art9.risk-management")).findFirst().orElseThrow();
    assertEquals("2027-08-02", s.applies_from());
    assertEquals(null, s.depends_on());
    // also Annex III: the Art. 6(2) route applies from 2026 and nothing is deferred
    Classification.Result both = eu(MACHINERY.replace("\"annex_iii\":[]", "\"annex_iii\":[\"4(a)\"],\"profiling\":true") + "}");
    assertTrue(ids(both.obligations).contains("eu.o.art9.risk-management"));
  }

  // ---- 3: Annex III point 1(a), second sentence, the verification carve-out wins over a listed 1(a)
  @Test
  void verificationCarveOutWinsOverAListedPoint1a() {
    Classification c = API.classify("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"1(a)\"],"
        + "\"biometric_verification_only\":true}", ON);
    Classification.Result r = c.get("EU");
    assertFalse("high".equals(r.tier), r.tier);
    assertFalse(fired(r).contains("eu.annex3.1a"), fired(r).toString());
    assertTrue(c.contradictions.stream().anyMatch(x -> x.check().equals("chk.annex3-1a-verification-only")
        && x.fields().contains("annex_iii") && x.fields().contains("biometric_verification_only")), c.contradictions.toString());
    assertFalse(c.complete);
    // unanswered, the carve-out is presumed not to apply and is asked
    Classification.Result listed = eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"1(a)\"]}");
    assertEquals("high", listed.tier);
    assertTrue(open(listed).contains("biometric_verification_only"), open(listed).toString());
  }

  // ---- 7: an empty list of jurisdictions is refused, naming the field
  @Test
  void emptyJurisdictionsAreRefusedByName() {
    for (String body : List.of("{\"jurisdictions\":[]}", "{\"jurisdictions\":[],\"role\":\"provider\"}")) {
      org.aigov.observatory.kernel.ApiException e = org.junit.jupiter.api.Assertions.assertThrows(
          org.aigov.observatory.kernel.ApiException.class, () -> API.classify(body, ON));
      assertEquals(400, e.status);
      assertEquals("jurisdictions", e.field);
      assertEquals("jurisdictions: choose at least one of [EU, CN, US, ISO]", e.getMessage());
      org.aigov.observatory.kernel.ApiException t = org.junit.jupiter.api.Assertions.assertThrows(
          org.aigov.observatory.kernel.ApiException.class, () -> API.classify(Json.MAPPER.readTree(body), ON));
      assertEquals("jurisdictions", t.field);
    }
    assertEquals(1, ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) API.profileJsonSchema().get("properties")).get("jurisdictions")).get("minItems"));
  }

  /** An empty list of roles gave a "complete" high-risk result with no duties at all; the page refused it already. */
  @Test
  void anEmptyListOfRolesIsRefusedByName() {
    org.aigov.observatory.kernel.ApiException e = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class,
        () -> API.classify("{\"jurisdictions\":[\"EU\"],\"role\":[],\"annex_iii\":[\"4(a)\"]}", ON));
    assertEquals("role", e.field);
    assertEquals(1, ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) API.profileJsonSchema().get("properties")).get("role")).get("minItems"));
  }

  /** A compute figure given as a string is a JSON number's syntax: Java's parser also took "3e25d" and hex floats. */
  @Test
  void aNumberInAStringHasJsonSyntax() throws Exception {
    for (String bad : List.of("3e25d", "1e25f", "0x1.0p84", "Infinity", "+3e25", ".5")) {
      org.aigov.observatory.kernel.ApiException e = org.junit.jupiter.api.Assertions.assertThrows(org.aigov.observatory.kernel.ApiException.class,
          () -> API.classify("{\"jurisdictions\":[\"EU\"],\"gpai_model\":true,\"training_compute_flop\":\"" + bad + "\"}", ON), bad);
      assertEquals("training_compute_flop", e.field, bad);
    }
    API.classify("{\"jurisdictions\":[\"EU\"],\"gpai_model\":true,\"training_compute_flop\":\"3E+25\"}", ON);
  }

  // ---- 6: a question whose precondition is answered "no" is not asked
  static final String ALL_NO = "{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"user_groups\":[\"professionals\"],"
      + "\"provider_established_outside_eu\":false,\"exclusive_purpose\":\"none\",\"open_source_licence\":true,\"open_weights\":true,"
      + "\"manipulative_techniques\":false,\"exploits_vulnerabilities\":false,\"social_scoring\":false,\"crime_prediction_profiling\":false,"
      + "\"untargeted_facial_scraping\":false,\"emotion_recognition\":false,\"use_settings\":[\"other\"],\"biometric_categorisation\":false,"
      + "\"remote_biometric_identification\":\"none\",\"law_enforcement_purpose\":false,\"safety_component\":false,"
      + "\"annex_i_legislation\":\"none\",\"third_party_conformity_assessment\":false,\"annex_iii\":[],\"profiling\":false,"
      + "\"public_authority_use\":false,\"rebrands_or_substantially_modifies\":false,\"placed_on_market\":\"2026-09-01\","
      + "\"significant_design_change\":false,\"interacts_with_people\":false,\"generates_content\":[],"
      + "\"gpai_model\":false}";

  @Test
  void questionsWhosePreconditionIsNoAreNotAsked() throws Exception {
    Classification.Result r = eu(ALL_NO);
    assertFalse(open(r).contains("biometric_categorisation_sensitive"), open(r).toString());
    assertFalse(open(r).contains("public_interest_text"), open(r).toString());
    assertFalse(open(r).contains("deep_fake"), open(r).toString());
    assertEquals("out-of-scope", r.tier, fired(r).toString());
    assertTrue(r.complete, open(r).toString());
    // text output: the public-interest question is asked again
    assertTrue(open(eu(ALL_NO.replace("\"generates_content\":[]", "\"generates_content\":[\"text\"]"))).contains("public_interest_text"));
    // categorisation unanswered: the sensitive-attributes question stays open
    assertTrue(open(eu(ALL_NO.replace("\"biometric_categorisation\":false,", ""))).contains("biometric_categorisation_sensitive"));
  }

  // ---- 5: explanations, only reasons that concern this profile and well-formed citations
  static List<String> reasons(Classification.Result r) {
    return r.trace.stream().filter(s -> s.result().equals("fired") && s.reason() == null).map(Classification.Step::rule).toList();
  }

  @Test
  void helperFlagsAreNoReasons() {
    Classification.Result r = eu("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],\"profiling\":true}");
    assertTrue(fired(r).contains("eu.annex3.other-than-2.flag"), "still in the trace");
    assertFalse(reasons(r).contains("eu.annex3.other-than-2.flag"), reasons(r).toString());
    assertTrue(reasons(r).containsAll(List.of("eu.annex3.4a", "eu.art6.3.profiling", "eu.hr.provider")), reasons(r).toString());
    Classification.Step flag = r.trace.stream().filter(s -> s.rule().equals("eu.annex3.other-than-2.flag")).findFirst().orElseThrow();
    assertFalse(flag.citation().contains("Art. 27"), flag.citation());
  }

  @Test
  void otherRolesDutiesAreNoReasons() {
    Classification.Result r = eu(MACHINERY + "}");
    for (String other : List.of("eu.hr.deployer", "eu.hr.importer", "eu.hr.distributor", "eu.hr.authrep")) {
      assertTrue(fired(r).contains(other), other + " still in the trace");
      assertFalse(reasons(r).contains(other), reasons(r).toString());
    }
    assertTrue(reasons(r).contains("eu.hr.provider"));
    // without a role every role's duties are listed, so they are reasons
    assertTrue(reasons(eu(MACHINERY.replace("\"role\":\"provider\",", "") + "}")).contains("eu.hr.deployer"));
  }

  @Test
  void annexISectionIsCitedAsASection() {
    Classification.Result r = eu(MACHINERY + "}");
    Classification.Step s = r.trace.stream().filter(x -> x.rule().equals("eu.art6.1.annex-i-a")).findFirst().orElseThrow();
    assertEquals("Regulation (EU) 2024/1689, Art. 6(1) and Annex I, Section A", s.citation());
    assertEquals("Regulation (EU) 2024/1689, Annex III, point 4(a)",
        r.trace.isEmpty() ? null : eu("{\"jurisdictions\":[\"EU\"],\"annex_iii\":[\"4(a)\"]}").trace.stream()
            .filter(x -> x.rule().equals("eu.annex3.4a")).findFirst().orElseThrow().citation().replace("Art. 6(2) and ", ""));
  }

  // ---- 4: Art. 26(10), post-remote biometric identification for law enforcement
  static final String POST_RBI = "{\"role\":\"deployer\",\"remote_biometric_identification\":\"post\",\"law_enforcement_purpose\":true}";

  @Test
  void postRemoteBiometricIdentificationForLawEnforcementNeedsAuthorisation() {
    Classification.Result r = API.classify(POST_RBI, ON).get("EU");
    assertEquals("high", r.tier);
    Classification.Duty d = r.obligations.stream().filter(x -> x.id().equals("eu.o.art26.10.authorisation")).findFirst().orElseThrow();
    assertEquals("Regulation (EU) 2024/1689, Art. 26(10)", d.citation());
    assertEquals("2026-08-02", d.applies_from());
    assertTrue(d.text().en().contains("48 hours") && d.text().zh().contains("48小时"), d.text().toString());
    assertTrue(ids(r.obligations).contains("eu.o.art26.10.document-report"));
    // before 2 August 2026 it is upcoming
    assertTrue(ids(API.classify(POST_RBI, LocalDate.of(2026, 1, 1)).get("EU").upcoming).contains("eu.o.art26.10.authorisation"));
    // not for other purposes, and not a provider's duty
    assertFalse(ids(eu(POST_RBI.replace("\"law_enforcement_purpose\":true", "\"law_enforcement_purpose\":false")).obligations)
        .contains("eu.o.art26.10.authorisation"));
    assertFalse(ids(eu("{\"role\":\"provider\",\"remote_biometric_identification\":\"post\",\"law_enforcement_purpose\":true}").obligations)
        .contains("eu.o.art26.10.authorisation"));
  }

  // ---- review of 2026-12-04 (a compliance lawyer's walk-through)

  static com.fasterxml.jackson.databind.node.ObjectNode caseProfile(String name) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    try (java.io.InputStream in = ReviewFixesTest.class.getResourceAsStream("/rules/cases/" + name + ".json")) {
      return (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(in).get("profile");
    }
  }

  /** Art. 2(12) exempts AI systems, not models: an open-source model with systemic risk read "out-of-scope" above its Chapter V duties. */
  @Test
  void anOpenSourceModelIsNotOutOfScopeUnderArt2_12() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode p = caseProfile("gpai-open-exempt");
    p.put("training_compute_flop", 5e25);
    Classification.Result r = API.classify(p, ON).get("EU");
    assertEquals("gpai-systemic", r.gpai);
    assertNotEquals("out-of-scope", r.tier, fired(r).toString());
    assertFalse(fired(r).contains("eu.art2.12.open-source"), fired(r).toString());
    assertTrue(ids(r.obligations).contains("eu.o.art55.1.b.risk-mitigation"), ids(r.obligations).toString());
    // an open-source AI system (no model) is still out of scope
    assertEquals("out-of-scope", eu(ALL_NO).tier);
  }

  /** A duty counted towards China's labelling rules for a service those rules do not cover. */
  @Test
  void aDutyCountsTowardsAnotherRegimesDutyOnlyIfThatOneApplies() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode p = caseProfile("art50-1-chatbot");
    p.putArray("jurisdictions").add("EU").add("CN");
    Classification c = API.classify(p, ON);
    assertEquals("not-covered", c.get("CN").tier);
    assertTrue(c.get("CN").complete);
    for (Classification.Duty d : c.get("EU").obligations)
      for (Classification.Link l : d.also_counts_towards() == null ? List.<Classification.Link>of() : d.also_counts_towards())
        assertNotEquals("CN", l.regime(), d.id() + " counts towards " + l.id());
    Map<String, Object> cw = API.myDuties(p.toString(), ON, "EU", "CN");
    assertEquals(List.of(), cw.get("also_count"));
    // listed as linked to duties this system does not have in China, not as having no counterpart there
    Map<?, ?> idle = ((List<?>) cw.get("no_counterpart")).stream().map(x -> (Map<?, ?>) x).filter(x -> x.get("id").equals("eu.o.art50.1.inform")).findFirst().orElseThrow();
    assertTrue(String.valueOf(idle.get("linked_duties_not_applying")).contains("cn.o.ds.art17.conspicuous"), idle.toString());
    // EU alone: the links to China stay, since nothing says they cannot apply
    p.putArray("jurisdictions").add("EU");
    Classification.Duty inform = API.classify(p, ON).get("EU").obligations.stream().filter(d -> d.id().equals("eu.o.art50.1.inform")).findFirst().orElseThrow();
    assertTrue(inform.also_counts_towards().stream().anyMatch(l -> l.regime().equals("CN")), inform.toString());
    // covered in China (a public service): the link counts
    p.putArray("jurisdictions").add("EU").add("CN");
    p.put("cn_public_service", true);
    c = API.classify(p, ON);
    java.util.Set<String> cnDuties = new java.util.HashSet<>(ids(c.get("CN").obligations));
    cnDuties.addAll(ids(c.get("CN").upcoming));
    for (Classification.Duty d : c.get("EU").obligations)
      for (Classification.Link l : d.also_counts_towards() == null ? List.<Classification.Link>of() : d.also_counts_towards())
        if (l.regime().equals("CN")) assertTrue(cnDuties.contains(l.id()), l.id());
  }

  /** Art. 5(5): the exceptions of Art. 5(1)(h) need a national law that provides for them. */
  @Test
  void realTimeIdentificationUnderAnExceptionNeedsNationalLaw() throws Exception {
    Classification.Result r = API.classify(caseProfile("art5-1h-exception-victims"), ON).get("EU");
    List<String> all = new java.util.ArrayList<>(ids(r.obligations));
    all.addAll(ids(r.upcoming));
    assertTrue(all.containsAll(List.of("eu.o.art5.3.authorisation", "eu.o.art5.5.national-law")), all.toString());
  }

  /** Art. 2(8) ends when the system is placed on the market: with a placing date the answer is a contradiction, not out of scope. */
  @Test
  void preMarketDevelopmentWithAPlacingDateIsAContradiction() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode p = caseProfile("scope-pre-market-development");
    Classification c = API.classify(p, ON);
    assertEquals("out-of-scope", c.get("EU").tier);
    assertTrue(c.contradictions.isEmpty(), c.contradictions.toString());
    p.put("placed_on_market", "2025-01-01");
    c = API.classify(p, ON);
    assertTrue(c.contradictions.stream().anyMatch(x -> x.check().equals("chk.pre-market-with-placing-date")), c.contradictions.toString());
    assertFalse(c.complete);
  }
}
