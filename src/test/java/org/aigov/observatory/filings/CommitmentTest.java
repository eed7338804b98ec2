package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PublishedChange;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.web.Observatory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A published filing's own text and workflow reach the transparency log through its record's commitment. */
class CommitmentTest {
  static TestServer s;
  static final List<PublishedChange> logged = new CopyOnWriteArrayList<>();
  @TempDir Path dir;

  @BeforeAll
  static void up() {
    s = new TestServer();
    s.obs.sinks.add((tx, change) -> logged.add(change));
  }

  @AfterAll
  static void down() {
    s.close();
  }

  private String publishDisclosure(String capabilities) {
    String id = s.call("POST", "/api/filings", "reporterB", TestServer.newFiling("disclosure", null, TestServer.disclosure(capabilities))).json().get("id").asText();
    for (String[] step : new String[][] {{"reporterB", "submit"}, {"reviewer", "start_review"}, {"reviewer", "publish"}})
      assertEquals(200, s.call("POST", "/api/filings/" + id + "/" + step[1], step[0], Map.of("comment", "ok")).status());
    return id;
  }

  private List<String> problemsAbout(String id) {
    List<String> out = new ArrayList<>();
    for (String p : Commitment.audit(s.obs.db, s.obs.registry)) if (p.contains(id)) out.add(p);
    return out;
  }

  @Test
  void theLoggedRecordCommitsToThePublishedTextAndWorkflow() {
    int before = logged.size();
    String id = publishDisclosure("Summarises contracts");
    Entry e = s.obs.registry.get("filing-" + id);
    JsonNode b = e.filing;
    assertNotNull(b, "the record carries the commitment");
    assertEquals(id, b.get("id").asText());
    assertEquals(1, b.get("version").asInt());
    // the public reads the published document; its canonical hash is what the record, and so the log, commits to
    JsonNode doc = s.call("GET", "/api/filings/" + id, "public", null).json().get("doc");
    assertEquals(Hashing.sha256Hex(CanonicalJson.of(doc)), b.get("content_sha256").asText());
    List<String> states = new ArrayList<>();
    b.get("history").forEach(h -> states.add(h.get("state").asText()));
    assertEquals(List.of("draft", "submitted", "in_review", "published"), states);
    assertTrue(!b.get("history").get(0).has("actor"), "the public history names no one");
    PublishedChange last = logged.get(logged.size() - 1);
    assertEquals(before + 1, logged.size());
    assertEquals("filing-" + id, last.recordId());
    assertEquals(e.contentHash, last.contentHash());
    assertEquals(List.of(), problemsAbout(id));
  }

  @Test
  void aRulesReportGetsARecordOfItsOwnBesideItsInstruments() {
    String id = s.filingIn("published");
    JsonNode f = s.call("GET", "/api/filings/" + id, "public", null).json();
    List<String> ids = new ArrayList<>();
    f.get("registry_ids").forEach(x -> ids.add(x.asText()));
    assertEquals("filing-" + id, ids.get(ids.size() - 1), ids.toString());
    Entry own = s.obs.registry.get("filing-" + id);
    assertEquals("report", own.type);
    assertTrue(own.tags.contains("rules-report"));
    assertTrue(own.name.zh().startsWith("国家人工智能规则报告：中国报告办公室"), own.name.zh());
    assertTrue(own.notes.contains(ids.get(0)), own.notes);
    assertEquals(List.of(), problemsAbout(id));
  }

