package org.aigov.observatory.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled models' Chinese names, documentation and parameter ranges, and how the API uses them. */
class ModelLabelsTest {
  static Javalin app;
  static Db db;
  static ScenarioStore store;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    db = Db.inMemory("labels-" + UUID.randomUUID());
    store = new ScenarioStore(db);
    store.installBundled();
    app = Javalin.create();
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
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
  }

  static boolean chinese(String s) {
    return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  @Test
  void everyBundledVariableAndScenarioHasAChineseNameAndEveryParameterARangeHoldingItsValues() {
    List<String> problems = new ArrayList<>();
    for (String id : ScenarioStore.BUNDLED.keySet()) {
      XmileModel m = XmileReader.parse(ScenarioStore.bundledXmile(id));
      JsonNode l = ModelLabels.of(id);
      for (String f : new String[] {"title", "paper", "description"}) if (!chinese(l.path(f).path("zh").asText()) || l.path(f).path("en").asText().isBlank()) problems.add(id + " " + f);
      for (XmileModel.Var v : m.vars) {
        JsonNode vl = l.path("variables").path(v.name);
        if (!chinese(vl.path("zh").asText())) problems.add(id + ": no Chinese name for " + v.name);
        boolean constant = v.eqn != null && v.eqn.trim().matches("-?[0-9.]+([eE][-+]?[0-9]+)?");
        // a stock's constant initial value is a parameter too (paper 1's NQPF had none: -1e308 ran to NaN everywhere)
        if (("aux".equals(v.kind) || "stock".equals(v.kind)) && constant && !(vl.has("min") && vl.has("max"))) problems.add(id + ": no range for parameter " + v.name);
        if (constant && vl.has("min") && !(vl.get("min").asDouble() <= Double.parseDouble(v.eqn.trim()) && Double.parseDouble(v.eqn.trim()) <= vl.get("max").asDouble()))
          problems.add(id + ": default of " + v.name + " outside its range");
        if (!constant && vl.has("min")) problems.add(id + ": range on a variable that is not a constant: " + v.name);
      }
      for (XmileModel.Scenario s : m.scenarios) {
        if (!chinese(l.path("scenarios").path(s.name).path("zh").asText())) problems.add(id + ": no Chinese description for scenario " + s.name);
        if (!chinese(ModelLabels.splitLabel(s.label, s.name).get("zh")) || chinese(ModelLabels.splitLabel(s.label, s.name).get("en"))) problems.add(id + ": scenario label " + s.label);
        s.overrides.forEach((k, v) -> {
          JsonNode vl = ModelLabels.variable(id, k);
          if (vl.has("min") && !(vl.get("min").asDouble() <= v && v <= vl.get("max").asDouble())) problems.add(id + ": scenario " + s.name + " sets " + k + " outside its range");
        });
      }
    }
    assertEquals(List.of(), problems);
  }

  /** The numbers a text cites, Chinese numerals one to ten read as digits (论文一第四部分 cites paper 1 section 4), 1,000 as 1000. */
  static Set<String> numbers(String s) {
    String zh = "一二三四五六七八九十";
    for (int i = 0; i < zh.length(); i++) s = s.replace(zh.substring(i, i + 1), " " + (i + 1) + " ");
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("\\d+(?:[.,]\\d+)*").matcher(s);
    while (m.find()) out.add(m.group().replace(",", ""));
    return out;
  }

  @Test
  void everyDocumentedVariableHasAChineseDocKeepingItsNumbersAndEveryLabelNamesAVariable() {
    List<String> problems = new ArrayList<>();
    for (String id : ScenarioStore.BUNDLED.keySet()) {
      JsonNode labels = ModelLabels.of(id).path("variables");
      Map<String, String> docs = new HashMap<>();
      for (XmileModel.Var v : XmileReader.parse(ScenarioStore.bundledXmile(id)).vars) docs.put(v.name, v.doc == null ? "" : v.doc);
      docs.forEach((name, doc) -> {
        if (doc.isBlank()) return;
        String zh = labels.path(name).path("doc_zh").asText();
        if (!chinese(zh)) problems.add(id + ": no Chinese doc for " + name);
        Set<String> lost = new TreeSet<>(numbers(doc));
        lost.removeAll(numbers(zh));
        if (chinese(zh) && !lost.isEmpty()) problems.add(id + ": the Chinese doc of " + name + " lacks " + lost);
      });
      // a renamed or removed variable must not leave its name or translation behind
      labels.fields().forEachRemaining(e -> {
        if (!docs.containsKey(e.getKey())) problems.add(id + ": labels name no variable '" + e.getKey() + "'");
        else if (e.getValue().has("doc_zh") && docs.get(e.getKey()).isBlank()) problems.add(id + ": a Chinese doc for " + e.getKey() + ", which has no doc");
      });
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theApiGivesBilingualNamesParametersAndRanges() throws Exception {
    JsonNode list = Json.read(get("/api/scenarios/models").body());
    assertEquals(3, list.size());
    for (JsonNode m : list) assertTrue(chinese(m.path("title").path("zh").asText()) && chinese(m.path("paper").path("zh").asText()), m.toString());
    JsonNode d = Json.read(get("/api/scenarios/models/paper5-governance-pace").body());
    assertTrue(d.path("description").path("zh").asText().contains("治理"));
    JsonNode speed = null, target = null;
    for (JsonNode v : d.get("variables")) {
      if (v.get("name").asText().equals("governance speed")) speed = v;
      if (v.get("name").asText().equals("governance target")) target = v;
    }
    assertEquals("治理速度", speed.path("title").path("zh").asText());
    assertTrue(speed.path("doc").asText().startsWith("Governance speed g (1/year)"), speed.toString());
    assertEquals(ModelLabels.variable("paper5-governance-pace", "governance speed").path("doc_zh").asText(), speed.path("doc_zh").asText());
    assertTrue(speed.path("doc_zh").asText().startsWith("治理速度 g（1/年）"), speed.toString());
    assertTrue(speed.get("parameter").asBoolean());
    assertEquals(0.5, speed.get("value").asDouble());
    assertEquals(0.0, speed.get("min").asDouble());
    assertEquals(3.0, speed.get("max").asDouble());
    assertFalse(target.get("parameter").asBoolean());
    assertFalse(target.has("value"));
    JsonNode lag = d.get("scenarios").get(2);
    assertEquals("治理滞后", lag.path("title").path("zh").asText());
    assertEquals("Governance lagging", lag.path("title").path("en").asText());
    // a model without labels has its own documentation and no translation
    store.put("plain", EngineTest.model("", "<aux name=\"x\"><doc>Plain English.</doc><eqn>1</eqn></aux>"), "test", "t");
    JsonNode x = Json.read(get("/api/scenarios/models/plain").body()).get("variables").get(0);
    assertEquals("Plain English.", x.path("doc").asText());
    assertFalse(x.has("doc_zh"), x.toString());
  }

  @Test
  void valuesOutsideADeclaredRangeAreRefusedNamingTheField() throws Exception {
    HttpResponse<String> r = post("/api/scenarios/run", Map.of("model", "paper5-governance-pace", "overrides", Map.of("governance speed", 7)));
    assertEquals(400, r.statusCode());
    assertEquals("overrides.governance speed", Json.read(r.body()).get("field").asText());
    assertTrue(Json.read(r.body()).get("detail").asText().contains("between 0 and 3"), r.body());
    // by canonical name too
    assertEquals(400, post("/api/scenarios/run", Map.of("model", "paper5-governance-pace", "overrides", Map.of("Governance_Speed", -1))).statusCode());
    assertEquals(200, post("/api/scenarios/run", Map.of("model", "paper5-governance-pace", "overrides", Map.of("governance speed", 3))).statusCode());
    HttpResponse<String> nan = post("/api/scenarios/run", Map.of("model", "paper5-governance-pace", "overrides", Map.of("governance speed", "fast")));
    assertEquals("overrides.governance speed", Json.read(nan.body()).get("field").asText());
    HttpResponse<String> sw = post("/api/scenarios/sweep", Map.of("model", "paper5-governance-pace", "parameter", "governance speed", "from", 0, "to", 9, "steps", 3, "outputs", List.of("governance")));
    assertEquals(400, sw.statusCode());
    assertEquals("to", Json.read(sw.body()).get("field").asText());
    HttpResponse<String> csv = get("/api/scenarios/models/paper5-governance-pace/run.csv?set=" + URLEncoder.encode("governance speed=4", StandardCharsets.UTF_8));
    assertEquals(400, csv.statusCode());
    assertEquals("set", Json.read(csv.body()).get("field").asText());
  }
}
