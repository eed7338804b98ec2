package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RulesRoutesTest {
  static Javalin app;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    app = Javalin.create();
    new RulesRoutes().routes(app);
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(Map.of("title", e.title, "field", String.valueOf(e.field), "detail", e.getMessage())));
    app.start(0);
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void classifyReturnsTierObligationsAndDates() throws Exception {
    var r = post("/api/rules/classify?on=2026-09-01",
        "{\"jurisdictions\":[\"EU\"],\"role\":[\"provider\"],\"annex_iii\":[\"4(a)\"],\"profiling\":true}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode eu = Json.read(r.body()).get("EU");
    assertEquals("high", eu.get("tier").asText());
    boolean art9 = false;
    for (JsonNode o : eu.get("obligations")) {
      if (o.get("id").asText().equals("eu.o.art9.risk-management")) {
        art9 = true;
        assertEquals("Regulation (EU) 2024/1689, Art. 9(1)", o.get("citation").asText());
        assertEquals("2026-08-02", o.get("applies_from").asText());
        assertTrue(o.get("text").get("zh").asText().contains("风险管理"));
      }
    }
    assertTrue(art9);
    assertTrue(eu.get("open_questions").size() > 0, "incomplete profile asks questions");
  }

  /** A typo in the query (date= for on=) was answered for today, and a repeated on= with its first value. */
  @Test
  void aParameterTheRouteDoesNotTakeIsRefused() throws Exception {
    String body = "{\"jurisdictions\":[\"US\"],\"gpai_model\":true,\"training_compute_flop\":2e26}";
    var typo = post("/api/rules/classify?date=2024-06-01", body);
    assertEquals(400, typo.statusCode(), typo.body());
    assertEquals("date", Json.read(typo.body()).get("field").asText());
    assertTrue(Json.read(typo.body()).get("detail").asText().contains("this address takes on"), typo.body());
    var twice = post("/api/rules/classify?on=2026-01-01&on=2027-01-01", body);
    assertEquals(400, twice.statusCode(), twice.body());
    assertEquals("date: unknown parameter; this address takes from, to, format, bom", Json.read(get("/api/rules/crosswalk?date=1").body()).get("detail").asText());
    assertEquals(400, get("/api/rules/sets?x=1").statusCode());
    assertEquals(200, post("/api/rules/classify?on=2024-06-01", body).statusCode());
    // given empty it is no date (it had been read as today); left out it is today
    var empty = post("/api/rules/classify?on=", body);
    assertEquals(400, empty.statusCode(), empty.body());
    assertEquals("on", Json.read(empty.body()).get("field").asText());
    assertEquals(200, post("/api/rules/classify", body).statusCode());
    assertEquals(200, get("/api/rules/crosswalk?from=EU&to=CN&format=csv&bom=true").statusCode());
  }

  /** The profile schema says uniqueItems: a repeated jurisdiction or role was folded in silently. */
  @Test
  void aListedOptionIsGivenOnce() throws Exception {
    String[][] cases = {{"{\"jurisdictions\":[\"EU\",\"EU\"]}", "jurisdictions", "EU"},
        {"{\"jurisdictions\":[\"EU\"],\"role\":[\"provider\",\"deployer\",\"provider\"]}", "role", "provider"}};
    for (String path : new String[] {"/api/rules/classify", "/api/rules/questionnaire"}) {
      for (String[] c : cases) {
        var r = post(path, c[0]);
        assertEquals(400, r.statusCode(), path + " " + c[0] + ": " + r.body());
        assertEquals(c[1], Json.read(r.body()).get("field").asText(), r.body());
        assertEquals(c[1] + ": '" + c[2] + "' is listed twice; each option once", Json.read(r.body()).get("detail").asText());
      }
      assertEquals(200, post(path, "{\"jurisdictions\":[\"EU\"],\"role\":[\"provider\",\"deployer\"]}").statusCode(), path);
    }
  }

  @Test
  void badInputNamesTheField() throws Exception {
    var r = post("/api/rules/classify", "{\"jurisdictions\":[\"EU\"],\"colour\":\"red\"}");
    assertEquals(400, r.statusCode());
    assertEquals("colour", Json.read(r.body()).get("field").asText());
    var d = post("/api/rules/classify?on=2026-02-30", "{}");
    assertEquals(422, d.statusCode());
    assertEquals("on", Json.read(d.body()).get("field").asText());
    assertEquals(400, post("/api/rules/classify", "{not json").statusCode());
  }

  @Test
  void questionnaireNarrowsAsAnswersArrive() throws Exception {
    JsonNode empty = Json.read(post("/api/rules/questionnaire?on=2026-09-01", "{}").body());
    assertEquals("jurisdictions", empty.get("next").get("field").asText());
    int before = empty.get("remaining").asInt();
    JsonNode partial = Json.read(post("/api/rules/questionnaire?on=2026-09-01",
        "{\"jurisdictions\":[\"EU\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],\"profiling\":true}").body());
    int after = partial.get("remaining").asInt();
    assertTrue(after < before, after + " < " + before);
    assertEquals("high", partial.get("provisional").get("EU").get("tier").asText());
    for (JsonNode q : partial.get("open_questions")) {
      String f = q.get("field").asText();
      assertTrue(!f.equals("art6_3_conditions") && !f.equals("profiling") && !f.equals("role"), "already settled: " + f);
      assertTrue(q.get("question").get("zh").asText().length() > 3);
    }
  }

  @Test
  void setsQuestionnaireAndCrosswalk() throws Exception {
    JsonNode sets = Json.read(get("/api/rules/sets").body());
    assertTrue(sets.size() >= 8);
    boolean eo = false;
    for (JsonNode s : sets) if (s.get("id").asText().equals("us-eo-14110")) {
      eo = true;
      assertEquals("2025-01-20", s.get("valid_to").asText());
    }
    assertTrue(eo);
    JsonNode schema = Json.read(get("/api/rules/profile-schema").body());
    assertEquals(false, schema.get("additionalProperties").asBoolean());
    assertEquals(RuleBase.standard().schema.fields().size(), schema.get("properties").size());
    assertTrue(schema.get("properties").get("annex_iii").get("items").get("enum").toString().contains("4(a)"));
    JsonNode q = Json.read(get("/api/rules/questionnaire").body());
    assertTrue(q.get("questions").size() > 40);
    JsonNode cw = Json.read(get("/api/rules/crosswalk?from=EU&to=US").body());
    assertTrue(cw.get("links").size() > 5);
    for (JsonNode l : cw.get("links")) {
      assertEquals("EU", l.get("from_regime").asText());
      assertEquals("US", l.get("to_regime").asText());
      assertTrue(l.get("rationale").get("en").asText().length() > 10);
    }
    assertTrue(cw.get("not_covered_by_US").size() > 0);
    var csv = get("/api/rules/crosswalk?format=csv");
    assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    try (CSVParser p = CSVParser.parse(csv.body(), CSVFormat.DEFAULT.builder().setHeader().build())) {
      assertEquals(RuleBase.standard().links().size(), p.getRecords().size());
    }
    JsonNode mine = Json.read(post("/api/rules/crosswalk?from=EU&to=US&on=2026-09-01",
        "{\"jurisdictions\":[\"EU\",\"US\"],\"role\":\"provider\",\"annex_iii\":[\"4(a)\"],\"profiling\":true}").body());
    boolean art9 = false;
    for (JsonNode d : mine.get("also_count")) if (d.get("id").asText().equals("eu.o.art9.risk-management")) {
      art9 = true;
      assertEquals("US", d.get("counts_towards").get(0).get("regime").asText());
    }
    assertTrue(art9);
    for (JsonNode d : mine.get("no_counterpart")) assertTrue(!d.get("id").asText().equals("eu.o.art9.risk-management"));
    assertTrue(mine.get("no_counterpart").toString().contains("eu.o.art48.ce-marking"));
    assertEquals(400, get("/api/rules/crosswalk?from=EU&to=XX").statusCode());
    HttpResponse<String> same = get("/api/rules/crosswalk?from=EU&to=eu");
    assertEquals(400, same.statusCode(), "a regime against itself lists every duty as unlinked: refused");
    assertTrue(same.body().contains("\"to\""), same.body());
    assertEquals(400, get("/api/rules/crosswalk?from=EU").statusCode());
  }
}
