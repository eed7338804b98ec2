package org.aigov.observatory.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.List;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;

/** /api/log/*: public key, signed heads, proofs and entries of the transparency log. */
public final class LogRoutes implements HttpModule {
  /** Largest number of entries one GET /api/log/entries returns. */
  public static final int MAX_ENTRIES = 10_000;

  private final TransparencyLog log;

  public LogRoutes(TransparencyLog log) {
    this.log = log;
  }

  @Override
  public void routes(Javalin app) {
    app.get("/api/log/key", this::key);
    app.get("/api/log/head", ctx -> ctx.json(log.signIfDue().toJson()));
    app.post("/api/log/head", ctx -> {
      Auth.requireRegistryWriter(ctx);
      ctx.status(201).json(log.signHead().toJson());
    });
    app.get("/api/log/proof/inclusion", this::inclusion);
    app.get("/api/log/proof/consistency", this::consistency);
    app.get("/api/log/entries", this::entries);
  }

  private void key(Context ctx) {
    var pub = log.keys().publicKey();
    ObjectNode o = Json.object();
    o.put("algorithm", "Ed25519");
    o.put("key_id", log.keys().keyId);
    o.put("public_key", Base64.getEncoder().encodeToString(LogKeys.rawPublic(pub)));
    o.put("public_key_pem", LogKeys.pem(pub));
    o.put("signed_message_format", SignedHead.PREFIX + "\\n<tree_size>\\n<root_hash>\\n<timestamp>\\n");
    ctx.json(o);
  }

  private static long param(Context ctx, String name, Long dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      if (dflt == null) throw ApiException.badRequest(name, "required");
      return dflt;
    }
    try {
      long n = org.aigov.observatory.kernel.Http.asciiLong(v.trim());
      if (n < 0) throw ApiException.badRequest(name, "must not be negative");
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, "not an integer: '" + v + "'");
    }
  }

  private long treeSize(Context ctx, String name) {
    long size = log.size();
    long n = param(ctx, name, size);
    if (n > size) throw ApiException.badRequest(name, n + " exceeds the log's size " + size);
    return n;
  }

  private static ArrayNode hexes(List<byte[]> hs) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (byte[] h : hs) a.add(Merkle.hex(h));
    return a;
  }

  private void inclusion(Context ctx) {
    org.aigov.observatory.kernel.Http.onlyParams(ctx, "tree_size", "index", "record", "version"); // index=1&index=2 answered for 1
    long n = treeSize(ctx, "tree_size");
    long index;
    if (ctx.queryParam("record") != null && ctx.queryParam("index") != null) // record had silently won
      throw ApiException.badRequest("index", "give index, or record and version, not both");
    if (ctx.queryParam("record") != null) {
      long version = param(ctx, "version", null);
      index = log.indexOf(ctx.queryParam("record"), version);
      if (index < 0) throw ApiException.notFound("log entry for record " + ctx.queryParam("record") + " version " + version);
      if (index >= n) throw ApiException.badRequest("tree_size", "the entry has index " + index + ", beyond tree_size " + n);
    } else {
      // a version picks one of a record's entries; beside an index it was silently ignored
      if (ctx.queryParam("version") != null) throw ApiException.badRequest("version", "goes with record, not with index");
      index = param(ctx, "index", null);
      if (index >= n) throw ApiException.badRequest("index", index + " is not below tree_size " + n);
    }
    var e = log.entries(index, index + 1).get(0);
    ObjectNode o = Json.object();
    o.put("leaf_index", index);
    o.put("tree_size", n);
    o.put("entry", e.entry());
    o.put("leaf_hash", e.leafHash());
    o.put("root_hash", Merkle.hex(log.root(n)));
    o.set("inclusion_path", hexes(log.inclusionProof(index, n)));
    ctx.json(o);
  }

  private void consistency(Context ctx) {
    org.aigov.observatory.kernel.Http.onlyParams(ctx, "first", "second");
    long second = treeSize(ctx, "second");
    long first = param(ctx, "first", null);
    if (first > second) throw ApiException.badRequest("first", first + " exceeds second " + second);
    if (first == 0) throw ApiException.badRequest("first", "must be at least 1: every tree is consistent with the empty one");
    ObjectNode o = Json.object();
    o.put("first", first);
    o.put("second", second);
    o.put("first_root_hash", Merkle.hex(log.root(first)));
    o.put("second_root_hash", Merkle.hex(log.root(second)));
    o.set("consistency_path", hexes(log.consistencyProof(first, second)));
    ctx.json(o);
  }

  private void entries(Context ctx) {
    org.aigov.observatory.kernel.Http.onlyParams(ctx, "start", "end");
    long size = log.size();
    long start = param(ctx, "start", 0L);
    // a mirror asking from its last index + 1 gets an empty page, not an error about an end it never sent
    boolean endGiven = ctx.queryParam("end") != null && !ctx.queryParam("end").isBlank();
    long endIncl = Math.min(param(ctx, "end", Math.max(0, size - 1)), Long.MAX_VALUE - 1); // end + 1 must not overflow
    if (endGiven && endIncl < start) throw ApiException.badRequest("end", "must not be below start");
    long end = Math.min(Math.min(endIncl + 1, size), start + MAX_ENTRIES); // exclusive
    ObjectNode o = Json.object();
    o.put("start", start);
    o.put("tree_size", size);
    ArrayNode a = o.putArray("entries");
    if (start < size) {
      for (var e : log.entries(start, end)) {
        ObjectNode x = a.addObject();
        x.put("index", e.index());
        x.put("entry", e.entry());
        x.put("leaf_hash", e.leafHash());
        x.put("tree_root", e.treeRoot());
      }
    }
    if (end > start) o.put("end", end - 1); // inclusive; an empty page has none (it said start - 1)
    else o.putNull("end");
    if (end < Math.min(endIncl + 1, size)) o.put("next_start", end);
    ctx.json(o);
  }
}
