package org.aigov.observatory.log;

import org.aigov.observatory.kernel.DataOptions;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: checks the transparency log offline or against a server. Exit 0 when everything
 * holds, 1 on a mismatch (the first bad index is named), 2 on usage errors or unreadable input.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify the transparency log / 核验透明日志.", "Exit 0: all holds; 1: mismatch (first bad index named); 2: usage error."},
    subcommands = {VerifyCommand.LogCmd.class, VerifyCommand.RecordCmd.class, VerifyCommand.ConsistencyCmd.class, VerifyCommand.StoreCmd.class})
public class VerifyCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int MISMATCH = 1;
  public static final int USAGE = 2;
  /** The version is logged after the newest signed head: nothing is wrong, it cannot be checked yet. */
  public static final int NOT_YET = 3;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** Thrown for unreadable input; mapped to exit 2. */
  static class UsageProblem extends RuntimeException {
    UsageProblem(String m) {
      super(m);
    }
  }

  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--key", description = "Log public key: a file with PEM, base64 or hex, or the JSON of GET /api/log/key.")
    Path keyFile;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
      try {
        return run();
      } catch (UsageProblem | IllegalArgumentException | org.aigov.observatory.kernel.ApiException e) {
        err().println("error: " + e.getMessage());
        return USAGE;
      } catch (IOException e) {
        err().println("error: cannot read: " + e.getMessage());
        return USAGE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return USAGE;
      } finally {
        out().flush();
        err().flush();
      }
    }

    abstract int run() throws IOException, InterruptedException;

    PublicKey key(String server) throws IOException, InterruptedException {
      if (keyFile != null) {
        String t = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
        if (t.startsWith("{")) {
          JsonNode n = Json.read(t);
          PublicKey k = LogKeys.parsePublic(n.hasNonNull("public_key_pem") ? n.get("public_key_pem").asText() : n.path("public_key").asText());
          checkKeyId(n, k, keyFile.toString());
          return k;
        }
        return LogKeys.parsePublic(t);
      }
      if (server != null) {
        JsonNode n = get(server, "/api/log/key");
        out().println("note: using the key served by " + server + " (key id " + n.path("key_id").asText()
            + "); compare it with a copy obtained independently");
        PublicKey k = LogKeys.parsePublic(n.path("public_key").asText());
        checkKeyId(n, k, server + "/api/log/key");
        return k;
      }
      return null;
    }
  }

  /** A key document whose key_id is not its key's id is refused: which of the two was meant cannot be told. */
  static void checkKeyId(JsonNode n, PublicKey k, String where) {
    if (!n.hasNonNull("key_id")) return;
    String own = LogKeys.keyId(LogKeys.rawPublic(k));
    if (!own.equals(n.get("key_id").asText()))
      throw new UsageProblem(where + ": key_id " + n.get("key_id").asText() + " does not match its public_key (whose key id is " + own + ")");
  }

  /** A non-200 answer from the server. */
  static final class HttpProblem extends UsageProblem {
    final int status;

    HttpProblem(int status, String m) {
      super(m);
      this.status = status;
    }
  }

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static JsonNode get(String server, String pathAndQuery) throws IOException, InterruptedException {
    URI uri;
    try {
      uri = URI.create(server.replaceAll("/+$", "") + pathAndQuery);
    } catch (IllegalArgumentException e) {
      throw new UsageProblem("--server: not a URL: " + server);
    }
    HttpResponse<String> r;
    try {
      r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new UsageProblem("cannot connect to " + server);
    }
    if (r.statusCode() != 200) throw new HttpProblem(r.statusCode(), "GET " + uri + " answered " + r.statusCode() + ": " + r.body());
    return Json.read(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<byte[]> hashes(JsonNode arr, String field) {
    List<byte[]> out = new ArrayList<>();
    if (arr == null || !arr.isArray()) throw new UsageProblem(field + ": missing or not an array");
    for (JsonNode h : arr) {
      if (!h.isTextual() || !h.asText().matches("[0-9a-f]{64}")) throw new UsageProblem(field + ": element is not 64 lower-case hex digits");
      out.add(Merkle.unhex(h.asText()));
    }
    return out;
  }

  // ------------------------------------------------------------------ verify log

  @Command(name = "log", mixinStandardHelpOptions = true,
      description = "Recompute every leaf and the root from exported entries and compare with signed heads / 由导出条目重算根哈希.")
  public static class LogCmd extends Base {
    @Option(names = "--entries", description = "Entries: JSON of GET /api/log/entries, an array, or JSON lines. Repeatable.")
    List<Path> entries;

    @Option(names = "--head", required = true, description = "Signed head JSON (GET /api/log/head). Repeatable: several heads narrow down the first bad index.")
    List<Path> heads;

    @Option(names = "--server", description = "Fetch entries (when --entries is absent) and the key (when --key is absent) from this server.")
    String server;

    @Option(names = "--no-signature", description = "Check the entries against the heads without checking the heads' signatures (no key at hand).")
    boolean noSignature;

    @Override
    int run() throws IOException, InterruptedException {
      if (noSignature && keyFile != null) throw new UsageProblem("give --key or --no-signature, not both");
      List<SignedHead> hs = new ArrayList<>();
      for (Path p : heads) hs.add(LogVerifier.readHead(p));
      List<LogVerifier.ExportedEntry> es = new ArrayList<>();
      if (entries != null && !entries.isEmpty()) {
        for (Path p : entries) es.addAll(LogVerifier.readEntries(p));
      } else if (server != null) {
        long max = hs.stream().mapToLong(SignedHead::treeSize).max().orElse(0);
        long start = 0;
        while (start < max) {
          JsonNode page = get(server, "/api/log/entries?start=" + start + "&end=" + (max - 1));
          int before = es.size();
          for (JsonNode e : page.path("entries")) {
            es.add(new LogVerifier.ExportedEntry(e.path("index").asLong(), e.path("entry").asText(), e.path("leaf_hash").asText(null),
                e.path("tree_root").asText(null)));
          }
          if (es.size() == before) break;
          start = es.get(es.size() - 1).index() + 1;
        }
      } else {
        throw new UsageProblem("give --entries <file> or --server <url>");
      }
      PublicKey key = noSignature ? null : key(server);
      // without a key anyone can write a head that passes: unchecked signatures must be asked for, not a quiet exit 0
      if (key == null && !noSignature)
        throw new UsageProblem("no key to check the heads' signatures with: give --key <file> (or --server), or --no-signature"
            + " to check the entries against the heads alone");
      LogVerifier.Result r = LogVerifier.verify(es, hs, key);
      for (String n : r.notes.subList(0, Math.min(5, r.notes.size()))) out().println("note: " + n);
      if (r.ok()) {
        out().println("OK: " + r.entries + " entries; root " + r.root + "; " + hs.size() + " head(s) match"
            + (key == null ? " (signatures not checked: --no-signature)" : " and carry valid signatures"));
        return OK;
      }
      out().println("MISMATCH" + (r.firstBadIndex >= 0 ? ": " + r.firstBad() : ""));
      for (String p : r.problems.subList(0, Math.min(20, r.problems.size()))) out().println("  " + p);
      return MISMATCH;
    }
  }

  // ------------------------------------------------------------------ verify record

  @Command(name = "record",
      description = "Fetch and check the inclusion proof of one record version / 核验某记录版本已入日志.")
  public static class RecordCmd extends Base {
    @Parameters(index = "0", description = "Record id.")
    String id;

    @Option(names = "--version", required = true, description = "Record version.")
    long version;

    // no standard -V/--version here: --version is the record's version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--server", required = true, description = "Observatory base URL, e.g. http://localhost:7070")
    String server;

    @Option(names = "--head", description = "A signed head to check against (default: the server's current head).")
    Path headFile;

    @Option(names = "--no-content", description = "Check the inclusion proof only, not that the content served for the version hashes to the logged content_hash.")
    boolean noContent;

    @Override
    int run() throws IOException, InterruptedException {
      PublicKey key = key(server);
      SignedHead h = headFile != null ? LogVerifier.readHead(headFile) : SignedHead.fromJson(get(server, "/api/log/head"));
      if (!LogKeys.verifyHead(key, h)) {
        out().println("MISMATCH: the head for tree_size " + h.treeSize() + " " + LogKeys.whyNotSigned(key, h));
        return MISMATCH;
      }
      if (h.treeSize() == 0) {
        out().println("MISMATCH: the head covers no entries, so " + id + " v" + version + " is not in it");
        return MISMATCH;
      }
      JsonNode p;
      try {
        p = get(server, "/api/log/proof/inclusion?record=" + q(id) + "&version=" + version + "&tree_size=" + h.treeSize());
      } catch (HttpProblem e) {
        if (e.status != 404 && e.status != 400) throw e;
        if (e.status == 400 && e.getMessage().contains("beyond tree_size")) { // logged, but heads are signed on a schedule
          if (headFile != null) { // waiting does not help: the head given stays as old as it is
            out().println("NOT IN THIS HEAD: " + id + " v" + version + " was logged after the head given (" + headFile + ", tree_size " + h.treeSize()
                + "): check it against a newer head (GET " + server + "/api/log/head), or leave out --head to use the server's current one ("
                + e.getMessage() + ")");
            return NOT_YET;
          }
          out().println("NOT YET SIGNED: " + id + " v" + version + " is in the log after the signed head checked against (size " + h.treeSize()
              + "); heads are signed every minute or so: run again shortly (" + e.getMessage() + ")");
          return NOT_YET;
        }
        if (e.status == 404 && !served(server, id, version)) { // a version the server never had is a wrong question, not tampering
          out().println("NOT FOUND: the server has no version " + version + " of " + id + " (" + e.getMessage() + "); GET " + server
              + "/api/records/" + q(id) + "/history lists its versions");
          return USAGE;
        }
        out().println("MISMATCH: " + id + " v" + version + " is not in the signed tree of size " + h.treeSize() + " (" + e.getMessage() + ")");
        return MISMATCH;
      }
      long idx = p.path("leaf_index").asLong(-1);
      String entry = p.path("entry").asText();
      JsonNode e = Json.read(entry);
      if (!id.equals(e.path("record_id").asText()) || e.path("version").asLong() != version) {
        out().println("MISMATCH: first bad index " + idx + ": the served entry is for " + e.path("record_id").asText() + " v" + e.path("version").asLong());
        return MISMATCH;
      }
      byte[] leaf = Merkle.leafHash(entry.getBytes(StandardCharsets.UTF_8));
      if (!Merkle.verifyInclusion(idx, h.treeSize(), leaf, hashes(p.get("inclusion_path"), "inclusion_path"), Merkle.unhex(h.rootHash()))) {
        out().println("MISMATCH: first bad index " + idx + ": the inclusion proof does not lead to the signed root " + h.rootHash());
        return MISMATCH;
      }
      // the proof says what was logged; the record as served now must still be that content (a store rewritten behind the
      // log served altered text while every API-level check still read the stored hash)
      String logged = e.path("content_hash").asText();
      if (!noContent) {
        JsonNode served;
        try {
          served = get(server, "/api/records/" + q(id) + "/versions/" + version);
        } catch (HttpProblem ex) {
          out().println("MISMATCH: the server does not serve the content of " + id + " v" + version + " (" + ex.getMessage() + "); --no-content checks the proof alone");
          return MISMATCH;
        }
        com.fasterxml.jackson.databind.node.ObjectNode doc = served.deepCopy();
        doc.remove("version"); // served beside the content, not part of its hash (docs/transparency-log.md)
        doc.remove("updated_at");
        String hash = org.aigov.observatory.kernel.Hashing.sha256Hex(org.aigov.observatory.kernel.CanonicalJson.of(doc));
        if (!hash.equals(logged)) {
          out().println("MISMATCH: the content served for " + id + " v" + version + " hashes to " + hash + ", but the log holds " + logged
              + " (entry " + idx + "): the record was changed after it was logged");
          return MISMATCH;
        }
      }
      out().println("OK: " + id + " v" + version + " is entry " + idx + " of the signed tree of size " + h.treeSize()
          + " (content_hash " + e.path("content_hash").asText() + ", " + e.path("action").asText() + " by " + e.path("actor").asText()
          + " at " + e.path("time").asText() + ")");
      return OK;
    }

    /** Whether the server serves this version of the record (404: it has none). */
    private boolean served(String server, String id, long version) throws IOException, InterruptedException {
      try {
        get(server, "/api/records/" + q(id) + "/versions/" + version);
        return true;
      } catch (HttpProblem ex) {
        if (ex.status == 404) return false;
        throw ex;
      }
    }
  }

  // ------------------------------------------------------------------ verify consistency

  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Check that a newer signed head extends an older one / 核验新旧树头一致（仅追加）.")
  public static class ConsistencyCmd extends Base {
    @Parameters(index = "0", description = "Older head JSON.")
    Path oldHead;

    @Parameters(index = "1", description = "Newer head JSON.")
    Path newHead;

    @Option(names = "--server", required = true, description = "Observatory base URL.")
    String server;

    @Override
    int run() throws IOException, InterruptedException {
      SignedHead a = LogVerifier.readHead(oldHead);
      SignedHead b = LogVerifier.readHead(newHead);
      if (a.treeSize() > b.treeSize()) throw new UsageProblem("the first head (tree_size " + a.treeSize() + ") is larger than the second (" + b.treeSize() + "): give the older one first");
      PublicKey key = key(server);
      for (SignedHead h : List.of(a, b)) {
        if (!LogKeys.verifyHead(key, h)) {
          out().println("MISMATCH: the head for tree_size " + h.treeSize() + " " + LogKeys.whyNotSigned(key, h));
          return MISMATCH;
        }
      }
      boolean ok;
      if (a.treeSize() == 0) {
        ok = a.rootHash().equals(Merkle.hex(Merkle.emptyRoot()));
      } else if (a.treeSize() == b.treeSize()) {
        ok = a.rootHash().equals(b.rootHash());
      } else {
        JsonNode p = get(server, "/api/log/proof/consistency?first=" + a.treeSize() + "&second=" + b.treeSize());
        ok = Merkle.verifyConsistency(a.treeSize(), b.treeSize(), Merkle.unhex(a.rootHash()), Merkle.unhex(b.rootHash()),
            hashes(p.get("consistency_path"), "consistency_path"));
      }
      if (!ok) {
        out().println("MISMATCH: first bad index " + (a.treeSize() == 0 ? 0 : a.treeSize() - 1) + " or earlier: the tree of size "
            + b.treeSize() + " does not extend the tree of size " + a.treeSize() + " (history rewritten or forked)");
        return MISMATCH;
      }
      out().println("OK: the tree of size " + b.treeSize() + " extends the tree of size " + a.treeSize() + " (append-only)");
      return OK;
    }
  }

  // ------------------------------------------------------------------ verify store

  @Command(name = "store", mixinStandardHelpOptions = true,
      description = "Audit the stored log against itself and registry_versions / 核对日志与登记库存储.")
  public static class StoreCmd extends Base {
    @Mixin DataOptions store;
    private List<org.aigov.observatory.kernel.StoreCheck> checks = List.of();

    /** Other modules' checks, run after the log's own (wired by the command line's entry point). */
    public void checks(List<org.aigov.observatory.kernel.StoreCheck> checks) {
      this.checks = List.copyOf(checks);
    }

    @Override
    int run() {
      store.requireStore();
      try (Db db = store.openDb()) {
        LogAudit.Report r = LogAudit.verify(db);
        for (org.aigov.observatory.kernel.StoreCheck check : checks) {
          r.checks.add(check.name());
          for (String problem : check.problems().apply(db)) r.add(check.name(), null, problem);
        }
        out().print(r.toText());
        return r.ok() ? OK : MISMATCH;
      }
    }
  }

}
