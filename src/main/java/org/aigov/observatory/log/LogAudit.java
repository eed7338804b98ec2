package org.aigov.observatory.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;

/**
 * Checks a stored log against itself and against the registry: dense indices, canonical entries,
 * leaf hashes, the per-entry tree roots, every stored tree node, every signed head (root and
 * Ed25519 signature), and a one-to-one match between log entries and {@code registry_versions}
 * rows (id, version, content hash, actor, action, time).
 *
 * <p>Works in one streaming pass over the entries plus one pass per tree level; memory is about
 * 48 bytes per entry (leaf hashes for the node check, one map entry per registry version).
 */
public final class LogAudit {
  private LogAudit() {}

  /** One finding; {@code index} is the log index it concerns, or null when none applies. */
  public record Issue(String kind, Long index, String message) {
    @Override
    public String toString() {
      return (index == null ? "" : "index " + index + ": ") + "[" + kind + "] " + message;
    }
  }

  public static final class Report {
    public long entries;
    public long stateSize;
    public long heads;
    public long registryVersions;
    public long nodes;
    public final List<Issue> issues = new ArrayList<>();
    /** Other modules' checks that ran too (their problems are among the issues, under their name). */
    public final List<String> checks = new ArrayList<>();

    public boolean ok() {
      return issues.isEmpty();
    }

    /** The smallest log index named by any issue, or -1. */
    public long firstBadIndex() {
      return issues.stream().filter(i -> i.index() != null).mapToLong(Issue::index).min().orElse(-1);
    }

    void add(String kind, Long index, String message) {
      if (issues.size() < 1000) issues.add(new Issue(kind, index, message));
    }

    public String toText() {
      StringBuilder sb = new StringBuilder();
      sb.append(ok() ? "OK" : "FAILED").append(": ").append(entries).append(" log entries (state says ").append(stateSize)
          .append("), ").append(nodes).append(" tree nodes, ").append(heads).append(" signed heads, ")
          .append(registryVersions).append(" registry versions")
          .append(checks.isEmpty() ? "" : "; also checked: " + String.join(", ", checks)).append('\n');
      if (!ok()) {
        long first = firstBadIndex();
        if (first >= 0) sb.append("first bad index: ").append(first).append('\n');
        issues.stream().sorted((a, b) -> Long.compare(a.index() == null ? Long.MAX_VALUE : a.index(),
            b.index() == null ? Long.MAX_VALUE : b.index())).limit(50).forEach(i -> sb.append("  ").append(i).append('\n'));
        if (issues.size() > 50) sb.append("  … ").append(issues.size() - 50).append(" more\n");
      }
      return sb.toString();
    }
  }

  private record Version(String contentHash, String actor, String action, Instant createdAt) {}

  public static Report verify(Db db) {
    return db.read(c -> {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false); // lets PostgreSQL stream with a fetch size
      try {
        return verify(c, LogKeys.loadOrCreate(db).publicKey());
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    });
  }

