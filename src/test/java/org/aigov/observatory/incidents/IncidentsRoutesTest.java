package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
    });
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(Map.of("title", e.title, "detail", e.getMessage())));
    new IncidentsRoutes(db).routes(app);
    app.start(0);
    base = "http://127.0.0.1:" + app.port();
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

  @Test
  void listGetRecordsTrendsFeed() throws Exception {
    HttpResponse<String> list = get("/api/incidents?limit=5");
    assertEquals(200, list.statusCode());
    JsonNode l = Json.read(list.body());
    assertTrue(l.get("total").asLong() >= 10);
    assertEquals(5, l.get("items").size());
    JsonNode search = Json.read(get("/api/incidents?q=knightscope").body());
    assertTrue(search.get("total").asLong() >= 1, search.toString());
    long id = search.get("items").get(0).get("id").asLong();
    JsonNode one = Json.read(get("/api/incidents/" + id).body());
    assertTrue(one.get("records").size() >= 1);
    JsonNode recs = Json.read(get("/api/incidents/" + id + "/records").body());
    assertTrue(recs.get("items").get(0).has("source_id"));
    double conf = recs.get("items").get(0).get("risk_domain_confidence").asDouble();
    assertTrue(conf > 0 && conf <= 1, recs.toString());
    assertEquals(404, get("/api/incidents/999999").statusCode());
    assertEquals(404, get("/api/incidents/abc").statusCode());
    HttpResponse<String> csv = get("/api/incidents/trends?granularity=year&format=csv&split=source");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(csv.body().startsWith("period,series,count,total,standardized"));
    JsonNode tj = Json.read(get("/api/incidents/trends?granularity=month&topic=military&standardize=true").body());
    assertEquals("month", tj.get("granularity").asText());
    assertEquals(400, get("/api/incidents/trends?granularity=hour").statusCode());
    HttpResponse<String> feed = get("/api/incidents/feed.atom");
    assertEquals(200, feed.statusCode());
    assertTrue(feed.body().contains("http://www.w3.org/2005/Atom"));
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
        "{\"id\":\"deepfakes\",\"name_en\":\"Deepfakes\",\"name_zh\":\"深度伪造\",\"terms_en\":[\"deepfake\"],\"terms_zh\":[\"深度伪造\"]}");
    assertEquals(201, topic.statusCode(), topic.body());
    assertEquals(409, post("/api/incidents/topics", "analyst", "{\"id\":\"deepfakes\",\"name_en\":\"x\",\"terms_en\":[\"y\"]}").statusCode());
    HttpResponse<String> sub = post("/api/incidents/subscriptions", "analyst", "{\"name\":\"mil\",\"series\":\"topic=military&granularity=month\"}");
    assertEquals(201, sub.statusCode(), sub.body());
    assertEquals(400, post("/api/incidents/subscriptions", "analyst", "{\"name\":\"x\",\"series\":\"planet=mars\"}").statusCode());
    JsonNode list = Json.read(get("/api/incidents?limit=100").body());
    long a = list.get("items").get(0).get("id").asLong(), b = list.get("items").get(1).get("id").asLong();
    assertEquals(403, post("/api/incidents/" + a + "/merge", "analyst", "{\"with\":" + b + "}").statusCode());
    HttpResponse<String> merged = post("/api/incidents/" + a + "/merge", "editor", "{\"with\":" + b + ",\"note\":\"same\"}");
    assertEquals(200, merged.statusCode(), merged.body());
    long survivor = Json.read(merged.body()).get("incident_id").asLong();
    JsonNode recs = Json.read(get("/api/incidents/" + survivor + "/records").body()).get("items");
    assertTrue(recs.size() >= 2);
    HttpResponse<String> split = post("/api/incidents/" + survivor + "/split", "editor", "{\"records\":[" + recs.get(recs.size() - 1).get("id").asLong() + "]}");
    assertEquals(200, split.statusCode(), split.body());
    assertEquals(400, post("/api/incidents/" + survivor + "/split", "editor", "{\"records\":[123456789]}").statusCode());
    assertEquals(200, post("/api/incidents/alerts/scan", "editor", "").statusCode());
    assertEquals(401, post("/api/incidents/alerts/scan", null, "").statusCode());
  }
}
