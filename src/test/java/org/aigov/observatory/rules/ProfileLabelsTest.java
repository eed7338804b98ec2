package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.Text;
import org.junit.jupiter.api.Test;

/**
 * Review of /assess.html?lang=zh (2026-12-03): the page named answers by their field codes and showed
 * "false"/"none". Every question now has a short label in both languages, the contradiction messages name
 * questions by those labels, and the trace gives the answers in structured form for the page to label.
 */
class ProfileLabelsTest {
  static final RuleBase RB = RuleBase.standard();
  static final Pattern QUOTED = Pattern.compile("“([^”]+)”");

  @Test
  void everyQuestionHasAShortLabelInBothLanguages() {
    Set<String> seen = new HashSet<>();
    for (Field f : RB.schema.fields()) {
      // the name and notes are not questions, but the page lists them under "your answers" (it showed the code "name")
      assertNotNull(f.label, f.name + " has no label");
      if (f.type == Field.Type.META) continue;
      for (String l : List.of(f.label.en(), f.label.zh())) {
        assertFalse(l.isBlank() || l.contains("_"), f.name + ": " + l);
        assertTrue(l.length() <= 45, f.name + ": a label is a short name, not the question: " + l);
      }
      assertTrue(seen.add(f.label.zh()) & seen.add(f.label.en()), "two questions with the label of " + f.name);
    }
  }

  /** The questions are read on a checkbox form: one question each, no API wording ("none", "empty list", a date format, a field code). */
  @Test
  void questionsAreOneQuestionInThePagesWords() {
    Pattern apiWords = Pattern.compile("\\bnone\\b|empty list|空列表|YYYY|\\b[a-z0-9]+_[a-z0-9_]+\\b|回答 ?none");
    for (Field f : RB.schema.fields()) {
      if (f.type == Field.Type.META) continue;
      for (Text t : java.util.Arrays.asList(f.question, f.help)) {
        if (t == null) continue;
        for (String x : List.of(t.en(), t.zh())) {
          assertFalse(apiWords.matcher(x).find(), f.name + ": API wording in \"" + x + "\"");
          if (t == f.question) assertEquals(1, x.chars().filter(ch -> ch == '?' || ch == '？').count(), f.name + ": not one question: " + x);
        }
      }
    }
  }

  @Test
  void contradictionMessagesUseLabelsNotCodes() {
    Set<String> labels = new HashSet<>();
    for (Field f : RB.schema.fields()) if (f.label != null) { labels.add(f.label.en()); labels.add(f.label.zh()); }
    Pattern code = Pattern.compile("\\b[a-z0-9]+_[a-z0-9_]+\\b|\\b(true|false|none)\\b");
    assertFalse(RB.checks.isEmpty());
    for (Rule c : RB.checks) {
      for (String t : List.of(c.contradiction.en(), c.contradiction.zh())) {
        Matcher m = code.matcher(t);
        assertFalse(m.find(), c.id + ": a field code or raw value in \"" + t + "\"");
        for (String f : List.of("annex_iii", "domain", "profiling")) assertFalse(t.contains(f), c.id + ": " + t);
        // a quoted name is a question's label or an answer as the page shows it
        Matcher q = QUOTED.matcher(t);
        boolean any = false;
        while (q.find()) any |= labels.contains(q.group(1));
        assertTrue(any, c.id + ": names no question by its label: " + t);
      }
    }
  }

  @Test
  void theTraceGivesAnswersWithTheirStatus() {
    Classification c = new RulesApi(RB).classify("{\"jurisdictions\":[\"EU\"],\"role\":[\"provider\"],\"annex_iii\":[\"1(a)\"],"
        + "\"remote_biometric_identification\":\"none\"}", LocalDate.of(2026, 9, 1));
    Classification.Step s = c.get("EU").trace.stream().filter(x -> x.rule().equals("eu.annex3.1a")).findFirst().orElseThrow();
    List<Classification.Input> in = s.inputs();
    assertEquals(new Classification.Input("annex_iii", List.of("1(a)"), "answered"), in.get(0));
    assertEquals(new Classification.Input("remote_biometric_identification", "none", "answered"), in.get(1));
    assertEquals(new Classification.Input("biometric_verification_only", false, "presumed"), in.get(2));
    // the contradiction is in the page's words, both languages
    Classification.Contradiction x = c.contradictions.get(0);
    assertEquals("chk.annex3-1a-without-rbi", x.check());
    assertEquals("“附件三用例”包括 1(a) 远程生物识别，但“远程生物识别”的回答为“不进行远程生物识别”。", x.text().zh());
    // labels reach the page with the questions
    Classification.Question q = c.open_questions.get(0);
    assertNotNull(q.label(), q.field());
    Text qt = q.label();
    assertFalse(qt.zh().isBlank());
  }
}
