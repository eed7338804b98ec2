package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.aigov.observatory.web.Browser;
import org.aigov.observatory.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Acceptance-review fixes of the EU classifier as the assess page shows them, in headless Chromium. */
class AssessReasonsPageTest {
  static TestServer s;
  static WebDriver d;
  static JavascriptExecutor js;

  @BeforeAll
  static void start() throws Exception {
    d = Browser.open();
    js = (JavascriptExecutor) d;
    s = new TestServer(true);
  }

  @AfterAll
  static void stop() {
    if (d != null) d.quit();
    if (s != null) s.close();
  }

  void show(String profileJs) {
    d.get(s.base + "/assess.html?lang=en&on=2026-09-01");
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> !x.findElement(By.id("progress")).getText().isEmpty());
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify(" + profileJs + "))");
    d.get(s.base + "/assess.html?lang=en&on=2026-09-01");
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> !x.findElements(By.cssSelector("#result section[data-jurisdiction='EU'] ul.reasons li")).isEmpty());
  }

  List<String> reasons() {
    return d.findElements(By.cssSelector("#result section[data-jurisdiction='EU'] ul.reasons li")).stream().map(e -> e.getAttribute("data-rule")).toList();
  }

  @Test
  void whyListsOnlyTheReasonsForTheAskedRole() {
    show("{jurisdictions: ['EU'], role: ['provider'], safety_component: true, annex_i_legislation: 'A1_machinery',"
        + " third_party_conformity_assessment: true, annex_iii: []}");
    List<String> why = reasons();
    assertTrue(why.contains("eu.art6.1.annex-i-a") && why.contains("eu.hr.provider"), why.toString());
    for (String r : List.of("eu.hr.deployer", "eu.hr.importer", "eu.hr.distributor", "eu.hr.authrep", "eu.high")) assertFalse(why.contains(r), why.toString());
    String cite = d.findElement(By.cssSelector("#result li[data-rule='eu.art6.1.annex-i-a']")).getText();
    assertTrue(cite.contains("Annex I, Section A") && !cite.contains("point Section"), cite);
    // Art. 113(c): listed as later, with the open questions that could bring it forward
    String art9 = d.findElement(By.cssSelector("#result tr.duty.later[data-id='eu.o.art9.risk-management']")).getText();
    // the open questions by their labels, not their field codes
    assertTrue(art9.contains("from 2027-08-02") && art9.contains("Emotion recognition") && !art9.contains("emotion_recognition"), art9);
    assertEquals(List.of(), Browser.scriptErrors(d));
  }

  @Test
  void helperFlagsAreNotListedAsReasons() {
    show("{jurisdictions: ['EU'], role: ['provider'], annex_iii: ['4(a)'], profiling: true}");
    List<String> why = reasons();
    assertTrue(why.contains("eu.annex3.4a"), why.toString());
    assertFalse(why.contains("eu.annex3.other-than-2.flag"), why.toString());
    assertEquals(List.of(), Browser.scriptErrors(d));
  }

  @Test
  void aClaimedDerogationWithProfilingUnansweredShowsProvisionallyHigh() {
    show("{jurisdictions: ['EU'], role: ['provider'], annex_iii: ['4(a)'], art6_3_conditions: ['a_narrow_procedural_task']}");
    org.openqa.selenium.WebElement tier = d.findElement(By.cssSelector("#result section[data-jurisdiction='EU'] .tier-line .tier"));
    assertEquals("high", tier.getAttribute("data-tier"));
    assertFalse(d.findElements(By.cssSelector("#result section[data-jurisdiction='EU'] .tier-line .badge.provisional")).isEmpty());
    assertTrue(reasons().contains("eu.art6.2.high"), reasons().toString());
    assertEquals(List.of(), Browser.scriptErrors(d));
  }
}
