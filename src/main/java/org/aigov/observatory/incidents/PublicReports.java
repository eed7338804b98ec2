package org.aigov.observatory.incidents;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;

/**
 * The review queue for anonymous reports. Anyone may report an incident, but a report nobody has vouched for must not
 * become an incident, move a trend, raise an alert or reach other monitors: a flood of invented reports would otherwise
 * send false early warnings to every subscriber. An editor accepts or rejects each one (migration V4_11).
 */
public final class PublicReports {
  private PublicReports() {}

  public static final String PENDING = "pending", ACCEPTED = "accepted", REJECTED = "rejected";

  /** SQL condition for records that count (merged, counted, shared): all but anonymous reports not accepted. */
  static String counted(String alias) {
    String c = alias.isEmpty() ? "" : alias + ".";
    return "(" + c + "review_status IS NULL OR " + c + "review_status = '" + ACCEPTED + "')";
  }

  /** The review status a new record starts with: anonymous reports wait, everything else is not reviewed. */
  static String initialStatus(Rec r) {
    return "public".equals(r.source) ? PENDING : null;
  }

  /** Anonymous reports waiting for an editor, oldest first (they have waited longest). */
  public static Map<String, Object> pending(Db db, int limit) {
    if (limit < 1 || limit > 500) throw ApiException.badRequest("limit", "expected 1..500");
    return db.read(c -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("total", ((Number) Sql.value(c, "SELECT COUNT(*) FROM incident_records WHERE review_status = ?", PENDING)).longValue());
      out.put("items", Sql.rows(c, "SELECT id, title, url, body AS text, CAST(pub_date AS VARCHAR(10)) AS date, outlet, language, risk_domain, ingested_at"
          + " FROM incident_records WHERE review_status = ? ORDER BY id LIMIT ?", PENDING, limit));
      return out;
    });
  }

  /**
   * Accepts or rejects an anonymous report ({@code decision}: accept or reject); a decision can be changed later. The
   * record's {@code updated_at} moves, so the monitor loop re-clusters and the search index picks the change up.
   */
  public static Map<String, Object> review(Db db, long id, String decision, String note, String editor) {
    String status = "accept".equals(decision) ? ACCEPTED : "reject".equals(decision) ? REJECTED : null;
    if (status == null) throw ApiException.badRequest("decision", "expected accept or reject, got '" + decision + "'");
    if (note != null && note.length() > 2000) throw ApiException.badRequest("note", "at most 2000 characters");
    int n = db.tx(c -> Sql.update(c, "UPDATE incident_records SET review_status = ?, reviewed_by = ?, review_note = ?, reviewed_at = ?, updated_at = ?"
        + " WHERE id = ? AND review_status IS NOT NULL", status, editor, note, Instant.now(), Instant.now(), id));
    if (n == 0) throw ApiException.notFound("anonymous report " + id);
    List<Map<String, Object>> row = db.read(c -> Sql.rows(c, "SELECT id, title, review_status, reviewed_by, review_note, reviewed_at FROM incident_records WHERE id = ?", id));
    return row.get(0);
  }
}
