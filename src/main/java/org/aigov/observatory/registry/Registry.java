package org.aigov.observatory.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.aigov.observatory.kernel.Utf8;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Hashing;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PublishedChange;
import org.aigov.observatory.kernel.PublishedChangeSink;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;

/**
 * The registry's public surface: versioned instruments, actors and relations. Every write creates
 * a new version, goes to the change feed and to the {@link PublishedChangeSink} in one transaction,
 * and is visible to search when the call returns.
 */
public final class Registry {
  public enum Outcome { ADDED, UPDATED, UNCHANGED }

  public record WriteResult(Entry entry, Outcome outcome) {}

  public record VersionInfo(long version, String action, String actor, String created_at, String content_hash) {}

  public record FieldChange(String field, JsonNode from, JsonNode to) {}

  public record Page(List<Entry> items, String next_cursor) {}

  private final Db db;
  private final PublishedChangeSink sink;
  private final SearchIndex index;

  public Registry(Db db, PublishedChangeSink sink, SearchIndex index) {
    this.db = db;
    this.sink = sink == null ? PublishedChangeSink.NONE : sink;
    this.index = index;
  }

  public Db db() {
    return db;
  }

  public SearchIndex search() {
    return index;
  }

  // ---------------------------------------------------------------- writes

  public Entry create(Entry e, String actor) {
    if (e.filing != null) throw ApiException.badRequest("filing", "set only by publishing a filing");
    // the name a filing's record gets: one made by hand posed as a published filing and blocked that filing's publication
    if (e.id != null && e.id.startsWith("filing-")) throw ApiException.badRequest("id", "ids beginning 'filing-' are given only by publishing a filing");
    Entry out;
    try {
      out = db.tx(c -> write(c, e, null, actor, true));
    } catch (RuntimeException race) {
      // two creates at once that derived the same id from one name: the later insert met the key (it was a 500)
      if (!Sql.isUniqueViolation(race)) throw race;
      throw ApiException.conflict("record " + e.id + " was created by another request at the same moment; send yours again (a new id is derived)");
    }
    refreshSearch();
    return out;
  }

  /** Updates {@code id}; {@code expectedVersion} must equal the stored version, else 409. */
  public Entry update(String id, Entry e, long expectedVersion, String actor) {
    if (e.id != null && !e.id.equals(id)) throw ApiException.badRequest("id", "body id '" + e.id + "' differs from the URL's '" + id + "'");
    e.id = id;
    Entry out = db.tx(c -> {
      // a published filing's commitment stays with its record: an editor's body may leave it out, not change it
      Entry cur = load(c, id).filter(x -> !x.deleted).orElse(null);
      JsonNode kept = cur == null ? null : cur.filing;
      if (e.filing != null && !e.filing.equals(kept)) throw ApiException.badRequest("filing", "set only by publishing a filing");
      e.filing = kept;
      return write(c, e, expectedVersion, actor, false);
    });
    refreshSearch();
    return out;
  }

  /** Marks a record deleted (a new version with action delete); history stays. */
  public Entry delete(String id, long expectedVersion, String actor) {
    Entry out = db.tx(c -> {
      // locked before the checks: a relation or issuer naming it, written at the same moment, waits for this and then
      // finds it deleted (both had passed, leaving a live reference to a deleted record)
      lockRows(c, id);
      Entry cur = load(c, id).filter(x -> !x.deleted).orElseThrow(() -> ApiException.notFound("record " + id));
      if (cur.version != expectedVersion) throw stale(id, expectedVersion, cur.version);
      if (cur.filing != null) throw ApiException.conflict("record " + id + " is a published filing's; published filings are not withdrawn");
      if (hasLiveRelations(c, id))
        throw ApiException.conflict("record " + id + " still has relations; delete them first");
      String issued = "relation".equals(cur.kind) ? null : issuedBy(c, id);
      if (issued != null) throw ApiException.conflict("record " + id + " is an issuer of " + issued + "; change that record first");
      cur.version = null;
      cur.updatedAt = null;
      return store(c, cur, expectedVersion, actor, "delete", true);
    });
    refreshSearch();
    return out;
  }

