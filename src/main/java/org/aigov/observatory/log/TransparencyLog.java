package org.aigov.observatory.log;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.PublishedChange;
import org.aigov.observatory.kernel.PublishedChangeSink;

/**
 * The append-only RFC 9162 transparency log over every published change.
 *
 * <p>Appends run inside the caller's transaction and lock the single {@code log_state} row, so
 * indices are dense and in commit order on H2 and PostgreSQL alike; a rolled-back or killed writer
 * leaves neither its change nor its entry. Each append stores the entry, its leaf hash, the root of
 * the tree ending at it, and the complete-subtree nodes it finishes, so proofs are point reads.
 */
public final class TransparencyLog implements PublishedChangeSink, AutoCloseable {
  /** Sign a new head after {@code signEveryEntries} new entries or {@code signEverySeconds} seconds. */
  public record Options(long signEveryEntries, long signEverySeconds) {
    public static final Options DEFAULT = new Options(1000, 60);
  }

  public static final Set<String> ACTIONS = Set.of("create", "update", "delete", "publish");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Db db;
  private final Options options;
  private final LogKeys keys;
  private ScheduledExecutorService signer;

  public TransparencyLog(Db db) {
    this(db, Options.DEFAULT);
  }

  public TransparencyLog(Db db, Options options) {
    this.db = db;
    this.options = options;
    this.keys = LogKeys.loadOrCreate(db);
  }

  public Db db() {
    return db;
  }

  public LogKeys keys() {
    return keys;
  }

  public Options options() {
    return options;
  }

  // ------------------------------------------------------------------ entries

  /**
   * The entry text: RFC 8785 canonical JSON of the change; time in UTC with microseconds. Written
   * directly (members already in RFC 8785 order, version an exact integer) because it runs once per
   * published change; {@code LogFormatTest} checks it against the general canonicaliser.
   */
  public static String entryJson(PublishedChange c) {
    validate(c);
    StringBuilder sb = new StringBuilder(96 + c.recordId().length() + c.actor().length() + 64);
    sb.append("{\"action\":");
    CanonicalJson.string(c.action(), sb);
    sb.append(",\"actor\":");
    CanonicalJson.string(c.actor(), sb);
    sb.append(",\"content_hash\":\"").append(c.contentHash()).append("\",\"record_id\":");
    CanonicalJson.string(c.recordId(), sb);
    sb.append(",\"time\":\"").append(formatTime(c.time())).append("\",\"version\":").append(c.version()).append('}');
    return sb.toString();
  }

  public static String formatTime(Instant t) {
    return TIME.format(t.truncatedTo(ChronoUnit.MICROS));
  }

  private static void validate(PublishedChange c) {
    if (c == null) throw new IllegalArgumentException("published change is null");
    if (c.recordId() == null || c.recordId().isBlank() || c.recordId().length() > 160) throw new IllegalArgumentException("recordId: required, at most 160 characters");
    if (c.version() < 1 || c.version() > (1L << 53)) throw new IllegalArgumentException("version: must be between 1 and 2^53, got " + c.version());
    if (!isLowerHex64(c.contentHash())) throw new IllegalArgumentException("contentHash: expected 64 lower-case hex digits, got " + c.contentHash());
    if (c.actor() == null || c.actor().isBlank()) throw new IllegalArgumentException("actor: required");
    if (c.time() == null) throw new IllegalArgumentException("time: required");
    if (!ACTIONS.contains(c.action())) throw new IllegalArgumentException("action: expected one of " + ACTIONS + ", got " + c.action());
  }

  private static boolean isLowerHex64(String s) {
    if (s == null || s.length() != 64) return false;
    for (int i = 0; i < 64; i++) {
      char ch = s.charAt(i);
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
    }
    return true;
  }

  @Override
  public void published(Connection tx, PublishedChange change) throws SQLException {
    appendAll(tx, List.of(change));
  }

