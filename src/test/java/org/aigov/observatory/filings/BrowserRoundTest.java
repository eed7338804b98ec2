package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One whole round in headless Chromium: file, return, amend, publish, and the public sees it, escaped. */
class BrowserRoundTest {
  static final String XSS = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">Leak";
  static TestServer s;
  static WebDriver d;
  static WebDriverWait wait;

  @BeforeAll
  static void up() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromedriver")) && Files.isExecutable(Path.of("/usr/bin/chromium")),
        "chromium/chromedriver not installed");
    s = new TestServer();
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage");
    ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
    d = new ChromeDriver(svc, o);
    wait = new WebDriverWait(d, Duration.ofSeconds(60));
  }

  @AfterAll
  static void down() {
    if (d != null) d.quit();
    if (s != null) s.close();
  }

  static void open(String path) {
    d.get(s.base + path);
    wait.until(x -> ((JavascriptExecutor) x).executeScript("return document.getElementById('top').children.length") instanceof Long n && n > 0);
  }

  static void logout() {
    open("/filings/index.html");
    if (!d.findElements(By.id("logout")).isEmpty()) {
      d.findElement(By.id("logout")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
    }
  }

  static void login(String email) {
    logout();
    d.findElement(By.id("email")).sendKeys(email);
    d.findElement(By.id("password")).sendKeys(TestServer.PW);
    d.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
  }

  static WebElement byId(String id) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
  }

  static void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  /** Clicks what {@code by} finds, finding it again if the page drew it anew between finding and clicking. */
  static void clickFresh(By by) {
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
      x.findElement(by).click();
      return true;
    });
  }

  static void waitState(String en) {
    wait.until(ExpectedConditions.textToBe(By.id("state"), en));
  }

  /** A picture of the page for a person to look at (not asserted on). */
  static void shot(String file) {
    try {
      Files.write(Path.of(file), ((org.openqa.selenium.TakesScreenshot) d).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void noScriptRan() {
    assertNull(((JavascriptExecutor) d).executeScript("return window.__xss === undefined ? null : window.__xss"), "injected script ran on " + d.getCurrentUrl());
  }

  /** The secretariat's reviewer, signed in, accepts an anonymous incident report on the incident-monitor page. */
  @Test
  void signedInReviewerAcceptsAnAnonymousIncidentReport() {
    TestServer.Resp posted = s.call("POST", "/api/incidents/reports", "public",
        java.util.Map.of("url", "https://tip.example/ui", "title", XSS + " 匿名线索", "text", "A triage system refused patients.", "published", "2026-11-29",
            "deployers", java.util.List.of("City Hospital 市医院"), "harm_types", java.util.List.of(XSS)));
    assertEquals(201, posted.status(), posted.body());
    long id = posted.json().get("record_id").asLong();
    logout();
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#review-panel[data-checked='1']")));
    assertTrue(d.findElement(By.id("review-panel")).getAttribute("hidden") != null, "the public sees no queue");
    login("reviewer@example.org");
    d.get(s.base + "/incidents.html?lang=en");
    WebElement item = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#review li.review-item[data-id='" + id + "']")));
    assertEquals(XSS + " 匿名线索", item.findElement(By.tagName("a")).getText(), "the title is text, never markup");
    // what accepting publishes is shown first: the sender's deployers and harm types too, as text
    assertEquals("City Hospital 市医院", item.findElement(By.cssSelector("dd[data-field='deployers']")).getText());
    assertEquals(XSS, item.findElement(By.cssSelector("dd[data-field='harm_types']")).getText());
    noScriptRan();
    assertTrue(byId("review-summary").getText().startsWith("1 waiting"), byId("review-summary").getText());
    item.findElement(By.cssSelector("input.review-note")).sendKeys("checked against a wire report"); // kept with the decision
    item.findElement(By.cssSelector("button.review-accept")).click(); // a POST with the session's CSRF token
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-summary"), "0 waiting"));
    assertEquals("accepted", s.call("GET", "/api/incidents/reports/pending", "reviewer", null).json().get("total").asInt() == 0
        ? s.obs.db.read(c -> (String) org.aigov.observatory.kernel.Sql.value(c, "SELECT status FROM incident_reviews WHERE record_id = ?", id)) : "still pending");
    assertEquals("checked against a wire report", s.obs.db.read(c -> (String) org.aigov.observatory.kernel.Sql.value(c, "SELECT note FROM incident_reviews WHERE record_id = ?", id)));
  }

  /** The public reports an incident on the page, in Chinese; a refused field is explained in Chinese; the queue names no sender. */
  @Test
  void thePublicReportsAnIncidentOnThePage() {
    logout();
    d.get(s.base + "/incidents.html?lang=zh");
    byId("rf-title").sendKeys(XSS + " 表单线索");
    byId("rf-url").sendKeys("ftp://tip.example/form");
    click("rf-send");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-status"), "应为 http(s) 网址"));
    // named by the form's label, not the API's field code ("url：…"), and the input marked
    assertTrue(byId("report-status").getText().startsWith("来源网址："), byId("report-status").getText());
    assertEquals("true", byId("rf-url").getAttribute("aria-invalid"));
    byId("rf-url").clear();
    byId("rf-url").sendKeys("https://tip.example/form");
    // a text the box takes (990,000 characters) but over the server's 1 MiB body: the refusal names the text box
    ((JavascriptExecutor) d).executeScript("document.getElementById('rf-text').value = '中'.repeat(990000)");
    click("rf-send");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-status"), "超过 1 MiB"));
    assertTrue(byId("report-status").getText().startsWith("事件经过："), byId("report-status").getText());
    assertEquals("true", byId("rf-text").getAttribute("aria-invalid"));
    byId("rf-text").clear();
    ((JavascriptExecutor) d).executeScript("document.getElementById('rf-date').value = '2026-11-28'");
    byId("rf-text").sendKeys("一家医院的分诊系统拒绝了病人。");
    click("rf-send");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-status"), "感谢您的报告"));
    assertEquals("", byId("rf-title").getAttribute("value"), "the form is cleared for the next report");
    noScriptRan();
    com.fasterxml.jackson.databind.JsonNode item = null;
    for (var x : s.call("GET", "/api/incidents/reports/pending?limit=500", "reviewer", null).json().get("items"))
      if ("https://tip.example/form".equals(x.get("url").asText())) item = x;
    org.junit.jupiter.api.Assertions.assertNotNull(item, "the report waits for review");
    assertEquals(XSS + " 表单线索", item.get("title").asText());
    assertEquals("2026-11-28", item.get("date").asText());
    assertFalse(item.hasNonNull("submitted_by"), "an anonymous report names no sender: " + item);
    assertEquals(200, s.call("POST", "/api/incidents/reports/" + item.get("id").asLong() + "/review", "reviewer",
        java.util.Map.of("decision", "reject")).status()); // out of the queue the other tests count
  }

  /** An analyst defines a topic, changes it and deletes it; the public only reads topics; an editor curates the built-in one. */
  @Test
  void signedInAnalystDefinesChangesAndDeletesATopic() {
    logout();
    d.get(s.base + "/incidents.html?lang=en");
    WebElement mil = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#topics li.topic[data-id='military']")));
    assertTrue(mil.getText().contains("built in") && mil.getText().contains("Lethal Autonomous Weapon") && mil.getText().contains("致命性自主武器"), mil.getText());
    assertTrue(d.findElement(By.id("topic-new")).getAttribute("hidden") != null, "the public defines no topics");
    assertTrue(mil.findElements(By.cssSelector("button.topic-edit")).isEmpty());

    login("analyst@example.org");
    d.get(s.base + "/incidents.html?lang=en");
    click("topic-new");
    assertEquals("tf-id", d.switchTo().activeElement().getAttribute("id"), "the form it opened has the focus");
    byId("tf-id").sendKeys("kelp-drones");
    byId("tf-name-en").sendKeys(XSS);
    byId("tf-name-zh").sendKeys("海藻无人机");
    byId("tf-terms-en").sendKeys("kelp drone; sea-weed UAV");
    byId("tf-terms-zh").sendKeys("海藻无人机\n海草"); // a term per line (outside QA: the line break was refused inside one term)
    click("tf-save"); // a POST with the session's CSRF token
    WebElement mine = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#topics li.topic[data-id='kelp-drones']")));
    assertEquals(XSS, mine.findElement(By.cssSelector(".hit-title")).getText(), "a topic's name is text, never markup");
    noScriptRan();
    assertEquals("kelp drone; sea-weed UAV | 海藻无人机; 海草", mine.findElement(By.cssSelector(".topic-terms")).getText());
    assertTrue(byId("topic-status").getText().startsWith("Saved"), byId("topic-status").getText());
    wait.until(x -> !x.findElements(By.cssSelector("#trend-topic option[value='kelp-drones']")).isEmpty()); // its trend, though it counts nothing yet
    ((JavascriptExecutor) d).executeScript("document.getElementById('topics-panel').scrollIntoView()");
    shot("target/topics-panel.png");
    assertTrue(d.findElement(By.cssSelector("#topics li.topic[data-id='military']")).findElements(By.cssSelector("button.topic-edit")).isEmpty(),
        "an analyst does not change the built-in topic");

    mine.findElement(By.cssSelector("button.topic-edit")).click();
    assertFalse(byId("tf-id").isEnabled(), "a topic's id stays");
    assertEquals("tf-name-en", d.switchTo().activeElement().getAttribute("id"), "into the form, at its first field that can change");
    byId("tf-terms-en").clear();
    byId("tf-terms-en").sendKeys("kelp drone; seaweed drone");
    click("tf-save");
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#topics li.topic[data-id='kelp-drones'] .topic-terms"), "kelp drone; seaweed drone | 海藻无人机; 海草"));
    assertEquals("acct:" + s.accountIds.get("analyst"), s.call("GET", "/api/incidents/topics/kelp-drones", "public", null).json().get("updated_by").asText());
    WebElement changesToggle = d.findElement(By.cssSelector("#topics li.topic[data-id='kelp-drones'] button.topic-changes-toggle"));
    assertEquals("false", changesToggle.getAttribute("aria-expanded"));
    changesToggle.click();
    WebElement changes = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#topics li.topic[data-id='kelp-drones'] ul.topic-changes")));
    assertEquals("true", changesToggle.getAttribute("aria-expanded"), "the toggle says it is open");
    assertEquals(changes.getAttribute("id"), changesToggle.getAttribute("aria-controls"), "and names what it opened");
    assertEquals(2, changes.findElements(By.tagName("li")).size(), changes.getText());
    assertTrue(changes.getText().contains("created by acct:") && changes.getText().contains("changed by acct:"), changes.getText());

    // a bad change names its field on the page, and nothing is lost
    d.findElement(By.cssSelector("#topics li.topic[data-id='kelp-drones'] button.topic-edit")).click();
    byId("tf-terms-en").clear();
    byId("tf-terms-en").sendKeys("!!!");
    byId("tf-terms-zh").clear();
    click("tf-save");
    // by the form's label (it said "terms_en: …", the API's field code), the input marked
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("topic-status"), "English terms: term '!!!' has no word to match"));
    assertEquals("true", byId("tf-terms-en").getAttribute("aria-invalid"));
    assertEquals(2, s.call("GET", "/api/incidents/topics/kelp-drones", "public", null).json().get("terms_en").size());

    WebElement del = d.findElement(By.cssSelector("#topics li.topic[data-id='kelp-drones'] button.topic-delete"));
    del.click();
    assertTrue(del.getText().contains("click again"), del.getText());
    assertEquals(200, s.call("GET", "/api/incidents/topics/kelp-drones", "public", null).status(), "one click deletes nothing");
    del.click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#topics li.topic[data-id='kelp-drones']")));
    assertEquals(404, s.call("GET", "/api/incidents/topics/kelp-drones", "public", null).status());
    assertEquals(3, s.call("GET", "/api/incidents/topics/kelp-drones/history", "public", null).json().get("items").size());

    login("reviewer@example.org");
    d.get(s.base + "/incidents.html?lang=en");
    WebElement curated = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#topics li.topic[data-id='military'] button.topic-edit")));
    assertTrue(d.findElements(By.cssSelector("#topics li.topic[data-id='military'] button.topic-delete")).isEmpty(), "built in: never deleted");
    curated.click();
    assertEquals("Military AI", byId("tf-name-en").getAttribute("value"));
    assertEquals("军事人工智能", byId("tf-name-zh").getAttribute("value"));
  }

  /** The public follows a topic's alerts by Atom; a signed-in analyst subscribes to the chart's series by webhook and stops. */
  @Test
  void signedInAnalystSubscribesToTheChartsSeries() {
    logout();
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-topic option[value='military']")));
    assertTrue(d.findElement(By.id("subscribe-box")).getAttribute("hidden") != null, "the public has no subscriptions");
    new Select(d.findElement(By.id("trend-topic"))).selectByValue("military");
    WebElement feed = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("series-feed")));
    assertEquals("Alerts on Military AI · Month (Atom)", feed.getText());
    assertTrue(feed.getAttribute("href").endsWith("/api/incidents/feed.atom?series=granularity%3Dmonth%3Btopic%3Dmilitary"), feed.getAttribute("href"));

    login("analyst@example.org");
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("subscribe-box")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-topic option[value='military']")));
    new Select(d.findElement(By.id("trend-topic"))).selectByValue("military");
    new Select(d.findElement(By.id("granularity"))).selectByValue("week");
    wait.until(ExpectedConditions.textToBe(By.id("subscribe-series"), "Series: Military AI · Week (the chart's choice)"));
    byId("sub-webhook").sendKeys("ftp://nope");
    click("sub-save");
    // the field by its label, as the report and topic forms say it, and the input marked
    wait.until(ExpectedConditions.textMatches(By.id("subscribe-status"), java.util.regex.Pattern.compile("^Webhook URL: \\S")));
    assertFalse(byId("subscribe-status").getText().contains("webhook_url"), byId("subscribe-status").getText());
    assertEquals("true", byId("sub-webhook").getAttribute("aria-invalid"));
    byId("sub-webhook").clear();
    byId("sub-webhook").sendKeys("https://hooks.example.org/services/T0/B0/s3cr3t");
    click("sub-save"); // a POST with the session's CSRF token
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subscribe-status"), "the secret is shown only now"));
    ((JavascriptExecutor) d).executeScript("document.getElementById('alerts-panel').scrollIntoView()");
    shot("target/subscriptions-panel.png");
    WebElement sub = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#subscriptions li.subscription")));
    assertTrue(sub.getText().startsWith("Military AI · Week"), sub.getText());
    assertTrue(sub.getText().contains("https://hooks.example.org/…") && !sub.getText().contains("s3cr3t"), "the URL's path is not shown: " + sub.getText());
    assertTrue(sub.getText().contains("0 delivered · 0 pending · 0 failed"), sub.getText());
    com.fasterxml.jackson.databind.JsonNode all = s.call("GET", "/api/incidents/subscriptions", "admin", null).json().get("items");
    com.fasterxml.jackson.databind.JsonNode made = all.get(all.size() - 1);
    assertEquals("granularity=week;topic=military", made.get("series").asText());
    assertEquals("acct:" + s.accountIds.get("analyst"), made.get("created_by").asText());
    sub.findElement(By.cssSelector("button.sub-stop")).click();
    assertEquals("Stop: click again to confirm", sub.findElement(By.cssSelector("button.sub-stop")).getText(), "asked twice: it cancels waiting deliveries");
    sub.findElement(By.cssSelector("button.sub-stop")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#subscriptions li"), "None yet."));
    assertFalse(s.call("GET", "/api/incidents/subscriptions", "admin", null).json().get("items").get(all.size() - 1).get("active").asBoolean());
    // the share chart subscribes to the share: its alerts test the topic's share of all incidents
    click("standardize");
    wait.until(ExpectedConditions.textToBe(By.id("subscribe-series"), "Series: Military AI · share of all incidents · Week (the chart's choice)"));
    click("sub-save");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#subscriptions li.subscription")));
    com.fasterxml.jackson.databind.JsonNode after = s.call("GET", "/api/incidents/subscriptions", "admin", null).json().get("items");
    assertEquals("granularity=week;topic=military;standardize=true", after.get(after.size() - 1).get("series").asText());
    // a series is named in one order whatever its key's order: the stored key and the form's line had differed
    JavascriptExecutor js = (JavascriptExecutor) d;
    String label = (String) js.executeScript("return seriesLabel('granularity=week;country=us;standardize=true;topic=military')");
    assertTrue(label.startsWith("Military AI · country") && label.endsWith(" · share of all incidents · Week"), label);
    assertEquals(js.executeScript("return seriesLabel('granularity=week;country=us;standardize=true;topic=military')"),
        js.executeScript("return seriesLabel('topic=military;standardize=true;granularity=week;country=us')"));
  }

  /** The secretariat adds, polls and removes a monitored feed on the page; nobody else sees those controls. */
  @Test
  void signedInEditorManagesMonitoredFeeds() {
    login("analyst@example.org");
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#feeds li")));
    assertTrue(d.findElement(By.id("feed-form")).getAttribute("hidden") != null, "only editors choose the sources");

    login("reviewer@example.org");
    d.get(s.base + "/incidents.html?lang=en");
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("feed-form")));
    byId("ff-url").sendKeys("file:///etc/passwd");
    click("ff-save");
    // the field by its label and marked, as the other forms do (it read "url: …", unmarked; outside QA)
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "Feed URL (RSS 2.0 or Atom): "));
    assertEquals("true", byId("ff-url").getAttribute("aria-invalid"));
    // a submit the browser's own check stops sends nothing, and the last answer, about other input, goes
    WebElement zero = byId("ff-every");
    zero.clear();
    zero.sendKeys("0");
    click("ff-save");
    wait.until(ExpectedConditions.textToBe(By.id("feed-status"), ""));
    byId("ff-url").clear();
    byId("ff-url").sendKeys("https://wire.example.org/ai.xml");
    byId("ff-name").sendKeys("Wire 通讯社 <i>");
    WebElement every = byId("ff-every");
    every.clear();
    every.sendKeys("30");
    click("ff-save"); // a POST with the session's CSRF token
    WebElement feed = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#feeds li.feed a[href='https://wire.example.org/ai.xml']")));
    assertEquals("Wire 通讯社 <i>", feed.getText());
    WebElement row = d.findElement(By.cssSelector("#feeds li.feed"));
    assertTrue(row.getText().contains("every 30 min"), row.getText());
    assertTrue(row.getText().contains("not polled yet · 0 reports added · every 30 min"), "never polled, said once: " + row.getText());
    long id = Long.parseLong(row.getAttribute("data-id"));
    // the same URL again updates that feed, and says so (it said "Added", read as a second feed; outside QA)
    byId("ff-url").sendKeys("https://wire.example.org/ai.xml");
    byId("ff-name").sendKeys("Wire renamed");
    click("ff-save");
    wait.until(ExpectedConditions.textToBe(By.id("feed-status"), "This URL was already a feed: its name and interval are updated."));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#feeds li.feed[data-id='" + id + "']"), "Wire renamed"));
    row = d.findElement(By.cssSelector("#feeds li.feed[data-id='" + id + "']"));
    assertEquals("acct:" + s.accountIds.get("reviewer"), s.obs.db.read(c -> (String) org.aigov.observatory.kernel.Sql.value(c, "SELECT created_by FROM incident_feeds WHERE id = ?", id)));
    row.findElement(By.cssSelector("button.feed-poll")).click();
    wait.until(ExpectedConditions.textToBe(By.id("feed-status"), "Queued: polled in the monitor's next round."));
    // the list is drawn again once the poll is queued (a click before that would arm a button about to vanish)
    wait.until(ExpectedConditions.stalenessOf(row));
    By rm = By.cssSelector("#feeds li.feed[data-id='" + id + "'] button.feed-remove");
    clickFresh(rm);
    assertEquals(Boolean.TRUE, s.obs.db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT active FROM incident_feeds WHERE id = ?", id)), "one click removes nothing");
    clickFresh(rm);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#feeds li.feed[data-id='" + id + "']")));
    assertEquals(Boolean.FALSE, s.obs.db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT active FROM incident_feeds WHERE id = ?", id)));
    assertTrue(form.isDisplayed());
  }

  /** A signed-in editor splits a record out of its incident and merges it back, from the incident's records. */
  @Test
  void signedInEditorSplitsAndMergesIncidents() {
    String text = "A warehouse robot named Quokkabot crushed a worker's hand at the Ellesmere depot on 3 March.";
    for (int k = 0; k < 2; k++) {
      TestServer.Resp r = s.call("POST", "/api/incidents/reports", "admin", java.util.Map.of("url", "https://news" + k + ".example/quokkabot",
          "title", "Quokkabot warehouse robot crushes worker's hand at Ellesmere depot", "text", text + (k == 0 ? "" : " Police were called."),
          "published", "2024-03-0" + (3 + k), "deployers", java.util.List.of("Ellesmere Logistics")));
      assertTrue(r.status() == 201, r.body());
    }
    assertEquals(200, s.call("POST", "/api/incidents/cluster", "admin", "").status());
    com.fasterxml.jackson.databind.JsonNode hits = s.call("GET", "/api/incidents?q=quokkabot", "public", null).json();
    assertEquals(1, hits.get("total").asInt(), "the two reports are one incident: " + hits);
    long incident = hits.get("items").get(0).get("id").asLong();
    login("reviewer@example.org");
    d.get(s.base + "/incidents.html?lang=en&q=quokkabot");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#review-panel[data-checked='1']")));
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li.incident[data-id='" + incident + "'] button.hit-title"))).click();
    By splitOut = By.cssSelector("li.incident[data-id='" + incident + "'] li.record-row:nth-child(2) button.split-record");
    wait.until(ExpectedConditions.elementToBeClickable(splitOut)).click();
    // it asks twice, as every other editor's change on the page does (outside QA: it split at the first click)
    wait.until(ExpectedConditions.textToBe(splitOut, "Split out: click again to confirm"));
    assertEquals(1, s.call("GET", "/api/incidents?q=quokkabot", "public", null).json().get("total").asInt(), "nothing split yet");
    d.findElement(splitOut).click();
    wait.until(x -> s.call("GET", "/api/incidents?q=quokkabot", "public", null).json().get("total").asInt() == 2);
    long other = 0;
    for (com.fasterxml.jackson.databind.JsonNode i : s.call("GET", "/api/incidents?q=quokkabot", "public", null).json().get("items")) {
      if (i.get("id").asLong() != incident) other = i.get("id").asLong();
    }
    // the editor sees the result: the incident that kept its records, open, and what became of the one split off
    wait.until(ExpectedConditions.textToBe(By.id("incident-summary"), "Split: the record is now incident #" + other + "."));
    assertTrue(d.getCurrentUrl().contains("incident=" + incident), d.getCurrentUrl());
    WebElement with = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.incident[data-id='" + incident + "'] input.merge-with")));
    By mergeInto = By.cssSelector("li.incident[data-id='" + incident + "'] button.merge-into");
    d.findElement(mergeInto).click(); // an empty box is refused in the page, saying what to enter
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li.incident .decision-error"), "Enter the number"));
    d.findElement(mergeInto).click();
    assertEquals(1, d.findElements(By.cssSelector("li.incident .decision-error")).size(), "one message, not a pile");
    with.sendKeys(Long.toString(other));
    d.findElement(By.cssSelector("li.incident[data-id='" + incident + "'] input.decision-note")).sendKeys("same depot, same day");
    d.findElement(mergeInto).click();
    wait.until(ExpectedConditions.textToBe(mergeInto, "Merge #" + other + " into this one: click again to confirm"));
    assertEquals(2, s.call("GET", "/api/incidents?q=quokkabot", "public", null).json().get("total").asInt(), "nothing merged yet");
    d.findElement(mergeInto).click();
    wait.until(x -> s.call("GET", "/api/incidents?q=quokkabot", "public", null).json().get("total").asInt() == 1);
    wait.until(ExpectedConditions.textToBe(By.id("incident-summary"), "Merged: this is incident #" + Math.min(incident, other) + " now."));
    // a link to the incident merged away leads on to the one it joined
    d.get(s.base + "/incidents.html?lang=en&incident=" + Math.max(incident, other));
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#incident-summary a"), "Incident #" + Math.max(incident, other) + " was merged into incident #"
        + Math.min(incident, other) + ": open it"));
    // the page lists both decisions, newest first, with the records' titles, editor and state (the split's bookkeeping hidden)
    // (other tests' decisions may follow: newest first)
    wait.until(x -> {
      java.util.List<WebElement> l = x.findElements(By.cssSelector("#decisions li.decision"));
      return l.size() >= 2 && l.get(0).getText().startsWith("Merged") && l.get(0).getText().contains("Quokkabot");
    });
    java.util.List<WebElement> made = d.findElements(By.cssSelector("#decisions li.decision"));
    assertTrue(made.get(0).getText().startsWith("Merged") && made.get(0).getText().contains("Quokkabot"), made.get(0).getText());
    assertTrue(made.get(1).getText().startsWith("Split apart") && made.get(1).getText().contains("replaced by a later decision"), made.get(1).getText());
    assertTrue(made.get(0).getText().contains("by acct:" + s.accountIds.get("reviewer")), made.get(0).getText());
    com.fasterxml.jackson.databind.JsonNode decisions = s.call("GET", "/api/incidents/decisions", "public", null).json().get("items");
    assertTrue(decisions.toString().contains("cannot_link") && decisions.toString().contains("must_link"), decisions.toString());
    assertTrue(decisions.toString().contains("same depot, same day"), "the editor's reason is kept with the merge: " + decisions);
    for (com.fasterxml.jackson.databind.JsonNode x : decisions) {
      assertEquals("acct:" + s.accountIds.get("reviewer"), x.get("editor").asText(), "the decisions name the signed-in editor");
    }
  }

  /**
   * An editor works through the suggested merges: merges one pair, calls the other two events; the public sees no such
   * list. The rows are written as a clustering run leaves them (ClusterTest checks what a run writes).
   */
  @Test
  void signedInEditorMergesOneSuggestionAndKeepsAnotherApart() {
    long[] rec = new long[9];
    String[] words = {"Platypulse drone misfires at a firing range", "Army orders safety review of autonomous weapons testing",
        "Echidnabot tutor leaks pupils' marks", "Parents complain that a homework app exposed school records", // no pair links by itself
        "Wombatron vacuum maps a flat", "Dingoscan parking camera fines a hearse", "Kookaburra voice clone calls a bank",
        "Bilbyprint loan model skips farmers", "Quollcast forecast floods a festival"}; // five more records: ten lower pairs
    for (int k = 0; k < rec.length; k++) {
      TestServer.Resp r = s.call("POST", "/api/incidents/reports", "admin", java.util.Map.of("url", "https://sugg" + k + ".example/story",
          "title", words[k], "text", words[k] + ".", "published", "2024-0" + (k + 1) + "-15"));
      assertTrue(r.status() == 201, r.body());
      rec[k] = r.json().get("record_id").asLong();
    }
    assertEquals(200, s.call("POST", "/api/incidents/cluster", "admin", "").status());
    s.obs.db.tx(c -> {
      try (var ps = c.prepareStatement("INSERT INTO incident_merge_suggestions (record_a, record_b, score, reason) VALUES (?,?,?,?)")) {
        for (int k = 0; k < 4; k += 2) {
          ps.setLong(1, rec[k]);
          ps.setLong(2, rec[k + 1]);
          ps.setDouble(3, 0.45 - k * 0.01);
          ps.setString(4, "near_threshold");
          ps.addBatch();
        }
        int k = 0;
        for (int x = 4; x < rec.length; x++) for (int y = x + 1; y < rec.length; y++, k++) {
          ps.setLong(1, rec[x]);
          ps.setLong(2, rec[y]);
          ps.setDouble(3, 0.30 - k * 0.01);
          ps.setString(4, k == 9 ? "same_monitor" : "refused_by_rule");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
    logout();
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#suggest-panel[data-checked='1']")));
    assertFalse(d.findElement(By.id("suggest-panel")).isDisplayed(), "the public sees no suggestions");
    login("reviewer@example.org");
    // an incident's own suggestions, under its records: merged from there
    d.get(s.base + "/incidents.html?lang=en&incident=" + rec[4]);
    By here = By.cssSelector("#incidents li.incident[data-id='" + rec[4] + "'] li.suggest-row[data-with='" + rec[5] + "']");
    wait.until(ExpectedConditions.presenceOfElementLocated(here));
    assertTrue(d.findElement(here).getText().contains("Suggested merge with #" + rec[5] + ": Dingoscan") && d.findElement(here).getText().contains("score 0.30"),
        d.findElement(here).getText());
    assertEquals(4, d.findElements(By.cssSelector("#incidents li.suggest-row")).size(), "its four pairs");
    By mergeHere = By.cssSelector("#incidents li.suggest-row[data-with='" + rec[5] + "'] button.suggest-merge-here");
    clickFresh(mergeHere);
    assertEquals("Merge #" + rec[5] + " into this one: click again", d.findElement(mergeHere).getText(), "asked twice");
    clickFresh(mergeHere);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#incidents li.incident[data-id='" + rec[4] + "'] ul.records"), "Dingoscan parking camera"));
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#suggestions li.suggestion"), 10)); // ten at first
    clickFresh(By.id("suggest-more"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#suggestions li.suggestion"), 11)); // 12 less the merged pair
    assertFalse(d.findElement(By.id("suggest-more")).isDisplayed(), "all shown");
    java.util.List<WebElement> shown = d.findElements(By.cssSelector("#suggestions li.suggestion"));
    assertTrue(shown.get(10).getText().contains("score 0.21, two entries of one monitor dated the same day"), shown.get(10).getText());
    new org.openqa.selenium.support.ui.Select(d.findElement(By.id("suggest-reason"))).selectByValue("same_monitor");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#suggestions li.suggestion"), 1));
    assertTrue(d.findElement(By.cssSelector("#suggestions li.suggestion")).getText().contains("two entries of one monitor"));
    new org.openqa.selenium.support.ui.Select(d.findElement(By.id("suggest-reason"))).selectByValue("");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#suggestions li.suggestion"), 11));
    shown = d.findElements(By.cssSelector("#suggestions li.suggestion"));
    WebElement top = shown.get(0);
    assertTrue(top.getText().contains("Platypulse") && top.getText().contains("score 0.45, just below the threshold"), top.getText());
    top.findElement(By.cssSelector("button.suggest-merge")).click();
    long merged = Math.min(rec[0], rec[1]);
    wait.until(ExpectedConditions.textToBe(By.id("suggest-status"), "Merged into incident #" + merged + "."));
    // the page shows the merged incident with both records, as after any merge
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#incidents li.incident[data-id='" + merged + "'] ul.records"), "autonomous weapons testing"));
    assertEquals(1, d.findElements(By.cssSelector("#incidents li.incident")).size());
    assertEquals(merged, s.call("GET", "/api/incidents?q=platypulse", "public", null).json().get("items").get(0).get("id").asLong());
    assertEquals(merged, s.call("GET", "/api/incidents?q=%22autonomous+weapons+testing%22", "public", null).json().get("items").get(0).get("id").asLong(), "one incident now");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#suggestions li.suggestion"), 10));
    assertTrue(d.findElement(By.cssSelector("#suggestions li.suggestion")).getText().contains("Echidnabot"));
    clickFresh(By.cssSelector("#suggestions li.suggestion button.suggest-apart"));
    wait.until(ExpectedConditions.textToBe(By.id("suggest-status"), "Kept apart: no clustering run will merge them."));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#suggestions li.suggestion"), 9));
    assertFalse(d.findElement(By.id("suggestions")).getText().contains("Echidnabot"));
    s.obs.db.tx(c -> {
      try (var st = c.createStatement()) {
        return st.executeUpdate("DELETE FROM incident_merge_suggestions");
      }
    });
    d.get(s.base + "/incidents.html?lang=en");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("suggestions"), "None: the last clustering run left no close pair apart."));
    org.junit.jupiter.api.Assertions.assertNotEquals(s.call("GET", "/api/incidents?q=echidnabot", "public", null).json().get("items").get(0).get("id").asLong(),
        s.call("GET", "/api/incidents?q=%22homework+app+exposed%22", "public", null).json().get("items").get(0).get("id").asLong(), "still two incidents");
    com.fasterxml.jackson.databind.JsonNode decisions = s.call("GET", "/api/incidents/decisions", "public", null).json().get("items");
    assertEquals("cannot_link", decisions.get(0).get("kind").asText(), decisions.toString());
    assertEquals(Math.min(rec[2], rec[3]), decisions.get(0).get("record_a").asLong(), decisions.toString());
    assertEquals("must_link", decisions.get(1).get("kind").asText(), decisions.toString());
    // in Chinese, the same panel
    d.get(s.base + "/incidents.html?lang=zh");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#suggest-panel h2"), "建议合并"));
    assertEquals("同一监测机构同日", d.findElement(By.cssSelector("#suggest-reason option[value='same_monitor']")).getText());
    noScriptRan();
  }

  /** A reporter working in Chinese reads the form's messages in Chinese: the page asks the server for them. */
  @Test
  void aReporterWorkingInChineseReadsTheFormsMessagesInChinese() {
    try {
      login("reporterb@example.org");
      open("/filings/form.html?type=incident&lang=zh");
      byId("f-doc.title").sendKeys("测试");
      byId("f-doc.date_occurred").sendKeys("昨天");
      click("save");
      WebElement dateMsg = wait.until(x -> {
        WebElement m = x.findElement(By.cssSelector("[data-path='doc.date_occurred'] > .msg"));
        return m.getText().isBlank() ? null : m;
      });
      assertEquals("日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD", dateMsg.getText());
      assertEquals("必填", d.findElement(By.cssSelector("[data-path='doc.severity'] > .msg")).getText());
      assertEquals("请更正下列标出的字段。", d.findElement(By.cssSelector("#errors p")).getText());
      // the harms to choose from by the names the boxes show, not their codes (review of 2026-12-04)
      String harms = d.findElement(By.cssSelector("[data-path='doc.harm_types'] > .msg")).getText();
      assertTrue(harms.startsWith("请至少选择一项：") && harms.contains("隐私") && !harms.contains("privacy"), harms);
    } finally {
      open("/filings/index.html?lang=en"); // the language is remembered; the other tests read English
    }
  }

  /** The Chinese pages show codes (harms, severity, statuses, modalities, instrument fields) by Chinese labels, the code in the title. */
  @Test
  void chinesePagesShowCodesByTheirChineseLabels() {
    com.fasterxml.jackson.databind.node.ObjectNode inc = TestServer.incident("代码标签测试");
    inc.put("status", "mitigated");
    inc.putArray("harm_types").add("privacy").add("discrimination");
    String incident = s.publishedByReporterB("incident", inc);
    com.fasterxml.jackson.databind.node.ObjectNode dis = TestServer.disclosure("Labels");
    dis.put("market_status", "on_market");
    String disclosure = s.publishedByReporterB("disclosure", dis);
    String rules = s.filingIn("published");
    try {
      logout();
      open("/filings/view.html?id=" + incident + "&lang=zh");
      waitState("已发布");
      WebElement harms = byId("doc").findElement(By.cssSelector("dd[data-field='harm_types']"));
      assertEquals("隐私、歧视", harms.getText());
      assertEquals("privacy", harms.findElement(By.cssSelector("[data-code='privacy']")).getAttribute("title"), "the code stays for analysts");
      assertEquals("中", d.findElement(By.cssSelector("#doc dd[data-field='severity']")).getText());
      assertEquals("已缓解", d.findElement(By.cssSelector("#doc dd[data-field='status']")).getText());

      open("/filings/view.html?id=" + disclosure + "&lang=zh");
      waitState("已发布");
      assertEquals("文本、图像", d.findElement(By.cssSelector("#doc dd[data-field='modalities']")).getText());
      assertEquals("已上市", d.findElement(By.cssSelector("#doc dd[data-field='market_status']")).getText());

      open("/filings/view.html?id=" + rules + "&lang=zh");
      waitState("已发布");
      assertEquals("国家人工智能规则报告：CN 2025", byId("filing-title").getText());
      String instrument = d.findElement(By.cssSelector("#doc dd[data-field='instruments']")).getText();
      for (String zh : new String[] {"新增", "法规", "硬法", "生效"}) assertTrue(instrument.contains(zh), zh + " in " + instrument);
      for (String code : new String[] {"regulation", "hard", "in_force"}) assertFalse(instrument.contains(code), code + " in " + instrument);
      WebElement row = wait.until(x -> {
        open("/filings/index.html?lang=zh");
        return x.findElement(By.cssSelector("tr[data-id='" + rules + "']"));
      });
      assertTrue(row.getText().startsWith("国家人工智能规则报告：CN 2025"), row.getText());

      // the English page: English labels, not codes
      open("/filings/view.html?id=" + incident + "&lang=en");
      waitState("Published");
      assertEquals("Privacy, Discrimination", d.findElement(By.cssSelector("#doc dd[data-field='harm_types']")).getText());
      open("/filings/view.html?id=" + disclosure + "&lang=en");
      waitState("Published");
      assertEquals("On the market", d.findElement(By.cssSelector("#doc dd[data-field='market_status']")).getText());

      // the form: options and check boxes by label, the value sent still the code
      login("reporterb@example.org");
      open("/filings/form.html?type=incident&lang=zh");
      assertTrue(byId("whoami").getText().startsWith("当前用户: 报送人 · "), byId("whoami").getText());
      Select severity = new Select(byId("f-doc.severity"));
      severity.selectByValue("critical");
      assertEquals("严重", severity.getFirstSelectedOption().getText());
      assertEquals("人身伤害", d.findElement(By.cssSelector("[data-path='doc.harm_types'] label[title='physical']")).getText());
      open("/filings/form.html?type=disclosure&lang=zh");
      assertEquals("已召回", new Select(byId("f-doc.market_status")).getOptions().stream()
          .filter(o -> "recalled".equals(o.getAttribute("value"))).findFirst().orElseThrow().getText());
    } finally {
      open("/filings/index.html?lang=en"); // the language is remembered; the other tests read English
    }
  }

  @Test
  void reporterFilesReviewerReturnsReporterAmendsReviewerPublishesPublicSees() {
    // reporter files an incident report; a missing field gets its message beside the field
    login("reporterb@example.org");
    click("new-incident");
    byId("f-doc.title").sendKeys(XSS);
    byId("f-doc.date_occurred").sendKeys("2025-03-02");
    byId("f-doc.system").sendKeys("Acme-1");
    d.findElement(By.cssSelector("[data-path='doc.harm_types'] input[value='privacy']")).click();
    byId("f-doc.description").sendKeys("Personal data in outputs " + XSS);
    click("save");
    WebElement sevMsg = wait.until(x -> {
      WebElement m = x.findElement(By.cssSelector("[data-path='doc.severity'] > .msg"));
      return m.getText().isBlank() ? null : m;
    });
    assertTrue(sevMsg.getText().contains("required"), sevMsg.getText());
    new Select(byId("f-doc.severity")).selectByValue("medium");
    click("save");
    wait.until(ExpectedConditions.urlContains("view.html?id="));
    String id = d.getCurrentUrl().replaceAll(".*id=", "");
    waitState("Draft");
    assertEquals(XSS, byId("filing-title").getText());
    noScriptRan();
    click("btn-submit");
    waitState("Submitted");

    // reviewer returns it with a comment
    login("reviewer@example.org");
    open("/filings/view.html?id=" + id);
    click("btn-start_review");
    waitState("In review");
    byId("comment").sendKeys("Please name the deployer.");
    click("btn-return");
    waitState("Returned");

    // reporter amends and resubmits; the page shows the change
    login("reporterb@example.org");
    open("/filings/view.html?id=" + id);
    assertTrue(byId("history").getText().contains("Please name the deployer."));
    click("btn-edit");
    byId("f-doc.deployer").sendKeys("Example Bank");
    noScriptRan();
    click("save");
    wait.until(ExpectedConditions.urlContains("view.html?id="));
    waitState("Amended");
    // the change is named as the form names the field, not by its JSON path (the path stays in data-path)
    assertTrue(byId("diff").getText().contains("Deployer") && !byId("diff").getText().contains("doc.deployer"), byId("diff").getText());
    assertFalse(d.findElements(By.cssSelector("#diff td[data-path='doc.deployer']")).isEmpty());
    click("btn-submit");
    waitState("Resubmitted");

    // reviewer publishes
    login("reviewer@example.org");
    open("/filings/view.html?id=" + id);
    click("btn-start_review");
    waitState("In review");
    click("btn-publish");
    waitState("Published");

    // the public sees it, with the markup shown as text on every page
    d.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-id='" + id + "']")));
    assertTrue(row.getText().contains(XSS), row.getText());
    assertTrue(row.getText().contains("Acme AI"), "the party by its name, not its id: " + row.getText());
    noScriptRan();
    open("/filings/view.html?id=" + id);
    waitState("Published");
    assertEquals(XSS, byId("filing-title").getText());
    assertTrue(byId("doc").getText().contains("Personal data in outputs " + XSS));
    assertTrue(byId("doc").getText().contains("Example Bank"));
    assertFalse(d.getPageSource().contains("<script>window.__xss"), "markup reached the DOM unescaped");
    noScriptRan();
    // the page lists what publication wrote, and says the log commits to the text
    assertTrue(byId("logged-note").getText().contains("filing-" + id), byId("logged-note").getText());
    WebElement recLink = d.findElement(By.cssSelector("#registry-records a"));
    assertEquals("filing-" + id, recLink.getAttribute("title"));
    assertTrue(recLink.getText().contains("Leak"), "the record by its name, its id in the title: " + recLink.getText());
    recLink.click();
    // the published report is in the registry's own record page as well, linking back to the filing with its hash
    wait.until(x -> x.findElement(By.tagName("body")).getText().contains("Leak"));
    WebElement back = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("dd[data-field='filing'] a")));
    assertEquals(id, back.getText());
    String hash = s.obs.registry.get("filing-" + id).filing.get("content_sha256").asText();
    assertTrue(d.findElement(By.cssSelector("dd[data-field='filing']")).getText().contains(hash.substring(0, 12)));
    noScriptRan();
    // switching to Chinese relabels the page, also when the address names a language (?lang= had won again at reload)
    open("/filings/view.html?lang=en&id=" + id);
    click("lang-toggle");
    wait.until(ExpectedConditions.textToBe(By.id("state"), "已发布"));
    String meta = d.findElement(By.cssSelector("p.meta")).getText();
    assertTrue(meta.contains(" · Acme AI · "), "a party without a Chinese name by its English one: " + meta);
    ((JavascriptExecutor) d).executeScript("localStorage.setItem('lang','en')");
  }

  /**
   * The pages name what the API gives as ids: signed out, the form asks to sign in (it said "filing not found"); a
   * refused submit names the field by its label and the party by its name; the history names who took each step; the
   * records a publication wrote are listed by name.
   */
  @Test
  void filingPagesNameFieldsPartiesPeopleAndRecords() {
    try {
      logout();
      open("/filings/form.html?type=incident&lang=zh");
      WebElement ask = byId("sign-in-first");
      assertTrue(ask.getText().startsWith("请先登录"), ask.getText());
      assertTrue(ask.findElement(By.tagName("a")).getAttribute("href").endsWith("/filings/index.html"));
      open("/filings/form.html?type=incident&lang=en");
      assertTrue(byId("sign-in-first").getText().startsWith("Please sign in"));

      com.fasterxml.jackson.databind.node.ObjectNode doc = TestServer.rulesReport("Elsewhere");
      doc.put("jurisdiction", "EU");
      TestServer.Resp draft = s.call("POST", "/api/filings", "reporterA", TestServer.newFiling("rules_report", "cn-office", doc));
      assertEquals(201, draft.status(), draft.body());
      String id = draft.json().get("id").asText();
      login("reportera@example.org");
      open("/filings/view.html?id=" + id + "&lang=zh");
      waitState("草稿");
      click("btn-submit");
      String msg = wait.until(x -> {
        String m = x.findElement(By.id("action-msg")).getText();
        return m.isBlank() ? null : m;
      });
      assertTrue(msg.contains("法域代码") && msg.contains("中国报告办公室"), msg);
      assertFalse(msg.contains("doc.jurisdiction") || msg.contains("cn-office") || msg.contains("个字段需要更正"), msg);
      WebElement mine = d.findElement(By.cssSelector("#history td.actor"));
      assertEquals("您本人", mine.getText());
      assertEquals("acct:" + s.accountIds.get("reporterA"), mine.getAttribute("title"));

      String published = s.filingIn("published");
      login("reviewer@example.org");
      open("/filings/view.html?id=" + published + "&lang=zh");
      waitState("已发布");
      java.util.List<String> actors = d.findElements(By.cssSelector("#history td.actor")).stream().map(WebElement::getText).toList();
      assertEquals(java.util.List.of("报送人", "报送人", "您本人", "您本人"), actors, "the reporter's steps by role, the reviewer's own as theirs");
      login("admin@example.org");
      open("/filings/view.html?id=" + published + "&lang=en");
      waitState("Published");
      actors = d.findElements(By.cssSelector("#history td.actor")).stream().map(WebElement::getText).toList();
      assertEquals(java.util.List.of("reporterA", "reporterA", "reviewer", "reviewer"), actors, "an admin reads the accounts' names");
      for (WebElement a : d.findElements(By.cssSelector("#registry-records a"))) {
        assertFalse(a.getText().equals(a.getAttribute("title")), "a record by its name: " + a.getText());
        assertTrue(a.getAttribute("href").endsWith("/record.html?id=" + java.net.URLEncoder.encode(a.getAttribute("title"), java.nio.charset.StandardCharsets.UTF_8)));
      }
      assertTrue(d.findElements(By.cssSelector("#registry-records a")).size() >= 2);
    } finally {
      open("/filings/index.html?lang=en"); // the language is remembered; the other tests read English
    }
  }

  /** The secretariat adds a webhook on the page, reads why a delivery waits, sends it again, and deactivates the webhook. */
  @Test
  void adminManagesWebhooksAndSendsAWaitingDeliveryAgain() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.javalin.Javalin receiver = io.javalin.Javalin.create().post("/ui-hook", ctx -> {
      if (calls.incrementAndGet() == 1) {
        ctx.status(503);
        return;
      }
      got.add(ctx.body());
    }).start(0);
    try {
      login("admin@example.org");
      open("/filings/index.html?lang=en");
      byId("wh-url").sendKeys("http://127.0.0.1:" + receiver.port() + "/ui-hook");
      byId("wh-party").sendKeys("acme");
      new Select(byId("wh-type")).selectByValue("disclosure");
      click("wh-add");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("wh-msg"), "whsec_"));
      long hook = -1;
      for (com.fasterxml.jackson.databind.JsonNode w : s.call("GET", "/api/filings/webhooks", "admin", null).json())
        if (w.get("url").asText().contains("/ui-hook")) hook = w.get("id").asLong();
      assertTrue(hook > 0);
      assertEquals("disclosure", s.call("GET", "/api/filings/webhooks", "admin", null).json().findValues("filing_type").stream()
          .filter(n -> !n.isNull()).map(n -> n.asText()).findFirst().orElse(null));
      s.publishedByReporterB("disclosure", TestServer.disclosure("via the page"));
      assertEquals(0, s.routes.outbox.deliverDue()); // 503
      open("/filings/index.html?lang=en");
      String hookId = Long.toString(hook);
      WebElement row = wait.until(x -> x.findElements(By.cssSelector("#deliveries tbody tr")).stream()
          .filter(r -> r.findElements(By.tagName("td")).get(1).getText().equals(hookId)).findFirst().orElse(null));
      assertTrue(row.findElement(By.className("status")).getText().startsWith("waiting"), row.getText());
      assertTrue(row.findElement(By.className("last")).getText().contains("503"), row.getText());
      String delivery = row.getAttribute("data-id");
      click("retry-" + delivery);
      wait.until(ExpectedConditions.textToBe(By.cssSelector("#deliveries tr[data-id='" + delivery + "'] .attempts"), "0"));
      assertEquals(1, s.routes.outbox.deliverDue(), "sent again at once, not after its back-off");
      assertEquals(1, got.size());
      open("/filings/index.html?lang=zh");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#deliveries tr[data-id='" + delivery + "'] .status"), "已送达"));
      assertTrue(d.findElements(By.id("retry-" + delivery)).isEmpty(), "nothing to send again once delivered");
      click("wh-off-" + hook);
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#webhooks tr[data-id='" + hook + "'] .active"), "已停用"));
      assertNull(((JavascriptExecutor) d).executeScript("return window.__xss"));
    } finally {
      receiver.stop();
      open("/filings/index.html?lang=en");
    }
  }

  /** Alerts behind one that waits out its back-off say what they wait for, not a next attempt that has already passed. */
  @Test
  void deliveriesQueuedBehindAWaitingOneSaySo() {
    io.javalin.Javalin receiver = io.javalin.Javalin.create().post("/down", ctx -> ctx.status(503)).start(0);
    long subId = -1;
    try {
      login("analyst@example.org");
      java.util.Map<String, Object> sub = org.aigov.observatory.incidents.Alerts.subscribe(s.obs.db, "all", null,
          "http://127.0.0.1:" + receiver.port() + "/down", "acct:" + s.accountIds.get("analyst"));
      long id = ((Number) sub.get("id")).longValue();
      subId = id;
      long[] alerts = new long[2];
      for (int i = 0; i < 2; i++) {
        int k = i;
        alerts[i] = s.obs.db.tx(c -> {
          long alert = org.aigov.observatory.kernel.Sql.insertKey(c, "INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline,"
              + " probability, method, explanation, created_at) VALUES (?,?,?,?,?,?,?,?,?)", "granularity=month", "month", "2026-0" + (7 + k), 30L, 8.0, 1e-6,
              "poisson", "test", org.aigov.observatory.kernel.Sql.now());
          org.aigov.observatory.kernel.Sql.insertKey(c, "INSERT INTO incident_deliveries (subscription_id, alert_id, status, attempts,"
              + " next_attempt_at, created_at) VALUES (?,?,'pending',0,?,?)", id, alert, org.aigov.observatory.kernel.Sql.now(),
              org.aigov.observatory.kernel.Sql.now());
          return alert;
        });
      }
      assertEquals(1, org.aigov.observatory.incidents.Alerts.deliver(s.obs.db, new org.aigov.observatory.incidents.Alerts.DeliveryOptions()).get("retried"));
      // as a server killed mid-send leaves the head: claimed, the claim past, no outcome logged
      s.obs.db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_deliveries SET claimed_until = ? WHERE subscription_id = ? AND alert_id = ?",
          java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)), id, alerts[0]));
      for (String lang : java.util.List.of("en", "zh")) {
        d.get(s.base + "/incidents.html?lang=" + lang);
        WebElement logToggle = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#subscriptions li.subscription[data-id='" + id + "'] button.sub-log")));
        logToggle.click();
        By rows = By.cssSelector("li.subscription[data-id='" + id + "'] li.delivery");
        wait.until(x -> x.findElements(rows).size() == 2);
        assertEquals("true", logToggle.getAttribute("aria-expanded"), "the toggle says it is open");
        java.util.List<WebElement> r = d.findElements(rows); // newest first
        String behind = lang.equals("en") ? "queued behind alert #" + alerts[0] : "排在预警 #" + alerts[0] + " 之后";
        assertTrue(r.get(0).getText().contains(behind), r.get(0).getText());
        assertTrue(r.get(1).getText().contains(lang.equals("en") ? "waiting · next attempt" : "等待中 · 下次尝试"), r.get(1).getText());
        assertTrue(r.get(1).getText().contains(lang.equals("en") ? "a send was cut off when the server stopped" : "上次发送因服务器停止而中断"), r.get(1).getText());
      }
    } finally {
      // the analyst's other tests list and deliver their own subscriptions: this one stops here
      if (subId > 0) org.aigov.observatory.incidents.Alerts.deactivate(s.obs.db, subId);
      receiver.stop();
      d.get(s.base + "/incidents.html?lang=en");
    }
  }

  /** A subscriber reads why an alert's delivery waits, with the receiver's last answer, and sends it again from the page. */
  @Test
  void analystReadsASubscriptionsDeliveriesAndSendsOneAgain() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    io.javalin.Javalin receiver = io.javalin.Javalin.create().post("/alerts-in", ctx -> ctx.status(calls.incrementAndGet() == 1 ? 410 : 204)).start(0);
    try {
      login("analyst@example.org");
      java.util.Map<String, Object> sub = org.aigov.observatory.incidents.Alerts.subscribe(s.obs.db, "all", null,
          "http://127.0.0.1:" + receiver.port() + "/alerts-in", "acct:" + s.accountIds.get("analyst"));
      long subId = ((Number) sub.get("id")).longValue();
      // one stored alert with its queued delivery, as a scan leaves them
      s.obs.db.tx(c -> {
        long alert = org.aigov.observatory.kernel.Sql.insertKey(c, "INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline,"
            + " probability, method, explanation, created_at) VALUES (?,?,?,?,?,?,?,?,?)", "granularity=month", "month", "2026-11", 30L, 8.0, 1e-6,
            "poisson", "test", org.aigov.observatory.kernel.Sql.now());
        return org.aigov.observatory.kernel.Sql.insertKey(c, "INSERT INTO incident_deliveries (subscription_id, alert_id, status, attempts,"
            + " next_attempt_at, created_at) VALUES (?,?,'pending',0,?,?)", subId, alert, org.aigov.observatory.kernel.Sql.now(),
            org.aigov.observatory.kernel.Sql.now());
      });
      org.aigov.observatory.incidents.Alerts.DeliveryOptions o = new org.aigov.observatory.incidents.Alerts.DeliveryOptions();
      assertEquals(1, org.aigov.observatory.incidents.Alerts.deliver(s.obs.db, o).get("retried")); // 410, back-off 30 s
      d.get(s.base + "/incidents.html?lang=en");
      WebElement li = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#subscriptions li.subscription[data-id='" + subId + "']")));
      li.findElement(By.cssSelector("button.sub-log")).click();
      WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.subscription[data-id='" + subId + "'] li.delivery")));
      assertTrue(row.getText().contains("waiting · next attempt") && row.getText().contains("last answer: 410 · HTTP 410"), row.getText());
      String before = row.getText();
      row.findElement(By.cssSelector("button.dl-retry")).click();
      // due at once now: the row is drawn again with the new time; the attempt count goes on (the log numbers each once)
      By delivery = By.cssSelector("li.subscription[data-id='" + subId + "'] li.delivery");
      wait.until(x -> { // the list is drawn again: an element read as it is replaced is stale, so look again
        try {
          return !x.findElement(delivery).getText().equals(before);
        } catch (org.openqa.selenium.StaleElementReferenceException again) {
          return false;
        }
      });
      assertTrue(d.findElement(delivery).getText().contains("1 attempt(s)"), d.findElement(delivery).getText());
      assertEquals(1, org.aigov.observatory.incidents.Alerts.deliver(s.obs.db, o).get("delivered"), "sent again at once, not after its back-off");
      d.get(s.base + "/incidents.html?lang=zh");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#subscriptions li.subscription[data-id='" + subId + "'] button.sub-log"))).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li.subscription[data-id='" + subId + "'] li.delivery"), "已送达"));
      assertTrue(d.findElements(By.cssSelector("li.subscription[data-id='" + subId + "'] button.dl-retry")).isEmpty());
      // another signed-in user cannot read or resend it
      assertEquals(404, s.call("GET", "/api/incidents/subscriptions/" + subId + "/deliveries", "reporterB", null).status());
    } finally {
      receiver.stop();
      d.get(s.base + "/incidents.html?lang=en");
    }
  }
}
