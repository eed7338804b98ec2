package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.kernel.Tokens;
import org.aigov.observatory.web.Modules;
import org.aigov.observatory.web.Observatory;
import org.aigov.observatory.web.WebServer;

/** The whole web server in memory, with two reporting parties and one account per role. */
final class TestServer implements AutoCloseable {
  static final String PW = "correct horse battery";
  final Observatory obs;
  final FilingsRoutes routes;
  final Javalin app;
  final String base;
  final String adminToken;
  final Map<String, String> tokens = new HashMap<>();
  final Map<String, Long> accountIds = new HashMap<>();
  final HttpClient http = HttpClient.newHttpClient();

  TestServer() {
    this(new FilingsRoutes.Config(false, new Throttle(3, 50, 60, Clock.systemUTC()), 100_000, Duration.ofMillis(50), null));
  }

  TestServer(FilingsRoutes.Config cfg) {
    obs = Observatory.inMemory("filings-" + UUID.randomUUID());
    routes = new FilingsRoutes(obs.db, obs.registry, cfg);
    List<HttpModule> modules = Modules.with(obs, routes);
    app = WebServer.create(obs, modules).start(0);
    base = "http://localhost:" + app.port();
    adminToken = new Tokens(obs.db).ensureAdmin().orElseThrow();
    Accounts a = routes.accounts;
    a.createParty(new Accounts.PartyInput("cn-office", "jurisdiction", Text.of("中国报告办公室", "China reporting office"), "CN", null), "test");
    a.createParty(new Accounts.PartyInput("acme", "company", Text.of(null, "Acme AI"), null, null), "test");
    a.createParty(new Accounts.PartyInput("secretariat", "secretariat", Text.of("秘书处", "Secretariat"), null, null), "test");
    account("admin", "admin", "secretariat", List.of("read", "submit", "review", "admin"));
    account("reviewer", "reviewer", "secretariat", List.of("read", "review"));
    account("reporterA", "reporter", "cn-office", List.of("read", "submit"));
    account("reporterB", "reporter", "acme", List.of("read", "submit"));
    account("analyst", "analyst", null, List.of("read"));
  }

  private void account(String name, String role, String party, List<String> scopes) {
    Map<String, Object> acc = routes.accounts.createAccount(new Accounts.AccountInput(name.toLowerCase() + "@example.org", name, role, party, PW), "test");
    long id = ((Number) acc.get("id")).longValue();
    accountIds.put(name, id);
    tokens.put(name, (String) routes.accounts.issueToken(id, new Accounts.TokenInput("test", scopes, 30), "test").get("token"));
  }

  record Resp(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      return Json.read(body);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** who: a role name from {@link #tokens}, "public" for none, or a raw "Bearer ..." value. */
  Resp call(String method, String path, String who, Object body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      if (who != null && !"public".equals(who)) b.header("Authorization", "Bearer " + tokens.getOrDefault(who, who));
      for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
      String text = body == null ? null : body instanceof String s ? s : Json.write(body);
      if (text != null) b.header("Content-Type", "application/json");
      b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  // ---- sample forms

  static ObjectNode rulesReport(String name) {
    ObjectNode d = Json.object();
    d.put("jurisdiction", "CN");
    d.put("period", "2025");
    ObjectNode i = d.putArray("instruments").addObject();
    i.put("action", "new");
    i.put("type", "regulation");
    i.putObject("name").put("zh", "生成式人工智能服务管理办法").put("en", name);
    i.put("date", "2023-07-10");
    i.put("binding", "hard");
    i.put("status", "in_force");
    i.putArray("sources").addObject().put("url", "https://www.cac.gov.cn/2023-07/13/c_1690898327029107.htm");
    return d;
  }

  static ObjectNode disclosure(String capabilities) {
    ObjectNode d = Json.object();
    d.put("developer", "Acme AI");
    d.put("system_name", "Acme-1");
    d.put("version", "1.0");
    d.putArray("modalities").add("text").add("image");
    d.put("capabilities", capabilities);
    d.put("intended_uses", "General assistance");
    d.put("prohibited_uses", "Weapons development");
    d.put("training_compute_flop", 3.1e24);
    d.put("training_data_summary", "Public web text and licensed data");
    d.putArray("evaluations").addObject().put("name", "MMLU").put("result", "78%");
    d.put("safety_measures", "Red-teaming before release");
    d.putArray("deployment_regions").add("EU").add("US");
    d.put("open_weights", false);
    return d;
  }

  static ObjectNode incident(String title) {
    ObjectNode d = Json.object();
    d.put("title", title);
    d.put("date_occurred", "2025-03");
    d.put("system", "Acme-1");
    d.putArray("harm_types").add("privacy");
    d.put("severity", "medium");
    d.put("description", "Personal data appeared in outputs.");
    return d;
  }

  /** Files {@code doc} as reporterB (party acme) and takes it through review to published; returns its id. */
  String publishedByReporterB(String type, JsonNode doc) {
    Resp made = call("POST", "/api/filings", "reporterB", newFiling(type, null, doc));
    if (made.status != 201) throw new AssertionError(made.body);
    String id = made.json().get("id").asText();
    for (String[] step : new String[][] {{"reporterB", "submit"}, {"reviewer", "start_review"}, {"reviewer", "publish"}}) {
      Resp r = call("POST", "/api/filings/" + id + "/" + step[1], step[0], null);
      if (r.status != 200) throw new AssertionError(step[1] + ": " + r.body);
    }
    return id;
  }

  static ObjectNode newFiling(String type, String party, JsonNode doc) {
    ObjectNode n = Json.object();
    n.put("type", type);
    if (party != null) n.put("party", party);
    n.set("doc", doc);
    return n;
  }

  /** Creates a filing as reporterA (party cn-office) and moves it to {@code state}. */
  String filingIn(String state) {
    Resp r = call("POST", "/api/filings", "reporterA", newFiling("rules_report", "cn-office", rulesReport("Rules " + UUID.randomUUID())));
    if (r.status != 201) throw new AssertionError(r.body);
    String id = r.json().get("id").asText();
    List<String[]> steps = switch (state) {
      case "draft" -> List.of();
      case "submitted" -> List.<String[]>of(new String[] {"reporterA", "submit"});
      case "in_review" -> List.of(new String[] {"reporterA", "submit"}, new String[] {"reviewer", "start_review"});
      case "returned" -> List.of(new String[] {"reporterA", "submit"}, new String[] {"reviewer", "start_review"}, new String[] {"reviewer", "return"});
      case "published" -> List.of(new String[] {"reporterA", "submit"}, new String[] {"reviewer", "start_review"}, new String[] {"reviewer", "publish"});
      default -> throw new IllegalArgumentException(state);
    };
    for (String[] s : steps) {
      Resp x = call("POST", "/api/filings/" + id + "/" + s[1], s[0], Map.of("comment", "please fix"));
      if (x.status != 200) throw new AssertionError(s[1] + ": " + x.body);
    }
    return id;
  }

  @Override
  public void close() {
    app.stop();
    routes.outbox.close();
    obs.close();
  }
}