  /** Appends several changes in the caller's transaction with one lock and batched inserts. */
  @Override
  public void publishedAll(Connection tx, List<PublishedChange> changes) throws SQLException {
    if (!changes.isEmpty()) appendAll(tx, changes);
  }

  /**
   * Interior nodes are stored from this level up; a proof computes the lower ones from one block
   * of 2^STORED_MIN_LEVEL leaf hashes (≤ 15 hashes), which saves ~7/8 of the node rows per append.
   */
  static final int STORED_MIN_LEVEL = 4;
  /** Batches at least this large are prepared (hashing, JSON) on a second thread while this one inserts. */
  static final int PIPELINE_MIN = 4096;
  static final int CHUNK = 2048;
  private static final java.util.concurrent.ExecutorService PREP = Executors.newCachedThreadPool(Daemons.named("log-prepare"));

  /** Rows for a run of consecutive entries, computed without touching the database. */
  private static final class Prepared {
    final String[] text;
    final byte[][] leaf, root;
    final List<long[]> nodeKeys = new ArrayList<>();
    final List<byte[]> nodeHashes = new ArrayList<>();
    final RuntimeException failure;

    Prepared(int n) {
      text = new String[n];
      leaf = new byte[n][];
      root = new byte[n][];
      failure = null;
    }

    Prepared(RuntimeException failure) {
      text = null;
      leaf = root = null;
      this.failure = failure;
    }
  }

  private static Prepared prepare(List<PublishedChange> changes, int from, int to, Merkle.Frontier f) {
    Prepared p = new Prepared(to - from);
    for (int i = from; i < to; i++) {
      String text = entryJson(changes.get(i));
      byte[] leaf = Merkle.leafHash(text.getBytes(StandardCharsets.UTF_8));
      f.append(leaf, (level, index, hash) -> {
        if (level >= STORED_MIN_LEVEL) {
          p.nodeKeys.add(new long[] {level, index});
          p.nodeHashes.add(hash);
        }
      });
      p.text[i - from] = text;
      p.leaf[i - from] = leaf;
      p.root[i - from] = f.root();
    }
    return p;
  }

