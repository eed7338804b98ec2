package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;

/** Defects found by the acceptance review of the EU classifier (docs/decisions.md, "Rules review fixes"). */
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
  void derogationClaimedButProfilingUnansweredStaysHigh() {
    Classification.Result r = eu(DEROGATION + "}");
    assertEquals("high", r.tier);
    assertFalse(r.complete);
    assertTrue(fired(r).contains("eu.art6.2.high"), fired(r).toString());
    assertTrue(open(r).contains("profiling"), open(r).toString());
    assertTrue(ids(r.obligations).contains("eu.o.art9.risk-management"), ids(r.obligations).toString());
    assertFalse(ids(r.obligations).contains("eu.o.art6.4.document"));
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

  @Test
  void derogationAppliesOnlyWithProfilingFalse() {
    Classification.Result no = eu(DEROGATION + ",\"profiling\":false}");
    assertEquals("minimal", no.tier);
    assertTrue(ids(no.obligations).containsAll(List.of("eu.o.art6.4.document", "eu.o.art49.2.register")), ids(no.obligations).toString());
    Classification.Result yes = eu(DEROGATION + ",\"profiling\":true}");
    assertEquals("high", yes.tier);
    assertTrue(fired(yes).contains("eu.art6.3.profiling"));
  }
}