  @Test
  void rewritingThePublishedTextBehindTheServersBackIsNamed() {
    String id = publishDisclosure("Reads invoices");
    s.obs.db.tx(c -> {
      for (String table : List.of("filings", "filing_versions")) {
        String col = "filings".equals(table) ? "id" : "filing_id";
        String doc = (String) Sql.value(c, "SELECT doc FROM " + table + " WHERE " + col + "=?", id);
        Sql.update(c, "UPDATE " + table + " SET doc=? WHERE " + col + "=?", doc.replace("Reads invoices", "Reads nothing personal"), id);
      }
      return null;
    });
    List<String> p = problemsAbout(id);
    assertTrue(p.stream().anyMatch(x -> x.contains("document does not hash")), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.contains("version 1 in the version history")), p.toString());
    assertTrue(p.stream().anyMatch(x -> x.contains("versions or transitions")), p.toString()); // versions' docs are in the workflow too
  }

  @Test
  void rewritingWhoReviewedOrHidingThePublicationIsNamed() {
    String a = publishDisclosure("Drafts letters");
    s.obs.db.tx(c -> Sql.update(c, "UPDATE filing_transitions SET actor='someone-else' WHERE filing_id=? AND to_state='published'", a));
    List<String> pa = problemsAbout(a);
    assertEquals(1, pa.size(), pa.toString());
    assertTrue(pa.get(0).contains("versions or transitions"), pa.toString());

    String b = publishDisclosure("Answers tickets");
    s.obs.db.tx(c -> Sql.update(c, "UPDATE filings SET state='draft' WHERE id=?", b));
    List<String> pb = problemsAbout(b);
    assertEquals(1, pb.size(), pb.toString());
    assertTrue(pb.get(0).contains("no longer shows it as published"), pb.toString());
    assertEquals(404, s.call("GET", "/api/filings/" + b, "public", null).status(), "hidden from the public, which is why it is named");

    String gone = publishDisclosure("Writes poems");
    s.obs.db.tx(c -> {
      for (String t : List.of("filing_transitions", "filing_versions")) Sql.update(c, "DELETE FROM " + t + " WHERE filing_id=?", gone);
      return Sql.update(c, "DELETE FROM filings WHERE id=?", gone);
    });
    List<String> pg = problemsAbout(gone);
    assertEquals(1, pg.size(), pg.toString());
    assertTrue(pg.get(0).contains("does not hold it"), pg.toString());
  }

  /** Who filed what under which type: rewriting party, type, title, creator or the records claimed passed verify (review of 2026-12-04). */
  @Test
  void rewritingThePartyTypeTitleCreatorOrRecordsIsNamed() {
    String[][] rewrites = {{"party", "'cn-office'", "stored for party cn-office"}, {"type", "'incident'", "stored as type incident"},
        {"title", "'Forged title'", "stored title is not the one"}, {"created_by", "'acct:999'", "created_by acct:999 is not the author"},
        {"registry_ids", "registry_ids || ',eu_ai_act'", "registry_ids lists eu_ai_act"}};
    for (String[] r : rewrites) {
      String id = publishDisclosure("Sorts mail " + r[0]);
      assertEquals(List.of(), problemsAbout(id));
      s.obs.db.tx(c -> Sql.update(c, "UPDATE filings SET " + r[0] + "=" + r[1] + " WHERE id=?", id));
      List<String> p = problemsAbout(id);
      assertTrue(p.stream().anyMatch(x -> x.contains(r[2])), r[0] + ": " + p);
    }
    // and a filing- record made outside publication, by import for instance, is named too
    Entry fake = new Entry();
    fake.id = "filing-f00000000000000000001";
    fake.kind = "instrument";
    fake.type = "report";
    fake.name = Text.of(null, "AI system disclosure: Acme RoboChat 2");
    s.obs.db.tx(c -> s.obs.registry.write(c, fake, null, "import", true));
    assertTrue(Commitment.audit(s.obs.db, s.obs.registry).stream().anyMatch(x -> x.startsWith("record filing-f00000000000000000001 v1: named as a filing's record")));
  }

  @Test
  void anEditorKeepsTheCommitmentAndCannotForgeOrWithdrawIt() {
    String id = publishDisclosure("Translates manuals");
    TestServer.Resp rec = s.call("GET", "/api/instruments/filing-" + id, "reviewer", null);
    assertEquals(200, rec.status(), rec.body());
    JsonNode cur = rec.json();
    // an edit that leaves the block out keeps it
    com.fasterxml.jackson.databind.node.ObjectNode edit = cur.deepCopy();
    edit.remove("filing");
    edit.put("notes", "Edited by the secretariat");
    TestServer.Resp up = s.call("PUT", "/api/instruments/filing-" + id, "reviewer", edit, "If-Match", rec.header("ETag"));
    assertEquals(200, up.status(), up.body());
    assertEquals(cur.get("filing"), s.obs.registry.get("filing-" + id).filing);
    // one that changes it is refused, naming the field
    com.fasterxml.jackson.databind.node.ObjectNode forged = up.json().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) forged.get("filing")).put("content_sha256", "0".repeat(64));
    TestServer.Resp bad = s.call("PUT", "/api/instruments/filing-" + id, "reviewer", forged, "If-Match", up.header("ETag"));
    assertEquals(400, bad.status(), bad.body());
    assertEquals("filing", bad.json().get("field").asText());
    // a new record cannot claim to be a filing's
    com.fasterxml.jackson.databind.node.ObjectNode fresh = Json.object();
    fresh.put("type", "report");
    fresh.set("name", Json.MAPPER.valueToTree(Text.of(null, "Fake disclosure")));
    fresh.set("filing", cur.get("filing"));
    TestServer.Resp made = s.call("POST", "/api/instruments", "reviewer", fresh);
    assertEquals(400, made.status(), made.body());
    assertEquals("filing", made.json().get("field").asText());
    // nor take a filing's name: one made by hand blocked the real filing's publication with a 409
    fresh.remove("filing");
    fresh.put("id", "filing-f00000000000000000002");
    TestServer.Resp named = s.call("POST", "/api/instruments", "reviewer", fresh);
    assertEquals(400, named.status(), named.body());
    assertEquals("id", named.json().get("field").asText());
    // and a published filing's record is not withdrawn
    TestServer.Resp del = s.call("DELETE", "/api/instruments/filing-" + id, "reviewer", null, "If-Match", up.header("ETag"));
    assertEquals(409, del.status(), del.body());
    assertEquals(List.of(), problemsAbout(id));
  }

  @Test
  void filingsPublishedBeforeCommitmentsAreLoggedAtStartAndVerifyStoreChecksThem() throws Exception {
    Path data = dir.resolve("data");
    String old;
    try (Observatory obs = Observatory.open(data, null)) {
      Accounts a = new Accounts(obs.db, Throttle.standard());
      a.createParty(new Accounts.PartyInput("acme", "company", Text.of(null, "Acme AI"), null, null), "t");
      long rep = ((Number) a.createAccount(new Accounts.AccountInput("rep@acme.test", null, "reporter", "acme", "a long password!"), "t").get("id")).longValue();
      Filings f = new Filings(obs.db, obs.registry);
      var p = new org.aigov.observatory.kernel.Principal("acct:" + rep, "reporter", "acme");
      old = obs.db.tx(c -> f.create(c, p, new Filings.NewFiling("disclosure", null, TestServer.disclosure("Old text")))).id();
      // what publication did before commitments: the record without one, the filing marked published
      Entry e = new Entry();
      e.id = "filing-" + old;
      e.kind = "instrument";
      e.type = "report";
      e.name = Text.of(null, "AI system disclosure: Acme-1");
      obs.db.tx(c -> obs.registry.write(c, e, null, "filing:" + old + " by someone", true)); // as Publisher wrote it
      obs.registry.refreshSearch();
      obs.db.tx(c -> Sql.update(c, "UPDATE filings SET state='published', published_at=?, registry_ids=? WHERE id=?", Sql.now(), "filing-" + old, old));
      assertTrue(Commitment.audit(obs.db, obs.registry).stream().anyMatch(x -> x.contains(old) && x.contains("no registry record")));
    }
    assertEquals(1, verifyStore(data).code(), "the unlogged filing is named");
    try (Observatory obs = Observatory.open(data, null)) {
      new FilingsRoutes(obs.db, obs.registry).outbox.close(); // what a server start does
      Entry e = obs.registry.get("filing-" + old);
      assertEquals(2, e.version);
      assertEquals(old, e.filing.get("id").asText());
      assertEquals(List.of(), Commitment.audit(obs.db, obs.registry));
    }
    Run ok = verifyStore(data);
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("also checked: filings"), ok.out());
    try (Observatory obs = Observatory.open(data, null)) {
      obs.db.tx(c -> Sql.update(c, "UPDATE filings SET doc=REPLACE(doc, 'Old text', 'New text') WHERE id=?", old));
    }
    Run bad = verifyStore(data);
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains("[filings] filing " + old), bad.out());
  }

  record Run(int code, String out, String err) {}

  private static Run verifyStore(Path data) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = org.aigov.observatory.cli.Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("verify", "store", "--data=" + data);
    return new Run(code, out.toString(), err.toString());
  }
}