  /**
   * Writes inside the caller's transaction (used by importers and filings). The caller must call
   * {@link #refreshSearch()} after commit.
   */
  public Entry write(Connection c, Entry e, Long expectedVersion, String actor, boolean creating) throws SQLException {
    Validator.check(e);
    if (creating) {
      if (e.id == null) e.id = freshId(c, e);
      Optional<Entry> prior = load(c, e.id);
      if (prior.isPresent() && !prior.get().deleted) throw ApiException.conflict("record " + e.id + " already exists");
      if (prior.isPresent()) { // re-creating a deleted record continues its history
        checkReferences(c, e);
        return store(c, e, prior.get().version, actor, "create", false);
      }
    } else {
      Entry cur = load(c, e.id).filter(x -> !x.deleted).orElseThrow(() -> ApiException.notFound("record " + e.id));
      if (!cur.kind.equals(e.kind)) throw ApiException.badRequest("kind", "cannot change kind from " + cur.kind + " to " + e.kind);
      if (expectedVersion != null && cur.version != expectedVersion.longValue()) throw stale(e.id, expectedVersion, cur.version);
      expectedVersion = cur.version;
      // Sending back what is stored changes nothing: no version, no log entry (as an unchanged import).
      if (cur.contentHash != null && cur.contentHash.equals(Hashing.sha256Hex(docOf(e)))) return cur;
    }
    checkReferences(c, e);
    return store(c, e, creating ? null : expectedVersion, actor, creating ? "create" : "update", false);
  }

  /** Import path: adds, updates or leaves unchanged by content hash. */
  public WriteResult upsert(Connection c, Entry e, String actor) throws SQLException {
    return upsert(c, e, actor, null);
  }

  /**
   * Import path with batching: when {@code deferred} is given, published changes are collected there
   * instead of going to the sink one by one; the caller passes them to {@link #publish} before commit.
   */
  public WriteResult upsert(Connection c, Entry e, String actor, List<PublishedChange> deferred) throws SQLException {
    List<PublishedChange> out = deferred != null ? deferred : new ArrayList<>();
    Upserted u = upsertAll(c, List.of(e), actor, out).get(0);
    if (u.error() != null) throw u.error();
    if (deferred == null) publish(c, out);
    return u.result();
  }

  /** What {@link #upsertAll} did with one entry: its result, or why nothing of it was written. */
  public record Upserted(WriteResult result, ApiException error) {}

  /** Current state of a stored record, as far as an upsert needs it. */
  private record Cur(String kind, long version, String hash, boolean deleted) {}

  /**
   * Bulk import path: validates and canonicalises every entry (on all cores), reads the current state of
   * every id involved (locking, until commit, the rows it will write or refers to), then writes records, versions and change-feed rows as
   * JDBC batches through prepared statements reused for the whole list. Entries are decided in list
   * order, exactly as one {@link #upsert} after the other would: a later entry sees the earlier ones, an
   * unchanged one (same content hash) writes nothing, and an entry that fails validation or names a
   * missing record gets its error and writes nothing. Published changes are appended to {@code deferred}
   * in order; the caller passes them to {@link #publish} before commit.
   */
  public List<Upserted> upsertAll(Connection c, List<Entry> entries, String actor, List<PublishedChange> deferred)
      throws SQLException {
    return upsertAll(c, entries, prepare(entries), actor, deferred);
  }

  /** Each entry of a list validated (normalised in place) and, if valid, its stored document and hash. */
  public record Prepared(String[] docs, String[] hashes, ApiException[] errors) {}

