package org.aigov.observatory.web;

import static org.junit.jupiter.api.Assertions.*;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The "Assess an AI system" page (assess.html) in a real headless Chromium. */
class AssessPageTest {
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

  @BeforeEach
  void dropOldLogs() {
    if (d != null) d.manage().logs().get("browser");
  }

  /** No script error in any test; a refused request (the 400 the page shows) is logged by Chromium as a failed load, which is not one. */
  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), Browser.scriptErrors(d));
  }

  WebDriverWait waitFor() {
    return new WebDriverWait(d, Duration.ofSeconds(20));
  }

  /** Opens the page with no stored answers. */
  void openFresh(String query) {
    d.get(s.base + "/assess.html?" + query);
    loaded();
    d.findElement(By.id("restart")).click();
    waitFor().until(x -> "jurisdictions".equals(currentField()) && d.findElements(By.cssSelector("#answers .answer")).isEmpty());
    assertNull(js.executeScript("return JSON.parse(localStorage.getItem('assess.profile')).jurisdictions ?? null"), "the stored answers are gone");
  }

  /** The page has shown its first answer from the questionnaire API. */
  void loaded() {
    waitFor().until(x -> !x.findElement(By.id("progress")).getText().isEmpty());
  }

  String currentField() {
    return (String) js.executeScript("const f = document.getElementById('question'); return f && !f.hidden ? f.dataset.field || null : null");
  }

  boolean done() {
    return (Boolean) js.executeScript("return document.getElementById('progress').classList.contains('done')");
  }

  boolean contradictory() {
    return (Boolean) js.executeScript("return document.getElementById('progress').classList.contains('contradictory')");
  }

  /**
   * Answers whatever the page asks next, from {@code answers} or else "no" / "none", until the page says the
   * classification is determined, or until {@code stopAt} is asked. Returns the fields asked, in order.
   */
  List<String> walk(Map<String, Object> answers, String stopAt) {
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      waitFor().until(x -> done() || contradictory() || currentField() != null);
      if (done() || contradictory()) return asked;
      String field = currentField();
      if (field.equals(stopAt)) return asked;
      asked.add(field);
      String type = (String) js.executeScript("return document.getElementById('question').dataset.type");
      Object v = answers.getOrDefault(field, switch (type) {
        case "bool" -> false;
        case "enum" -> "none";
        case "enum_list" -> List.of();
        case "date" -> "2026-09-01";
        case "number" -> "0";
        default -> "test";
      });
      answer(field, type, v);
      waitFor().until(x -> done() || contradictory() || (currentField() != null && !field.equals(currentField())));
    }
    fail("the questionnaire did not end: " + asked);
    return asked;
  }

  void answer(String field, String type, Object v) {
    WebElement form = d.findElement(By.id("question"));
    switch (type) {
      case "bool" -> d.findElement(By.id("qa-" + field + "-" + v)).click();
      case "enum" -> {
        List<WebElement> opts = form.findElements(By.cssSelector("input[type=radio][value='" + v + "']"));
        (opts.isEmpty() ? form.findElement(By.cssSelector("input[type=radio]")) : opts.get(0)).click();
      }
      case "enum_list" -> {
        Set<String> want = new HashSet<>();
        for (Object o : (List<?>) v) want.add(o.toString());
        for (WebElement c : form.findElements(By.cssSelector("input[type=checkbox]")))
          if (c.isSelected() != want.contains(c.getAttribute("value"))) c.click();
      }
      case "date" -> js.executeScript("arguments[0].value = arguments[1]", form.findElement(By.cssSelector("input[type=date]")), v.toString());
      default -> {
        WebElement in = form.findElement(By.cssSelector("input, textarea"));
        in.clear();
        in.sendKeys(v.toString());
      }
    }
    d.findElement(By.id("answer")).click();
  }

  WebElement tier(String jurisdiction) {
    return d.findElement(By.cssSelector("#result section.jurisdiction[data-jurisdiction='" + jurisdiction + "'] .tier-line .tier"));
  }

  void screenshot(String name) throws Exception {
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/" + name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
  }

  /** A CV-screening system (Annex III 4(a), profiling): high-risk, with Art. 9 applying from 2 August 2026, in English and Chinese. */
  @Test
  void aCvScreeningSystemIsHighRiskWithArticlesDatesAndCrosswalk() throws Exception {
    openFresh("lang=en&on=2026-09-01");
    List<String> asked = walk(Map.of("jurisdictions", List.of("EU"), "role", List.of("provider"), "annex_iii", List.of("4(a)"), "profiling", true,
        "placed_on_market", "2026-09-01"), null);
    assertTrue(asked.containsAll(List.of("jurisdictions", "role", "annex_iii", "profiling")), "asked: " + asked);
    assertFalse(asked.contains("cn_public_service"), "China's questions are not asked when only the EU was chosen: " + asked);
    assertEquals("high", tier("EU").getAttribute("data-tier"));
    assertEquals("High-risk", tier("EU").getText());
    assertTrue(d.findElement(By.id("progress")).getText().startsWith("Classification determined"), d.findElement(By.id("progress")).getText());
    // the rules that decided it, and the obligation with its article, official text, date and crosswalk mapping
    assertFalse(d.findElements(By.cssSelector("#result li.basis[data-rule='eu.art6.3.profiling']")).isEmpty(), "profiling rule shown as the tier's basis");
    WebElement art9 = d.findElement(By.cssSelector("#result tr.duty[data-id='eu.o.art9.risk-management']"));
    WebElement cite = art9.findElement(By.cssSelector("a.citation"));
    assertEquals("Regulation (EU) 2024/1689, Art. 9(1)", cite.getText());
    assertEquals("http://data.europa.eu/eli/reg/2024/1689/oj", cite.getAttribute("href"));
    assertTrue(art9.getAttribute("class").contains("now"), art9.getAttribute("class"));
    assertTrue(art9.getText().contains("applies on 2026-09-01") && art9.getText().contains("since 2026-08-02"), art9.getText());
    assertTrue(art9.findElement(By.cssSelector("li[data-regime='US']")).getText().contains("MAP 1"), art9.getText());
    screenshot("assess-high-1280");

    // an earlier date: Art. 9 is not applicable yet, shown with the date it applies from; the date is kept in the address
    js.executeScript("const i = document.getElementById('on'); i.value = '2026-01-01'; i.dispatchEvent(new Event('change'))");
    waitFor().until(ExpectedConditions.attributeContains(By.cssSelector("#result tr.duty[data-id='eu.o.art9.risk-management']"), "class", "later"));
    assertTrue(d.findElement(By.cssSelector("#result tr.duty[data-id='eu.o.art9.risk-management']")).getText().contains("from 2026-08-02"));
    assertTrue(d.getCurrentUrl().contains("on=2026-01-01"), d.getCurrentUrl());
    assertTrue(d.findElement(By.id("result-meta")).getText().startsWith("On 2026-01-01"));

    // a reload keeps the answers
    d.navigate().refresh();
    waitFor().until(x -> !x.findElements(By.cssSelector("#result section.jurisdiction[data-jurisdiction='EU']")).isEmpty());
    assertEquals("high", tier("EU").getAttribute("data-tier"));
    assertEquals(asked.size(), d.findElements(By.cssSelector("#answers .answer")).size());
    assertEquals("2026-01-01", d.findElement(By.id("on")).getAttribute("value"));

    // Chinese
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h1[data-i18n='as_title']"), "评估人工智能系统"));
    assertEquals("高风险", tier("EU").getText());
    assertEquals("问题", d.findElement(By.cssSelector("h2[data-i18n='as_questions']")).getText());
    assertTrue(d.findElement(By.cssSelector("#result tr.duty[data-id='eu.o.art9.risk-management']")).getText().contains("自 2026-08-02 起"));
    assertTrue(d.findElement(By.cssSelector("#answers .answer[data-field='role'] .answer-value")).getText().contains("提供者"));
    assertEquals("English", d.findElement(By.id("lang-toggle")).getText());
    screenshot("assess-high-zh-1280");
    // the result as JSON: the button builds the file from the answers and the classification shown
    js.executeScript("window.__dl = null; const o = URL.createObjectURL; URL.createObjectURL = b => { window.__dl = b; return o(b); }");
    d.findElement(By.id("dl-result")).click();
    String json = (String) ((JavascriptExecutor) d).executeAsyncScript("const done = arguments[0]; window.__dl.text().then(done)");
    assertTrue(json.contains("\"tier\": \"high\"") && json.contains("\"annex_iii\""), json.substring(0, Math.min(300, json.length())));
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h1[data-i18n='as_title']"), "Assess an AI system"));
  }

  /** Emotion recognition at the workplace (Art. 5(1)(f)): a prohibited practice since 2 February 2025. */
  @Test
  void emotionRecognitionAtWorkIsProhibited() throws Exception {
    openFresh("lang=zh&on=2025-06-01");
    assertEquals("该系统应按哪些制度评估（勾选其投放市场、投入使用或被使用的法域；如需对照 ISO/IEC 42001 标准，也勾选该项）？",
        d.findElement(By.cssSelector("#question legend")).getText());
    walk(Map.of("jurisdictions", List.of("EU"), "role", List.of("deployer"), "emotion_recognition", true, "use_settings", List.of("workplace"),
        "annex_iii", List.of("1(c)")), null);
    assertEquals("prohibited", tier("EU").getAttribute("data-tier"));
    assertEquals("禁止的做法", tier("EU").getText());
    WebElement row = d.findElement(By.cssSelector("#result tr.duty[data-id='eu.o.art5.1.f']"));
    // the citation in Chinese legal form, the English one kept in the tooltip
    WebElement c = row.findElement(By.cssSelector(".citation"));
    assertEquals("欧盟第 2024/1689 号条例，第 5 条第 1 款第 (f) 项", c.getText());
    assertTrue(c.getAttribute("title").startsWith("Regulation (EU) 2024/1689, Art. 5(1)(f)"), c.getAttribute("title"));
    for (WebElement x : d.findElements(By.cssSelector("#result .citation")))
      assertFalse(x.getText().matches(".*\\b(Art\\.|Annex|clause|Regulation)\\b.*"), "an English citation on the Chinese page: " + x.getText());
    assertTrue(row.getText().contains("自 2025-02-02 起") && row.getText().contains("2025-06-01 已适用"), row.getText());
    assertTrue(d.findElement(By.id("progress")).getText().startsWith("分级已确定"));
    // the other regimes' citations too: ISO's Annex A stayed English, "clause 4-10" read "第 4 条-10", "Sec." stayed
    JavascriptExecutor js = (JavascriptExecutor) d;
    assertEquals("ISO/IEC 42001:2023，附录 A 第 A.4 项", js.executeScript("return citeZh('ISO/IEC 42001:2023, Annex A, point A.4')"));
    assertEquals("ISO/IEC 42001:2023，第 4 至 10 条", js.executeScript("return citeZh('ISO/IEC 42001:2023, clause 4-10')"));
    assertEquals("第 14110 号行政令，第 4.2(a)(i) 节", js.executeScript("return citeZh('Executive Order 14110, Sec. 4.2(a)(i)')"));
    // the Act's annexes in Chinese numerals, as the questions name them (附件 III had stood beside 附件三用例)
    assertEquals("欧盟第 2024/1689 号条例，第 6 条第 2 款，附件三 第 4(a) 点",
        js.executeScript("return citeZh('Regulation (EU) 2024/1689, Art. 6(2), Annex III, point 4(a)')"));
    assertEquals("附件一 第 B 节", js.executeScript("return citeZh('Annex I, Section B')"));
    assertEquals("附件十三", js.executeScript("return citeZh('Annex XIII')"));
  }

  /**
   * Review of 2026-12-03: the reasons named answers by field code ("generates_content = 文本", "推定 false") and the
   * contradiction by codes ("annex_iii … remote_biometric_identification 为 none"); now labels and option names, both languages.
   */
  @Test
  void reasonsAndContradictionsNameQuestionsByLabel() {
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    loaded();
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify({name: 'Gate camera', jurisdictions: ['EU'], role: ['provider'], annex_iii: ['1(a)'],"
        + " remote_biometric_identification: 'none', generates_content: ['text']}))");
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    waitFor().until(x -> !x.findElements(By.cssSelector("#result section[data-jurisdiction='EU'] ul.reasons li")).isEmpty()
        && !x.findElements(By.cssSelector("#contradictions li")).isEmpty());
    // the system's name is no answer (outside QA: listed as "name" and counted)
    assertTrue(d.findElements(By.cssSelector("#answers [data-field='name']")).isEmpty());
    assertEquals(5, d.findElements(By.cssSelector("#answers .answer")).size());
    String reasons = d.findElement(By.cssSelector("#result section[data-jurisdiction='EU'] ul.reasons")).getText();
    assertFalse(reasons.matches("(?s).*\\b[a-z0-9]+_[a-z0-9_]+\\b.*"), "a field code in the reasons: " + reasons);
    for (String raw : List.of("generates_content", "annex_iii", "= false", "= true", "none", "false", "true"))
      assertFalse(reasons.contains(raw), raw + " in the reasons: " + reasons);
    String rbi = d.findElement(By.cssSelector("#result li[data-rule='eu.annex3.1a']")).getText();
    assertTrue(rbi.contains("附件三用例 = 1(a) 远程生物识别") && rbi.contains("远程生物识别 = 不进行远程生物识别")
        && rbi.contains("仅生物特征验证 = 推定：否"), rbi);
    String contra = d.findElement(By.id("contradictions")).getText();
    assertTrue(contra.contains("“附件三用例”包括 1(a) 远程生物识别") && !contra.contains("annex_iii") && !contra.contains("none"), contra);
    // the English page: labels too
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h1[data-i18n='as_title']"), "Assess an AI system"));
    rbi = d.findElement(By.cssSelector("#result li[data-rule='eu.annex3.1a']")).getText();
    assertTrue(rbi.contains("Annex III use cases = 1(a) remote biometric identification") && rbi.contains("Biometric verification only = presumed: No"), rbi);
    assertFalse(rbi.contains("annex_iii") || rbi.contains("false"), rbi);
    assertTrue(d.findElement(By.id("contradictions")).getText().contains("“Annex III use cases” includes 1(a)"));
  }

  /** Review of 2026-12-03: "中国: Art. 7" in the crosswalk column did not say which of China's four rules; the instrument is named. */
  @Test
  void crosswalkLinksNameTheInstrumentWhereARegimeHasSeveral() {
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    loaded();
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify({jurisdictions: ['EU', 'CN', 'US'], role: ['provider'], annex_iii: ['4(a)'],"
        + " profiling: true, cn_public_service: true, generates_content: ['text']}))");
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    By cn = By.cssSelector("#result section[data-jurisdiction='EU'] tr.duty[data-id='eu.o.art10.data-governance'] li[data-regime='CN']");
    waitFor().until(x -> !x.findElements(cn).isEmpty());
    List<String> links = d.findElements(cn).stream().map(WebElement::getText).toList();
    assertTrue(links.contains("中国：《生成式人工智能服务管理暂行办法》第 7 条 · 部分对应"), links.toString());
    for (String l : links) assertTrue(l.matches("中国：《[^》]+》第 \\d+ 条.*"), "no instrument named: " + l);
    // one instrument in the regime: the regime's name is enough
    WebElement iso = d.findElement(By.cssSelector("#result section[data-jurisdiction='EU'] tr.duty[data-id='eu.o.art10.data-governance'] li[data-regime='US'] .citation"));
    assertTrue(iso.getText().startsWith("NIST AI RMF"), iso.getText());
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h1[data-i18n='as_title']"), "Assess an AI system"));
    links = d.findElements(cn).stream().map(WebElement::getText).toList();
    assertTrue(links.contains("China: Interim Measures for Generative AI Services, Art. 7 · partial"), links.toString());
  }

  /** Review of 2026-12-03: a long question broke through the box's top border, and the roles column read "提供\n者、部\n署者". */
  @Test
  void legendInsideItsBoxAndRolesOnOneLine() throws Exception {
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    loaded();
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify({}))");
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    waitFor().until(x -> "jurisdictions".equals(currentField()) && !x.findElements(By.cssSelector("#result tr.duty")).isEmpty());
    Number legendTop = (Number) js.executeScript("return document.querySelector('#question legend').getBoundingClientRect().top");
    Number boxTop = (Number) js.executeScript("return document.querySelector('#question fieldset').getBoundingClientRect().top");
    Number lines = (Number) js.executeScript("const r = document.createRange(); r.selectNodeContents(document.querySelector('#question legend'));"
        + " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size");
    assertTrue(lines.intValue() > 1, "the question is long enough to wrap: " + lines);
    assertTrue(legendTop.doubleValue() > boxTop.doubleValue(), "legend at " + legendTop + ", box border at " + boxTop);
    screenshot("assess-zh-legend");
    // a duty of two roles: each role and each short header on one line
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify({jurisdictions: ['EU', 'CN', 'US', 'ISO'], role: ['provider', 'deployer']}))");
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    waitFor().until(x -> !x.findElements(By.cssSelector("#result tr.duty td.roles .role")).isEmpty());
    String multi = "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
        + " return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size > 1";
    for (WebElement role : d.findElements(By.cssSelector("#result tr.duty td.roles .role")))
      assertFalse((Boolean) js.executeScript(multi, role), "a role broken over lines: " + role.getText());
    for (WebElement th : d.findElements(By.cssSelector("#result table.obligations th:not(:last-child)")))
      assertFalse((Boolean) js.executeScript(multi, th), "a header broken over lines: " + th.getText());
    screenshot("assess-zh-roles");
  }

  /** Review of 2026-12-03: with contradictory answers and nothing left to ask, the progress line said "determined" while the result said not. */
  @Test
  void contradictionsAreNotDetermined() {
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    loaded();
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify({jurisdictions: ['CN'], cn_public_service: false,"
        + " generates_content: [], algorithmic_recommendation: false, edits_biometric_features: false, gpai_model: false,"
        + " commission_designated_systemic: true}))");
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    waitFor().until(x -> !x.findElements(By.cssSelector("#contradictions li")).isEmpty());
    assertNull(currentField(), "nothing left to ask");
    String prog = d.findElement(By.id("progress")).getText();
    assertTrue(prog.startsWith("尚未确定：部分答案相互矛盾"), prog);
    assertFalse(done(), "not shown as determined (green)");
    assertTrue(d.findElement(By.id("result-meta")).getText().contains("尚未确定：部分答案相互矛盾"));
    // once the contradiction is resolved it is determined
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify(Object.assign(JSON.parse(localStorage.getItem('assess.profile')),"
        + " {commission_designated_systemic: false})))");
    d.get(s.base + "/assess.html?lang=zh&on=2026-12-03");
    waitFor().until(x -> done());
    assertTrue(d.findElement(By.id("progress")).getText().startsWith("分级已确定"));
    assertTrue(d.findElements(By.cssSelector("#contradictions li")).isEmpty());
  }

  /** A value the API refuses (400 problem+json naming the field) is shown under that question, and the answer is not kept. */
  @Test
  void aRefusedAnswerIsShownNextToItsQuestion() {
    openFresh("lang=en");
    walk(Map.of("jurisdictions", List.of("EU"), "role", List.of("provider"), "gpai_model", true), "training_compute_flop");
    answer("training_compute_flop", "number", "lots");
    By error = By.id("error-training_compute_flop");
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(error));
    assertTrue(d.findElement(error).getText().contains("training_compute_flop: must be a number"), d.findElement(error).getText());
    assertEquals("training_compute_flop", currentField());
    assertEquals("lots", d.findElement(By.id("qa-training_compute_flop")).getAttribute("value"), "the refused value is kept for correction");
    assertFalse(d.findElement(By.id("question")).findElements(By.id("error-training_compute_flop")).isEmpty(), "the error is inside the question's form");
    assertNull(js.executeScript("return JSON.parse(localStorage.getItem('assess.profile')).training_compute_flop ?? null"));
    // a good value is accepted and the questionnaire moves on
    answer("training_compute_flop", "number", "3e25");
    waitFor().until(x -> !"training_compute_flop".equals(currentField()));
    assertTrue(d.findElements(error).isEmpty() || !d.findElement(error).isDisplayed());
    assertEquals("3e25", js.executeScript("return JSON.parse(localStorage.getItem('assess.profile')).training_compute_flop"));
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#result section[data-jurisdiction='EU'] p.gpai"),
        "General-purpose AI model: general-purpose AI model with systemic risk"));
  }

  /** The crosswalk browser: EU to ISO and then to the US, with the CSV the link names. */
  @Test
  void theCrosswalkTableAndItsCsv() throws Exception {
    d.get(s.base + "/assess.html?lang=en&cw_from=EU&cw_to=ISO");
    waitFor().until(x -> !x.findElements(By.cssSelector("#cw-table tr.link")).isEmpty());
    // the column heads name the regimes; a cell shows the short citation, the full one in its tooltip
    assertTrue(d.findElement(By.cssSelector("#cw-table tr.link td:nth-child(2)")).getText().startsWith("clause "),
        d.findElement(By.cssSelector("#cw-table tr.link")).getText());
    assertTrue(d.findElement(By.cssSelector("#cw-table tr.link td:nth-child(2) .citation")).getAttribute("title").startsWith("ISO/IEC 42001"));
    assertTrue(d.findElement(By.cssSelector("#cw-table tr.link td:nth-child(1)")).getText().startsWith("Art. "));
    assertTrue(d.findElement(By.cssSelector("#cw-table tr.link td:nth-child(1) .citation")).getAttribute("title").startsWith("Regulation (EU) 2024/1689"));
    new Select(d.findElement(By.id("cw-to"))).selectByValue("US");
    waitFor().until(ExpectedConditions.urlContains("cw_to=US"));
    waitFor().until(x -> x.findElement(By.cssSelector("#cw-table tr.link td:nth-child(2)")).getText().startsWith("NIST AI RMF"));
    int rows = d.findElements(By.cssSelector("#cw-table tr.link")).size();
    assertTrue(d.findElement(By.id("cw-summary")).getText().startsWith(rows + " links from EU AI Act to United States"), d.findElement(By.id("cw-summary")).getText());
    assertFalse(d.findElements(By.cssSelector("#cw-gaps li")).isEmpty(), "EU duties the US framework does not cover");
    String href = d.findElement(By.id("cw-csv")).getAttribute("href");
    assertTrue(href.endsWith("/api/rules/crosswalk?from=EU&to=US&format=csv&bom=true"), href);
    HttpResponse<String> csv = s.send("GET", href.substring(s.base.length()), null);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.body().startsWith("\uFEFF"), "the page's download is for Excel: it carries the byte-order mark");
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
    assertEquals(rows + 1, csv.body().substring(1).lines().filter(l -> l.startsWith("x.") || l.startsWith("link_id")).count(), csv.body());
    // in Chinese
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h2[data-i18n='as_crosswalk']"), "制度对照"));
    assertTrue(d.findElement(By.id("cw-summary")).getText().contains("从欧盟《人工智能法案》到美国共 " + rows + " 条对应"), d.findElement(By.id("cw-summary")).getText());
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h2[data-i18n='as_crosswalk']"), "Crosswalk between regimes"));
  }

  /** Review of 2026-12-03: the crosswalk browser's cells carried the instruments' full names ("生成式人工智能服务管理暂行办法
   *  (Interim Measures for Generative AI Services), Art. 7"); they show the short citation in the page's language as the result does. */
  @Test
  void theCrosswalkTableShowsShortCitationsWithTheFullOneAsTooltip() {
    d.get(s.base + "/assess.html?lang=zh&cw_from=EU&cw_to=CN");
    By row = By.cssSelector("#cw-table tr.link[data-id='x.data.eu-cn']");
    waitFor().until(x -> !x.findElements(row).isEmpty());
    WebElement eu = d.findElement(row).findElement(By.cssSelector("td:nth-child(1) .citation"));
    WebElement cn = d.findElement(row).findElement(By.cssSelector("td:nth-child(2) .citation"));
    assertEquals("第 10 条第 2 款", eu.getText());
    assertTrue(eu.getAttribute("title").startsWith("Regulation (EU) 2024/1689, Art. 10"), eu.getAttribute("title"));
    assertEquals("《生成式人工智能服务管理暂行办法》第 7 条", cn.getText());
    assertTrue(cn.getAttribute("title").startsWith("生成式人工智能服务管理暂行办法 (Interim Measures for Generative AI Services), Art. 7"), cn.getAttribute("title"));
    for (WebElement c : d.findElements(By.cssSelector("#cw-table tr.link .citation, #cw-gaps li .citation")))
      assertFalse(c.getText().contains("(Interim") || c.getText().contains("欧盟第 2024/1689 号条例"), "full name on screen: " + c.getText());
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h2[data-i18n='as_crosswalk']"), "Crosswalk between regimes"));
    eu = d.findElement(row).findElement(By.cssSelector("td:nth-child(1) .citation"));
    cn = d.findElement(row).findElement(By.cssSelector("td:nth-child(2) .citation"));
    assertEquals("Art. 10(2)", eu.getText());
    assertEquals("Interim Measures for Generative AI Services, Art. 7", cn.getText());
    for (WebElement c : d.findElements(By.cssSelector("#cw-table tr.link .citation, #cw-gaps li .citation")))
      assertFalse(c.getText().matches(".*[\\u4e00-\\u9fff].*"), "Chinese name on the English page: " + c.getText());
  }

  /** QA of 2026-12-02: a loaded profile the server refuses is an error naming the field; a regime is not compared with itself. */
  @Test
  void aRefusedProfileFileAndTheSameRegimeTwice() throws Exception {
    d.get(s.base + "/assess.html?lang=en&cw_from=EU&cw_to=EU");
    waitFor().until(ExpectedConditions.textToBe(By.id("cw-summary"), "Choose two different regimes."));
    assertTrue(d.findElements(By.cssSelector("#cw-table tr.link")).isEmpty());
    java.nio.file.Path file = java.nio.file.Files.createTempFile("profile", ".json");
    java.nio.file.Files.writeString(file, "{\"jurisdictions\":[\"EU\"],\"training_compute_flop\":\"abc\"}");
    d.findElement(By.id("load-profile")).sendKeys(file.toString());
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("general-error")));
    assertTrue(d.findElement(By.id("general-error")).getText().contains("training_compute_flop"), d.findElement(By.id("general-error")).getText());
    // review of 2026-12-04: a value outside a question's options listed the codes ([general, employment, …]), in Chinese too
    d.get(s.base + "/assess.html?lang=zh");
    loaded();
    java.nio.file.Files.writeString(file, "{\"jurisdictions\":[\"EU\"],\"domain\":\"spaceflight\"}");
    d.findElement(By.id("load-profile")).sendKeys(file.toString());
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("general-error")));
    String zh = d.findElement(By.id("general-error")).getText();
    assertTrue(zh.contains("“spaceflight”不是以下之一：") && zh.contains("、") && !zh.contains("[") && !zh.contains("law_enforcement"), zh);
  }

  /** On a phone-wide window nothing scrolls sideways, the result's tables included. */
  @Test
  void narrowScreensDoNotScrollSideways() throws Exception {
    d.get(s.base + "/assess.html?lang=en");
    loaded();
    js.executeScript("localStorage.setItem('assess.profile', JSON.stringify({jurisdictions: ['EU', 'CN', 'US', 'ISO'], role: ['provider', 'deployer'],"
        + " annex_iii: ['4(a)'], profiling: true, interacts_with_people: true, generates_content: ['text']}))");
    try {
      for (int width : new int[] {1280, 480}) {
        d.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
        d.get(s.base + "/assess.html?lang=en&on=2026-09-01");
        waitFor().until(x -> !x.findElements(By.cssSelector("#result tr.duty")).isEmpty() && !x.findElements(By.cssSelector("#cw-table tr.link")).isEmpty());
        assertEquals("high", tier("EU").getAttribute("data-tier"));
        long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        long view = ((Number) js.executeScript("return document.documentElement.clientWidth")).longValue();
        screenshot("assess-" + width);
        assertTrue(scroll <= view, width + " px: the page is " + scroll + " px wide in a " + view + " px window");
      }
      // printed: the result without the site's header, the buttons, the question form or the crosswalk browser
      d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
      ((org.openqa.selenium.chrome.ChromeDriver) d).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
      assertFalse(d.findElement(By.cssSelector("header.top")).isDisplayed());
      assertFalse(d.findElement(By.id("crosswalk")).isDisplayed());
      assertFalse(d.findElement(By.id("restart")).isDisplayed());
      assertTrue(d.findElement(By.cssSelector("#result tr.duty")).isDisplayed());
      screenshot("assess-print");
      js.executeScript("document.querySelector('#result h4').scrollIntoView()");
      ((org.openqa.selenium.chrome.ChromeDriver) d).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
      assertTrue(d.findElement(By.cssSelector("header.top")).isDisplayed());
      screenshot("assess-obligations-1280");
    } finally {
      ((org.openqa.selenium.chrome.ChromeDriver) d).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
      d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }
  }
}
