package org.aigov.observatory.rules;

import org.aigov.observatory.kernel.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Exceptions and derogations count only when claimed, but the presumption is always shown and asked. */
class PresumptionTest {
  final RulesApi api = new RulesApi(RuleBase.standard());
  final LocalDate on = LocalDate.of(2026, 9, 1);

  @Test
  void unclaimedDerogationLeavesAnnexIiiSystemHighAndSaysSo() {
    Classification c = api.classify("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],\"profiling\":false}", on);
    Classification.Result eu = c.get("EU");
    assertEquals("high", eu.tier);
    Classification.Question q = eu.open_questions.stream().filter(x -> x.field().equals("art6_3_conditions")).findFirst().orElseThrow();
    assertEquals(java.util.List.of(), q.presumed());
    assertTrue(q.asked_by().contains("eu.art6.3.a"), q.asked_by().toString());
    assertFalse(c.complete);
  }

  @Test
  void claimedDerogationIsHonouredAndPresumptionNoLongerAsked() {
    Classification c = api.classify("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],\"profiling\":false,"
        + "\"art6_3_conditions\":[\"a_narrow_procedural_task\"]}", on);
    Classification.Result eu = c.get("EU");
    assertFalse("high".equals(eu.tier));
    assertTrue(eu.obligations.stream().anyMatch(d -> d.id().equals("eu.o.art6.4.document")));
    assertTrue(eu.open_questions.stream().noneMatch(x -> x.field().equals("art6_3_conditions")));
  }

  @Test
  void traceShowsPresumedAnswers() throws Exception {
    Classification c = api.classify("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"interacts_with_people\":true}", on);
    String json = Json.write(c);
    assertEquals("transparency", c.get("EU").tier);
    assertTrue(json.contains("\"ai_interaction_obvious\":\"(unanswered, presumed false)\""), json);
  }

  @Test
  void irrelevantPresumptionsAreNotAsked() {
    // a complete non-interactive profile: the Art. 50(1) exceptions cannot change anything
    Classification c = api.classify("{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"interacts_with_people\":false,"
        + "\"generates_content\":[]}", on);
    assertTrue(c.get("EU").open_questions.stream().noneMatch(x -> x.field().equals("ai_interaction_obvious")));
    assertTrue(c.get("EU").open_questions.stream().noneMatch(x -> x.field().equals("assistive_editing_only")));
  }
}