  /**
   * The store-independent part of {@link #upsertAll}, on all cores. It needs no connection, so an
   * importer can run it for the next chunk while the current one is being written.
   */
  public static Prepared prepare(List<Entry> entries) {
    int n = entries.size();
    Prepared p = new Prepared(new String[n], new String[n], new ApiException[n]);
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, n);
    (n >= 256 ? range.parallel() : range).forEach(i -> {
      Entry e = entries.get(i);
      try {
        Validator.check(e);
        if (e.id == null) throw ApiException.badRequest("id", "imports need stable ids");
        e.version = null;
        e.updatedAt = null;
        p.docs[i] = docOf(e);
        p.hashes[i] = Hashing.sha256Hex(p.docs[i]);
      } catch (ApiException ex) {
        p.errors[i] = ex;
      }
    });
    return p;
  }

  /** {@link #upsertAll(Connection, List, String, List)} with {@link #prepare} already done for {@code entries}. */
  public List<Upserted> upsertAll(Connection c, List<Entry> entries, Prepared prepared, String actor, List<PublishedChange> deferred)
      throws SQLException {
    int n = entries.size();
    if (prepared.errors().length != n) throw new IllegalArgumentException("prepared for another list");
    String[] docs = prepared.docs();
    String[] hashes = prepared.hashes();
    ApiException[] errors = prepared.errors().clone(); // reference errors are added below
    // Current state of every id involved. A plain read first: locking a row in H2 writes to it, so
    // locking rows an import leaves unchanged made a no-op re-import rewrite the whole table.
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    LinkedHashSet<String> referenced = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      if (errors[i] != null) continue;
      Entry e = entries.get(i);
      ids.add(e.id);
      if (e.source != null) referenced.add(e.source);
      if (e.target != null) referenced.add(e.target);
      referenced.addAll(e.issuers);
    }
    ids.addAll(referenced);
    Map<String, Cur> state = new HashMap<>();
    readState(c, new ArrayList<>(ids), false, state);
    // Then every row the list will write or relies on is locked until commit and read again, so no
    // writer slips in between: all referenced ids, and every id whose stored content differs.
    LinkedHashSet<String> lock = new LinkedHashSet<>(referenced);
    for (int i = 0; i < n; i++) {
      if (errors[i] != null) continue;
      Cur cur = state.get(entries.get(i).id);
      if (cur != null && (cur.deleted() || !hashes[i].equals(cur.hash()) || !cur.kind().equals(entries.get(i).kind)))
        lock.add(entries.get(i).id);
    }
    lock.removeIf(id -> !state.containsKey(id)); // locking a missing row locks nothing
    if (!lock.isEmpty()) {
      List<String> locked = new ArrayList<>(lock);
      locked.forEach(state::remove);
      readState(c, locked, true, state);
    }
    List<Upserted> out = new ArrayList<>(n);
    List<long[]> updateChecks = new ArrayList<>(); // {index in entries, expected version}
    // New rows go in as multi-row INSERTs: H2 runs each row of a JDBC batch as a statement of its own.
    MultiInsert ins = new MultiInsert("registry_records (id, kind, type, source_id, target_id, version, content_hash, updated_at, deleted)", 9);
    MultiInsert ver = new MultiInsert("registry_versions (id, version, doc, content_hash, actor, action, created_at)", 7);
    MultiInsert chg = new MultiInsert("registry_changes (id, version, changed_at)", 3);
    try (PreparedStatement upd = c.prepareStatement(UPDATE_RECORD)) {
      int written = 0;
      List<Integer> updates = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Entry e = entries.get(i);
        if (errors[i] == null) errors[i] = referenceError(e, state);
        if (errors[i] == null && "same_as".equals(e.type) && "relation".equals(e.kind))
          errors[i] = sameAsError(c, e, state.get(e.source).kind(), state.get(e.target).kind());
        Cur cur = errors[i] == null ? state.get(e.id) : null;
        if (cur != null && !cur.kind().equals(e.kind))
          errors[i] = ApiException.badRequest("kind", "cannot change kind of " + e.id);
        if (errors[i] != null) {
          out.add(new Upserted(null, errors[i]));
          continue;
        }
        if (cur != null && !cur.deleted() && hashes[i].equals(cur.hash())) {
          e.version = cur.version();
          out.add(new Upserted(new WriteResult(e, Outcome.UNCHANGED), null));
          continue;
        }
        long version = cur == null ? 1 : cur.version() + 1;
        String action = cur == null ? "create" : "update";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OffsetDateTime ts = now.atOffset(ZoneOffset.UTC);
        if (cur == null) {
          ins.add(e.id, e.kind, e.type, e.source, e.target, version, hashes[i], ts, false);
        } else {
          bindStored(upd, 1, e, version, hashes[i], ts, false);
          upd.setString(8, e.id);
          upd.setLong(9, cur.version());
          upd.addBatch();
          updates.add(i);
        }
        ver.add(e.id, version, docs[i], hashes[i], actor, action, ts);
        chg.add(e.id, version, ts);
        written++;
        state.put(e.id, new Cur(e.kind, version, hashes[i], false));
        deferred.add(new PublishedChange(e.id, version, hashes[i], actor, now, action));
        e.version = version;
        e.updatedAt = now.toString();
        out.add(new Upserted(new WriteResult(e, cur == null ? Outcome.ADDED : Outcome.UPDATED), null));
      }
      // Change-feed rows first: when they exhaust H2's cached identity values, H2 commits the
      // sequence in its own session, which writes every dirty page, and at this point there are none.
      chg.flush(c);
      // A record is first inserted, then (if the list names it again) updated: inserts run first.
      ins.flush(c);
      if (!updates.isEmpty()) {
        int[] counts = upd.executeBatch();
        for (int k = 0; k < counts.length; k++)
          if (counts[k] != 1 && counts[k] != java.sql.Statement.SUCCESS_NO_INFO)
            throw new SQLException("record " + entries.get(updates.get(k)).id + " changed under a locked import");
      }
      ver.flush(c);
    }
    return out;
  }

  /** Rows for one table, written by {@link #flush} as INSERTs of up to {@link #ROWS} rows each, in the order added. */
  private static final class MultiInsert {
    static final int ROWS = 100;
    final String into;
    final int width;
    final List<Object> values = new ArrayList<>();

    MultiInsert(String into, int width) {
      this.into = into;
      this.width = width;
    }

    void add(Object... row) {
      values.addAll(java.util.Arrays.asList(row));
    }

    void flush(Connection c) throws SQLException {
      int rows = values.size() / width;
      PreparedStatement full = null;
      try {
        for (int from = 0; from < rows; from += ROWS) {
          int k = Math.min(ROWS, rows - from);
          PreparedStatement ps = k == ROWS && full != null ? full : c.prepareStatement(sql(k));
          if (k == ROWS) full = ps;
          try {
            for (int p = 0; p < k * width; p++) {
              Object v = values.get(from * width + p);
              if (v == null) ps.setNull(p + 1, java.sql.Types.VARCHAR); // only text columns are nullable
              else ps.setObject(p + 1, v);
            }
            ps.executeUpdate();
          } finally {
            if (ps != full) ps.close();
          }
        }
      } finally {
        if (full != null) full.close();
      }
      values.clear();
    }

    private String sql(int rows) {
      String one = "(" + String.join(",", java.util.Collections.nCopies(width, "?")) + ")";
      return "INSERT INTO " + into + " VALUES " + String.join(",", java.util.Collections.nCopies(rows, one));
    }
  }

  // The record row has no document: it is the one of the current version (registry_versions).
  private static final String INSERT_RECORD =
      "INSERT INTO registry_records (id, kind, type, source_id, target_id, version, content_hash, updated_at, deleted) VALUES (?,?,?,?,?,?,?,?,?)";
  private static final String UPDATE_RECORD =
      "UPDATE registry_records SET type=?, source_id=?, target_id=?, version=?, content_hash=?, updated_at=?, deleted=? WHERE id=? AND version=?";
  /** Current rows with their document: {@code FROM} this, then conditions on {@code r.} columns. */
  static final String CURRENT = "registry_records r JOIN registry_versions v ON v.id = r.id AND v.version = r.version";

  /** The stored columns INSERT_RECORD and UPDATE_RECORD share (type … deleted), from parameter {@code at} on. */
  private static void bindStored(PreparedStatement ps, int at, Entry e, long version, String hash, OffsetDateTime ts, boolean deleted)
      throws SQLException {
    ps.setString(at, e.type);
    ps.setString(at + 1, e.source);
    ps.setString(at + 2, e.target);
    ps.setLong(at + 3, version);
    ps.setString(at + 4, hash);
    ps.setObject(at + 5, ts);
    ps.setBoolean(at + 6, deleted);
  }

  /** Reads the current state of {@code ids} into {@code state}, optionally locking the rows until commit. */
  private static void readState(Connection c, List<String> ids, boolean forUpdate, Map<String, Cur> state) throws SQLException {
    // H2 checks every row found against the whole IN list: short lists keep that cheap.
    for (int from = 0; from < ids.size(); from += 100) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 100));
      String in = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
      try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, version, content_hash, deleted FROM registry_records WHERE id IN ("
          + in + ")" + (forUpdate ? " FOR UPDATE" : ""))) {
        for (int i = 0; i < part.size(); i++) ps.setString(i + 1, part.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) state.put(rs.getString(1), new Cur(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBoolean(5)));
        }
      }
    }
  }

  /** The reference check of {@link #checkReferences}, against the state an import has read and written. */
  private static ApiException referenceError(Entry e, Map<String, Cur> state) {
    java.util.function.Predicate<String> live = id -> {
      Cur x = state.get(id);
      return x != null && !x.deleted();
    };
    if ("relation".equals(e.kind)) {
      if (!live.test(e.source)) return ApiException.unprocessable("source", "no record with id '" + e.source + "'");
      if (!live.test(e.target)) return ApiException.unprocessable("target", "no record with id '" + e.target + "'");
    }
    for (String i : e.issuers)
      if (!live.test(i)) return ApiException.unprocessable("issuers", "no record with id '" + i + "'");
    return null;
  }

  /**
   * A same_as relation says its source is another dataset's record of its target, so search and the analyses
   * count the target alone. Both ends are one kind of thing, and there are no chains (a copy of a copy, or a
   * copy that has copies): a cycle would hide every record of it. Null when {@code e} is fine.
   */
  private static ApiException sameAsError(Connection c, Entry e, String sourceKind, String targetKind) throws SQLException {
    if (!"same_as".equals(e.type)) return null;
    if ("relation".equals(sourceKind) || "relation".equals(targetKind))
      return ApiException.unprocessable("relation".equals(sourceKind) ? "source" : "target", "same_as links two instruments or two actors, not relations");
    if (!java.util.Objects.equals(sourceKind, targetKind))
      return ApiException.unprocessable("target", "same_as links two records of one kind; '" + e.source + "' is an "
          + sourceKind + " and '" + e.target + "' an " + targetKind);
    String targetOf = sameAsOther(c, "source_id", e.target, e.id);
    if (targetOf != null)
      return ApiException.unprocessable("target", "'" + e.target + "' is itself recorded as the same as '" + targetOf
          + "'; link to '" + targetOf + "' instead");
    String copy = sameAsOther(c, "target_id", e.source, e.id);
    if (copy != null)
      return ApiException.unprocessable("source", "'" + copy + "' is recorded as the same as '" + e.source
          + "'; a record with copies cannot itself be a copy");
    String twin = sameAsOther(c, "source_id", e.source, e.id);
    if (twin != null)
      return ApiException.unprocessable("source", "'" + e.source + "' is already recorded as the same as '" + twin + "'");
    return null;
  }

  /** The other end of a live same_as relation (not {@code except}) whose {@code column} is {@code id}, or null. */
  private static String sameAsOther(Connection c, String column, String id, String except) throws SQLException {
    String other = column.equals("source_id") ? "target_id" : "source_id";
    try (PreparedStatement ps = c.prepareStatement("SELECT " + other + " FROM registry_records WHERE kind='relation' AND type='same_as'"
        + " AND deleted=FALSE AND " + column + "=? AND id<>? ORDER BY id")) {
      ps.setString(1, id);
      ps.setString(2, except == null ? "" : except);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Locks the rows of {@code ids} until commit, in id order (so two writers cannot deadlock). Any two same_as
   * relations that would together make a chain or a cycle share a record, so the second waits for the first and
   * then sees it.
   */
  private static void lockRows(Connection c, String... ids) throws SQLException {
    String[] sorted = ids.clone();
    java.util.Arrays.sort(sorted);
    for (String id : sorted) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM registry_records WHERE id=? FOR UPDATE")) {
        ps.setString(1, id);
        ps.executeQuery().close();
      }
    }
  }

  private static String kindOf(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM registry_records WHERE id=?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Sends changes collected by {@link #upsert(Connection, Entry, String, List)} to the sink, in order. */
  public void publish(Connection c, List<PublishedChange> changes) throws SQLException {
    try {
      sink.publishedAll(c, changes);
    } catch (SQLException | RuntimeException ex) {
      throw ex;
    } catch (Exception ex) {
      throw new SQLException("publishing to the log failed: " + ex.getMessage(), ex);
    }
  }

  private Entry store(Connection c, Entry e, Long expectedVersion, String actor, String action, boolean deleted)
      throws SQLException {
    return store(c, e, expectedVersion, actor, action, deleted, null);
  }

  private Entry store(Connection c, Entry e, Long expectedVersion, String actor, String action, boolean deleted,
      List<PublishedChange> deferred) throws SQLException {
    e.version = null;
    e.updatedAt = null;
    String doc = docOf(e);
    String hash = Hashing.sha256Hex(doc);
    long version = expectedVersion == null ? 1 : expectedVersion + 1;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    OffsetDateTime ts = now.atOffset(ZoneOffset.UTC);
    if (expectedVersion == null) {
      try (PreparedStatement ps = c.prepareStatement(INSERT_RECORD)) {
        ps.setString(1, e.id);
        ps.setString(2, e.kind);
        bindStored(ps, 3, e, version, hash, ts, deleted);
        ps.executeUpdate();
      }
    } else {
      try (PreparedStatement ps = c.prepareStatement(UPDATE_RECORD)) {
        bindStored(ps, 1, e, version, hash, ts, deleted);
        ps.setString(8, e.id);
        ps.setLong(9, expectedVersion);
        if (ps.executeUpdate() != 1) throw stale(e.id, expectedVersion, currentVersion(c, e.id));
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO registry_versions (id, version, doc, content_hash, actor, action, created_at) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, e.id);
      ps.setLong(2, version);
      ps.setString(3, doc);
      ps.setString(4, hash);
      ps.setString(5, actor);
      ps.setString(6, action);
      ps.setObject(7, ts);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO registry_changes (id, version, changed_at) VALUES (?,?,?)")) {
      ps.setString(1, e.id);
      ps.setLong(2, version);
      ps.setObject(3, ts);
      ps.executeUpdate();
    }
    PublishedChange change = new PublishedChange(e.id, version, hash, actor, now, action);
    if (deferred != null) deferred.add(change);
    else publish(c, List.of(change));
    e.version = version;
    e.updatedAt = now.toString();
    return e;
  }

  private static ApiException stale(String id, long expected, Long actual) {
    return new ApiException(409, "Conflict", "version",
        "record " + id + " is at version " + actual + ", not " + expected + "; re-read it and apply your change again");
  }

  private void checkReferences(Connection c, Entry e) throws SQLException {
    // what this record names is locked first, as delete locks what it deletes: one of the two waits and then sees the other
    List<String> named = new ArrayList<>(e.issuers);
    if ("relation".equals(e.kind)) {
      named.add(e.source);
      named.add(e.target);
    }
    lockRows(c, named.stream().filter(java.util.Objects::nonNull).distinct().toArray(String[]::new));
    if ("relation".equals(e.kind)) {
      if (!exists(c, e.source)) throw ApiException.unprocessable("source", "no record with id '" + e.source + "'");
      if (!exists(c, e.target)) throw ApiException.unprocessable("target", "no record with id '" + e.target + "'");
      // a relation links instruments and actors; one ending at a relation was left dangling when that relation was deleted
      if ("relation".equals(kindOf(c, e.source))) throw ApiException.unprocessable("source", "'" + e.source + "' is a relation; a relation links instruments and actors");
      if ("relation".equals(kindOf(c, e.target))) throw ApiException.unprocessable("target", "'" + e.target + "' is a relation; a relation links instruments and actors");
      if ("same_as".equals(e.type)) {
        ApiException same = sameAsError(c, e, kindOf(c, e.source), kindOf(c, e.target));
        if (same != null) throw same;
      }
    }
    for (String i : e.issuers)
      if (!exists(c, i)) throw ApiException.unprocessable("issuers", "no record with id '" + i + "'");
  }

  /** The stored document: canonical JSON (RFC 8785) of the entry without store-managed fields. */
  static String docOf(Entry e) {
    ObjectNode n = Json.MAPPER.valueToTree(e);
    n.remove("version");
    n.remove("updated_at");
    return CanonicalJson.of(n);
  }

  private String freshId(Connection c, Entry e) throws SQLException {
    String base;
    if ("relation".equals(e.kind)) base = "rel:" + e.type + ":" + e.source + ":" + e.target;
    else {
      String name = e.name.en() != null ? e.name.en() : "r" + Integer.toHexString(e.name.zh().hashCode());
      // letters kept without their accents, full-width as half-width ("Café Act" had become caf-act)
      name = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
      base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
      if (base.isEmpty()) base = e.kind;
      if (base.length() > 60) base = base.substring(0, 60).replaceAll("-+$", "");
    }
    if (base.length() > 150) base = base.substring(0, 150);
    String id = base;
    for (int n = 2; exists(c, id); n++) id = base + "-" + n;
    return id;
  }

  // ---------------------------------------------------------------- reads

  public Optional<Entry> find(String id) {
    return db.read(c -> load(c, id)).filter(e -> !e.deleted);
  }

  /** The current record inside the caller's transaction, deleted ones excluded. */
  public Optional<Entry> find(Connection c, String id) throws SQLException {
    return load(c, id).filter(e -> !e.deleted);
  }

  /** Ids of live records starting with {@code prefix}, in order. */
  public List<String> idsStartingWith(Connection c, String prefix) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM registry_records WHERE id LIKE ? ESCAPE '\\' AND deleted=FALSE ORDER BY id")) {
      ps.setString(1, Sql.likeLiteral(prefix) + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  public Entry get(String id) {
    return find(id).orElseThrow(() -> ApiException.notFound("record " + id));
  }

  Optional<Entry> load(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT v.doc, r.version, r.updated_at, r.deleted, r.content_hash FROM " + CURRENT + " WHERE r.id=?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        Entry e = parse(rs.getString(1));
        e.version = rs.getLong(2);
        e.updatedAt = rs.getObject(3, OffsetDateTime.class).toInstant().toString();
        e.deleted = rs.getBoolean(4);
        e.contentHash = rs.getString(5);
        return Optional.of(e);
      }
    }
  }

  private boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM registry_records WHERE id=? AND deleted=FALSE")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A live record that names {@code id} among its issuers, or null (deleting it would leave a dangling reference). */
  private static String issuedBy(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT r.id, v.doc FROM " + CURRENT + " WHERE r.deleted = FALSE AND r.kind <> 'relation'"
        + " AND v.doc LIKE ? ESCAPE '\\'")) {
      ps.setString(1, "%\"" + Sql.likeLiteral(id) + "\"%"); // a cheap filter; the issuers list decides
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          for (JsonNode i : Json.read(rs.getString(2)).path("issuers")) if (id.equals(i.asText())) return rs.getString(1);
        }
      }
    }
    return null;
  }

  private boolean hasLiveRelations(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM registry_records WHERE kind='relation' AND deleted=FALSE AND (source_id=? OR target_id=?)")) {
      ps.setString(1, id);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Long currentVersion(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM registry_records WHERE id=?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** An entry from a row whose first three columns are doc, version, updated_at. */
  private static Entry current(ResultSet rs) throws SQLException {
    Entry e = parse(rs.getString(1));
    e.version = rs.getLong(2);
    e.updatedAt = rs.getObject(3, OffsetDateTime.class).toInstant().toString();
    return e;
  }

  static Entry parse(String doc) {
    try {
      return Json.MAPPER.readValue(doc, Entry.class);
    } catch (Exception ex) {
      throw new IllegalStateException("stored document is not a valid entry: " + ex.getMessage(), ex);
    }
  }

  /** Every current (not deleted) record of a kind, or of all kinds when {@code kind} is null. */
  public List<Entry> listAll(String kind) {
    return db.read(c -> {
      List<Entry> out = new ArrayList<>();
      String sql = "SELECT v.doc, r.version, r.updated_at FROM " + CURRENT + " WHERE r.deleted=FALSE"
          + (kind == null ? "" : " AND r.kind=?") + " ORDER BY r.id";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (kind != null) ps.setString(1, kind);
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(current(rs));
          }
        }
      }
      return out;
    });
  }

  /** Keyset pagination by id; the cursor is opaque to callers. */
  public Page list(String kind, String type, String cursor, int limit) {
    if (limit < 1 || limit > 500) throw ApiException.badRequest("limit", "must be between 1 and 500");
    String after = decodeCursor(cursor);
    return db.read(c -> {
      StringBuilder sql = new StringBuilder("SELECT v.doc, r.version, r.updated_at FROM " + CURRENT + " WHERE r.deleted=FALSE AND r.kind=? AND r.id>?");
      if (type != null) sql.append(" AND r.type=?");
      sql.append(" ORDER BY r.id LIMIT ?");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, kind);
        ps.setString(i++, after);
        if (type != null) ps.setString(i++, type);
        ps.setInt(i, limit + 1);
        List<Entry> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(current(rs));
          }
        }
        String next = null;
        if (items.size() > limit) {
          items.remove(items.size() - 1);
          next = Base64.getUrlEncoder().withoutPadding().encodeToString(items.get(items.size() - 1).id.getBytes());
        }
        return new Page(items, next);
      }
    });
  }

  private static String decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) return "";
    try {
      byte[] b = Base64.getUrlDecoder().decode(cursor);
      // only what this API hands out: an id's bytes, encoded without padding ("zzz" decoded to bytes of no id: 0 items, 200)
      if (!Base64.getUrlEncoder().withoutPadding().encodeToString(b).equals(cursor)) throw new IllegalArgumentException();
      return Utf8.decode(b);
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      throw ApiException.badRequest("cursor", "not a cursor returned by this API");
    }
  }

  /** Relations where {@code id} is source or target. */
  public List<Entry> relationsOf(String id) {
    return db.read(c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT v.doc, r.version, r.updated_at FROM " + CURRENT + " WHERE r.kind='relation' AND r.deleted=FALSE AND (r.source_id=? OR r.target_id=?) ORDER BY r.id")) {
        ps.setString(1, id);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(current(rs));
          }
        }
      }
      return out;
    });
  }

  public List<VersionInfo> history(String id) {
    List<VersionInfo> out = db.read(c -> {
      List<VersionInfo> l = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT version, action, actor, created_at, content_hash FROM registry_versions WHERE id=? ORDER BY version")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next())
            l.add(new VersionInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant().toString(), rs.getString(5)));
        }
      }
      return l;
    });
    if (out.isEmpty()) throw ApiException.notFound("record " + id);
    return out;
  }

  public Entry version(String id, long v) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT doc, created_at, action FROM registry_versions WHERE id=? AND version=?")) {
        ps.setString(1, id);
        ps.setLong(2, v);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) throw ApiException.notFound("version " + v + " of record " + id);
          Entry e = parse(rs.getString(1));
          e.version = v;
          e.deleted = "delete".equals(rs.getString(3));
          e.updatedAt = rs.getObject(2, OffsetDateTime.class).toInstant().toString();
          return e;
        }
      }
    });
  }

  /** Field-level differences between two versions; nested objects are compared by dotted path. */
  public List<FieldChange> diff(String id, long from, long to) {
    Entry x = version(id, from), y = version(id, to);
    List<FieldChange> out = new ArrayList<>();
    // a delete keeps the document as it was: without this the diff across one showed no change at all
    if (x.deleted != y.deleted)
      out.add(new FieldChange("deleted", com.fasterxml.jackson.databind.node.BooleanNode.valueOf(x.deleted), com.fasterxml.jackson.databind.node.BooleanNode.valueOf(y.deleted)));
    diff("", Json.MAPPER.valueToTree(x), Json.MAPPER.valueToTree(y), out);
    return out;
  }

  private static void diff(String prefix, JsonNode a, JsonNode b, List<FieldChange> out) {
    TreeSet<String> names = new TreeSet<>();
    a.fieldNames().forEachRemaining(names::add);
    b.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      if (prefix.isEmpty() && (n.equals("version") || n.equals("updated_at"))) continue;
      JsonNode x = a.get(n), y = b.get(n);
      String path = prefix.isEmpty() ? n : prefix + "." + n;
      if (x != null && y != null && x.isObject() && y.isObject()) diff(path, x, y, out);
      else if (x == null ? y != null : !x.equals(y)) out.add(new FieldChange(path, x, y));
    }
  }

  /** Counts by kind, for the health page and tests. */
  public Map<String, Long> counts() {
    return db.read(c -> {
      Map<String, Long> m = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT kind, COUNT(*) FROM registry_records WHERE deleted=FALSE GROUP BY kind ORDER BY kind");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
      }
      return m;
    });
  }

  /** Brings the search index up to the store's change feed; called after every commit. */
  public void refreshSearch() {
    if (index != null) index.sync(db);
  }

  /** The names of the records that have one, by id (other modules' facets and charts: US → 美国 / United States). */
  public Map<String, Text> names(java.util.Collection<String> ids) {
    Map<String, Text> out = new HashMap<>();
    byIds(ids).forEach((id, e) -> {
      if (e.name != null) out.put(id, e.name);
    });
    return out;
  }

  /**
   * Names of states by ISO 3166 alpha-2 code (any case; keys lower case). A state's record id is its code, unless the seed
   * gave that id to another actor first (va, the US Department of Veterans Affairs): then it is "state-" + code.
   */
  public Map<String, Text> countryNames(java.util.Collection<String> codes) {
    Map<String, Text> out = new HashMap<>();
    for (String code : codes) {
      String c = code.toLowerCase(Locale.ROOT);
      for (String id : List.of(c, Importers.STATE_ID_PREFIX + c)) {
        Entry e = find(id).orElse(null);
        if (e != null && "actor".equals(e.kind) && "state".equals(e.type) && e.name != null) {
          out.put(c, e.name);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Each code as the registry spells it (us -> US); a code no record uses as its jurisdiction and no state or
   * organisation record has as its id is a 400 on {@code field} (the analyses' jurisdictions, a reporting party's).
   */
  public static List<String> knownJurisdictions(List<String> codes, java.util.Collection<Entry> all, String field) {
    Map<String, String> spelt = new HashMap<>();
    for (Entry e : all) {
      if (e.jurisdiction != null) spelt.putIfAbsent(e.jurisdiction.toUpperCase(Locale.ROOT), e.jurisdiction);
      if ("actor".equals(e.kind) && e.id != null && e.id.length() <= 3) spelt.putIfAbsent(e.id.toUpperCase(Locale.ROOT), e.id.toUpperCase(Locale.ROOT));
    }
    List<String> out = new ArrayList<>();
    for (String code : codes) {
      String s = spelt.get(code.toUpperCase(Locale.ROOT));
      // a refusal names the code, cut short: a 9,000-character one had come back twice in full (outside QA)
      String c = code.length() > 100 ? code.substring(0, 100) + "…" : code;
      // a store no server has started on yet holds no registry: "use … CN" for CN sent the operator round in a circle
      if (s == null && spelt.isEmpty())
        throw ApiException.badRequest(field, "unknown jurisdiction '" + c + "': the registry is empty; start `observatory serve` once on this store "
            + "(it loads the bundled registry), or import one").with("value", c);
      if (s == null)
        throw ApiException.badRequest(field, "unknown jurisdiction '" + c + "': use codes the registry uses, e.g. US, EU, GB (the United Kingdom), CN")
            .with("value", c);
      if (!out.contains(s)) out.add(s);
    }
    return out;
  }

  /** Names of records by id for display (relations pages, exports). */
  public Map<String, Entry> byIds(Iterable<String> ids) {
    Map<String, Entry> out = new HashMap<>();
    for (String id : ids) find(id).ifPresent(e -> out.put(id, e));
    return out;
  }

}
