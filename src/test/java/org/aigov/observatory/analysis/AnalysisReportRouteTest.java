package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/analysis/report over the bundled seed snapshot, and what the page relies on in the analyses' JSON. */
class AnalysisReportRouteTest {
  static Javalin app;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Graph g = SeedData.graph();
    var all = new ArrayList<Entry>(g.nodes.values());
    all.addAll(g.relations);
    app = Javalin.create().start(0);
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(Map.of("title", e.title, "field", String.valueOf(e.field))));
    new AnalysisRoutes(() -> all).routes(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void htmlReportInEachLanguageWithItsFiguresInlined() throws Exception {
    var en = get("/api/analysis/report?lang=en&format=html");
    assertEquals(200, en.statusCode(), text(en));
    assertTrue(en.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String h = text(en);
    assertTrue(h.contains("<title>AI Governance Observatory: assessment report</title>"), h.substring(0, 300));
    assertTrue(h.contains("US AI-governance documents (paper 5, Table 1) (22)"), "a rebuilt seed table");
    // the page is one file: figures are data URIs, none points at a figures/ folder the server does not have
    assertTrue(h.contains("src=\"data:image/svg+xml;base64,"), "figures inlined");
    assertFalse(h.contains("src=\"figures/"), "no relative figure left");
    var zh = get("/api/analysis/report?lang=zh");
    assertEquals(200, zh.statusCode());
    assertTrue(text(zh).contains("<title>人工智能治理观察：评估报告</title>"));
    assertTrue(text(zh).contains("美国人工智能治理相关文件列表"));
    // the type and actor counts in Chinese, as the page says them; its stylesheet admitted by the page's own policy (review of 2026-12-03)
    assertTrue(text(zh).contains("法案") && !text(zh).contains("civil_society") && !text(zh).contains("systems_with_deployment="));
    String csp = zh.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("style-src " + Report.styleHash()) && csp.contains("img-src data:") && !csp.contains("script-src"), csp);
    // the computed tables' columns and coded values are in the report's language, as on the page (QA of 2026-12-02)
    String z = text(zh);
    var labels = Json.read(text(get("/api/analysis/labels")));
    for (String code : new String[] {"by_type", "betweenness", "developer_type"}) {
      String name = labels.path("zh").path("c_" + code).asText();
      assertFalse(name.isEmpty(), code);
      assertTrue(z.contains("<th>" + name + "</th>"), code + " as " + name);
      assertFalse(z.contains("<th>" + code + "</th>"), code + " left as a code");
    }
    assertFalse(z.contains(">policy_tools</td>") || z.contains(">path_dependent</td>"), "coded values translated");
    assertTrue(z.matches("(?s).*<td( class=\"tok\")?>" + java.util.regex.Pattern.quote(labels.path("zh").path("v_policy_tools").asText()) + "</td>.*"));
  }

  /**
   * Several people asking for the same report get one rendering (it used to be one after another: the twelfth of
   * twelve waited 38 s); a change to any record makes a new one.
   */
  @Test
  void theSameReportIsWrittenOnceAndANewOneAfterAChange() throws Exception {
    Graph g = SeedData.graph();
    var all = new java.util.concurrent.CopyOnWriteArrayList<Entry>(g.nodes.values());
    all.addAll(g.relations);
    Javalin own = Javalin.create().start(0);
    try {
      new AnalysisRoutes(() -> all).routes(own);
      String url = "http://localhost:" + own.port() + "/api/analysis/report?lang=en&format=html&scope=seed";
      var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
      try {
        var futures = new ArrayList<java.util.concurrent.Future<HttpResponse<byte[]>>>();
        for (int i = 0; i < 6; i++)
          futures.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())));
        java.util.Set<String> bodies = new java.util.HashSet<>();
        for (var f : futures) {
          HttpResponse<byte[]> r = f.get(180, java.util.concurrent.TimeUnit.SECONDS);
          assertEquals(200, r.statusCode());
          bodies.add(new String(r.body(), StandardCharsets.UTF_8));
        }
        assertEquals(1, bodies.size(), "one rendering, six answers"); // each rendering stamps its own "Generated" instant
        String first = bodies.iterator().next();
        // the cached page is the one answered again
        assertEquals(first, text(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())));
        // a record's new version is a new report
        Entry changed = Json.MAPPER.convertValue(all.get(0), Entry.class);
        changed.version = (all.get(0).version == null ? 1 : all.get(0).version) + 1;
        all.set(0, changed);
        String second = text(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        assertFalse(second.equals(first), "written anew after a change");
      } finally {
        pool.shutdownNow();
      }
    } finally {
      own.stop();
    }
  }

  @Test
  void pdfIsADownload() throws Exception {
    var r = get("/api/analysis/report?lang=zh&format=pdf&scope=seed");
    assertEquals(200, r.statusCode());
    assertEquals("%PDF", new String(r.body(), 0, 4, StandardCharsets.US_ASCII));
    assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
    assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"), r.headers().toString());
  }

  @Test
  void badLangFormatOrScopeNameTheirField() throws Exception {
    for (String[] c : new String[][] {{"lang=fr", "lang"}, {"lang=en&format=docx", "format"}, {"scope=everything", "scope"}}) {
      var r = get("/api/analysis/report?" + c[0]);
      assertEquals(400, r.statusCode(), c[0]);
      assertEquals(c[1], Json.read(text(r)).path("field").asText(), c[0]);
    }
  }

  @Test
  void jsonCarriesTheCsvTablesAndBilingualNames() throws Exception {
    var r = Json.read(text(get("/api/analysis/paths?jurisdictions=us,CN")));
    var profiles = r.path("tables").get(0);
    assertEquals("paths_profiles", profiles.path("name").asText());
    assertEquals("治理路径特征", profiles.path("title").path("zh").asText());
    // codes are taken as the registry spells them
    assertEquals("US", profiles.path("rows").get(0).get(0).asText());
    assertEquals("CN", profiles.path("rows").get(1).get(0).asText());
    assertEquals("中国", r.path("names").path("CN").path("zh").asText());
    assertEquals("cn", r.path("names").path("CN").path("id").asText());
    var mil = Json.read(text(get("/api/analysis/military")));
    assertEquals("United States", mil.path("names").path("US").path("en").asText());
  }

  @Test
  void unknownOrTooManyJurisdictionsAre400() throws Exception {
    var r = get("/api/analysis/paths?jurisdictions=US,XX");
    assertEquals(400, r.statusCode());
    assertEquals("jurisdictions", Json.read(text(r)).path("field").asText());
    String many = String.join(",", java.util.stream.IntStream.range(0, 61).mapToObj(i -> "J" + i).toList());
    var m = get("/api/analysis/paths?jurisdictions=" + many);
    assertEquals(400, m.statusCode());
    assertEquals("jurisdictions", Json.read(text(m)).path("field").asText());
    assertEquals(200, get("/api/analysis/paths?jurisdictions=US,EU,GB").statusCode());
    // an unknown code comes back cut short (outside QA: a 9,000-character one had been echoed twice in full)
    assertEquals(400, get("/api/analysis/paths?jurisdictions=" + "A".repeat(3000)).statusCode());
    ApiException longOne = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
        () -> org.aigov.observatory.registry.Registry.knownJurisdictions(java.util.List.of("A".repeat(9000)), java.util.List.of(), "jurisdictions"));
    assertTrue(longOne.getMessage().length() < 400, longOne.getMessage().length() + " characters");
    assertTrue(longOne.getMessage().contains("'" + "A".repeat(100) + "…'"), longOne.getMessage());
    // a list the analysis does not take is refused by name (complex?jurisdictions=ZZ answered 200, the list ignored)
    var ignored = get("/api/analysis/complex?jurisdictions=ZZ");
    assertEquals(400, ignored.statusCode());
    assertTrue(text(ignored).contains("\"field\":\"jurisdictions\""), text(ignored));
  }
}