  static Report verify(Connection c, PublicKey key) throws Exception {
    Report r = new Report();
    String frontier = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT tree_size, frontier FROM log_state WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        r.add("state", null, "log_state row is missing");
      } else {
        r.stateSize = rs.getLong(1);
        frontier = rs.getString(2);
      }
    }

    // registry versions, keyed by id and version
    Map<String, Version> registry = new HashMap<>();
    Map<String, Long> newest = new HashMap<>(); // each record's newest version, what the server must be serving
    try (PreparedStatement ps = c.prepareStatement("SELECT id, version, content_hash, actor, action, created_at, doc FROM registry_versions")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // the log commits to content_hash; the document served must still be the one hashed (a rewritten doc with
          // its old hash left in place had passed)
          String doc = rs.getString(7);
          if (doc != null && !org.aigov.observatory.kernel.Hashing.sha256Hex(doc).equals(rs.getString(3)))
            r.add("document", null, rs.getString(1) + " v" + rs.getLong(2) + ": the stored document does not hash to its content_hash " + rs.getString(3));
          Timestamp t = rs.getTimestamp(6);
          registry.put(key(rs.getString(1), rs.getLong(2)),
              new Version(rs.getString(3), rs.getString(4), rs.getString(5), t == null ? null : t.toInstant()));
          newest.merge(rs.getString(1), rs.getLong(2), Math::max);
        }
      }
    }
    r.registryVersions = registry.size();
    checkCurrent(c, registry, newest, r);

    // heads, by the tree size they commit to
    TreeMap<Long, List<SignedHead>> headsBySize = new TreeMap<>();
    List<Long> headSeq = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT tree_size, root_hash, timestamp_ms, key_id, signature, seq FROM log_heads ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SignedHead h = TransparencyLog.readHead(rs);
        r.heads++;
        if (!LogKeys.verifyHead(key, h)) {
          r.add("head-signature", null, "signed head #" + rs.getLong(6) + " (tree_size " + h.treeSize() + ") has a signature that does not verify with the log key");
        }
        headsBySize.computeIfAbsent(h.treeSize(), k -> new ArrayList<>()).add(h);
        headSeq.add(rs.getLong(6));
      }
    }
    checkHeadsAt(0, Merkle.emptyRoot(), headsBySize, r);

    // one pass over the entries
    Map<String, Long> seen = new HashMap<>();
    Merkle.Frontier f = new Merkle.Frontier();
    byte[] leaves = new byte[0];
    long expected = 0;
    boolean dense = true;
    boolean rootBad = false;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT idx, record_id, version, entry, leaf_hash, tree_root FROM log_entries ORDER BY idx")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long idx = rs.getLong(1);
          r.entries++;
          if (idx != expected) {
            if (dense) {
              r.add("gap", expected, idx > expected ? "entries " + expected + ".." + (idx - 1) + " are missing" : "index " + idx + " out of order");
            }
            dense = false;
          }
          expected = idx + 1;
          String text = rs.getString(4);
          byte[] leaf = Merkle.leafHash(text.getBytes(StandardCharsets.UTF_8));
          if (!Arrays.equals(leaf, rs.getBytes(5))) {
            r.add("leaf-hash", idx, "stored leaf hash does not match the entry text");
          }
          f.append(leaf, null);
          if (dense && !rootBad && !Arrays.equals(f.root(), rs.getBytes(6))) {
            rootBad = true; // every later root differs too; one report is enough
            r.add("tree-root", idx, "stored root of the tree ending here differs from the recomputed root (and so do all later ones)");
          }
          if (dense) {
            if ((long) leaves.length < f.size() * 32) leaves = Arrays.copyOf(leaves, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, leaves.length * 2L)));
            if (f.size() * 32 <= leaves.length) System.arraycopy(leaf, 0, leaves, (int) (idx * 32), 32);
            checkHeadsAt(f.size(), f.root(), headsBySize, r);
          }
          checkEntry(idx, text, rs.getString(2), rs.getLong(3), registry, seen, r);
        }
      }
    }
    if (r.entries != r.stateSize) {
      r.add("state", Math.min(r.entries, r.stateSize), "log_state says tree_size " + r.stateSize + " but the log holds " + r.entries + " entries");
    } else if (dense && frontier != null && !frontier.equals(f.encode())) {
      // the next appends and heads grow from the frontier: a damaged one gets a root the entries do not give signed
      r.add("state", r.entries == 0 ? 0L : r.entries - 1, "log_state's frontier differs from the one the entries give: the next head would be signed over a wrong root");
    }
    for (Map.Entry<Long, List<SignedHead>> e : headsBySize.tailMap(r.entries, false).entrySet()) {
      r.add("truncated", r.entries, "a signed head commits to tree_size " + e.getKey() + " but the log holds only " + r.entries
          + " entries: entries from index " + r.entries + " are missing");
    }
    for (Map.Entry<String, Version> e : registry.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        r.add("unlogged", null, "registry version " + e.getKey().replace('\u0000', '@') + " has no log entry");
      }
    }
    if (dense) checkNodes(c, leaves, r.entries, r);
    return r;
  }

  /**
   * The current state the server serves must be the newest logged version of each record: a row moved back to an older
   * version, or marked deleted without a logged delete, had been served as the record with the audit saying OK.
   */
  private static void checkCurrent(Connection c, Map<String, Version> registry, Map<String, Long> newest, Report r) throws Exception {
    java.util.Set<String> rows = new java.util.HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, version, content_hash, deleted FROM registry_records")) {
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          long version = rs.getLong(2);
          rows.add(id);
          Long last = newest.get(id);
          if (last == null) {
            r.add("current", null, "record " + id + " is served at v" + version + " but has no version at all");
            continue;
          }
          Version v = registry.get(key(id, last));
          if (version != last) r.add("current", null, "record " + id + " is served at v" + version + " but its newest version is v" + last);
          else if (!v.contentHash().equals(rs.getString(3).strip()))
            r.add("current", null, "record " + id + " is served with content_hash " + rs.getString(3).strip() + " but v" + last + " has " + v.contentHash());
          boolean deleted = rs.getBoolean(4), logDeleted = "delete".equals(v.action());
          if (deleted != logDeleted)
            r.add("current", null, "record " + id + " is served as " + (deleted ? "deleted" : "present") + " but its newest version v" + last
                + (logDeleted ? " deletes it" : " is a " + v.action()));
        }
      }
    }
    for (String id : newest.keySet())
      if (!rows.contains(id)) r.add("current", null, "record " + id + " has versions up to v" + newest.get(id) + " but no current row: it is not served");
  }

  private static void checkHeadsAt(long size, byte[] root, TreeMap<Long, List<SignedHead>> heads, Report r) {
    List<SignedHead> hs = heads.get(size);
    if (hs == null) return;
    String hex = Merkle.hex(root);
    for (SignedHead h : hs) {
      if (!h.rootHash().equals(hex)) {
        r.add("head-root", size == 0 ? 0L : size - 1, "signed head for tree_size " + size + " has root " + h.rootHash()
            + " but the entries give " + hex);
      }
    }
  }

  private static void checkEntry(long idx, String text, String recordId, long version,
      Map<String, Version> registry, Map<String, Long> seen, Report r) {
    JsonNode e;
    try {
      e = Json.MAPPER.readTree(text);
    } catch (Exception ex) {
      r.add("entry", idx, "entry is not JSON");
      return;
    }
    if (!CanonicalJson.of(e).equals(text)) r.add("entry", idx, "entry is not in RFC 8785 canonical form");
    String id = e.path("record_id").asText(null);
    long ver = e.path("version").asLong(-1);
    String ch = e.path("content_hash").asText(null);
    if (!recordId.equals(id) || version != ver) {
      r.add("entry", idx, "entry text (" + id + " v" + ver + ") disagrees with its indexed columns (" + recordId + " v" + version + ")");
    }
    String k = key(id, ver);
    Long prev = seen.putIfAbsent(k, idx);
    if (prev != null) {
      r.add("duplicate", idx, id + " v" + ver + " is logged twice (also at index " + prev + ")");
      return;
    }
    Version v = registry.get(k);
    if (v == null) {
      r.add("orphan", idx, id + " v" + ver + " is in the log but not in registry_versions");
      return;
    }
    if (!v.contentHash().equals(ch)) r.add("content-hash", idx, id + " v" + ver + ": registry content_hash " + v.contentHash() + " differs from the logged " + ch);
    if (!v.actor().equals(e.path("actor").asText())) r.add("actor", idx, id + " v" + ver + ": registry actor differs from the logged one");
    if (!v.action().equals(e.path("action").asText())) r.add("action", idx, id + " v" + ver + ": registry action differs from the logged one");
    if (v.createdAt() != null) {
      try {
        Instant logged = Instant.parse(e.path("time").asText());
        // the log truncates to microseconds while stores round: allow the one microsecond that can make
        if (Math.abs(java.time.Duration.between(logged, v.createdAt()).toNanos()) > 1000) {
          r.add("time", idx, id + " v" + ver + ": registry created_at " + v.createdAt() + " differs from the logged time " + logged);
        }
      } catch (Exception ex) {
        r.add("entry", idx, "entry time is not an RFC 3339 instant");
      }
    }
  }

  /**
   * Recomputes every complete subtree level by level and compares it with log_nodes: every stored
   * node must match, and from {@link TransparencyLog#STORED_MIN_LEVEL} up every node must be there
   * (stores written before that rule also hold the lower levels; those are checked when present).
   */
  private static void checkNodes(Connection c, byte[] leaves, long n, Report r) throws Exception {
    if (n * 32 > leaves.length) {
      r.add("nodes", null, "log too large for the in-memory node check (" + n + " entries); skipped");
      return;
    }
    byte[] below = leaves;
    long count = n;
    int level = 0;
    while (count >= 2) {
      level++;
      long parents = count / 2;
      byte[] cur = new byte[(int) (parents * 32)];
      byte[] l = new byte[32];
      byte[] rr = new byte[32];
      for (long i = 0; i < parents; i++) {
        System.arraycopy(below, (int) (2 * i * 32), l, 0, 32);
        System.arraycopy(below, (int) ((2 * i + 1) * 32), rr, 0, 32);
        System.arraycopy(Merkle.nodeHash(l, rr), 0, cur, (int) (i * 32), 32);
      }
      long stored = 0;
      boolean reported = false;
      try (PreparedStatement ps = c.prepareStatement("SELECT idx, hash FROM log_nodes WHERE level = ? ORDER BY idx")) {
        ps.setInt(1, level);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long i = rs.getLong(1);
            stored++;
            r.nodes++;
            if (reported) continue;
            if (i >= parents) {
              r.add("nodes", null, "stored tree node (level " + level + ", index " + i + ") lies beyond the log's end");
              reported = true;
            } else if (!Arrays.equals(Arrays.copyOfRange(cur, (int) (i * 32), (int) (i * 32 + 32)), rs.getBytes(2))) {
              r.add("nodes", null, "stored tree node (level " + level + ", index " + i + ") over entries " + (i << level)
                  + ".." + (((i + 1) << level) - 1) + " differs from the recomputed hash");
              reported = true;
            }
          }
        }
      }
      if (!reported && (stored > parents || (level >= TransparencyLog.STORED_MIN_LEVEL && stored != parents))) {
        r.add("nodes", null, "level " + level + " has " + stored + " stored nodes, expected " + parents);
      }
      below = cur;
      count = parents;
    }
  }

  private static String key(String id, long version) {
    return id + '\u0000' + version;
  }
}
