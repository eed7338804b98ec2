package org.aigov.observatory.incidents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;

/**
 * Suggested merges for editors: pairs of records that the last clustering run scored as candidates but left in two
 * incidents, either just below the threshold ({@link #NEAR}), because a rule refused the link ({@link #REFUSED}: an
 * incident already holding an entry of the same monitor, or reports of the two incidents kept apart by the report rules), or as two entries of one monitor dated the same day
 * ({@link #SAME_MONITOR}: never linked automatically). The automatic linkage stays strict for precision; these are
 * the pairs where an editor's merge is most likely to add a missed one. An editor's split is never suggested back.
 */
public final class MergeSuggestions {
  public static final String NEAR = "near_threshold", REFUSED = "refused_by_rule", SAME_MONITOR = "same_monitor";
  public static final List<String> REASONS = List.of(NEAR, REFUSED, SAME_MONITOR);

  /** Why a pair is suggested, in words (the command line's list). */
  static String describe(String reason) {
    return switch (reason) {
      case NEAR -> "just below the threshold";
      case SAME_MONITOR -> "two entries of one monitor dated the same day";
      default -> "refused by a rule (one entry per monitor, or the incidents' reports name other deployers, countries or places)";
    };
  }

  /** A reason filter as given (null: all), checked against {@link #REASONS}; {@code prefix} names it in the message. */
  static String reason(String given, String prefix) {
    if (given == null || given.isBlank()) return null;
    if (!REASONS.contains(given.strip())) throw ApiException.badRequest("reason", prefix + "expected one of " + REASONS + ", got '" + given + "'");
    return given.strip();
  }

  private MergeSuggestions() {}

  record Candidate(int a, int b, double score, String reason) {}

  record Pair(long recordA, long recordB, double score, String reason) {}

  /** The highest-scoring candidates seen, at most {@code cap} (a bounded min-heap: 10^6 records cost no memory here). */
  static final class Collector {
    private final int cap;
    private final PriorityQueue<Candidate> heap = new PriorityQueue<>(Comparator.comparingDouble(Candidate::score));

    Collector(int cap) {
      this.cap = cap;
    }

    void offer(int a, int b, double score, String reason) {
      if (cap <= 0) return;
      if (heap.size() < cap) heap.add(new Candidate(a, b, score, reason));
      else if (score > heap.peek().score()) {
        heap.poll();
        heap.add(new Candidate(a, b, score, reason));
      }
    }

    /** Best first; ties by record positions, so a run's list is deterministic. */
    List<Candidate> best() {
      List<Candidate> out = new ArrayList<>(heap);
      out.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::a).thenComparingInt(Candidate::b));
      return out;
    }
  }

  /** Replaces the stored suggestions; returns how many were written. */
  static int write(Db db, List<Pair> pairs) {
    return db.tx(c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM incident_merge_suggestions");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_merge_suggestions (record_a, record_b, score, reason) VALUES (?,?,?,?)")) {
        for (Pair p : pairs) {
          ps.setLong(1, Math.min(p.recordA(), p.recordB()));
          ps.setLong(2, Math.max(p.recordA(), p.recordB()));
          ps.setDouble(3, p.score());
          ps.setString(4, p.reason());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return pairs.size();
    });
  }

  /**
   * The suggestions whose records are still in two incidents (a merge since the run drops its pair at once), best
   * first, each with both records and their incidents.
   */
  public static List<Map<String, Object>> list(Db db, int limit) {
    return list(db, limit, null, null);
  }

  /**
   * As {@link #list(Db, int)}, only the suggestions given for {@code reason} (null: all) and with a record in
   * {@code incident} (null: any).
   */
  public static List<Map<String, Object>> list(Db db, int limit, String reason, Long incident) {
    return db.read(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT s.score, s.reason, s.record_a, ra.source, ra.source_id, ra.title, ma.incident_id,"
          + " s.record_b, rb.source, rb.source_id, rb.title, mb.incident_id FROM incident_merge_suggestions s"
          + " JOIN incident_records ra ON ra.id = s.record_a JOIN incident_records rb ON rb.id = s.record_b"
          + " JOIN incident_members ma ON ma.record_id = s.record_a JOIN incident_members mb ON mb.record_id = s.record_b"
          + " WHERE ma.incident_id <> mb.incident_id AND (CAST(? AS VARCHAR(16)) IS NULL OR s.reason = ?)"
          + " AND (CAST(? AS BIGINT) IS NULL OR ma.incident_id = ? OR mb.incident_id = ?) ORDER BY s.score DESC, s.record_a, s.record_b LIMIT ?")) {
        ps.setString(1, reason);
        ps.setString(2, reason);
        for (int k = 3; k <= 5; k++) ps.setObject(k, incident, java.sql.Types.BIGINT);
        ps.setInt(6, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("score", Math.round(rs.getDouble(1) * 1000) / 1000.0);
            m.put("reason", rs.getString(2));
            m.put("a", side(rs, 3));
            m.put("b", side(rs, 8));
            out.add(m);
          }
        }
      }
      return out;
    });
  }

  private static Map<String, Object> side(ResultSet rs, int col) throws java.sql.SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("record_id", rs.getLong(col));
    m.put("source", rs.getString(col + 1));
    m.put("source_id", rs.getString(col + 2));
    m.put("title", rs.getString(col + 3));
    m.put("incident_id", rs.getLong(col + 4));
    return m;
  }
}
