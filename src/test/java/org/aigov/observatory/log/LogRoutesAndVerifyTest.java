package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** HTTP routes against a live Javalin, and the verify command against them and against files. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogRoutesAndVerifyTest {
  static TestStores.Store store;
  static TransparencyLog log;
  static Javalin app;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    store = TestStores.open("h2");
    log = LogStoreTest.fill(store, 21);
    app = Javalin.create();
    app.before(ctx -> {
      if ("Bearer admin".equals(ctx.header("Authorization"))) ctx.attribute(Auth.ATTR, new Principal("t", "admin", null));
    });
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(Map.of("title", e.title, "detail", e.getMessage())));
    new LogRoutes(log).routes(app);
    app.start(0);
    base = "http://localhost:" + app.port();
  }

  @AfterAll
  static void stop() {
    app.stop();
    store.close();
  }

  static HttpResponse<String> http(String method, String path, String auth) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (auth != null) b.header("Authorization", auth);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode getJson(String path) throws Exception {
    var r = http("GET", path, null);
    assertEquals(200, r.statusCode(), r.body());
    return Json.read(r.body());
  }

  record Run(int code, String out) {}

  static Run verify(String... args) {
    StringWriter sw = new StringWriter();
    CommandLine cl = new CommandLine(new VerifyCommand());
    cl.setOut(new PrintWriter(sw, true));
    cl.setErr(new PrintWriter(sw, true));
    int code = cl.execute(args);
    return new Run(code, sw.toString());
  }

  @Test
  @Order(1)
  void routesServeKeyHeadEntriesAndProofs() throws Exception {
    JsonNode key = getJson("/api/log/key");
    assertEquals("Ed25519", key.get("algorithm").asText());
    assertEquals(log.keys().keyId, key.get("key_id").asText());
    assertEquals(32, Base64.getDecoder().decode(key.get("public_key").asText()).length);

    assertEquals(401, http("POST", "/api/log/head", null).statusCode());
    var posted = http("POST", "/api/log/head", "Bearer admin");
    assertEquals(201, posted.statusCode());
    SignedHead h = SignedHead.fromJson(Json.read(posted.body()));
    assertEquals(21, h.treeSize());
    assertTrue(LogKeys.verifyHead(LogKeys.parsePublic(key.get("public_key_pem").asText()), h));
    assertEquals(h, SignedHead.fromJson(getJson("/api/log/head")));

    JsonNode page = getJson("/api/log/entries?start=0&end=20");
    assertEquals(21, page.get("entries").size());
    Merkle.MemoryTree t = new Merkle.MemoryTree();
    for (JsonNode e : page.get("entries")) t.appendEntry(e.get("entry").asText().getBytes(StandardCharsets.UTF_8));
    assertEquals(h.rootHash(), Merkle.hex(t.root()), "anyone recomputes the signed root from the entries");
    assertEquals(3, getJson("/api/log/entries?start=5&end=7").get("entries").size());
    assertEquals(400, http("GET", "/api/log/entries?start=x", null).statusCode());
    // a mirror asking from the end gets an empty page (it was a 400 about an end it never sent); repeats are refused
    JsonNode atEnd = getJson("/api/log/entries?start=21");
    assertEquals(0, atEnd.get("entries").size());
    assertTrue(atEnd.get("end").isNull(), atEnd.toString());
    assertEquals(400, http("GET", "/api/log/entries?start=5&end=4", null).statusCode());
    assertEquals(400, http("GET", "/api/log/proof/inclusion?index=1&index=2&tree_size=21", null).statusCode());

    JsonNode inc = getJson("/api/log/proof/inclusion?index=6&tree_size=21");
    assertTrue(Merkle.verifyInclusion(6, 21, t.leaf(6), VerifyCommand.hashes(inc.get("inclusion_path"), "p"), Merkle.unhex(h.rootHash())));
    JsonNode byRecord = getJson("/api/log/proof/inclusion?record=rec-2&version=1&tree_size=21");
    assertEquals(6, byRecord.get("leaf_index").asLong());
    assertEquals(inc.get("inclusion_path"), byRecord.get("inclusion_path"));
    assertEquals(404, http("GET", "/api/log/proof/inclusion?record=nope&version=1", null).statusCode());
    assertEquals(400, http("GET", "/api/log/proof/inclusion?index=21&tree_size=21", null).statusCode());
    assertEquals(400, http("GET", "/api/log/proof/inclusion?index=0&tree_size=99", null).statusCode());
    // both ways of naming the entry at once: record had silently won over index
    var both = http("GET", "/api/log/proof/inclusion?index=0&record=rec-2&version=1&tree_size=21", null);
    assertEquals(400, both.statusCode(), both.body());
    assertEquals("index: give index, or record and version, not both", Json.read(both.body()).get("detail").asText());
    // a version beside an index was ignored: the proof of entry 6 came back as if it were rec-2's version 9
    var versionOnly = http("GET", "/api/log/proof/inclusion?index=6&version=9&tree_size=21", null);
    assertEquals(400, versionOnly.statusCode(), versionOnly.body());
    assertEquals("version: goes with record, not with index", Json.read(versionOnly.body()).get("detail").asText());

    JsonNode cons = getJson("/api/log/proof/consistency?first=7&second=21");
    assertTrue(Merkle.verifyConsistency(7, 21, t.root(7), t.root(21), VerifyCommand.hashes(cons.get("consistency_path"), "p")));
    assertEquals(400, http("GET", "/api/log/proof/consistency?first=22&second=21", null).statusCode());
  }

  @Test
  @Order(2)
  void verifyLogAcceptsTheExportAndNamesTheFirstBadIndex(@TempDir Path dir) throws Exception {
    SignedHead h = log.signHead();
    Path head = dir.resolve("head.json");
    Files.writeString(head, h.toJson().toString());
    Path keyFile = dir.resolve("key.json");
    Files.writeString(keyFile, http("GET", "/api/log/key", null).body());
    String export = http("GET", "/api/log/entries?start=0&end=" + (h.treeSize() - 1), null).body();
    Path entries = dir.resolve("entries.json");
    Files.writeString(entries, export);

    Run ok = verify("log", "--entries", entries.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(0, ok.code(), ok.out());
    assertTrue(ok.out().contains(h.rootHash()));
    // straight from the server, key fetched too
    assertEquals(0, verify("log", "--server", base, "--head", head.toString()).code());

    // two pages that overlap (0..12 and 8..end) give entries 8..12 twice, identical: read once, not "appears twice"
    Path p1 = dir.resolve("p1.json"), p2 = dir.resolve("p2.json");
    Files.writeString(p1, http("GET", "/api/log/entries?start=0&end=12", null).body());
    Files.writeString(p2, http("GET", "/api/log/entries?start=8&end=" + (h.treeSize() - 1), null).body());
    Run overlap = verify("log", "--entries", p1.toString(), "--entries", p2.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(0, overlap.code(), overlap.out());
    assertTrue(overlap.out().contains("5 entries were given twice, identical"), overlap.out());
    // the same index twice with different texts is still a mismatch at that index
    Path p3 = dir.resolve("p3.json");
    Files.writeString(p3, http("GET", "/api/log/entries?start=8&end=8", null).body().replace("\\\"action\\\":\\\"", "\\\"action\\\":\\\"x"));
    Run twice = verify("log", "--entries", entries.toString(), "--entries", p3.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(1, twice.code(), twice.out());
    assertTrue(twice.out().contains("index 8 appears twice, with different contents"), twice.out());
    // every entry was given: none is "missing" (outside QA: "only 9 were given: first missing index 9")
    assertFalse(twice.out().contains("missing"), twice.out());
    assertTrue(twice.out().contains("reading stopped at index 9"), twice.out());

    // JSON lines without the stored leaf hashes: a changed entry is caught by the signed root
    JsonNode page = Json.read(export);
    StringBuilder lines = new StringBuilder();
    for (JsonNode e : page.get("entries")) {
      ObjectNode o = Json.object();
      o.put("index", e.get("index").asLong());
      String text = e.get("entry").asText();
      if (e.get("index").asLong() == 13) text = text.replace("\"action\":\"", "\"action\":\"x");
      o.put("entry", text);
      lines.append(o).append('\n');
    }
    Path tampered = dir.resolve("tampered.jsonl");
    Files.writeString(tampered, lines.toString());
    Run bad = verify("log", "--entries", tampered.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(1, bad.code(), bad.out());
    // without leaf hashes only a range is known: it said "first bad index 0", which no check had shown
    assertTrue(bad.out().contains("MISMATCH: the first bad index lies in 0.." + (h.treeSize() - 1)), bad.out());
    // with an earlier head at 10 the range narrows to 10..
    SignedHead h10 = new SignedHead(10, Merkle.hex(log.root(10)), 1L, log.keys().keyId,
        Base64.getEncoder().encodeToString(log.keys().sign(SignedHead.message(10, Merkle.hex(log.root(10)), 1L))));
    Path head10 = dir.resolve("head10.json");
    Files.writeString(head10, h10.toJson().toString());
    bad = verify("log", "--entries", tampered.toString(), "--head", head10.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.out().contains("MISMATCH: the first bad index lies in 10.." + (h.treeSize() - 1)), bad.out());
    // untampered entries past the only head given: nothing vouches for 10.., so no "OK" (QA, 2026-12-02)
    Run past = verify("log", "--entries", entries.toString(), "--head", head10.toString(), "--key", keyFile.toString());
    assertEquals(1, past.code(), past.out());
    assertTrue(past.out().contains("past every signed head"), past.out());

    // with the exported leaf hashes, the exact index is named
    Path tampered2 = dir.resolve("tampered2.json");
    Files.writeString(tampered2, export.replace(page.get("entries").get(13).get("entry").asText().replace("\"", "\\\""),
        page.get("entries").get(13).get("entry").asText().replace("\"", "\\\"").replace("actor-", "mallory-")));
    bad = verify("log", "--entries", tampered2.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains("first bad index 13"), bad.out());

    // swapped entries
    String e3 = page.get("entries").get(3).toString();
    String e4 = page.get("entries").get(4).toString();
    Path swapped = dir.resolve("swapped.json");
    Files.writeString(swapped, export.replace(e3, "@@").replace(e4, e3).replace("@@", e4)
        .replace("\"index\":3,", "\"index\":X,").replace("\"index\":4,", "\"index\":3,").replace("\"index\":X,", "\"index\":4,"));
    bad = verify("log", "--entries", swapped.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains("first bad index 3"), bad.out());

    // truncated export
    Path truncated = dir.resolve("truncated.json");
    JsonNode cut = page.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) cut.get("entries")).remove(cut.get("entries").size() - 1);
    ((com.fasterxml.jackson.databind.node.ArrayNode) cut.get("entries")).remove(cut.get("entries").size() - 1);
    Files.writeString(truncated, cut.toString());
    bad = verify("log", "--entries", truncated.toString(), "--head", head.toString(), "--key", keyFile.toString());
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains("first bad index " + (h.treeSize() - 2)), bad.out());

    // corrupted signature
    ObjectNode badHead = h.toJson();
    byte[] sig = Base64.getDecoder().decode(h.signature());
    sig[0] ^= 4;
    badHead.put("signature", Base64.getEncoder().encodeToString(sig));
    Path badHeadFile = dir.resolve("badhead.json");
    Files.writeString(badHeadFile, badHead.toString());
    bad = verify("log", "--entries", entries.toString(), "--head", badHeadFile.toString(), "--key", keyFile.toString());
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains("signature"), bad.out());

    // no key: a forged head must not pass as OK unless unchecked signatures were asked for
    Run noKey = verify("log", "--entries", entries.toString(), "--head", badHeadFile.toString());
    assertEquals(2, noKey.code(), noKey.out());
    assertTrue(noKey.out().contains("--no-signature") && noKey.out().contains("--key"), noKey.out());
    Run unsigned = verify("log", "--entries", entries.toString(), "--head", badHeadFile.toString(), "--no-signature");
    assertEquals(0, unsigned.code(), unsigned.out());
    assertTrue(unsigned.out().contains("signatures not checked: --no-signature"), unsigned.out());
    assertEquals(2, verify("log", "--entries", entries.toString(), "--head", head.toString(), "--key", keyFile.toString(), "--no-signature").code());

    // a key file whose key_id is not its key's, a head of another algorithm, a head naming another key id
    ObjectNode wrongId = (ObjectNode) Json.read(Files.readString(keyFile));
    wrongId.put("key_id", "0000000000000000");
    Path wrongIdFile = dir.resolve("wrong-id-key.json");
    Files.writeString(wrongIdFile, wrongId.toString());
    Run refused = verify("log", "--entries", entries.toString(), "--head", head.toString(), "--key", wrongIdFile.toString());
    assertEquals(2, refused.code(), refused.out());
    assertTrue(refused.out().contains("key_id") && refused.out().contains("public_key"), refused.out());
    ObjectNode rsa = h.toJson();
    rsa.put("algorithm", "RSA");
    Path rsaFile = dir.resolve("rsa-head.json");
    Files.writeString(rsaFile, rsa.toString());
    Run rsaRun = verify("log", "--entries", entries.toString(), "--head", rsaFile.toString(), "--key", keyFile.toString());
    assertEquals(2, rsaRun.code(), rsaRun.out());
    assertTrue(rsaRun.out().contains("head.algorithm"), rsaRun.out());
    ObjectNode otherId = h.toJson();
    otherId.put("key_id", "ffffffffffffffff");
    Path otherIdFile = dir.resolve("other-id-head.json");
    Files.writeString(otherIdFile, otherId.toString());
    Run otherRun = verify("log", "--entries", entries.toString(), "--head", otherIdFile.toString(), "--key", keyFile.toString());
    assertEquals(1, otherRun.code(), otherRun.out());
    assertTrue(otherRun.out().contains("key ids differ") && otherRun.out().contains("ffffffffffffffff"), otherRun.out());
    assertFalse(otherRun.out().contains("does not verify"), otherRun.out());

    // usage errors
    assertEquals(2, verify("log", "--entries", entries.toString()).code(), "missing --head");
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"tree_size\": \"many\"}");
    Run usage = verify("log", "--entries", entries.toString(), "--head", junk.toString());
    assertEquals(2, usage.code());
    assertTrue(usage.out().contains("tree_size"), usage.out());
    assertEquals(2, verify("log", "--entries", dir.resolve("missing.json").toString(), "--head", head.toString()).code());
    assertEquals(2, verify().code());
  }

  @Test
  @Order(3)
  void verifyRecordAndConsistencyAgainstTheServer(@TempDir Path dir) throws Exception {
    SignedHead old = log.signHead();
    Path oldFile = dir.resolve("old.json");
    Files.writeString(oldFile, old.toJson().toString());
    Run r = verify("record", "rec-3", "--version", "2", "--server", base, "--no-content");
    assertEquals(0, r.code(), r.out());
    Run noContent = verify("record", "rec-3", "--version", "2", "--server", base);
    assertEquals(1, noContent.code(), "a server that does not serve the record's content cannot show it unchanged");
    assertTrue(noContent.out().contains("does not serve the content"), noContent.out());
    assertTrue(r.out().contains("is entry 10"), r.out());
    // a version the server never had is a wrong question (exit 2), not a mismatch that reads as tampering
    Run none = verify("record", "rec-3", "--version", "9", "--server", base, "--no-content");
    assertEquals(2, none.code(), none.out());
    assertTrue(none.out().contains("\nNOT FOUND: the server has no version 9 of rec-3 ("), none.out());

    for (int i = 0; i < 5; i++) {
      var ch = TestStores.change("later-" + i, 1, "create");
      store.db().tx(c -> {
        TestStores.publish(c, log, ch);
        return null;
      });
    }
    // logged after the head: not verifiable yet, which is not a mismatch (heads are signed on a schedule)
    Run notYet = verify("record", "later-0", "--version", "1", "--server", base, "--head", oldFile.toString(), "--no-content");
    assertEquals(VerifyCommand.NOT_YET, notYet.code(), notYet.out());
    // an older head given by hand does not grow by waiting: the message asks for a newer head, not for patience
    assertTrue(notYet.out().contains("NOT IN THIS HEAD: later-0 v1 was logged after the head given (" + oldFile + ", tree_size " + old.treeSize()
        + "): check it against a newer head"), notYet.out());
    assertTrue(!notYet.out().contains("run again shortly"), notYet.out());
    Run pending = verify("record", "later-0", "--version", "1", "--server", base, "--no-content");
    assertEquals(VerifyCommand.NOT_YET, pending.code(), pending.out());
    assertTrue(pending.out().contains("NOT YET SIGNED: later-0 v1") && pending.out().contains("run again shortly"), pending.out());
    SignedHead now = log.signHead();
    Path newFile = dir.resolve("new.json");
    Files.writeString(newFile, now.toJson().toString());
    Run c = verify("consistency", oldFile.toString(), newFile.toString(), "--server", base);
    assertEquals(0, c.code(), c.out());
    assertEquals(2, verify("consistency", newFile.toString(), oldFile.toString(), "--server", base).code(), "wrong order is a usage error");

    // a validly signed head for a forked history is caught
    String forkRoot = Merkle.hex(Merkle.nodeHash(log.root(now.treeSize()), log.root(1)));
    SignedHead fork = new SignedHead(now.treeSize(), forkRoot, now.timestampMs(), log.keys().keyId,
        Base64.getEncoder().encodeToString(log.keys().sign(SignedHead.message(now.treeSize(), forkRoot, now.timestampMs()))));
    Path forkFile = dir.resolve("fork.json");
    Files.writeString(forkFile, fork.toJson().toString());
    assertEquals(1, verify("consistency", oldFile.toString(), forkFile.toString(), "--server", base).code());
    assertEquals(1, verify("record", "rec-3", "--version", "2", "--server", base, "--head", forkFile.toString(), "--no-content").code());
  }
}
