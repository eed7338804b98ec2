package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Registry;
import org.aigov.observatory.web.Observatory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The store on PostgreSQL: the workflow, publication and concurrent idempotent retries. */
class PostgresFilingsTest {
  @Test
  void workflowAndConcurrentRetriesOnPostgres() throws Exception {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Observatory obs = Observatory.over(Db.connect(url, null, null, schema))) {
      Registry reg = obs.registry;
      Accounts acc = new Accounts(obs.db, Throttle.standard());
      acc.createParty(new Accounts.PartyInput("acme", "company", Text.of(null, "Acme"), null, null), "t");
      Filings f = new Filings(obs.db, reg);
      Principal rep = new Principal("acct:1", "reporter", "acme"), rev = new Principal("acct:2", "reviewer", null);
      ObjectNode doc = TestServer.incident("PG incident");
      Filings.Filing made = obs.db.tx(c -> f.create(c, rep, new Filings.NewFiling("incident", null, doc)));
      obs.db.tx(c -> f.act(c, rep, made.id(), "submit", null));
      obs.db.tx(c -> f.act(c, rev, made.id(), "start_review", null));
      Filings.Filing pub = obs.db.tx(c -> f.act(c, rev, made.id(), "publish", null));
      assertEquals("published", pub.state());
      assertEquals("report", reg.get("filing-" + made.id()).type);
      assertEquals(4, f.transitions(Principal.PUBLIC, made.id()).size());
      // the commitment recomputes on PostgreSQL's own timestamps, and a rewrite there is named too
      assertEquals(made.id(), reg.get("filing-" + made.id()).filing.get("id").asText());
      assertEquals(List.of(), Commitment.audit(obs.db, reg));
      obs.db.tx(c -> Sql.update(c, "UPDATE filing_transitions SET comment='inserted later' WHERE filing_id=? AND to_state='submitted'", made.id()));
      List<String> problems = Commitment.audit(obs.db, reg);
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(problems.get(0).contains("filing " + made.id()) && problems.get(0).contains("transitions"), problems.toString());
      // the same Idempotency-Key retried from many threads at once yields one filing
      try (TestServerOver srv = new TestServerOver(obs)) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        String body = Json.write(TestServer.newFiling("incident", "acme", TestServer.incident("retried")));
        for (int i = 0; i < 16; i++)
          results.add(pool.submit(() -> srv.post("/api/filings", body, "same-key").json().get("id").asText()));
        Set<String> ids = new HashSet<>();
        for (Future<String> r : results) ids.add(r.get());
        pool.shutdown();
        assertEquals(1, ids.size());
        long n = obs.db.read(c -> ((Number) Sql.one(c, "SELECT COUNT(*) AS n FROM filings WHERE title='retried'").get("n")).longValue());
        assertEquals(1, n);
      }
    } finally {
      try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /** A web server over an existing Observatory with one reporter token. */
  static final class TestServerOver implements AutoCloseable {
    final io.javalin.Javalin app;
    final String token;
    final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    TestServerOver(Observatory obs) {
      FilingsRoutes routes = new FilingsRoutes(obs.db, obs.registry,
          new FilingsRoutes.Config(false, Throttle.standard(), 100_000, java.time.Duration.ofSeconds(1), null));
      List<org.aigov.observatory.kernel.HttpModule> m = org.aigov.observatory.web.Modules.with(obs, routes);
      app = org.aigov.observatory.web.WebServer.create(obs, m).start(0);
      long id = ((Number) routes.accounts.createAccount(new Accounts.AccountInput("r@acme.test", null, "reporter", "acme", TestServer.PW), "t")
          .get("id")).longValue();
      token = (String) routes.accounts.issueToken(id, new Accounts.TokenInput("t", List.of("read", "submit"), 1), "t").get("token");
    }

    TestServer.Resp post(String path, String body, String key) throws Exception {
      var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + app.port() + path))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Idempotency-Key", key)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) throw new AssertionError(r.statusCode() + " " + r.body());
      return new TestServer.Resp(r.statusCode(), r.body(), r);
    }

    @Override
    public void close() {
      app.stop();
    }
  }
}
