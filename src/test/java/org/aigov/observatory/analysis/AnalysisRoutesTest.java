package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnalysisRoutesTest {
  static Javalin app;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    var entries = RegimeComplexTest.complex().nodes.values().stream().toList();
    var all = new java.util.ArrayList<>(entries);
    all.addAll(RegimeComplexTest.complex().relations);
    app = Javalin.create().start(0);
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(Map.of("title", e.title, "field", String.valueOf(e.field))));
    new AnalysisRoutes(() -> all).routes(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void complexAsJsonAndCsv() throws Exception {
    var r = get("/api/analysis/complex");
    assertEquals(200, r.statusCode());
    var counts = Json.read(r.body()).path("result").path("counts");
    assertEquals(7, counts.path("nested").asInt()); // the hand-worked graph of RegimeComplexTest
    assertEquals(4, counts.path("overlapping").asInt());
    var csv = get("/api/analysis/complex?format=csv&table=complex_counts");
    assertEquals("institutions,pairs,nested,overlapping,parallel,disjoint\r\n8,28,7,4,6,11\r\n", csv.body());
  }

  @Test
  void militaryAndErrors() throws Exception {
    var r = get("/api/analysis/military?format=csv&table=military_typology");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("US,comprehensive_outward,comprehensive_outward,true"), r.body());
    assertEquals(400, get("/api/analysis/military?format=xml").statusCode());
    // one line ending throughout: the "# table" and blank lines had LF, the rows CRLF (review of 2026-12-04)
    String all = get("/api/analysis/military?format=csv").body();
    assertTrue(all.contains("\r\n\r\n# military_categories\r\n"), all.substring(0, 200));
    assertFalse(all.replace("\r\n", "").contains("\n"), "a bare LF");
    var bad = get("/api/analysis/paths?format=csv&table=nope");
    assertEquals(400, bad.statusCode());
    assertEquals("table", Json.read(bad.body()).path("field").asText());
  }
}
