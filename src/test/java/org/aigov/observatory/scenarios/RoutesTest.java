package org.aigov.observatory.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutesTest {
  static Javalin app;
  static Db db;
  static ScenarioStore store;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    db = Db.inMemory("scen-" + UUID.randomUUID());
    store = new ScenarioStore(db);
    assertEquals(3, store.installBundled());
    app = Javalin.create();
    app.before(ctx -> {
      if ("Bearer writer".equals(ctx.header("Authorization"))) ctx.attribute(Auth.ATTR, new Principal("tester", "reviewer", null));
    });
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(Map.of("title", e.title, "detail", e.getMessage(), "field", String.valueOf(e.field))));
    new ScenariosRoutes(store).routes(app);
    app.start(0);
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    app.stop();
    db.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listAndDescribeBundledModels() throws Exception {
    JsonNode list = Json.read(get("/api/scenarios/models").body());
    assertTrue(list.size() >= 3);
    java.util.Set<String> ids = new java.util.HashSet<>();
    list.forEach(n -> ids.add(n.get("id").asText()));
    assertTrue(ids.containsAll(ScenarioStore.BUNDLED.keySet()), ids.toString());
    JsonNode d = Json.read(get("/api/scenarios/models/paper1-two-way-empowerment").body());
    assertTrue(d.get("variables").size() > 40);
    assertEquals(3, d.get("scenarios").size());
    String xmile = get("/api/scenarios/models/paper1-two-way-empowerment?format=xmile").body();
    assertTrue(xmile.contains("<xmile"));
    assertTrue(xmile.contains("共建国家科技化水平"), "the model's Chinese names arrive as UTF-8, not as '?'");
    assertEquals(404, get("/api/scenarios/models/nope").statusCode());
  }

  @Test
  void runScenariosAndCompare() throws Exception {
    JsonNode base1 = Json.read(post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment", "scenario", "baseline")).body());
    JsonNode shock = Json.read(post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment", "scenario", "external_shock")).body());
    int col = -1;
    for (int i = 0; i < base1.get("names").size(); i++) if (base1.get("names").get(i).asText().equals("partner technologization")) col = i;
    int row = 60; // 2039
    double b = base1.get("data").get(row).get(col).asDouble(), s = shock.get("data").get(row).get(col).asDouble();
    assertTrue(s < b, "sanctions slow partner technologization: " + s + " vs " + b);
    JsonNode cmp = Json.read(post("/api/scenarios/compare", Map.of("model", "paper5-governance-pace", "variables", new String[] {"accumulated risk", "industry"})).body());
    assertTrue(cmp.get("final").get("governance_lagging").get("accumulated risk").asDouble() > cmp.get("final").get("ideal").get("accumulated risk").asDouble());
    assertTrue(cmp.get("final").get("governance_ahead").get("industry").asDouble() < cmp.get("final").get("ideal").get("industry").asDouble());
    HttpResponse<String> csv = get("/api/scenarios/models/paper2-ai-militarisation/run.csv?set=rule%20ambiguity=0.1");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.body().startsWith("Time,threat perception,"), csv.body().substring(0, 60));
  }

  @Test
  void chartsAsPngAndSvg() throws Exception {
    HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/paper1-two-way-empowerment/chart.png?vars=NQPF")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, png.statusCode());
    assertEquals((byte) 0x89, png.body()[0]);
    assertEquals('P', png.body()[1]);
    HttpResponse<String> svg = get("/api/scenarios/models/paper5-governance-pace/chart.svg?scenarios=ideal,governance_lagging&vars=accumulated%20risk");
    assertTrue(svg.body().contains("<svg") && svg.body().contains("governance_lagging"), svg.body().substring(0, 100));
    assertEquals(400, get("/api/scenarios/models/paper1-two-way-empowerment/chart.gif").statusCode());
    assertEquals(422, get("/api/scenarios/models/paper1-two-way-empowerment/chart.png?vars=nothing").statusCode());
    // review of 2026-12-04: an unknown parameter was ignored, and scenario= alone drew every scenario
    for (String q : new String[] {"chart.svg?bogus=1", "chart.svg?scenario=ideal&scenario=ideal", "run.csv?scenarios=ideal"}) {
      HttpResponse<String> r = get("/api/scenarios/models/paper5-governance-pace/" + q);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
    }
    String one = get("/api/scenarios/models/paper5-governance-pace/chart.svg?scenario=governance_lagging&vars=accumulated%20risk").body();
    assertFalse(one.contains("ideal: ") || one.contains("governance_lagging: "), "one run, not every scenario: " + one.substring(0, 300));
    assertEquals(200, get("/api/scenarios/models/paper5-governance-pace/run.csv?scenario=ideal&set=governance%20speed=1&set=risk%20intensity=1&bom=true").statusCode());
  }

  /** Review of 2026-12-04: the chart was English whatever the page's language, its legend the scenarios' keys. */
  @Test
  void aChartInChineseUsesThePagesNames() throws Exception {
    String zh = get("/api/scenarios/models/paper5-governance-pace/chart.svg?scenarios=ideal,governance_lagging&vars=accumulated%20risk&lang=zh").body();
    for (String want : new String[] {"治理与技术的节奏", "理想模型: ", "治理滞后: ", "时间"}) assertTrue(zh.contains(want), want + " in " + zh.substring(0, 400));
    assertFalse(zh.contains("governance_lagging") || zh.contains(">Time<"), "no key or English axis left");
    String en = get("/api/scenarios/models/paper5-governance-pace/chart.svg?scenarios=ideal,governance_lagging&vars=accumulated%20risk").body();
    assertTrue(en.contains("governance_lagging: accumulated risk") && en.contains("Time"), "English as before: " + en.substring(0, 400));
    HttpResponse<String> bad = get("/api/scenarios/models/paper5-governance-pace/chart.svg?lang=fr");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("lang", Json.read(bad.body()).path("field").asText());
    // a PNG needs a Chinese font on the server: drawn when there is one, refused naming lang when there is none
    boolean font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12).canDisplayUpTo("中文") < 0;
    HttpResponse<String> png = get("/api/scenarios/models/paper5-governance-pace/chart.png?lang=zh");
    assertEquals(font ? 200 : 422, png.statusCode(), png.body().length() > 300 ? png.body().substring(0, 300) : png.body());
  }

  @Test
  void chartDrawsARepeatedVariableOnce() throws Exception {
    // two series with one key made JFreeChart throw: a 500
    for (String q : new String[] {"chart.svg?vars=NQPF,NQPF", "chart.svg?vars=NQPF,%20NQPF", "chart.svg?vars=NQPF,nqpf"}) {
      HttpResponse<String> svg = get("/api/scenarios/models/paper1-two-way-empowerment/" + q);
      assertEquals(200, svg.statusCode(), q + ": " + svg.body());
      assertTrue(svg.body().contains("<svg"), q);
    }
    HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/paper1-two-way-empowerment/chart.png?vars=NQPF,NQPF")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, png.statusCode());
    assertEquals((byte) 0x89, png.body()[0]);
  }

  /** Review of 2026-12-04: a variable NaN or infinite throughout made JFreeChart's axis throw ("Must be finite"): a 500. */
  @Test
  void chartSkipsNonFiniteValuesAndRefusesAVariableWithNone() throws Exception {
    store.put("nonfinite", EngineTest.model("", EngineTest.aux("a", "TIME") + EngineTest.aux("b", "SQRT(-1)") + EngineTest.aux("e", "EXP(1000)")
        + EngineTest.aux("c", "IF TIME > 5 THEN SQRT(-1) ELSE TIME")), "uploaded", "test");
    for (String q : new String[] {"chart.svg?vars=c", "chart.svg?vars=a,c", "chart.png?vars=c"}) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/nonfinite/" + q)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode(), q + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    for (String[] q : new String[][] {{"chart.png?vars=b", "b"}, {"chart.svg?vars=e", "e"}, {"chart.svg?vars=a,b", "b"}}) {
      HttpResponse<String> r = get("/api/scenarios/models/nonfinite/" + q[0]);
      assertEquals(422, r.statusCode(), q[0] + ": " + r.body());
      assertEquals("vars", Json.read(r.body()).path("field").asText(), r.body());
      assertTrue(r.body().contains("'" + q[1] + "' has no finite value to chart"), r.body());
    }
  }

  @Test
  void anUndefinedElasticityIsNullWithAWarning() throws Exception {
    HttpResponse<String> r = post("/api/scenarios/sensitivity", Map.of("xmile", EngineTest.model("", EngineTest.aux("p", "2") + EngineTest.aux("y", "p - 2")),
        "target", "y", "parameters", new String[] {"p"}));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = Json.read(r.body());
    assertTrue(j.get("ranking").get(0).get("score").isNull(), r.body());
    assertTrue(j.get("warnings").get(0).asText().contains("the elasticity of 'y' is undefined"), r.body());
    assertTrue(j.get("warnings").get(0).asText().endsWith("compare outLow and outHigh"), "the answer's own names: " + r.body());
    // a model by id or by text, one of the two; a perturbed value in decimal (0.1 × 0.9 had read 0.09000000000000001)
    HttpResponse<String> both = post("/api/scenarios/run", Map.of("model", "paper5-governance-pace", "xmile", EngineTest.model("", EngineTest.aux("p", "2"))));
    assertEquals(400, both.statusCode(), both.body());
    assertTrue(both.body().contains("not both"), both.body());
    HttpResponse<String> neither = post("/api/scenarios/run", Map.of());
    assertEquals(400, neither.statusCode(), neither.body());
    assertTrue(neither.body().contains("give model (an id) or xmile"), neither.body());
    JsonNode gs = Json.read(post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "target", "accumulated risk",
        "parameters", new String[] {"governance speed"}, "overrides", Map.of("governance speed", 0.1))).body()).get("ranking").get(0);
    assertEquals("0.09", gs.get("low").asText(), gs.toString());
    assertEquals("0.11", gs.get("high").asText(), gs.toString());
    // a bundled parameter perturbed outside its declared range is refused, as a value set there is (outside QA)
    HttpResponse<String> out = post("/api/scenarios/sensitivity", Map.of("model", "paper1-two-way-empowerment", "target", "NQPF",
        "parameters", new String[] {"NQPF ceiling"}, "delta", 1, "method", "lhs", "samples", 10));
    assertEquals(400, out.statusCode(), out.body());
    assertEquals("delta", Json.read(out.body()).get("field").asText());
    JsonNode ok = Json.read(post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "target", "accumulated risk", "parameters", new String[] {"risk intensity"})).body());
    assertEquals(0, ok.get("warnings").size());
  }

  @Test
  void anUndefinedRankCorrelationIsNullWithAWarning() throws Exception {
    HttpResponse<String> r = post("/api/scenarios/sensitivity", Map.of("xmile", EngineTest.model("", EngineTest.aux("p", "2") + EngineTest.aux("y", "sqrt(p - 2)")),
        "method", "lhs", "samples", 20, "target", "y", "parameters", new String[] {"p"}));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = Json.read(r.body());
    assertTrue(j.get("ranking").get(0).get("score").isNull(), r.body());
    assertTrue(j.get("warnings").get(0).asText().contains("the rank correlation of 'y' is undefined for 'p'"), r.body());
  }

  /** University review of 2026-12-04: "stop: unknown field" on sweep and sensitivity; the values at the stop time are recorded. */
  @Test
  void sweepSensitivityAndRunTakeTheStopTime() throws Exception {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("model", "paper1-two-way-empowerment", "parameter", "base NQPF growth", "from", 0.035, "to", 0.08,
        "steps", 4, "outputs", new String[] {"NQPF"}));
    JsonNode late = Json.read(post("/api/scenarios/sweep", body).body()).get("rows");
    body.put("stop", 2060);
    HttpResponse<String> r = post("/api/scenarios/sweep", body);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode mid = Json.read(r.body()).get("rows");
    double lateSpread = late.get(3).get("finals").get("NQPF").asDouble() - late.get(0).get("finals").get("NQPF").asDouble();
    double midSpread = mid.get(3).get("finals").get("NQPF").asDouble() - mid.get(0).get("finals").get("NQPF").asDouble();
    assertTrue(lateSpread < 0.1 && midSpread > 2, lateSpread + " vs " + midSpread);
    body.put("stop", 1900);
    HttpResponse<String> bad = post("/api/scenarios/sweep", body);
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("\"stop\""), bad.body());
    HttpResponse<String> sens = post("/api/scenarios/sensitivity", Map.of("model", "paper1-two-way-empowerment", "target", "NQPF", "parameters",
        new String[] {"base NQPF growth"}, "stop", 2060));
    assertEquals(200, sens.statusCode(), sens.body());
    assertTrue(Json.read(sens.body()).get("ranking").get(0).get("outHigh").asDouble() < 6, sens.body());
    HttpResponse<String> run = post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment", "stop", 2060));
    assertEquals(200, run.statusCode(), run.body());
    JsonNode times = Json.read(run.body()).get("times");
    assertEquals(2060.0, times.get(times.size() - 1).asDouble(), 1e-9);
  }

  @Test
  void sweepAndSensitivity() throws Exception {
    JsonNode sw = Json.read(post("/api/scenarios/sweep", Map.of("model", "paper1-two-way-empowerment", "parameter", "spillover rate", "from", 0.02, "to", 0.2, "steps", 5, "outputs", new String[] {"partner technologization"})).body());
    assertEquals(5, sw.get("rows").size());
    // the swept values as written, without binary noise (a row read 0.15000000000000002)
    String noise = post("/api/scenarios/sweep", Map.of("model", "paper1-two-way-empowerment", "parameter", "spillover rate", "from", 0.05, "to", 0.3, "steps", 11,
        "outputs", new String[] {"NQPF"})).body();
    List<String> values = new java.util.ArrayList<>();
    for (JsonNode r : Json.read(noise).get("rows")) values.add(r.get("value").toString());
    assertEquals(List.of("0.05", "0.075", "0.1", "0.125", "0.15", "0.175", "0.2", "0.225", "0.25", "0.275", "0.3"), values, noise);
    JsonNode oat = Json.read(post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "target", "accumulated risk", "parameters", new String[] {"risk intensity", "mitigation rate", "conversion rate", "technology ceiling"}, "scenario", "governance_lagging")).body());
    assertEquals(4, oat.get("ranking").size());
    double prev = Double.MAX_VALUE;
    for (JsonNode r : oat.get("ranking")) { assertTrue(r.get("score").asDouble() <= prev); prev = r.get("score").asDouble(); }
    JsonNode lhs = Json.read(post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "method", "lhs", "samples", 40, "target", "accumulated risk", "parameters", new String[] {"risk intensity", "technology ceiling"}, "scenario", "governance_lagging")).body());
    assertEquals("risk intensity", lhs.get("ranking").get(0).get("param").asText());
    assertFalse(lhs.toString().contains("NaN"), "a sample has no base or low/high output: left out, not NaN: " + lhs);
    assertEquals(0, lhs.get("warnings").size(), lhs.toString());
  }

  /** A subscript on a variable that is not an array is an unknown element (422 naming the field), not a 500. */
  @Test
  void aSubscriptOnAScalarIsAnUnknownElement() throws Exception {
    HttpResponse<String> run = post("/api/scenarios/run", Map.of("model", "paper5-governance-pace", "overrides", Map.of("technology[1]", 1)));
    assertEquals(422, run.statusCode(), run.body());
    assertEquals("overrides.technology[1]", Json.read(run.body()).get("field").asText());
    HttpResponse<String> sens = post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "method", "oat", "samples", 10,
        "target", "technology[x]", "parameters", new String[] {"risk intensity"}));
    assertEquals(422, sens.statusCode(), sens.body());
    assertEquals("target", Json.read(sens.body()).get("field").asText());
    HttpResponse<String> chart = get("/api/scenarios/models/paper5-governance-pace/chart.svg?vars=zz");
    assertEquals(422, chart.statusCode(), chart.body());
    assertEquals("vars", Json.read(chart.body()).get("field").asText()); // it named zz, the value
    assertEquals("unknown variable 'zz'", Json.read(chart.body()).get("detail").asText());
  }

  /** QA of 2026-12-02: δ, sample and step counts, duplicate and unknown parameters, and overrides in sweeps. */
  @Test
  void experimentsRefuseWhatTheyCannotRun() throws Exception {
    String[] two = {"risk intensity", "technology ceiling"};
    for (Object delta : new Object[] {-5, 0, 1e308, "NaN", "abc"})
      for (String method : new String[] {"oat", "lhs"}) {
        HttpResponse<String> r = post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "method", method, "samples", 10, "delta", delta,
            "target", "accumulated risk", "parameters", two));
        assertEquals(400, r.statusCode(), method + " δ " + delta + ": " + r.body());
        assertEquals("delta", Json.read(r.body()).get("field").asText());
      }
    for (Object samples : new Object[] {4294967300L, 2.5, "many"}) {
      HttpResponse<String> r = post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "method", "lhs", "samples", samples,
          "target", "accumulated risk", "parameters", two));
      assertEquals(400, r.statusCode(), "samples " + samples);
      assertEquals("samples", Json.read(r.body()).get("field").asText());
    }
    HttpResponse<String> steps = post("/api/scenarios/sweep", Map.of("model", "paper1-two-way-empowerment", "parameter", "spillover rate", "from", 0.02, "to", 0.2,
        "steps", 4294967297L, "outputs", new String[] {"partner technologization"}));
    assertEquals("steps", Json.read(steps.body()).get("field").asText());
    HttpResponse<String> unknown = post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "target", "accumulated risk", "parameters", new String[] {"nope"}));
    assertEquals("parameters", Json.read(unknown.body()).get("field").asText());
    assertEquals(422, unknown.statusCode(), "an unknown variable is 422 here as for target, outputs and parameter: " + unknown.body());
    // the same parameter named many times is ranked once
    String[] many = new String[300];
    java.util.Arrays.fill(many, "risk intensity");
    JsonNode once = Json.read(post("/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "target", "accumulated risk", "parameters", many)).body());
    assertEquals(1, once.get("ranking").size());
    // a sweep checks its overrides as a run does
    HttpResponse<String> sw = post("/api/scenarios/sweep", Map.of("model", "paper1-two-way-empowerment", "parameter", "spillover rate", "from", 0.02, "to", 0.2,
        "steps", 3, "outputs", new String[] {"partner technologization"}, "overrides", Map.of("transfer rate", 1e300)));
    assertEquals(400, sw.statusCode(), sw.body());
    assertEquals("overrides.transfer rate", Json.read(sw.body()).get("field").asText());
  }

  /** Acceptance review of 2026-12-03: a misspelt or mistyped field was ignored and the answer was a 200 baseline run. */
  @Test
  void everyBodyRefusesUnknownFieldsAndWrongTypesNamingTheField() throws Exception {
    String p1 = "\"model\":\"paper1-two-way-empowerment\"";
    Map<String, String> run = new java.util.LinkedHashMap<>();
    run.put("{" + p1 + ",\"overrides\":[1]}", "overrides");
    run.put("{" + p1 + ",\"overrides\":{\"spillover rate\":\"0.1\"}}", "overrides.spillover rate");
    run.put("{" + p1 + ",\"bogus\":1}", "bogus");
    run.put("{" + p1 + ",\"stop\":-5}", "stop");
    run.put("{" + p1 + ",\"seed\":\"x\"}", "seed");
    run.put("{" + p1 + ",\"seed\":1.5}", "seed");
    run.put("{" + p1 + ",\"scenario\":3}", "scenario");
    run.put("{\"model\":5}", "model");
    run.forEach((body, field) -> {
      try {
        HttpResponse<String> r = post("/api/scenarios/run", body);
        assertEquals(400, r.statusCode(), body + " " + r.body());
        assertEquals(field, Json.read(r.body()).get("field").asText(), body);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(post("/api/scenarios/run", "{\"model\":5}").body().contains("wrong type: expected a string"));
    assertTrue(post("/api/scenarios/run", "{" + p1 + ",\"bogus\":1}").body().contains("known fields are"));
    Map<String, Map<String, Object>> others = Map.of(
        "/api/scenarios/sweep", Map.of("model", "paper1-two-way-empowerment", "parameter", "spillover rate", "from", 0.02, "to", 0.2, "steps", 3,
            "outputs", new Object[] {"NQPF"}, "output", "NQPF"),
        "/api/scenarios/sensitivity", Map.of("model", "paper5-governance-pace", "target", "accumulated risk", "parameters", new String[] {"risk intensity"}, "output", "x"),
        "/api/scenarios/compare", Map.of("model", "paper5-governance-pace", "output", "x"));
    for (var e : others.entrySet()) {
      HttpResponse<String> r = post(e.getKey(), e.getValue());
      assertEquals(400, r.statusCode(), e.getKey() + " " + r.body());
      assertEquals("output", Json.read(r.body()).get("field").asText(), e.getKey());
    }
    HttpResponse<String> outs = post("/api/scenarios/sweep", Map.of("model", "paper1-two-way-empowerment", "parameter", "spillover rate", "from", 0.02, "to", 0.2,
        "outputs", new Object[] {"NQPF", 7}));
    assertEquals("outputs[1]", Json.read(outs.body()).get("field").asText(), outs.body());
    HttpResponse<String> vars = post("/api/scenarios/compare", Map.of("model", "paper5-governance-pace", "variables", "industry"));
    assertEquals("variables", Json.read(vars.body()).get("field").asText(), vars.body());
    // a stock's initial value has a range like any parameter
    HttpResponse<String> nqpf = post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment", "overrides", Map.of("NQPF", -1e308)));
    assertEquals(400, nqpf.statusCode(), nqpf.body());
    assertEquals("overrides.NQPF", Json.read(nqpf.body()).get("field").asText());
    JsonNode d = Json.read(get("/api/scenarios/models/paper1-two-way-empowerment").body());
    for (JsonNode v : d.get("variables")) if (v.get("name").asText().equals("NQPF")) assertEquals(50, v.get("max").asDouble());
    assertEquals(400, get("/api/scenarios/models/paper1-two-way-empowerment/run.csv?set=spillover%20rate=NaN").statusCode());
  }

  /** An unknown scenario is a 400 on every endpoint, as an unknown name is elsewhere in the product (it was 422 on two). */
  @Test
  void anUnknownScenarioIsA400Everywhere() throws Exception {
    String id = "paper1-two-way-empowerment";
    java.util.List<HttpResponse<String>> rs = java.util.List.of(
        post("/api/scenarios/run", Map.of("model", id, "scenario", "nosuch")),
        get("/api/scenarios/models/" + id + "/run.csv?scenario=nosuch"),
        get("/api/scenarios/models/" + id + "/chart.svg?scenarios=nosuch"),
        post("/api/scenarios/compare", Map.of("model", id, "scenarios", new String[] {"baseline", "nosuch"})));
    for (HttpResponse<String> r : rs) {
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("unknown scenario 'nosuch'"), r.body());
    }
    assertEquals("scenarios", Json.read(rs.get(3).body()).get("field").asText());
  }

  /** "NaN" and "Infinity" parse as numbers: a NaN stop ran one step and answered 200. */
  @Test
  void simSpecsMustBeFiniteWithAPositiveDtAndStopFromStart() throws Exception {
    String ok = EngineTest.model("", EngineTest.aux("x", "1"));
    String[][] cases = {
        {"<stop>10</stop>", "<stop>NaN</stop>", "sim_specs/stop", "sim_specs/stop: must be a finite number"},
        {"<start>0</start>", "<start>NaN</start>", "sim_specs/start", "sim_specs/start: must be a finite number"},
        {"<stop>10</stop>", "<stop>Infinity</stop>", "sim_specs/stop", "sim_specs/stop: must be a finite number"},
        {"<dt>0.25</dt>", "<dt>Infinity</dt>", "sim_specs/dt", "sim_specs/dt: must be a finite number"},
        {"<dt>0.25</dt>", "<dt>1/0</dt>", "sim_specs/dt", "sim_specs/dt: must be a finite number"},
        {"<dt>0.25</dt>", "<dt>0.25</dt><savestep>NaN</savestep>", "sim_specs/savestep", "sim_specs/savestep: must be a finite number"},
        {"<dt>0.25</dt>", "<dt>0</dt>", "sim_specs/dt", "DT must be positive"},
        {"<dt>0.25</dt>", "<dt>-1</dt>", "sim_specs/dt", "DT must be positive"},
        {"<stop>10</stop>", "<stop>-5</stop>", "sim_specs/stop", "is before start time"}};
    for (String[] c : cases) {
      assertTrue(ok.contains(c[0]), c[0]);
      HttpResponse<String> r = post("/api/scenarios/run", Map.of("xmile", ok.replace(c[0], c[1])));
      assertEquals(422, r.statusCode(), c[1] + ": " + r.body());
      JsonNode p = Json.read(r.body());
      assertEquals(c[2], p.get("field").asText(), c[1]);
      assertTrue(p.get("detail").asText().contains(c[3]), c[1] + ": " + r.body());
    }
  }

  /** 1e12 steps was reported as 2147483647 (the count overflowed an int). */
  @Test
  void aHugeStepCountIsReportedAsItIs() throws Exception {
    String xml = EngineTest.model("", EngineTest.aux("x", "1")).replace("<stop>10</stop>", "<stop>1000000000000</stop>").replace("<dt>0.25</dt>", "<dt>1</dt>");
    HttpResponse<String> r = post("/api/scenarios/run", Map.of("xmile", xml));
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("run has 1000000000000 steps"), r.body());
  }

  @Test
  void badInputIsAClearErrorAndTheServerKeepsRunning() throws Exception {
    HttpResponse<String> r1 = post("/api/scenarios/run", Map.of("xmile", "<xmile><model><variables><aux name=\"a\"><eqn>b</eqn></aux><aux name=\"b\"><eqn>a</eqn></aux></variables></model></xmile>"));
    assertEquals(422, r1.statusCode());
    assertTrue(r1.body().contains("circular") && r1.body().contains("a -> b") || r1.body().contains("b -> a"), r1.body());
    HttpResponse<String> r2 = post("/api/scenarios/run", Map.of("xmile", "<xmile><model>"));
    assertEquals(422, r2.statusCode());
    assertTrue(r2.body().contains("malformed XML"), r2.body());
    HttpResponse<String> r3 = post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment", "overrides", Map.of("no such thing", 1)));
    assertEquals(422, r3.statusCode());
    assertTrue(r3.body().contains("no such thing"));
    assertEquals(400, post("/api/scenarios/run", "{not json").statusCode());
    String huge = EngineTest.model("", EngineTest.aux("x", "1")).replace("<dt>0.25</dt>", "<dt>0.0000001</dt>");
    HttpResponse<String> r4 = post("/api/scenarios/run", Map.of("xmile", huge));
    assertEquals(422, r4.statusCode());
    assertTrue(r4.body().contains("steps"), r4.body());
    HttpResponse<String> r5 = post("/api/scenarios/run", Map.of("xmile", EngineTest.model("", EngineTest.aux("deep", "(".repeat(50000) + "1" + ")".repeat(50000)))));
    assertEquals(422, r5.statusCode());
    assertTrue(r5.body().contains("deep"), r5.body());
    assertEquals(200, get("/api/scenarios/models").statusCode());
  }

  /** A few hundred bytes must not buy the heap or minutes of CPU: sizes and work are checked before anything is allocated. */
  @Test
  void aSmallModelCannotAskForHugeArraysOrEndlessWork() throws Exception {
    String dims = "<xmile version=\"1.0\" xmlns=\"http://docs.oasis-open.org/xmile/ns/XMILE/v1.0\"><sim_specs><start>0</start><stop>1</stop>"
        + "<dt>1</dt></sim_specs><dimensions><dim name=\"d\" size=\"SIZE\"/><dim name=\"e\" size=\"5000\"/></dimensions>"
        + "<model><variables><aux name=\"a\"><dimensions><dim name=\"d\"/>DIM2</dimensions><eqn>1</eqn></aux></variables></model></xmile>";
    HttpResponse<String> huge = post("/api/scenarios/run", Map.of("xmile", dims.replace("SIZE", "2e9").replace("DIM2", "")));
    assertEquals(422, huge.statusCode(), huge.body());
    assertTrue(huge.body().contains("dimension d: size must be a whole number from 1 to 10000"), huge.body());
    HttpResponse<String> product = post("/api/scenarios/run", Map.of("xmile", dims.replace("SIZE", "5000").replace("DIM2", "<dim name=\"e\"/>")));
    assertEquals(422, product.statusCode(), product.body());
    assertTrue(product.body().contains("more than 200000 values") && product.body().contains("'a'"), product.body());
    StringBuilder work = new StringBuilder();
    for (int i = 0; i < 2000; i++) work.append(EngineTest.aux("w" + i, i == 0 ? "TIME" : "w" + (i - 1) + " + 1"));
    String long_ = EngineTest.model("", work.toString()).replace("<stop>10</stop>", "<stop>100000</stop>")
        .replace("<dt>0.25</dt>", "<dt>0.5</dt><savestep>50000</savestep>"); // 200,000 steps × 2,000 equations, little saved
    HttpResponse<String> slow = post("/api/scenarios/run", Map.of("xmile", long_));
    assertEquals(422, slow.statusCode(), slow.body());
    assertTrue(slow.body().contains("nodes per request"), slow.body());
    // review of 2026-12-04: a long flat sum was a 500 with an empty body
    HttpResponse<String> chain = post("/api/scenarios/run", Map.of("xmile", EngineTest.model("", EngineTest.aux("a", "TIME" + "+TIME".repeat(4999)))));
    assertEquals(422, chain.statusCode(), chain.body());
    assertTrue(chain.body().contains("equation of 'a' is nested too deeply"), chain.body());
    assertEquals(200, post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment")).statusCode(), "the bundled models still run");
  }

  /** Runs are CPU-bound: with every core busy, another waits briefly and then is told to retry, instead of queueing without end. */
  @Test
  void whenEveryCoreRunsASimulationTheNextRunIsA503() throws Exception {
    long before = ScenariosRoutes.waitMs;
    int held = ScenariosRoutes.RUNNING.drainPermits();
    try {
      ScenariosRoutes.waitMs = 200;
      HttpResponse<String> busy = post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment"));
      assertEquals(503, busy.statusCode(), busy.body());
      assertEquals("10", busy.headers().firstValue("Retry-After").orElse(null));
      assertEquals(200, get("/api/scenarios/models").statusCode(), "reads are not limited");
    } finally {
      ScenariosRoutes.RUNNING.release(held);
      ScenariosRoutes.waitMs = before;
    }
    assertEquals(200, post("/api/scenarios/run", Map.of("model", "paper1-two-way-empowerment")).statusCode());
  }

  @Test
  void storingAModelNeedsAWriterAndValidatesFirst() throws Exception {
    String xml = EngineTest.model("", EngineTest.aux("x", "TIME * 2"));
    HttpRequest anon = HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/mine")).PUT(HttpRequest.BodyPublishers.ofString(xml)).build();
    assertEquals(401, http.send(anon, HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpRequest ok = HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/mine")).header("Authorization", "Bearer writer").PUT(HttpRequest.BodyPublishers.ofString(xml)).build();
    assertEquals(201, http.send(ok, HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpRequest bad = HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/mine")).header("Authorization", "Bearer writer").PUT(HttpRequest.BodyPublishers.ofString(EngineTest.model("", EngineTest.aux("x", "FOO(1)")))).build();
    HttpResponse<String> br = http.send(bad, HttpResponse.BodyHandlers.ofString());
    assertEquals(422, br.statusCode());
    assertTrue(br.body().contains("FOO"));
    assertEquals(20, store.compiled("mine").run(Map.of()).last("x"), "the stored model is unchanged after a rejected update");
    // review of 2026-12-04: a writer's upload under a bundled id replaced that model for everyone until restart
    HttpRequest bundled = HttpRequest.newBuilder(URI.create(base + "/api/scenarios/models/paper5-governance-pace")).header("Authorization", "Bearer writer").PUT(HttpRequest.BodyPublishers.ofString(xml)).build();
    HttpResponse<String> refused = http.send(bundled, HttpResponse.BodyHandlers.ofString());
    assertEquals(409, refused.statusCode(), refused.body());
    assertEquals("id", Json.read(refused.body()).path("field").asText(), refused.body());
    assertTrue(refused.body().contains("'paper5-governance-pace' is a bundled model and cannot be replaced"), refused.body());
    assertEquals("bundled", store.get("paper5-governance-pace").origin());
  }
}
