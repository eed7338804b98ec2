package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aigov.observatory.kernel.Json;

/**
 * Writes source records idempotently inside the caller's transaction: a record with a known
 * (source, source_id) is updated only when its content changed; a new record whose URL or
 * content hash is already stored is a duplicate and is not added.
 */
final class RecordWriter implements AutoCloseable {
  /**
   * KEPT: an existing record this writer was told to keep as stored would have been changed (an older snapshot).
   * FOREIGN: a feed item's id is that of a record another feed brought, which only that feed may change.
   */
  enum Outcome { INSERTED, UPDATED, UNCHANGED, DUPLICATE, KEPT, FOREIGN }

  private final PreparedStatement byId, byUrl, byHash, insert, update, link, linkCheck, keyInsert, keyCheck;
  private final Classifier classifier;
  private final Connection connection;
  /** Keys posted during the run this writer's batch belongs to; null for a post. */
  private Posted posted;
  /** The keys of the record {@link #write} last wrote: a post logs them. */
  private Pre written;

  /**
   * 64-bit prefixes of every stored (source, source_id), URL key and content hash. A miss proves a
   * record is new without a query; a hit is checked in SQL. Keeps bulk ingest to one INSERT a record.
   * Used by the ingest reader thread only (see {@link #prepare}).
   */
  static final class Known {
    final LongSet ids = new LongSet(), urls = new LongSet(), hashes = new LongSet();
    /** Every key counts as possibly stored, so each record is looked up by index: for small inputs into large stores. */
    boolean lookUpEach;

    static Known lookUpEach() {
      Known k = new Known();
      k.lookUpEach = true;
      return k;
    }

    static Known load(Connection c) throws SQLException {
      Known k = new Known();
      boolean ac = c.getAutoCommit();
      c.setAutoCommit(false);
      try (java.sql.Statement s = c.createStatement()) {
        s.setFetchSize(10000);
        try (ResultSet rs = s.executeQuery("SELECT source, source_id, url_key, content_hash FROM incident_records")) {
          while (rs.next()) {
            k.ids.add(idKey(rs.getString(1), rs.getString(2)));
            k.urls.add(RecordKeys.of(rs.getString(3)));
            k.hashes.add(RecordKeys.of(rs.getString(4)));
          }
        }
      } finally {
        c.commit();
        c.setAutoCommit(ac);
      }
      return k;
    }

    static long idKey(String source, String id) {
      return Tokens.hash64(source + "\u0000" + id);
    }
  }

  /**
   * The keys of the records posted through the API since a run read the stored ones ({@link Known#load}): posts do not
   * take the ingest lock, and a run that trusted its start-up read stored a posted URL, text or id a second time. Posts
   * log their keys (V4_26) while they hold the 'bulk' row; each batch of a run takes the row as well ({@link #catchUp})
   * and reads what was logged since. Used by the run's writer thread only.
   */
  static final class Posted {
    final LongSet ids = new LongSet(), urls = new LongSet(), hashes = new LongSet();
    private long seq;
    private boolean any;

    /** Called before the run reads the stored keys: what is logged so far is in that read, and is deleted. */
    static Posted mark(Connection c) throws SQLException {
      Posted p = new Posted();
      Object max = org.aigov.observatory.kernel.Sql.value(c, "SELECT MAX(seq) FROM incident_posted_keys");
      if (max instanceof Number n) {
        p.seq = n.longValue();
        org.aigov.observatory.kernel.Sql.update(c, "DELETE FROM incident_posted_keys WHERE seq <= ?", p.seq);
      }
      return p;
    }

