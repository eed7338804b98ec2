package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.web.Observatory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FilingsCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    PrintStream o = System.out, e = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new FilingsCommand()).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  /** On a store no server has started on, a jurisdiction is unknown because the registry is empty, and it says so. */
  @Test
  void aPartyOnAStoreWithoutTheRegistrySaysHowToGetIt() {
    Run r = run("party-add", "--data=" + dir.resolve("fresh"), "--id", "cn-office", "--kind", "jurisdiction", "--name-en", "China reporting office",
        "--name-zh", "中国报告办公室", "--jurisdiction", "CN");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown jurisdiction 'CN': the registry is empty; start `observatory serve` once on this store"), r.err());
  }

  @Test
  void submitReviewListShowThroughTheCli() throws Exception {
    Path data = dir.resolve("data");
    try (Observatory obs = Observatory.open(data, null)) {
      Accounts a = new Accounts(obs.db, Throttle.standard());
      a.createParty(new Accounts.PartyInput("acme", "company", Text.of(null, "Acme"), null, null), "t");
      a.createAccount(new Accounts.AccountInput("rep@acme.test", null, "reporter", "acme", "a long password!"), "t");
      a.createAccount(new Accounts.AccountInput("rev@sec.test", null, "reviewer", null, "a long password!"), "t");
      a.createAccount(new Accounts.AccountInput("ana@sec.test", null, "analyst", null, "a long password!"), "t");
    }
    Path form = dir.resolve("incident.json");
    Files.writeString(form, Json.write(TestServer.incident("CLI incident")));
    String d = "--data=" + data;
    Run sub = run("submit", d, "--as", "rep@acme.test", "--type", "incident", form.toString());
    assertEquals(0, sub.code(), sub.err());
    String id = sub.out().trim().split(" ")[0];
    assertTrue(sub.out().contains("submitted"));
    // a reporter cannot review
    Run bad = run("review", d, "--as", "rep@acme.test", "--action", "publish", id);
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("reviewers"), bad.err());
    assertEquals(0, run("review", d, "--as", "rev@sec.test", "--action", "start_review", id).code());
    Run pub = run("review", d, "--as", "rev@sec.test", "--action", "publish", id);
    assertTrue(pub.out().contains("published -> filing-" + id), pub.out());
    Run list = run("list", d, "--state", "published");
    assertTrue(list.out().contains(id) && list.out().contains("CLI incident"), list.out());
    Run show = run("show", d, id);
    assertEquals("published", Json.read(show.out()).get("state").asText());
    assertEquals(4, Json.read(show.out()).get("history").size());
    // bad forms name every field
    Files.writeString(form, "{\"title\": 5}");
    Run inv = run("submit", d, "--as", "rep@acme.test", "--type", "incident", form.toString());
    assertEquals(2, inv.code());
    assertTrue(inv.err().contains("doc.title: must be text") && inv.err().contains("doc.severity: required"), inv.err());
    // the summary line counts the fields; each is named once, in the list (the first was named twice)
    java.util.List<String> lines = inv.err().strip().lines().toList();
    assertTrue(lines.get(0).matches("error: \\d+ field\\(s\\) need attention:"), inv.err());
    assertEquals(1, lines.stream().filter(l -> l.contains("doc.title: must be text")).count(), inv.err());
    assertEquals(Integer.parseInt(lines.get(0).replaceAll("\\D", "")), lines.size() - 1, inv.err());
    assertEquals(3, run("show", d, "fnope").code());
    // the command shows an account what the API shows it: who filed is the workflow's, not an analyst's (review of 2026-12-04)
    assertTrue(Json.read(show.out()).has("created_by"), show.out());
    Run asAnalyst = run("show", d, "--as", "ana@sec.test", id);
    assertEquals(0, asAnalyst.code(), asAnalyst.err());
    assertTrue(!Json.read(asAnalyst.out()).has("created_by"), asAnalyst.out());
    // and a disabled account, which cannot sign in, cannot act here either
    try (Observatory obs = Observatory.open(data, null)) {
      obs.db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE filing_accounts SET disabled=TRUE WHERE email='rep@acme.test'"));
    }
    Files.writeString(form, Json.write(TestServer.incident("From a disabled account")));
    Run disabled = run("submit", d, "--as", "rep@acme.test", "--type", "incident", form.toString());
    assertEquals(2, disabled.code(), disabled.out());
    assertTrue(disabled.err().contains("--as: account rep@acme.test is disabled"), disabled.err());
  }
}
