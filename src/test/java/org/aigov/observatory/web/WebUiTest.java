package org.aigov.observatory.web;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The search and record pages in a real headless Chromium. */
class WebUiTest {
  static TestServer s;
  static WebDriver d;

  @BeforeAll
  static void start() throws Exception {
    d = Browser.open();
    s = new TestServer(true);
  }

  @AfterAll
  static void stop() {
    if (d != null) d.quit();
    if (s != null) s.close();
  }

  WebDriverWait waitFor() {
    return new WebDriverWait(d, Duration.ofSeconds(20));
  }

  @Test
  void searchFacetAndOpenARecordInBothLanguages() throws Exception {
    d.get(s.base + "/?lang=en");
    waitFor().until(ExpectedConditions.textMatches(By.id("summary"), java.util.regex.Pattern.compile("\\d+ results")));
    WebElement q = d.findElement(By.id("q"));
    q.sendKeys("人工智能法案");
    d.findElement(By.id("search-button")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.hit[data-id='eu_ai_act']")));
    // a facet narrows the results
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.facet[data-facet='kind'] input")));
    String before = d.findElement(By.id("summary")).getText();
    d.findElement(By.cssSelector("section.facet[data-facet='kind'] input[value='instrument']")).click();
    waitFor().until(ExpectedConditions.urlContains("kind=instrument"));
    waitFor().until(x -> !x.findElement(By.id("summary")).getText().equals(before) || before.isEmpty());
    List<WebElement> hits = d.findElements(By.cssSelector("li.hit"));
    assertFalse(hits.isEmpty());
    // switch to Chinese: UI text and names change
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.id("search-button"), "检索"));
    assertTrue(d.findElement(By.id("summary")).getText().contains("条结果"));
    assertEquals("English", d.findElement(By.id("lang-toggle")).getText());
    // open the record page
    d.findElement(By.cssSelector("li.hit[data-id='eu_ai_act'] a.hit-title")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#relations tr.relation")));
    assertTrue(d.findElement(By.id("title")).getText().contains("人工智能法案"), d.findElement(By.id("title")).getText());
    assertFalse(d.findElements(By.cssSelector("#relations tr.relation[data-type='builds_on']")).isEmpty()
        || d.findElements(By.cssSelector("#relations tr.relation[data-type='implements']")).isEmpty());
    assertFalse(d.findElements(By.cssSelector("#history tr.version")).isEmpty());
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h2[data-i18n='relations']"), "Relations"));
    assertTrue(d.findElement(By.id("title")).getText().contains("Artificial Intelligence Act"));
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
    java.nio.file.Files.write(java.nio.file.Path.of("target/record-page.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void versionHistoryShowsADiffAfterAnEdit() throws Exception {
    String body = "{\"type\":\"guideline\",\"name\":{\"zh\":\"界面测试\",\"en\":\"UI test\"}}";
    String id = ApiTest.json(s.send("POST", "/api/instruments", body, s.auth())).get("id").asText();
    s.send("PUT", "/api/instruments/" + id, body.replace("UI test", "UI test <script>alert(1)</script>"), s.auth("If-Match", "\"1\""));
    d.get(s.base + "/record.html?id=" + id + "&lang=en");
    waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history tr.version"), 2));
    assertTrue(d.findElement(By.id("title")).getText().contains("<script>"), "script text is shown as text, not run");
    d.findElement(By.cssSelector("#history button.diff-btn")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diff tr.change")));
    assertEquals("name.en", d.findElement(By.cssSelector("#diff tr.change td")).getText());
  }

  @Test
  void searchResultsEscapeMarkupFromRecords() throws Exception {
    String body = "{\"type\":\"guideline\",\"name\":{\"en\":\"Zebrafish <img src=x onerror=alert(1)> guideline\"}}";
    s.send("POST", "/api/instruments", body, s.auth());
    d.get(s.base + "/?q=zebrafish&lang=en");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.hit")));
    assertTrue(d.findElements(By.cssSelector("li.hit img")).isEmpty(), "no element injected");
    assertTrue(d.findElement(By.cssSelector("li.hit a.hit-title")).getText().contains("<img"));
  }
}
