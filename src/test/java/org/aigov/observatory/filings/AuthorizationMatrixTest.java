package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.aigov.observatory.kernel.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every role × every action × own or other party. Filings belong to party cn-office (reporterA's);
 * reporterB is the other party's reporter. Each cell gets a fresh filing in the needed state.
 */
class AuthorizationMatrixTest {
  static final List<String> WHO = List.of("admin", "reviewer", "reporterA", "reporterB", "analyst", "public");
  static TestServer s;

  @BeforeAll
  static void up() {
    s = new TestServer();
  }

  @AfterAll
  static void down() {
    s.close();
  }

  /** An action: given the caller and a fresh filing id (or null), performs a request and returns the status. */
  record Action(String name, String state, BiFunction<String, String, Integer> run, int... expected) {}

  static int st(TestServer.Resp r) {
    return r.status();
  }

  @Test
  void fullMatrix() {
    //                                       admin reviewer reporterA reporterB analyst public
    List<Action> actions = List.of(
        new Action("read draft", "draft", (w, id) -> st(s.call("GET", "/api/filings/" + id, w, null)), 200, 404, 200, 404, 404, 404),
        new Action("read submitted", "submitted", (w, id) -> st(s.call("GET", "/api/filings/" + id, w, null)), 200, 200, 200, 404, 404, 404),
        new Action("read returned", "returned", (w, id) -> st(s.call("GET", "/api/filings/" + id, w, null)), 200, 200, 200, 404, 404, 404),
        new Action("read published", "published", (w, id) -> st(s.call("GET", "/api/filings/" + id, w, null)), 200, 200, 200, 200, 200, 200),
        new Action("versions of draft", "draft", (w, id) -> st(s.call("GET", "/api/filings/" + id + "/versions", w, null)), 200, 404, 200, 404, 404, 404),
        new Action("history of draft", "draft", (w, id) -> st(s.call("GET", "/api/filings/" + id + "/history", w, null)), 200, 404, 200, 404, 404, 404),
        new Action("diff of submitted", "submitted", (w, id) -> st(s.call("GET", "/api/filings/" + id + "/diff?from=1&to=1", w, null)), 200, 200, 200, 404, 404, 404),
        new Action("version 1 of submitted", "submitted", (w, id) -> st(s.call("GET", "/api/filings/" + id + "/versions/1", w, null)), 200, 200, 200, 404, 404, 404),
        new Action("create for own party A", null, (w, id) -> st(s.call("POST", "/api/filings", w,
            TestServer.newFiling("rules_report", "cn-office", TestServer.rulesReport("x")))), 201, 403, 201, 403, 403, 401),
        new Action("edit draft", "draft", (w, id) -> st(s.call("PUT", "/api/filings/" + id, w, Map.of("doc", TestServer.rulesReport("edited")))),
            200, 404, 200, 404, 404, 401),
        new Action("edit returned", "returned", (w, id) -> st(s.call("PUT", "/api/filings/" + id, w, Map.of("doc", TestServer.rulesReport("edited")))),
            200, 403, 200, 404, 404, 401),
        new Action("edit published", "published", (w, id) -> st(s.call("PUT", "/api/filings/" + id, w, Map.of("doc", TestServer.rulesReport("edited")))),
            409, 403, 409, 403, 403, 401),
        new Action("submit draft", "draft", (w, id) -> st(s.call("POST", "/api/filings/" + id + "/submit", w, null)), 200, 404, 200, 404, 404, 401),
        new Action("share draft", "draft", (w, id) -> st(s.call("POST", "/api/filings/" + id + "/share", w, Map.of("shared", true))), 200, 404, 200, 404, 404, 401),
        new Action("start review", "submitted", (w, id) -> st(s.call("POST", "/api/filings/" + id + "/start_review", w, null)), 200, 200, 403, 404, 404, 401),
        new Action("return", "in_review", (w, id) -> st(s.call("POST", "/api/filings/" + id + "/return", w, Map.of("comment", "fix"))), 200, 200, 403, 404, 404, 401),
        new Action("publish", "in_review", (w, id) -> st(s.call("POST", "/api/filings/" + id + "/publish", w, null)), 200, 200, 403, 404, 404, 401),
        new Action("publish a draft", "draft", (w, id) -> st(s.call("POST", "/api/filings/" + id + "/publish", w, null)), 409, 404, 403, 404, 404, 401),
        new Action("read audit", null, (w, id) -> st(s.call("GET", "/api/filings/audit", w, null)), 200, 403, 403, 403, 403, 401),
        new Action("list accounts", null, (w, id) -> st(s.call("GET", "/api/filings/accounts", w, null)), 200, 403, 403, 403, 403, 401),
        new Action("create account", null, (w, id) -> st(s.call("POST", "/api/filings/accounts", w, Map.of("email", UUID.randomUUID() + "@x.org",
            "role", "analyst", "password", "long enough password"))), 201, 403, 403, 403, 403, 401),
        new Action("change a role", null, (w, id) -> st(s.call("PUT", "/api/filings/accounts/" + s.accountIds.get("analyst") + "/role", w,
            Map.of("role", "analyst"))), 200, 403, 403, 403, 403, 401),
        new Action("re-enable an account", null, (w, id) -> st(s.call("PUT", "/api/filings/accounts/" + s.accountIds.get("analyst") + "/disabled", w,
            Map.of("disabled", false))), 200, 403, 403, 403, 403, 401),
        new Action("create party", null, (w, id) -> st(s.call("POST", "/api/filings/parties", w, Map.of("id", "p" + Math.abs(UUID.randomUUID().hashCode()),
            "kind", "company", "name", Map.of("en", "X")))), 201, 403, 403, 403, 403, 401),
        new Action("register webhook", null, (w, id) -> st(s.call("POST", "/api/filings/webhooks", w, Map.of("url", "http://127.0.0.1:9/x"))),
            201, 403, 403, 403, 403, 401),
        new Action("list webhooks", null, (w, id) -> st(s.call("GET", "/api/filings/webhooks", w, null)), 200, 403, 403, 403, 403, 401));
    List<String> wrong = new ArrayList<>();
    Map<String, Integer> cells = new LinkedHashMap<>();
    for (Action a : actions) {
      for (int i = 0; i < WHO.size(); i++) {
        String who = WHO.get(i);
        String id = a.state() == null ? null : s.filingIn(a.state());
        int got = a.run().apply(who, id);
        cells.put(a.name() + " / " + who, got);
        if (got != a.expected()[i]) wrong.add(a.name() + " as " + who + ": expected " + a.expected()[i] + ", got " + got);
      }
    }
    assertEquals(actions.size() * WHO.size(), cells.size());
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void reporterCannotFileForAnotherPartyByChangingTheBody() {
    TestServer.Resp r = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("rules_report", "cn-office", TestServer.rulesReport("x")));
    assertEquals(403, r.status());
    // without a party, the reporter's own party is used
    TestServer.Resp own = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("incident", null, TestServer.incident("mine")));
    assertEquals(201, own.status());
    assertEquals("acme", own.json().get("party").asText());
    // a body cannot smuggle in other fields such as party or state on edit
    String id = own.json().get("id").asText();
    assertEquals(400, s.call("PUT", "/api/filings/" + id, "reporterB", Map.of("doc", TestServer.incident("x"), "party", "cn-office")).status());
    assertEquals(400, s.call("PUT", "/api/filings/" + id, "reporterB", Map.of("doc", TestServer.incident("x"), "state", "published")).status());
    assertEquals("acme", s.call("GET", "/api/filings/" + id, "reporterB", null).json().get("party").asText());
  }

  @Test
  void listsShowOnlyWhatTheCallerMaySee() {
    String draft = s.filingIn("draft");
    String submitted = s.filingIn("submitted");
    String published = s.filingIn("published");
    Map<String, List<String>> seen = new LinkedHashMap<>();
    for (String w : WHO) {
      List<String> ids = new ArrayList<>();
      s.call("GET", "/api/filings?limit=500", w, null).json().get("items").forEach(n -> ids.add(n.get("id").asText()));
      seen.put(w, ids);
    }
    assertTrue(seen.get("admin").containsAll(List.of(draft, submitted, published)));
    assertTrue(seen.get("reporterA").containsAll(List.of(draft, submitted, published)));
    assertTrue(seen.get("reviewer").containsAll(List.of(submitted, published)));
    assertFalse(seen.get("reviewer").contains(draft));
    for (String w : List.of("reporterB", "analyst", "public")) {
      assertTrue(seen.get(w).contains(published), w);
      assertFalse(seen.get(w).contains(draft) || seen.get(w).contains(submitted), w + " saw a private filing");
    }
  }

  @Test
  void analystsSeeDraftsSharedWithThem() {
    String id = s.filingIn("draft");
    assertEquals(404, s.call("GET", "/api/filings/" + id, "analyst", null).status());
    assertEquals(200, s.call("POST", "/api/filings/" + id + "/share", "reporterA", Map.of("shared", true)).status());
    assertEquals(200, s.call("GET", "/api/filings/" + id, "analyst", null).status());
    assertEquals(404, s.call("GET", "/api/filings/" + id, "reporterB", null).status());
    // analysts read, never write
    assertEquals(403, s.call("PUT", "/api/filings/" + id, "analyst", Map.of("doc", TestServer.rulesReport("x"))).status());
  }

  @Test
  void tokenScopesLimitWhatATokenMayDo() {
    long a = s.accountIds.get("reporterA");
    String readOnly = (String) s.routes.accounts.issueToken(a, new Accounts.TokenInput("ro", List.of("read"), 1), "test").get("token");
    assertEquals(403, s.call("POST", "/api/filings", readOnly, TestServer.newFiling("incident", null, TestServer.incident("x"))).status());
    String draft = s.filingIn("draft");
    assertEquals(200, s.call("GET", "/api/filings/" + draft, readOnly, null).status());
    // a reporter cannot get a review scope
    TestServer.Resp r = s.call("POST", "/api/filings/tokens", "reporterA", Map.of("name", "x", "scopes", List.of("review")));
    assertEquals(400, r.status());
    assertEquals("scopes", r.json().get("field").asText());
  }

  /** Found by QA (2026-12-02): a read-only token minted itself an admin token, and wrote the registry and the log. */
  @Test
  void aTokenHandsOnRevokesAndWritesOnlyWithinItsScopes() {
    long admin = s.accountIds.get("admin"), reviewer = s.accountIds.get("reviewer");
    String adminRead = (String) s.routes.accounts.issueToken(admin, new Accounts.TokenInput("ro", List.of("read"), 1), "test").get("token");
    TestServer.Resp minted = s.call("POST", "/api/filings/tokens", adminRead, Map.of("name", "up", "scopes", List.of("read", "admin")));
    assertEquals(403, minted.status(), minted.body());
    assertEquals(201, s.call("POST", "/api/filings/tokens", adminRead, Map.of("name", "same")).status(), "read mints read");
    TestServer.Resp full = s.call("POST", "/api/filings/tokens", "admin", Map.of("name", "full", "scopes", List.of("read", "admin")));
    assertEquals(201, full.status(), full.body());
    assertEquals(403, s.call("DELETE", "/api/filings/tokens/" + full.json().get("id").asLong(), adminRead, null).status(), "nor revokes a stronger one");
    // the scopes hold outside /api/filings too
    String reviewerRead = (String) s.routes.accounts.issueToken(reviewer, new Accounts.TokenInput("ro", List.of("read"), 1), "test").get("token");
    Map<String, Object> record = Map.of("type", "guideline", "name", Map.of("en", "Scoped guideline"));
    assertEquals(403, s.call("POST", "/api/instruments", reviewerRead, record).status());
    assertEquals(403, s.call("POST", "/api/log/head", reviewerRead, null).status());
    assertEquals(403, s.call("POST", "/api/incidents/cluster", reviewerRead, null).status());
    assertEquals(201, s.call("POST", "/api/instruments", "reviewer", record).status(), "the review scope writes as before");
  }

  /** Found by QA (2026-12-02): once published, a filing's earlier drafts and the reviewers' comments were public. */
  @Test
  void thePublicReadsThePublishedVersionNotTheDraftsBeforeIt() {
    String id = s.filingIn("returned"); // returned with the comment "please fix"
    assertEquals(200, s.call("PUT", "/api/filings/" + id, "reporterA", Map.of("doc", TestServer.rulesReport("fixed"))).status());
    for (String[] step : new String[][] {{"reporterA", "submit"}, {"reviewer", "start_review"}, {"reviewer", "publish"}})
      assertEquals(200, s.call("POST", "/api/filings/" + id + "/" + step[1], step[0], Map.of()).status(), step[1]);
    int published = s.call("GET", "/api/filings/" + id, "public", null).json().get("version").asInt();
    assertTrue(published >= 2);
    TestServer.Resp versions = s.call("GET", "/api/filings/" + id + "/versions", "public", null);
    assertEquals(1, versions.json().size(), versions.body());
    assertEquals(published, versions.json().get(0).get("version").asInt());
    assertEquals(404, s.call("GET", "/api/filings/" + id + "/versions/1", "public", null).status(), "the first draft stays with the workflow");
    assertEquals(200, s.call("GET", "/api/filings/" + id + "/versions/" + published, "public", null).status());
    TestServer.Resp history = s.call("GET", "/api/filings/" + id + "/history", "public", null);
    assertFalse(history.body().contains("please fix") || history.body().contains("\"actor\""), history.body());
    assertTrue(history.body().contains("published"), history.body());
    // the people in the workflow still see it all
    assertTrue(s.call("GET", "/api/filings/" + id + "/history", "reviewer", null).body().contains("please fix"));
    assertEquals(200, s.call("GET", "/api/filings/" + id + "/versions/1", "reporterA", null).status());
  }

  @Test
  void revokedAndUnknownTokensAreRejected() {
    TestServer.Resp issued = s.call("POST", "/api/filings/tokens", "reporterB", Map.of("name", "temp", "scopes", List.of("read", "submit"), "expires_in_days", 1));
    assertEquals(201, issued.status());
    String tok = issued.json().get("token").asText();
    assertEquals(200, s.call("GET", "/api/filings/me", tok, null).status());
    long tid = issued.json().get("id").asLong();
    // another party's reporter cannot revoke it (404), its owner can
    assertEquals(404, s.call("DELETE", "/api/filings/tokens/" + tid, "reporterA", null).status());
    assertEquals(204, s.call("DELETE", "/api/filings/tokens/" + tid, "reporterB", null).status());
    assertEquals(401, s.call("GET", "/api/filings/me", tok, null).status());
    assertEquals(401, s.call("GET", "/api/filings", "obs_notarealtoken", null).status());
    // only hashes are stored
    String stored = s.obs.db.read(c -> Sql.one(c, "SELECT token_hash FROM filing_tokens WHERE id=?", tid)).get("token_hash").toString();
    assertFalse(stored.contains(tok.substring(4, 20)));
    assertEquals(64, stored.trim().length());
  }
}
