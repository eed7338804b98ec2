package org.aigov.observatory.incidents;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;

/**
 * The review queue for reports sent without an editor's token. Anyone may report an incident, but a report nobody has vouched for must not
 * become an incident, move a trend, raise an alert or reach other monitors: a flood of invented reports would otherwise
 * send false early warnings to every subscriber. An editor accepts or rejects each one (migration V4_11).
 */
public final class PublicReports {
  private PublicReports() {}

  public static final String PENDING = "pending", ACCEPTED = "accepted", REJECTED = "rejected";
  /** A feed record the feed that brought it took back (an RFC 6721 tombstone): not counted, as a rejected report is not. */
  public static final String WITHDRAWN = "withdrawn";

  /** SQL condition for records that count (merged, counted, shared): all but anonymous reports not accepted. */
  static String counted(String alias) {
    String c = alias.isEmpty() ? "" : alias + ".";
    return "(" + c + "review_status IS NULL OR " + c + "review_status = '" + ACCEPTED + "')";
  }

  /** Puts a just-stored report in the queue (same transaction as the write); {@code submitter}: a principal id, or null. */
  static void enqueue(java.sql.Connection c, long recordId, String submitter) throws java.sql.SQLException {
    Instant now = Instant.now();
    if (Sql.update(c, "UPDATE incident_records SET review_status = ? WHERE id = ? AND review_status IS NULL", PENDING, recordId) == 1) {
      Sql.update(c, "INSERT INTO incident_reviews (record_id, status, created_at, submitted_by) VALUES (?,?,?,?)", recordId, PENDING, now, submitter);
    }
  }

  /**
   * Puts a changed report back in the queue (same transaction as the write): an accepted report its sender edits
   * stops counting until an editor looks again; the earlier decision is named in the queue's note.
   */
  static void requeue(java.sql.Connection c, long recordId, String submitter) throws java.sql.SQLException {
    Object was = Sql.value(c, "SELECT status FROM incident_reviews WHERE record_id = ?", recordId);
    if (was == null) {
      enqueue(c, recordId, submitter);
      return;
    }
    if (PENDING.equals(was)) return;
    Instant now = Instant.now();
    Sql.update(c, "UPDATE incident_records SET review_status = ?, updated_at = ? WHERE id = ?", PENDING, now, recordId);
    Sql.update(c, "UPDATE incident_reviews SET status = ?, reviewed_by = NULL, reviewed_at = NULL, note = ? WHERE record_id = ?", PENDING,
        "changed by its sender after it was " + was, recordId);
  }

  /** How many reports wait for an editor (an index look-up). */
  public static long pendingCount(Db db) {
    return db.read(c -> ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_reviews WHERE status = ?", PENDING)).longValue());
  }

  /** Reports waiting for an editor, oldest first (they have waited longest), with who sent each (null: anonymous). */
  public static Map<String, Object> pending(Db db, int limit) {
    if (limit < 1 || limit > 500) throw ApiException.badRequest("limit", "expected 1..500");
    return db.read(c -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("total", ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_reviews WHERE status = ?", PENDING)).longValue());
      // every field the sender gave: what an editor accepts is published as it is (an outside QA pass found harm types,
      // countries and deployers going public unseen)
      out.put("items", Sql.rows(c, "SELECT r.id, v.submitted_by, r.title, r.url, r.body AS text, CAST(r.pub_date AS VARCHAR(10)) AS date, r.outlet, r.language, r.risk_domain,"
          + " r.authors, r.deployers, r.developers, r.systems, r.harmed, r.countries, r.sectors, r.harm_types,"
          + " r.ingested_at FROM incident_reviews v JOIN incident_records r ON r.id = v.record_id WHERE v.status = ? ORDER BY v.record_id LIMIT ?", PENDING, limit));
      return out;
    });
  }

  /**
   * Accepts or rejects an anonymous report ({@code decision}: accept or reject); a decision can be changed later. The
   * record's {@code updated_at} and the queue's {@code reviewed_at} move, so the monitor loop re-clusters and the search
   * index picks the change up. A rejected report is taken out of its incident at once; an accepted one joins one at the
   * next clustering run.
   */
  public static Map<String, Object> review(Db db, long id, String decision, String note, String editor) {
    String status = "accept".equals(decision) ? ACCEPTED : "reject".equals(decision) ? REJECTED : null;
    if (status == null) throw ApiException.badRequest("decision", "expected accept or reject, got '" + decision + "'");
    String why = Decisions.note(note); // one visible line, as editors' decision notes (a line break could forge a second entry)
    Instant now = Instant.now();
    // a rejected report leaves its incident at once (its text was public there until the next run), not at the next run
    int n = Clusterer.exclusive(db, () -> db.tx(c -> {
      int k = Sql.update(c, "UPDATE incident_reviews SET status = ?, reviewed_by = ?, note = ?, reviewed_at = ? WHERE record_id = ?", status, editor, why, now, id);
      if (k == 1) Sql.update(c, "UPDATE incident_records SET review_status = ?, updated_at = ? WHERE id = ?", status, now, id);
      if (k == 1 && status.equals(REJECTED)) Decisions.withdrawUncounted(c);
      return k;
    }));
    if (n == 0) throw ApiException.notFound("anonymous report " + id);
    return db.read(c -> Sql.one(c, "SELECT v.record_id AS id, r.title, v.status AS review_status, v.reviewed_by, v.note AS review_note, v.reviewed_at"
        + " FROM incident_reviews v JOIN incident_records r ON r.id = v.record_id WHERE v.record_id = ?", id));
  }
}