  /** Appends in the caller's transaction; returns the index of the first new entry. */
  public long appendAll(Connection tx, List<PublishedChange> changes) throws SQLException {
    if (tx.getAutoCommit()) throw new IllegalStateException("the transparency log must be appended inside the writer's transaction");
    for (PublishedChange c : changes) validate(c); // refuse the whole batch before taking the lock
    long size;
    Merkle.Frontier f;
    try (PreparedStatement ps = tx.prepareStatement("SELECT tree_size, frontier FROM log_state WHERE id = 1 FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) throw new IllegalStateException("log_state row missing: the log store is damaged");
      size = rs.getLong(1);
      f = Merkle.Frontier.decode(size, rs.getString(2));
    }
    final long first = size;
    int n = changes.size();
    try (PreparedStatement ins = tx.prepareStatement(
            "INSERT INTO log_entries (idx, record_id, version, entry, leaf_hash, tree_root) VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement node = tx.prepareStatement("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)")) {
      if (n < PIPELINE_MIN) {
        write(ins, node, changes, 0, first, prepare(changes, 0, n, f));
      } else {
        // hashing and JSON on a second thread, one chunk ahead of the inserts on this one
        java.util.concurrent.BlockingQueue<Prepared> ready = new java.util.concurrent.ArrayBlockingQueue<>(4);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.Future<?> producer = PREP.submit(() -> {
          try {
            for (int from = 0; from < n && !stop.get(); from += CHUNK) ready.put(prepare(changes, from, Math.min(n, from + CHUNK), f));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            ready.offer(new Prepared(e));
          }
          return null;
        });
        try {
          for (int from = 0; from < n; from += CHUNK) {
            Prepared p = ready.take();
            if (p.failure != null) throw p.failure;
            write(ins, node, changes, from, first + from, p);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while appending to the transparency log", e);
        } finally {
          stop.set(true);
          ready.clear();
          producer.cancel(true);
        }
      }
    }
    try (PreparedStatement up = tx.prepareStatement("UPDATE log_state SET tree_size = ?, frontier = ? WHERE id = 1")) {
      up.setLong(1, f.size());
      up.setString(2, f.encode());
      up.executeUpdate();
    }
    return first;
  }

  private static void write(PreparedStatement ins, PreparedStatement node, List<PublishedChange> changes, int from, long firstIndex, Prepared p)
      throws SQLException {
    for (int i = 0; i < p.text.length; i++) {
      PublishedChange c = changes.get(from + i);
      ins.setLong(1, firstIndex + i);
      ins.setString(2, c.recordId());
      ins.setLong(3, c.version());
      ins.setString(4, p.text[i]);
      ins.setBytes(5, p.leaf[i]);
      ins.setBytes(6, p.root[i]);
      ins.addBatch();
    }
    ins.executeBatch();
    for (int i = 0; i < p.nodeKeys.size(); i++) {
      node.setInt(1, (int) p.nodeKeys.get(i)[0]);
      node.setLong(2, p.nodeKeys.get(i)[1]);
      node.setBytes(3, p.nodeHashes.get(i));
      node.addBatch();
    }
    if (!p.nodeKeys.isEmpty()) node.executeBatch();
  }

  // ------------------------------------------------------------------ reads

  /** Committed tree size. */
  public long size() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT tree_size FROM log_state WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Root of the tree of the first {@code n} entries. */
  public byte[] root(long n) {
    if (n == 0) return Merkle.emptyRoot();
    return db.read(c -> root(c, n));
  }

  static byte[] root(Connection c, long n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT tree_root FROM log_entries WHERE idx = ?")) {
      ps.setLong(1, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new IllegalStateException("log has no entry " + (n - 1));
        return rs.getBytes(1);
      }
    }
  }

  /** A stored entry with its leaf hash and the root of the tree that ends with it. */
  public record StoredEntry(long index, String entry, String leafHash, String treeRoot) {}

  /** Entries with index in [start, endExclusive). */
  public List<StoredEntry> entries(long start, long endExclusive) {
    return db.read(c -> {
      List<StoredEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT idx, entry, leaf_hash, tree_root FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        ps.setLong(1, start);
        ps.setLong(2, endExclusive);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new StoredEntry(rs.getLong(1), rs.getString(2), Merkle.hex(rs.getBytes(3)), Merkle.hex(rs.getBytes(4))));
        }
      }
      return out;
    });
  }

  /** Lowest index of the entry for (record, version), or -1. */
  public long indexOf(String recordId, long version) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(idx) FROM log_entries WHERE record_id = ? AND version = ?")) {
        ps.setString(1, recordId);
        ps.setLong(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long v = rs.getLong(1);
          return rs.wasNull() ? -1L : v;
        }
      }
    });
  }

  /**
   * Committed complete-subtree hashes never change, so nodes at level ≥ {@link #CACHE_MIN_LEVEL}
   * read for proofs are kept in memory (bounded); a proof then reads one block of leaf hashes.
   */
  static final int CACHE_MIN_LEVEL = STORED_MIN_LEVEL;
  static final int CACHE_MAX = 1_000_000;
  private final java.util.concurrent.ConcurrentHashMap<Long, byte[]> nodeCache = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Loads the upper tree levels (level ≥ {@link #CACHE_MIN_LEVEL}, top first, up to the cache
   * bound) so proofs need only one block read; returns the number of nodes cached.
   */
  public int warmCache() {
    return db.read(c -> {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT level, idx, hash FROM log_nodes WHERE level >= ? ORDER BY level DESC, idx")) {
        ps.setInt(1, CACHE_MIN_LEVEL);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && nodeCache.size() < CACHE_MAX) {
            nodeCache.put(((long) rs.getInt(1) << 56) | rs.getLong(2), rs.getBytes(3));
            n++;
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
      return n;
    });
  }

  /** Reads stored perfect nodes; level 0 comes from the entries' leaf hashes. Only for committed reads. */
  final class StoredNodes implements Merkle.NodeSource {
    private final Connection c;

    StoredNodes(Connection c) {
      this.c = c;
    }

    /**
     * Nodes below {@link #CACHE_MIN_LEVEL} lie inside one aligned block of 2^CACHE_MIN_LEVEL leaves:
     * one range read of the block's stored leaf hashes answers all of them (at most 15 hashes
     * to fold), instead of one point read per node. Higher nodes come from the cache or log_nodes.
     */
    @Override
    public List<byte[]> hashes(List<Merkle.Node> nodes) {
      List<byte[]> out = new ArrayList<>(nodes.size());
      java.util.Map<Long, byte[][]> blocks = new java.util.HashMap<>();
      PreparedStatement inner = null;
      try {
        for (Merkle.Node n : nodes) {
          if (n.level() < CACHE_MIN_LEVEL) {
            long block = n.firstLeaf() >>> CACHE_MIN_LEVEL;
            byte[][] leaves = blocks.get(block);
            if (leaves == null) {
              leaves = readBlock(block);
              blocks.put(block, leaves);
            }
            int from = (int) (n.firstLeaf() - (block << CACHE_MIN_LEVEL));
            out.add(subtree(leaves, from, 1 << n.level(), n));
            continue;
          }
          long key = ((long) n.level() << 56) | n.index();
          byte[] hit = nodeCache.get(key);
          if (hit != null) {
            out.add(hit);
            continue;
          }
          if (inner == null) inner = c.prepareStatement("SELECT hash FROM log_nodes WHERE level = ? AND idx = ?");
          inner.setInt(1, n.level());
          inner.setLong(2, n.index());
          try (ResultSet rs = inner.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("log store is missing tree node (level " + n.level() + ", index " + n.index() + ")");
            byte[] h = rs.getBytes(1);
            if (nodeCache.size() < CACHE_MAX) nodeCache.put(key, h);
            out.add(h);
          }
        }
      } catch (SQLException e) {
        throw new Db.StoreException(e.getMessage(), e);
      } finally {
        if (inner != null) {
          try {
            inner.close();
          } catch (SQLException ignored) {
            // closing a read statement cannot lose data
          }
        }
      }
      return out;
    }

    private byte[][] readBlock(long block) throws SQLException {
      byte[][] leaves = new byte[1 << CACHE_MIN_LEVEL][];
      try (PreparedStatement ps = c.prepareStatement("SELECT idx, leaf_hash FROM log_entries WHERE idx >= ? AND idx < ?")) {
        ps.setLong(1, block << CACHE_MIN_LEVEL);
        ps.setLong(2, (block + 1) << CACHE_MIN_LEVEL);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) leaves[(int) (rs.getLong(1) - (block << CACHE_MIN_LEVEL))] = rs.getBytes(2);
        }
      }
      return leaves;
    }

    private byte[] subtree(byte[][] leaves, int from, int count, Merkle.Node n) {
      if (count == 1) {
        if (leaves[from] == null) throw new IllegalStateException("log store is missing entry " + n.firstLeaf());
        return leaves[from];
      }
      int half = count / 2;
      return Merkle.nodeHash(subtree(leaves, from, half, n), subtree(leaves, from + half, half, n));
    }
  }

  private void checkSize(Connection c, long n, String field) throws SQLException {
    long size;
    try (PreparedStatement ps = c.prepareStatement("SELECT tree_size FROM log_state WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      size = rs.getLong(1);
    }
    if (n > size) throw new IllegalArgumentException(field + ": " + n + " exceeds the log's size " + size);
  }

  public List<byte[]> inclusionProof(long index, long treeSize) {
    List<List<Merkle.Node>> plan = Merkle.inclusionPlan(index, treeSize);
    return db.read(c -> {
      checkSize(c, treeSize, "tree_size");
      return Merkle.resolve(plan, new StoredNodes(c));
    });
  }

  public List<byte[]> consistencyProof(long first, long second) {
    if (first == second) return List.of();
    List<List<Merkle.Node>> plan = Merkle.consistencyPlan(first, second);
    return db.read(c -> {
      checkSize(c, second, "second");
      return Merkle.resolve(plan, new StoredNodes(c));
    });
  }

  // ------------------------------------------------------------------ signed tree heads

  public SignedHead latestHead() {
    return db.read(TransparencyLog::latestHead);
  }

  static SignedHead latestHead(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT tree_size, root_hash, timestamp_ms, key_id, signature FROM log_heads ORDER BY seq DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? readHead(rs) : null;
    }
  }

  static SignedHead readHead(ResultSet rs) throws SQLException {
    return new SignedHead(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5));
  }

  /** Signs the committed tree as it is now and stores the head. */
  public SignedHead signHead() {
    return db.tx(c -> {
      long size;
      Merkle.Frontier f;
      try (PreparedStatement ps = c.prepareStatement("SELECT tree_size, frontier FROM log_state WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        size = rs.getLong(1);
        f = Merkle.Frontier.decode(size, rs.getString(2));
      }
      // the key signs only a root the entries give: a damaged frontier would have its wrong root signed, a fork to anyone
      if (size > 0) {
        try (PreparedStatement ps = c.prepareStatement("SELECT tree_root FROM log_entries WHERE idx = ?")) {
          ps.setLong(1, size - 1);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !java.util.Arrays.equals(rs.getBytes(1), f.root()))
              throw new IllegalStateException("log state damaged: the frontier's root differs from the root recorded for entry " + (size - 1)
                  + "; no head signed (run verify store)");
          }
        }
      }
      SignedHead prev = latestHead(c);
      long ts = System.currentTimeMillis();
      if (prev != null && ts < prev.timestampMs()) ts = prev.timestampMs(); // keep head times monotonic
      String root = Merkle.hex(f.root());
      String sig = Base64.getEncoder().encodeToString(keys.sign(SignedHead.message(size, root, ts)));
      SignedHead h = new SignedHead(size, root, ts, keys.keyId, sig);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO log_heads (tree_size, root_hash, timestamp_ms, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
        ps.setLong(1, h.treeSize());
        ps.setString(2, h.rootHash());
        ps.setLong(3, h.timestampMs());
        ps.setString(4, h.keyId());
        ps.setString(5, h.signature());
        ps.executeUpdate();
      }
      return h;
    });
  }

  /** Signs a new head when none exists, or when the policy's entry count or age is reached. */
  public SignedHead signIfDue() {
    SignedHead h = latestHead();
    long size = size();
    if (h == null) return signHead();
    if (size > h.treeSize() && (size - h.treeSize() >= options.signEveryEntries()
        || System.currentTimeMillis() - h.timestampMs() >= options.signEverySeconds() * 1000)) {
      return signHead();
    }
    return h;
  }

  /** Starts a daemon that applies the signing policy every second (or every S seconds if shorter). */
  public synchronized void start() {
    if (signer != null) return;
    signer = Executors.newSingleThreadScheduledExecutor(Daemons.named("log-signer"));
    long period = Math.max(100, Math.min(1000, options.signEverySeconds() * 1000));
    signer.execute(() -> {
      try {
        warmCache();
      } catch (RuntimeException e) {
        System.err.println("transparency log: cache warm-up failed: " + e.getMessage());
      }
    });
    signer.scheduleWithFixedDelay(() -> {
      try {
        signIfDue();
      } catch (RuntimeException e) {
        System.err.println("transparency log: signing failed: " + e.getMessage());
      }
    }, 0, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (signer != null) {
      signer.shutdownNow();
      signer = null;
    }
  }
}