    /**
     * At the start of a batch's transaction: waits for a post being written to end and holds the next ones until the
     * batch commits (the 'bulk' row), then adds the keys posted since the last batch.
     */
    void catchUp(Connection c, org.aigov.observatory.kernel.Db.Dialect dialect) throws SQLException {
      IngestLock.holdPosts(c, dialect);
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, id_key, url_key, hash_key FROM incident_posted_keys WHERE seq > ? ORDER BY seq")) {
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seq = rs.getLong(1);
            ids.add(rs.getLong(2));
            long u = rs.getLong(3);
            if (!rs.wasNull()) urls.add(u);
            hashes.add(rs.getLong(4));
            any = true;
          }
        }
      }
    }

    /** Marks as possibly stored what {@code p} found missing but a post has since stored. */
    void check(String source, Pre p) {
      if (!any) return;
      if (!p.idHit && ids.contains(Known.idKey(source, p.sourceId))) p.idHit = true;
      if (!p.urlHit && p.urlKey != null && urls.contains(RecordKeys.of(p.urlKey))) p.urlHit = true;
      if (!p.hashHit && hashes.contains(RecordKeys.of(p.hash))) p.hashHit = true;
    }
  }

  private int pending;
  /** The URL key and content hash of each insert in the batch, for its rows in the key table. */
  private final List<String[]> pendingKeys = new ArrayList<>();
  /**
   * The record a {@link #write} without {@code pre} is about: the one it inserted or updated, the stored
   * one it left unchanged, or the original of a duplicate.
   */
  Long lastId;

  /** Sends batched inserts and their key rows; called before any lookup that might need them, and at the end. */
  void flush() throws SQLException {
    if (pending > 0) {
      insert.executeBatch();
      addKeys();
      pending = 0;
    }
  }

  /** Adds the key-table rows of the inserts just executed, whose ids come back in insert order; returns the last id. */
  private long addKeys() throws SQLException {
    int i = 0;
    long id = -1;
    try (ResultSet rs = insert.getGeneratedKeys()) {
      while (rs.next()) {
        if (i >= pendingKeys.size()) throw new IllegalStateException("more generated ids than inserted records");
        id = rs.getLong(1);
        for (String v : pendingKeys.get(i++)) {
          if (v == null) continue;
          keyInsert.setLong(1, RecordKeys.of(v));
          keyInsert.setLong(2, id);
          keyInsert.addBatch();
        }
      }
    }
    if (i != pendingKeys.size()) throw new IllegalStateException(pendingKeys.size() + " records inserted, " + i + " ids returned");
    pendingKeys.clear();
    keyInsert.executeBatch();
    return id;
  }

  private boolean keepStored;

  /** For an ingest run's batch: records posted since the run began count as possibly stored ({@link Posted}). */
  RecordWriter posted(Posted p) {
    this.posted = p;
    return this;
  }

  /** Existing records are left as stored (outcome KEPT) instead of updated: for an AIID snapshot older than the store's. */
  RecordWriter keepStored(boolean keep) {
    this.keepStored = keep;
    return this;
  }

  RecordWriter(Connection c, Classifier classifier) throws SQLException {
    this(c, classifier, false);
  }

  /**
   * {@code underReview}: the records written wait for an editor (anonymous reports), and any stored record with the same
   * address or text makes one a duplicate. Otherwise only records that count do: a report waiting in the queue or rejected
   * must not keep a feed's, a file's or an editor's record of the same story out of the store.
   */
  RecordWriter(Connection c, Classifier classifier, boolean underReview) throws SQLException {
    this.classifier = classifier;
    this.connection = c;
    byId = c.prepareStatement("SELECT id, version_hash, feed_id, review_status FROM incident_records WHERE source = ? AND source_id = ?");
    String counts = underReview ? "" : " AND " + PublicReports.counted("r");
    byUrl = c.prepareStatement("SELECT MIN(r.id) FROM incident_record_keys k JOIN incident_records r ON r.id = k.record_id WHERE k.k = ? AND r.url_key = ?" + counts);
    byHash = c.prepareStatement("SELECT MIN(r.id) FROM incident_record_keys k JOIN incident_records r ON r.id = k.record_id WHERE k.k = ? AND r.content_hash = ?" + counts);
    insert = c.prepareStatement("INSERT INTO incident_records (source, source_id, url, url_key, content_hash, version_hash, title, body,"
        + " language, pub_date, date_text, outlet, authors, deployers, developers, systems, harmed, countries, sectors,"
        + " harm_types, risk_domain, risk_domain_confidence, risk_domain_probs, risk_domain_label, risk_layers, taxonomy, ingested_at,"
        + " updated_at, feed_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
    keyInsert = c.prepareStatement("INSERT INTO incident_record_keys (k, record_id) VALUES (?, ?)");
    keyCheck = c.prepareStatement("SELECT 1 FROM incident_record_keys WHERE k = ? AND record_id = ?");
    update = c.prepareStatement("UPDATE incident_records SET url = ?, url_key = ?, content_hash = ?, version_hash = ?, title = ?, body = ?, language = ?,"
        + " pub_date = ?, date_text = ?, outlet = ?, authors = ?, deployers = ?, developers = ?, systems = ?, harmed = ?,"
        + " countries = ?, sectors = ?, harm_types = ?, risk_domain = ?, risk_domain_confidence = ?, risk_domain_probs = ?, risk_domain_label = ?, risk_layers = ?,"
        + " taxonomy = ?, updated_at = ? WHERE id = ?");
    linkCheck = c.prepareStatement("SELECT 1 FROM incident_aiid_report_links WHERE report_number = ? AND aiid_incident = ?");
    link = c.prepareStatement("INSERT INTO incident_aiid_report_links (report_number, aiid_incident) VALUES (?, ?)");
  }

  /** Monitors that curate their own entries (one entry per event, with stable ids). */
  static boolean curated(String source) {
    return "aiid".equals(source) || "aiaaic".equals(source);
  }

  static String join(List<String> xs) {
    if (xs == null || xs.isEmpty()) return null;
    String s = String.join("; ", xs);
    return s.length() > 3900 ? s.substring(0, 3900) : s;
  }

  /** The columns {@link Classifier#inputText} reads, as a record: title, body, deployers, developers, systems, harmed from {@code col} on. */
  static Rec textFields(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
    Rec r = new Rec();
    r.title = rs.getString(col);
    r.body = rs.getString(col + 1);
    r.deployers = split(rs.getString(col + 2));
    r.developers = split(rs.getString(col + 3));
    r.systems = split(rs.getString(col + 4));
    r.harmed = split(rs.getString(col + 5));
    return r;
  }

  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    if (s == null || s.isBlank()) return out;
    for (String p : s.split(";")) if (!p.isBlank()) out.add(p.strip());
    return out;
  }

  /** The characters of a title and of a text the store keeps. */
  static final int MAX_TITLE = 3990, MAX_BODY = 990_000;

  /**
   * What the store will cut of {@code r}, said by field: a 200,013-character AIAAIC headline and a 1.5-million-character
   * text had been cut without a word, where a feed's long title was said (outside QA, 2026-12-07).
   */
  static List<String> cuts(Rec r) {
    List<String> out = new ArrayList<>(0);
    if (r.title != null && r.title.length() > MAX_TITLE) out.add("title of " + r.title.length() + " characters kept as its first " + MAX_TITLE);
    if (r.body != null && r.body.length() > MAX_BODY) out.add("text of " + r.body.length() + " characters kept as its first " + MAX_BODY);
    return out;
  }

  private static String cap(String s, int n) {
    return org.aigov.observatory.kernel.Utf8.cut(s, n);
  }

  /**
   * Everything about a record that needs no store: hashes, URL key, the version hash and (for a record
   * that is certainly new) its classification. Computed on the ingest reader thread while the writer
   * thread inserts the previous records. {@code idHit}, {@code urlHit}, {@code hashHit} are false only
   * when the 64-bit key sets prove the store has no such record, so no SQL look-up is needed.
   */
  static final class Pre {
    final String hash, urlKey, taxonomy, fullHash;
    final boolean derived;
    final String sourceId;
    boolean idHit = true, urlHit = true, hashHit = true;
    /** The record held U+0000 characters, dropped before hashing (ingest reports a warning). */
    boolean controlsDropped;
    Classifier.Result cl;
    /** Classification running on a worker thread (set instead of {@link #cl}). */
    java.util.concurrent.Future<Classifier.Result> pending;

    /** Waits for a classification running on a worker, so that the writer's transaction does not. */
    void await() {
      if (pending == null) return;
      try {
        cl = pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while classifying", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) throw re;
        throw new IllegalStateException(e.getCause());
      }
      pending = null;
    }

    Classifier.Result classification(Classifier classifier, Rec r) {
      if (pending != null) await();
      return cl != null ? cl : classifier.classify(r);
    }

    Pre(Rec r) {
      hash = r.contentHash();
      urlKey = Rec.urlKey(r.url);
      derived = r.sourceId == null || r.sourceId.isBlank();
      // Reports without an id of their own get one from their URL or text; such a report is never
      // updated by a later one, which is a duplicate instead (the first copy stays as it was).
      sourceId = derived ? (urlKey != null ? "url:" + urlKey.substring(0, 32) : "sha:" + hash.substring(0, 32)) : r.sourceId;
      taxonomy = r.taxonomy.isEmpty() ? null : cap(Json.write(r.taxonomy), 99000);
      fullHash = versionHash(r, taxonomy);
    }
  }

  /**
   * Every stored field of a record, as given (case and spacing kept): a re-ingest that changes any of them, even a
   * title's case or an outlet, is an update. The content hash, normalised, only finds duplicates.
   */
  static String versionHash(Rec r, String taxonomy) {
    StringBuilder sb = new StringBuilder(256);
    for (String s : new String[] {r.title, r.body, r.url, r.language, r.dateText, r.outlet, r.riskDomainLabel, taxonomy})
      sb.append(s == null ? "\u0001" : s).append('\u0000');
    for (List<String> xs : List.of(r.authors, r.deployers, r.developers, r.systems, r.harmed, r.countries, r.sectors, r.harmTypes))
      sb.append(xs == null ? "" : String.join("\u0002", xs)).append('\u0000');
    return org.aigov.observatory.kernel.Hashing.sha256Hex(sb.toString());
  }

  /**
   * Prepares {@code r} on the reader thread: checks (and then adds) its keys against {@code known},
   * which only this thread touches, and classifies it when it is certainly new.
   */
  static Pre prepare(Rec r, Known known, Classifier classifier) {
    return prepare(r, known, classifier, null);
  }

  /** As above; with {@code workers}, a new record is classified on a worker thread. */
  static Pre prepare(Rec r, Known known, Classifier classifier, java.util.concurrent.ExecutorService workers) {
    boolean dropped = r.dropControls();
    Pre p = new Pre(r);
    p.controlsDropped = dropped;
    if (r.source == null || r.source.isBlank()) return p; // write() rejects it
    long idk = Known.idKey(r.source, p.sourceId), uk = RecordKeys.of(p.urlKey), hk = RecordKeys.of(p.hash);
    p.idHit = known.lookUpEach || known.ids.contains(idk);
    p.urlHit = p.urlKey != null && (known.lookUpEach || known.urls.contains(uk));
    p.hashHit = known.lookUpEach || known.hashes.contains(hk);
    known.ids.add(idk);
    if (p.urlKey != null) known.urls.add(uk);
    known.hashes.add(hk);
    boolean dupChecks = !curated(r.source) && (p.urlHit || p.hashHit);
    if (!p.idHit && !dupChecks) {
      if (workers != null) p.pending = workers.submit(() -> classifier.classify(r));
      else p.cl = classifier.classify(r);
    }
    return p;
  }

  /**
   * Writes one record not prepared by an ingest run (an API post): its control characters are dropped here. The caller
   * holds the 'bulk' row; a record stored or changed logs its keys for a run going on ({@link Posted}).
   */
  Outcome write(Rec r) throws SQLException {
    r.dropControls();
    Outcome o = write(r, null);
    if (o == Outcome.INSERTED || o == Outcome.UPDATED) {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO incident_posted_keys (id_key, url_key, hash_key) VALUES (?, ?, ?)")) {
        ps.setLong(1, Known.idKey(r.source, written.sourceId));
        if (written.urlKey != null) ps.setLong(2, RecordKeys.of(written.urlKey));
        else ps.setNull(2, Types.BIGINT);
        ps.setLong(3, RecordKeys.of(written.hash));
        ps.executeUpdate();
      }
    }
    return o;
  }

  /** Writes {@code r}; {@code pre} (from {@link #prepare}) or null to compute it here and check everything in SQL. */
  Outcome write(Rec r, Pre pre) throws SQLException {
    if (r.source == null || r.source.isBlank()) throw new IllegalArgumentException("source is required");
    Pre p = pre != null ? pre : new Pre(r);
    written = p;
    if (posted != null) posted.check(r.source, p);
    String hash = p.hash;
    String urlKey = p.urlKey;
    boolean derived = p.derived;
    r.sourceId = p.sourceId;
    for (Long rep : r.aiidReports) {
      linkCheck.setLong(1, rep);
      linkCheck.setString(2, r.sourceId);
      try (ResultSet rs = linkCheck.executeQuery()) {
        if (rs.next()) continue;
      }
      link.setLong(1, rep);
      link.setString(2, r.sourceId);
      link.executeUpdate();
    }
    lastId = null;
    Long existing = null, owner = null;
    String oldHash = null, status = null;
    if (p.idHit) {
      flush();
      byId.setString(1, r.source);
      byId.setString(2, r.sourceId);
      try (ResultSet rs = byId.executeQuery()) {
        if (rs.next()) {
          existing = rs.getLong(1);
          oldHash = rs.getString(2);
          long f = rs.getLong(3);
          owner = rs.wasNull() ? null : f;
          status = rs.getString(4);
        }
      }
    }
    String taxonomy = p.taxonomy;
    String fullHash = p.fullHash;
    if (existing != null) {
      lastId = existing;
      boolean back = PublicReports.WITHDRAWN.equals(status) && "feed".equals(r.source) && java.util.Objects.equals(owner, r.feedId);
      if (back) { // the feed that took it back publishes it again (its publisher accepted it again): counted again
        org.aigov.observatory.kernel.Sql.update(connection, "UPDATE incident_records SET review_status = NULL, updated_at = ? WHERE id = ?",
            Timestamp.from(Instant.now()), existing);
        org.aigov.observatory.kernel.Sql.update(connection, "DELETE FROM incident_reviews WHERE record_id = ?", existing);
        if (fullHash.equals(oldHash)) return Outcome.UPDATED;
      }
      if (fullHash.equals(oldHash)) return Outcome.UNCHANGED;
      if (derived) return Outcome.DUPLICATE;
      // an id is only a claim: a web address or another observatory's record id, written by any feed, must not let
      // one feed rewrite what another brought (outside QA, 2026-12-07: a second feed retitled and redated a peer's record)
      if ("feed".equals(r.source) && !java.util.Objects.equals(owner, r.feedId)) return Outcome.FOREIGN;
      if (keepStored || r.keepIfStored) return Outcome.KEPT;
      Classifier.Result cl = p.classification(classifier, r);
      int i = 1;
      update.setString(i++, cap(r.url, 3990));
      update.setString(i++, urlKey);
      update.setString(i++, hash);
      update.setString(i++, fullHash);
      i = fields(update, i, r, cl, taxonomy);
      update.setTimestamp(i++, Timestamp.from(Instant.now()));
      update.setLong(i, existing);
      update.executeUpdate();
      // a changed text or address: the new hash and URL key find the record too
      addKey(hash, existing);
      if (urlKey != null) addKey(urlKey, existing);
      return Outcome.UPDATED;
    }
    if (urlKey != null && !curated(r.source) && p.urlHit) {
      flush();
      if (found(byUrl, urlKey)) return Outcome.DUPLICATE;
    }
    if (!curated(r.source) && p.hashHit) {
      flush();
      if (found(byHash, hash)) return Outcome.DUPLICATE;
    }
    Classifier.Result cl = p.classification(classifier, r);
    int i = 1;
    insert.setString(i++, cap(r.source, 64));
    insert.setString(i++, cap(r.sourceId, 300));
    insert.setString(i++, cap(r.url, 3990));
    insert.setString(i++, urlKey);
    insert.setString(i++, hash);
    insert.setString(i++, fullHash);
    i = fields(insert, i, r, cl, taxonomy);
    Timestamp now = Timestamp.from(Instant.now());
    insert.setTimestamp(i++, now);
    insert.setTimestamp(i++, now);
    if (r.feedId != null) insert.setLong(i, r.feedId);
    else insert.setNull(i, Types.BIGINT);
    pendingKeys.add(new String[] {urlKey, hash});
    if (pre == null) {
      insert.executeUpdate();
      lastId = addKeys();
    } else {
      insert.addBatch();
      if (++pending >= 1000) flush();
    }
    return Outcome.INSERTED;
  }

  private void addKey(String value, long record) throws SQLException {
    keyCheck.setLong(1, RecordKeys.of(value));
    keyCheck.setLong(2, record);
    try (ResultSet rs = keyCheck.executeQuery()) {
      if (rs.next()) return;
    }
    keyInsert.setLong(1, RecordKeys.of(value));
    keyInsert.setLong(2, record);
    keyInsert.executeUpdate();
  }

  /** Looks {@code value} up by its key and sets {@link #lastId} to the first record with that full value. */
  private boolean found(PreparedStatement ps, String value) throws SQLException {
    ps.setLong(1, RecordKeys.of(value));
    ps.setString(2, value);
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        long id = rs.getLong(1);
        if (!rs.wasNull()) {
          lastId = id;
          return true;
        }
      }
    }
    return false;
  }

  private static int fields(PreparedStatement ps, int i, Rec r, Classifier.Result cl, String taxonomy) throws SQLException {
    ps.setString(i++, cap(r.title, MAX_TITLE));
    ps.setString(i++, cap(r.body, MAX_BODY));
    ps.setString(i++, cap(r.language, 16));
    if (r.date != null) ps.setDate(i++, Date.valueOf(r.date));
    else ps.setNull(i++, Types.DATE);
    ps.setString(i++, cap(r.dateText, 64));
    ps.setString(i++, cap(r.outlet, 490));
    ps.setString(i++, join(r.authors));
    ps.setString(i++, join(r.deployers));
    ps.setString(i++, join(r.developers));
    ps.setString(i++, join(r.systems));
    ps.setString(i++, join(r.harmed));
    ps.setString(i++, cap(join(cl.countries()), 990));
    ps.setString(i++, cap(join(r.sectors), 1990));
    ps.setString(i++, join(r.harmTypes));
    ps.setString(i++, cl.domain());
    ps.setFloat(i++, (float) cl.confidence());
    ps.setString(i++, AiaaicEvidence.format(cl.probabilities()));
    ps.setString(i++, cap(r.riskDomainLabel, 200));
    ps.setString(i++, join(cl.layers()));
    ps.setString(i++, taxonomy);
    return i;
  }

  @Override
  public void close() throws SQLException {
    flush();
    for (PreparedStatement p : new PreparedStatement[] {byId, byUrl, byHash, insert, update, link, linkCheck, keyInsert, keyCheck}) p.close();
  }
}
