package org.aigov.observatory.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The assessment page (analysis.html) in a real headless Chromium over the bundled data. */
class AnalysisPageTest {
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

  @BeforeEach
  void clearLog() {
    d.manage().window().setSize(new Dimension(1280, 1000));
    d.manage().logs().get("browser"); // drop what came before
  }

  /** No script error in any test; a 400 the page asked for and shows is not one. */
  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), Browser.scriptErrors(d));
  }

  /** A table redrawn while a condition reads it is a state to wait through, not a failure. */
  WebDriverWait waitFor() {
    WebDriverWait w = new WebDriverWait(d, Duration.ofSeconds(60));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  By rows(String section, String table) {
    return By.cssSelector("#" + section + " table.data[data-table='" + table + "'] tbody tr");
  }

  /** Read in one script, so a table redrawn meanwhile cannot leave a stale element. */
  @SuppressWarnings("unchecked")
  List<String> keys(String section, String table) {
    return (List<String>) ((JavascriptExecutor) d).executeScript("return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.key)",
        "#" + section + " table.data[data-table='" + table + "'] tbody tr");
  }

  void open(String query) {
    d.get(s.base + "/analysis.html" + query);
  }

  void screenshot(String name) throws Exception {
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/" + name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
  }

  /** The CSV behind a table's link: 200, text/csv, and the same rows (first column) as the table shows. */
  void csvMatchesTable(String section, String table) throws Exception {
    String href = d.findElement(By.cssSelector("#" + section + " figure.an-table[data-table='" + table + "'] a.csv-link")).getAttribute("href");
    assertTrue(href.contains("format=csv") && href.contains("table=" + table), href);
    HttpResponse<String> r = s.send("GET", href.substring(s.base.length()), null);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), r.headers().toString());
    List<CSVRecord> recs = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(r.body())).getRecords();
    List<String> first = recs.stream().map(x -> x.get(0)).toList();
    assertFalse(first.isEmpty(), table + " has rows");
    assertEquals(first, keys(section, table), table + ": CSV rows vs the table's rows");
  }

  /** In Chinese the method notes and the undated row are Chinese too, and no axis reads 12.500. */
  @Test
  void chineseNotesAndWholeTicks() throws Exception {
    open("?lang=zh");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("complex", "complex_fragmentation")));
    String notes = (String) ((JavascriptExecutor) d).executeScript("return document.querySelector('#complex details.notes').textContent");
    assertTrue(notes.contains("方法说明") && notes.contains("机制：") && !notes.contains("Institutions:"), notes);
    assertEquals("全部（含无日期）", d.findElement(By.cssSelector("#complex table.data[data-table='complex_fragmentation'] tr[data-key='all'] td[data-col='as_of']")).getText());
    @SuppressWarnings("unchecked")
    List<String> ticks = (List<String>) ((JavascriptExecutor) d).executeScript("return [...document.querySelectorAll('#complex svg text.tick')].map(t => t.textContent)");
    assertFalse(ticks.isEmpty());
    assertTrue(ticks.stream().noneMatch(x -> x.matches(".*\\.\\d{3}$")), ticks.toString());
  }

  @Test
  void regimeComplexShowsItsTablesChartsAndRecordLinks() throws Exception {
    open("?lang=en");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("complex", "complex_core")));
    assertTrue(keys("complex", "complex_core").containsAll(List.of("un", "oecd", "g7")), keys("complex", "complex_core").toString());
    assertFalse(d.findElements(rows("complex", "complex_fragmentation")).isEmpty());
    assertFalse(d.findElements(rows("complex", "complex_convergence")).isEmpty());
    assertFalse(d.findElements(rows("complex", "complex_coverage")).isEmpty());
    // the UN row links its record and names it
    WebElement un = d.findElement(By.cssSelector("#complex table.data[data-table='complex_core'] tr[data-key='un']"));
    assertTrue(un.findElement(By.cssSelector("a.record-link")).getAttribute("href").endsWith("/record.html?id=un"));
    assertEquals("United Nations", un.findElement(By.cssSelector("td[data-col='name']")).getText());
    // fragmentation over time is a line with a point per year of the table (its "all" row is not a year)
    WebElement frag = d.findElement(By.cssSelector("#complex figure.an-chart[data-table='complex_fragmentation'] svg.line-chart"));
    assertTrue(frag.findElement(By.cssSelector("path.series")).getAttribute("d").startsWith("M"));
    long yearRows = d.findElements(rows("complex", "complex_fragmentation")).stream().filter(r -> r.getText().matches("(?s)^\\d{4}\\b.*")).count();
    assertTrue(yearRows < d.findElements(rows("complex", "complex_fragmentation")).size(), "the table keeps its 'all' row");
    assertEquals(3 * yearRows, frag.findElements(By.cssSelector("circle.dot")).size());
    assertFalse(d.findElements(By.cssSelector("#complex figure.an-chart[data-table='complex_coverage'] rect.bar")).isEmpty());
    assertFalse(d.findElements(By.cssSelector("#complex svg.network a.node")).isEmpty(), "network drawn");
    // every chart and table has its CSV link
    for (WebElement f : d.findElements(By.cssSelector("#complex figure")))
      assertFalse(f.findElements(By.cssSelector("a.csv-link")).isEmpty(), f.getAttribute("data-table"));
    csvMatchesTable("complex", "complex_core");
    csvMatchesTable("complex", "complex_fragmentation");
    screenshot("analysis-complex-1280");
    String scale = "const s = document.querySelector(\"#complex figure.an-chart[data-table='complex_coverage'] svg.bar-chart\");"
        + " return s.getBoundingClientRect().width / s.viewBox.baseVal.width;";
    assertEquals(720, ((Number) ((JavascriptExecutor) d).executeScript(
        "return document.querySelector(\"#complex figure.an-chart[data-table='complex_coverage'] svg.bar-chart\").viewBox.baseVal.width;")).intValue());
    d.manage().window().setSize(new Dimension(480, 1000));
    // the charts are drawn again at the narrower width, so their text keeps its size (before, they shrank to about 0.6)
    waitFor().until(x -> ((Number) ((JavascriptExecutor) x).executeScript(scale)).doubleValue() > 0.95);
    Long overflow = (Long) ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertTrue(overflow <= 0, "page wider than a 480 px window by " + overflow + " px");
    screenshot("analysis-complex-480");
  }

  @Test
  void governancePathsCompareTheChosenJurisdictions() throws Exception {
    open("?lang=en#paths");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("paths", "paths_profiles")));
    assertEquals(List.of("US", "EU", "GB", "IN", "CN", "JP", "RU"), keys("paths", "paths_profiles"));
    assertEquals(List.of("US", "EU", "GB", "IN", "CN", "JP", "RU"), keys("paths", "paths_placement"));
    assertTrue(d.findElement(By.cssSelector("#paths tr[data-key='GB'] td[data-col='jurisdiction']")).getText().contains("United Kingdom"));
    assertEquals(7 * 6, d.findElements(By.cssSelector("#paths figure.an-chart[data-table='paths_profiles'] svg.bar-chart")).get(0)
        .findElements(By.cssSelector("rect.bar")).size(), "six shares for each of seven jurisdictions");
    csvMatchesTable("paths", "paths_profiles");
    screenshot("analysis-paths-1280");
    // the EU–US table holds a count or a share per row: counts without decimals (not 24.000), shares to three
    List<String> eu = new java.util.ArrayList<>();
    for (var td : d.findElements(By.cssSelector("#paths table[data-table='paths_eu_us_dimensions'] td[data-col='EU']"))) eu.add(td.getText());
    assertEquals(3, eu.stream().filter(x -> x.matches("[\\d,]+\\.\\d+")).count(), "only the three shares have decimals: " + eu);
    assertEquals(3, eu.stream().filter(x -> x.matches("[01]\\.\\d{3}")).count(), eu.toString());
    assertTrue(eu.stream().filter(x -> x.matches("[\\d,]+")).count() >= 8, eu.toString());
    WebElement input = d.findElement(By.id("jurisdictions"));
    input.clear();
    input.sendKeys("FR, de");
    d.findElement(By.id("paths-go")).click();
    waitFor().until(x -> keys("paths", "paths_profiles").equals(List.of("FR", "DE")));
    assertTrue(d.getCurrentUrl().contains("jurisdictions=FR%2Cde") || d.getCurrentUrl().contains("jurisdictions=FR,de"), d.getCurrentUrl());
    assertTrue(d.findElement(By.cssSelector("#paths figure.an-table[data-table='paths_profiles'] a.csv-link")).getAttribute("href").contains("jurisdictions=FR%2Cde"));
    csvMatchesTable("paths", "paths_profiles");
    // an unknown code: the error sits next to the input, and the input is marked
    input.clear();
    input.sendKeys("US,XX");
    d.findElement(By.id("paths-go")).click();
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("jurisdictions-error")));
    assertTrue(d.findElement(By.id("jurisdictions-error")).getText().contains("XX"), d.findElement(By.id("jurisdictions-error")).getText());
    assertEquals("true", input.getAttribute("aria-invalid"));
    // more than 60
    input.clear();
    input.sendKeys(String.join(",", java.util.stream.IntStream.range(0, 61).mapToObj(i -> "J" + i).toList()));
    d.findElement(By.id("paths-go")).click();
    waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("jurisdictions-error"), "at most 60"));
    assertTrue(d.findElement(By.id("jurisdictions-error")).getText().contains("got 61"), d.findElement(By.id("jurisdictions-error")).getText());
    // in Chinese the refusal is Chinese (the server's detail is English)
    d.get(s.base + "/analysis.html?lang=zh&jurisdictions=US,XX#paths");
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("jurisdictions-error")));
    String zh = d.findElement(By.id("jurisdictions-error")).getText();
    assertTrue(zh.contains("未知的法域“XX”"), zh);
    d.get(s.base + "/analysis.html?lang=en#paths");
    input = d.findElement(By.id("jurisdictions"));
    // and back to the seed's seven
    d.findElement(By.id("paths-default")).click();
    waitFor().until(x -> keys("paths", "paths_profiles").size() == 7);
    assertFalse(d.findElement(By.id("jurisdictions-error")).isDisplayed());
  }

  @Test
  void theScopeChangesTheFigures() throws Exception {
    open("?lang=en");
    By institutions = By.cssSelector("#complex table.data[data-table='complex_counts'] td[data-col='institutions']");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(institutions));
    String all = d.findElement(institutions).getText();
    // slow the next request down: the section says it is loading until the answer comes
    ((JavascriptExecutor) d).executeScript("const f = window.fetch; window.fetch = (...a) => new Promise(r => setTimeout(r, 1500)).then(() => f(...a));");
    new Select(d.findElement(By.id("scope"))).selectByValue("seed");
    assertTrue(d.findElement(By.cssSelector("#complex .loading")).isDisplayed(), "loading shown");
    waitFor().until(x -> !x.findElement(institutions).getText().equals(all));
    assertFalse(d.findElement(By.cssSelector("#complex .loading")).isDisplayed(), "loading hidden when done");
    assertTrue(Integer.parseInt(d.findElement(institutions).getText().replace(",", "")) < Integer.parseInt(all.replace(",", "")));
    assertTrue(d.getCurrentUrl().contains("scope=seed"));
    assertTrue(d.findElement(By.cssSelector("#complex figure.an-table[data-table='complex_counts'] a.csv-link")).getAttribute("href").contains("scope=seed"));
    assertTrue(d.findElement(By.id("report-pdf")).getAttribute("href").contains("scope=seed"));
    csvMatchesTable("complex", "complex_core");
  }

  @Test
  void militaryParticipation() throws Exception {
    open("?lang=en");
    d.findElement(By.id("tab-military")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("military", "military_typology")));
    assertTrue(d.findElement(By.id("complex")).getAttribute("hidden") != null, "one section at a time");
    assertEquals(List.of("FR", "IL", "RU", "US"), keys("military", "military_typology").stream().sorted().toList());
    assertEquals("comprehensive and outward-looking",
        d.findElement(By.cssSelector("#military table.data[data-table='military_typology'] tr[data-key='US'] td[data-col='computed_type']")).getText());
    assertEquals(34, d.findElements(rows("military", "military_systems")).size());
    assertFalse(d.findElements(By.cssSelector("#military table.data[data-table='military_systems'] td[data-col='registry_id'] a[href^='/record.html?id=']")).isEmpty());
    assertFalse(d.findElements(By.cssSelector("#military figure.an-chart[data-table='military_shares'] rect.bar")).isEmpty());
    csvMatchesTable("military", "military_typology");
    csvMatchesTable("military", "military_systems");
    screenshot("analysis-military-1280");
  }

  @Test
  void chineseModeShowsChineseTextAndNames() throws Exception {
    open("?lang=zh");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("complex", "complex_core")));
    assertEquals("机制复合体", d.findElement(By.id("tab-complex")).getText());
    assertEquals("联合国", d.findElement(By.cssSelector("#complex tr[data-key='un'] td[data-col='name']")).getText());
    assertEquals("度数", d.findElement(By.cssSelector("#complex table.data[data-table='complex_core'] th[data-col='degree']")).getText());
    assertEquals("核心与边缘", d.findElement(By.cssSelector("#complex figure.an-table[data-table='complex_core'] figcaption .caption")).getText());
    assertTrue(d.findElement(By.id("report-html")).getAttribute("href").contains("lang=zh"));
    // a pair's reason is said in Chinese, with names, not as the server's "structural: a builds_on b"
    List<String> reasons = d.findElements(By.cssSelector("#complex table.data[data-table='complex_pairs'] td[data-col='reason']")).stream()
        .map(WebElement::getText).filter(x -> !x.isBlank()).toList();
    assertFalse(reasons.isEmpty());
    assertTrue(reasons.stream().noneMatch(x -> x.startsWith("structural") || x.startsWith("members")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(x -> x.startsWith("结构关系：") || x.contains("的成员与议题均为另一方的子集")), reasons.toString());
    assertTrue(reasons.stream().noneMatch(x -> x.contains(" 发布者 ") || x.contains(" 成员 ")), reasons.toString());
    // the representation test's claim, verdict and proxy in Chinese too (they were English inside a Chinese sentence)
    String test = d.findElement(By.cssSelector("#complex p.representation-test")).getText();
    assertTrue(test.startsWith("命题：发展中国家在国际人工智能治理倡议中代表性不足") && test.contains("代理指标：非洲") && !test.matches(".*[a-z]{5,}.*"), test);
    screenshot("analysis-complex-zh");
    d.findElement(By.id("tab-paths")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("paths", "paths_placement")));
    assertEquals("美国（US）", d.findElement(By.cssSelector("#paths table.data[data-table='paths_placement'] tr[data-key='US'] td[data-col='jurisdiction']")).getText());
    assertEquals("安全路径", d.findElement(By.cssSelector("#paths table.data[data-table='paths_placement'] tr[data-key='EU'] td[data-col='computed_path']")).getText());
    String decided = d.findElement(By.cssSelector("#paths table.data[data-table='paths_placement'] tr[data-key='EU'] td[data-col='decided_by']")).getText();
    assertTrue(decided.startsWith("文件数=") && decided.contains("权力类占比") && !decided.contains("_share"), decided);
    d.findElement(By.id("tab-military")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("military", "military_systems")));
    List<String> functions = d.findElements(By.cssSelector("#military table.data[data-table='military_systems'] td[data-col='function']")).stream()
        .map(WebElement::getText).toList();
    assertTrue(functions.contains("云基础设施") && functions.contains("武器"), functions.toString());
    assertTrue(functions.stream().noneMatch(x -> x.matches(".*[a-z_]{4,}.*")), functions.toString());
    // developers in Chinese too (review of 2026-12-04); their English stays in the CSV beside them
    List<String> developers = d.findElements(By.cssSelector("#military table.data[data-table='military_systems'] td[data-col='developer']")).stream()
        .map(WebElement::getText).toList();
    assertTrue(developers.contains("以色列国防军") && !developers.contains("Israel Defense Forces"), developers.toString());
    assertTrue(d.findElements(By.cssSelector("#military table.data[data-table='military_systems'] th[data-col='developer_zh']")).isEmpty());
    // years are years, not quantities (QA: "2,010")
    List<String> years = d.findElements(By.cssSelector("#military table.data[data-table='military_systems'] td[data-col='year']")).stream()
        .map(WebElement::getText).filter(x -> !x.isBlank()).toList();
    assertTrue(!years.isEmpty() && years.stream().allMatch(x -> x.matches("\\d{4}")), years.toString());
    // a sentence the page cannot say whole in Chinese stays English whole (QA: "all three 部署类型 types")
    for (WebElement c : d.findElements(By.cssSelector("#military table.data td[data-col='decided_by']")))
      assertFalse(c.getText().matches(".*[\\x{4e00}-\\x{9fff}].*") && c.getText().matches(".*[a-z]{3,}.*"), c.getText());
    d.findElement(By.id("tab-paths")).click();
    // back to English without reloading: the same tables, English words
    d.findElement(By.id("lang-toggle")).click();
    waitFor().until(ExpectedConditions.textToBe(By.id("tab-paths"), "Governance paths"));
    assertEquals("United States (US)", d.findElement(By.cssSelector("#paths table.data[data-table='paths_placement'] tr[data-key='US'] td[data-col='jurisdiction']")).getText());
    assertTrue(d.findElement(By.id("report-html")).getAttribute("href").contains("lang=en"));
  }

  @SuppressWarnings("unchecked")
  <T> T js(String script, Object... args) {
    return (T) ((JavascriptExecutor) d).executeScript(script, args);
  }

  /** The review of 2026-12-03: clipped bar labels, raw ids, mixed number formats, squeezed columns, English reasons. */
  @Test
  void chinesePageFitsItsLabelsAndSaysNames() throws Exception {
    open("?lang=zh");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("complex", "complex_pairs")));
    // every bar label starts inside its chart (before, long Chinese names ran off the left edge); cut ones end in "…"
    List<Number> starts = js("return [...document.querySelectorAll('#complex svg.bar-chart text.label')].map(t => t.getBBox().x)");
    assertFalse(starts.isEmpty());
    assertTrue(starts.stream().allMatch(x -> x.doubleValue() >= 0), starts.toString());
    // the pairs name their institutions, linked, not by id (agora-1152, air_silk_road)
    List<String> a = js("return [...document.querySelectorAll(\"#complex table.data[data-table='complex_pairs'] td[data-col='a'], "
        + "#complex table.data[data-table='complex_pairs'] td[data-col='b']\")].map(c => c.textContent)");
    assertFalse(a.isEmpty());
    assertTrue(a.stream().noneMatch(x -> x.matches("[a-z0-9_-]+")), a.subList(0, Math.min(10, a.size())).toString());
    // the core table: the name is the link, the id column is not shown
    assertTrue(d.findElements(By.cssSelector("#complex table.data[data-table='complex_core'] th[data-col='id']")).isEmpty());
    assertEquals("/record.html?id=un", d.findElement(By.cssSelector("#complex tr[data-key='un'] td[data-col='name'] a")).getAttribute("href")
        .substring(s.base.length()));
    // one number format per column: betweenness all with one decimal (before: 235,994 beside 45560.2)
    List<String> btw = js("return [...document.querySelectorAll(\"#complex table.data[data-table='complex_core'] td[data-col='betweenness']\")].map(c => c.textContent)");
    assertFalse(btw.isEmpty());
    assertTrue(btw.stream().allMatch(x -> x.matches("\\d{1,3}(,\\d{3})*\\.\\d")), btw.toString());
    // network labels do not overlap one another
    List<List<Number>> boxes = js("return [...document.querySelectorAll('#complex svg.network text.node-label')].map(t => { const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })");
    for (int i = 0; i < boxes.size(); i++) for (int j = i + 1; j < boxes.size(); j++) {
      List<Number> p = boxes.get(i), q = boxes.get(j);
      boolean overlap = p.get(0).doubleValue() < q.get(2).doubleValue() && q.get(0).doubleValue() < p.get(2).doubleValue()
          && p.get(1).doubleValue() < q.get(3).doubleValue() && q.get(1).doubleValue() < p.get(3).doubleValue();
      assertFalse(overlap, "labels " + i + " and " + j + " overlap: " + boxes);
    }
    d.findElement(By.id("tab-military")).click();
    waitFor().until(ExpectedConditions.presenceOfElementLocated(rows("military", "military_systems")));
    // the typology's reasons: labelled, in Chinese, one per line (before: systems_with_deployment=4; …)
    for (WebElement c : d.findElements(By.cssSelector("#military table.data[data-table='military_typology'] td[data-col='decided_by']"))) {
      String x = c.getText();
      assertFalse(x.contains("=") || x.contains("_") || x.matches("(?s).*[a-z]{3,}.*"), x);
      assertTrue(x.contains("有部署类型的系统") && c.findElements(By.cssSelector("li")).size() >= 4, x);
    }
    // the dataset's row ids are not shown: the names and the registry link say which system a row is
    assertTrue(d.findElements(By.cssSelector("#military table.data[data-table='military_systems'] th[data-col='id']")).isEmpty());
    // shares: one format (0.250 beside 0.000, not 0)
    List<String> share = js("return [...document.querySelectorAll(\"#military table.data[data-table='military_shares'] td[data-col='new_commercial']\")].map(c => c.textContent)");
    assertTrue(share.stream().allMatch(x -> x.matches("\\d\\.\\d{3}")), share.toString());
    // the systems table keeps its columns readable at 1280 px: no header one character wide, the source reachable by scrolling
    List<Number> widths = js("return [...document.querySelectorAll(\"#military table.data[data-table='military_systems'] th\")].map(h => h.getBoundingClientRect().width)");
    assertTrue(widths.stream().allMatch(w -> w.doubleValue() >= 40), widths.toString());
    List<Number> heights = js("return [...document.querySelectorAll(\"#military table.data[data-table='military_systems'] tbody tr:first-child td[data-col='deployment'], "
        + "#military table.data[data-table='military_systems'] tbody tr:first-child td[data-col='developer_type']\")].map(c => { const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length; })");
    assertTrue(!heights.isEmpty() && heights.stream().allMatch(h -> h.intValue() == 1), "coded values on one line: " + heights);
    screenshot("analysis-military-zh-review");
  }
}
