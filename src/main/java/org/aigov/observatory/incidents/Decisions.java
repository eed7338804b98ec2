package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;

/**
 * Editors' merges and splits. Each is stored as record-level constraints (must_link / cannot_link)
 * that every later clustering run applies first; a newer decision supersedes older ones it
 * contradicts. The change is also applied to the stored incidents at once. A merge also links every
 * other member to the survivor's first record (bookkeeping rows noted "merge <decision id>", as a
 * split's are noted "split <decision id>"), so a re-run keeps all of them together.
 */
public final class Decisions {
  private Decisions() {}

  static List<Long> members(Connection c, long incident) throws Exception {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT record_id FROM incident_members WHERE incident_id = ? ORDER BY record_id")) {
      ps.setLong(1, incident);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** Stores one decision; {@code kind} "apart" is a cannot-link marked as an editor's "different events" (V4_31). */
  private static long insert(Connection c, String kind, long a, long b, String editor, String note) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_decisions (kind, record_a, record_b, editor, note, created_at, apart) VALUES (?,?,?,?,?,?,?)",
        new String[] {"id"})) {
      ps.setString(1, kind.equals("apart") ? "cannot_link" : kind);
      ps.setBoolean(7, kind.equals("apart"));
      ps.setLong(2, a);
      ps.setLong(3, b);
      ps.setString(4, editor);
      ps.setString(5, note);
      ps.setTimestamp(6, Timestamp.from(Instant.now()));
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Supersedes active decisions of {@code kind} that join a record of {@code x} with a record of {@code y}; returns the
   * editors' merges they belong to (a merge's own link, or a bookkeeping link noted "merge <id>").
   */
  private static Set<Long> supersede(Connection c, String kind, Set<Long> x, Set<Long> y, long by) throws Exception {
    List<Long> ids = new ArrayList<>();
    Set<Long> merges = new java.util.TreeSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, record_a, record_b, note FROM incident_decisions WHERE kind = ? AND superseded_by IS NULL")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long a = rs.getLong(2), b = rs.getLong(3);
          if ((x.contains(a) && y.contains(b)) || (x.contains(b) && y.contains(a))) {
            ids.add(rs.getLong(1));
            String note = rs.getString(4);
            Long of = partOf(note);
            if (of != null && note.startsWith("merge")) merges.add(of);
            else if (of == null) merges.add(rs.getLong(1));
          }
        }
      }
    }
    try (PreparedStatement up = c.prepareStatement("UPDATE incident_decisions SET superseded_by = ? WHERE id = ?")) {
      for (long id : ids) {
        up.setLong(1, by);
        up.setLong(2, id);
        up.executeUpdate();
      }
    }
    return merges;
  }

  /** An editor's note on a merge or split: none when blank, else at most what the decisions table holds. */
  static String note(String note) {
    if (note == null || note.isBlank()) return null;
    // checked here, not by each caller, so the API and the command line refuse alike
    String v = note.strip();
    // the column holds 2,000 UTF-16 units: an emoji or a rare Chinese character outside the BMP takes two
    if (v.length() > 2000) throw ApiException.badRequest("note", "at most 2000 characters (an emoji counts as two), found " + v.length());
    // one line, as the decisions list shows it: a line break had let a note print a forged decision beneath its own, and a
    // right-to-left override turns what follows it around on the public list
    org.aigov.observatory.kernel.Xml.requireVisible("note", v);
    if (org.aigov.observatory.kernel.Xml.hasForbidden(v)) throw ApiException.badRequest("note", "contains a control character");
    // that form marks the links a merge or split writes (the clusterer, the list and the page read it so): an editor's own
    // decision noted "merge 15" was listed as part of decision 15 (outside QA, 2026-12-07)
    if (BOOKKEEPING.matcher(v).matches())
      throw ApiException.badRequest("note", "'merge N' and 'split N' are the notes of the links a decision writes; word it another way");
    return v;
  }

  /** Merges incident {@code other} into {@code incident}; returns the surviving incident id. */
  public static Map<String, Object> merge(Db db, long incident, long other, String editor, String note) {
    if (incident == other) throw ApiException.badRequest("with", "cannot merge an incident with itself");
    String why = note(note);
    // waits while a clustering run writes its incidents (not while it computes), so neither overwrites the other
    return Clusterer.exclusive(db, () -> db.tx(c -> {
      List<Long> a = members(c, incident), b = members(c, other);
      if (a.isEmpty()) throw IncidentQueries.notFound(db, incident);
      if (b.isEmpty()) throw IncidentQueries.notFound(db, other);
      long id = insert(c, "must_link", a.get(0), b.get(0), editor, why);
      supersede(c, "cannot_link", new HashSet<>(a), new HashSet<>(b), id);
      long survivor = Math.min(a.get(0), b.get(0));
      // Every other member is linked to the survivor's first record too: the automatic links that joined them may be
      // refused once the incidents are one (e.g. a second entry of one curated monitor), and a re-run would drop them.
      Set<Long> tied = mustLinked(c, survivor);
      for (List<Long> part : List.of(a, b)) {
        for (long r : part) {
          if (r == a.get(0) || r == b.get(0) || tied.contains(r)) continue;
          insert(c, "must_link", survivor, r, editor, "merge " + id);
        }
      }
      // the two records the editor's link joins are "manual"; the others keep how the tool had linked them, as a re-run does
      try (PreparedStatement up = c.prepareStatement("UPDATE incident_members SET incident_id = ?,"
          + " via = CASE WHEN record_id IN (?, ?) OR via IS NULL OR via = 'single' THEN 'manual' ELSE via END WHERE incident_id IN (?, ?)")) {
        up.setLong(1, survivor);
        up.setLong(2, a.get(0));
        up.setLong(3, b.get(0));
        up.setLong(4, incident);
        up.setLong(5, other);
        up.executeUpdate();
      }
      rebuild(c, List.of(incident, other), List.of(survivor));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("incident_id", survivor);
      out.put("decision_id", id);
      out.put("records", a.size() + b.size());
      // what the merge brought into the survivor: the records a split names to undo it
      List<Long> moved = new java.util.ArrayList<>(survivor == incident ? b : a);
      java.util.Collections.sort(moved);
      out.put("moved_records", moved);
      return out;
    }));
  }

  /** Records an active must-link joins with {@code record}. */
  private static Set<Long> mustLinked(Connection c, long record) throws Exception {
    Set<Long> out = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT record_a, record_b FROM incident_decisions WHERE kind = 'must_link' AND superseded_by IS NULL"
        + " AND (record_a = ? OR record_b = ?)")) {
      ps.setLong(1, record);
      ps.setLong(2, record);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getLong(1) == record ? rs.getLong(2) : rs.getLong(1));
      }
    }
    return out;
  }

  /** Moves {@code records} out of {@code incident} into a new incident. */
  public static Map<String, Object> split(Db db, long incident, List<Long> records, String editor, String note) {
    if (records == null || records.isEmpty()) throw ApiException.badRequest("records", "list the record ids to split off");
    String why = note(note);
    return Clusterer.exclusive(db, () -> db.tx(c -> {
      List<Long> all = members(c, incident);
      if (all.isEmpty()) throw IncidentQueries.notFound(db, incident);
      Set<Long> s = new HashSet<>(records);
      for (long r : s) if (!all.contains(r)) throw ApiException.badRequest("records", "record " + r + " is not in incident " + incident);
      List<Long> rest = new ArrayList<>();
      for (long r : all) if (!s.contains(r)) rest.add(r);
      if (rest.isEmpty()) throw ApiException.badRequest("records", "a split must leave at least one record in the incident");
      List<Long> part = new ArrayList<>(s);
      part.sort(null);
      long id = insert(c, "cannot_link", part.get(0), rest.get(0), editor, why);
      Set<Long> cut = supersede(c, "must_link", s, new HashSet<>(rest), id);
      // A merge joined whole incidents: the records it brought along stay unless named too. Say which, since the
      // split's own links (below) would otherwise hold them here silently.
      List<Long> keptByMerge = new ArrayList<>();
      if (!cut.isEmpty()) {
        Set<Long> joined = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, record_a, record_b, note FROM incident_decisions WHERE kind = 'must_link'")) {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String n = rs.getString(4);
              Long of = partOf(n);
              if (cut.contains(rs.getLong(1)) || (of != null && n.startsWith("merge") && cut.contains(of))) {
                joined.add(rs.getLong(2));
                joined.add(rs.getLong(3));
              }
            }
          }
        }
        for (long r : rest) if (joined.contains(r)) keptByMerge.add(r);
      }
      for (int i = 1; i < part.size(); i++) insert(c, "must_link", part.get(0), part.get(i), editor, "split " + id);
      for (int i = 1; i < rest.size(); i++) insert(c, "must_link", rest.get(0), rest.get(i), editor, "split " + id);
      long newId = part.get(0), oldId = rest.get(0);
      // how each record is linked, as a re-run would say it: alone, "single"; split out with others, "manual" (the split's
      // links hold them); staying with others, as the tool had linked it (every record had been marked "manual")
      try (PreparedStatement up = c.prepareStatement("UPDATE incident_members SET incident_id = ?, via = COALESCE(?, via) WHERE record_id = ?")) {
        for (long r : all) {
          boolean moved = s.contains(r);
          up.setLong(1, moved ? newId : oldId);
          String via = (moved ? part.size() : rest.size()) == 1 ? "single" : moved ? "manual" : null;
          if (via == null) up.setNull(2, java.sql.Types.VARCHAR);
          else up.setString(2, via);
          up.setLong(3, r);
          up.addBatch();
        }
        up.executeBatch();
      }
      rebuild(c, List.of(incident), List.of(oldId, newId));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("incident_id", oldId);
      out.put("new_incident_id", newId);
      out.put("decision_id", id);
      if (!cut.isEmpty()) {
        out.put("merges_cut", new ArrayList<>(cut));
        out.put("kept_by_merge", keptByMerge);
      }
      return out;
    }));
  }

  /**
   * Two records in two incidents are not the same event (an editor's answer to a suggested merge): a cannot-link between
   * them, which every clustering run keeps, and the suggestion is dropped. Nothing moves.
   */
  public static Map<String, Object> keepApart(Db db, long recordA, long recordB, String editor, String note) {
    String why = note(note);
    if (recordA == recordB) throw ApiException.badRequest("record_b", "expected another record than record_a (" + recordA + ")");
    return Clusterer.exclusive(db, () -> db.tx(c -> {
      long ia = incidentOfRecord(c, recordA, "record_a"), ib = incidentOfRecord(c, recordB, "record_b");
      if (ia == ib) throw ApiException.badRequest("record_b", "records " + recordA + " and " + recordB + " are both in incident " + ia
          + ": split the incident instead");
      // the same pair kept apart again (a second click, or a pair a split already parted) adds no decision
      Long existing = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM incident_decisions WHERE kind = 'cannot_link' AND superseded_by IS NULL"
          + " AND ((record_a = ? AND record_b = ?) OR (record_a = ? AND record_b = ?))")) {
        ps.setLong(1, recordA);
        ps.setLong(2, recordB);
        ps.setLong(3, recordB);
        ps.setLong(4, recordA);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getObject(1) != null) existing = rs.getLong(1);
        }
      }
      long id = existing != null ? existing : insert(c, "apart", Math.min(recordA, recordB), Math.max(recordA, recordB), editor, why);
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_merge_suggestions WHERE record_a = ? AND record_b = ?")) {
        ps.setLong(1, Math.min(recordA, recordB));
        ps.setLong(2, Math.max(recordA, recordB));
        ps.executeUpdate();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("decision_id", id);
      if (existing != null) out.put("existing", true);
      out.put("incident_a", ia);
      out.put("incident_b", ib);
      return out;
    }));
  }

  private static long incidentOfRecord(Connection c, long record, String field) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT incident_id FROM incident_members WHERE record_id = ?")) {
      ps.setLong(1, record);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw ApiException.badRequest(field, "record " + record + " is in no incident (unknown, or not yet clustered)");
        return rs.getLong(1);
      }
    }
  }

  private static void rebuild(Connection c, List<Long> removed, List<Long> fresh) throws Exception {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM incidents WHERE id = ?")) {
      Set<Long> all = new HashSet<>(removed);
      all.addAll(fresh);
      for (long id : all) {
        del.setLong(1, id);
        del.executeUpdate();
      }
    }
    if (!fresh.isEmpty()) Clusterer.aggregate(c, new Topics.Matcher(Topics.all(c)), null, fresh);
    Trends.bump(c);
  }

  /**
   * Takes every report that no longer counts (rejected, or accepted and then changed by its sender) out of its incident
   * at once, as the next clustering run would: until then its title and text were public under the incident, and the
   * next run may be minutes away. The rest of the incident stays, under its smallest record id. Called under
   * {@link Clusterer#exclusive} (a review, a sender's change, and the end of a clustering run's write, whose memberships
   * were computed before a review it waited for). Returns the records taken out.
   */
  static int withdrawUncounted(Connection c) throws Exception {
    java.util.Map<Long, List<Long>> byIncident = new java.util.TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT v.record_id, m.incident_id FROM incident_reviews v JOIN incident_members m ON m.record_id = v.record_id"
        + " WHERE v.status <> '" + PublicReports.ACCEPTED + "' ORDER BY v.record_id");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) byIncident.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getLong(1));
    }
    int out = 0;
    for (var e : byIncident.entrySet()) {
      long incident = e.getKey();
      try (PreparedStatement del = c.prepareStatement("DELETE FROM incident_members WHERE record_id = ?");
           PreparedStatement sug = c.prepareStatement("DELETE FROM incident_merge_suggestions WHERE record_a = ? OR record_b = ?")) {
        for (long r : e.getValue()) {
          del.setLong(1, r);
          out += del.executeUpdate();
          sug.setLong(1, r);
          sug.setLong(2, r);
          sug.executeUpdate();
        }
      }
      List<Long> rest = members(c, incident);
      if (!rest.isEmpty() && rest.get(0) != incident) {
        try (PreparedStatement up = c.prepareStatement("UPDATE incident_members SET incident_id = ? WHERE incident_id = ?")) {
          up.setLong(1, rest.get(0));
          up.setLong(2, incident);
          up.executeUpdate();
        }
      }
      rebuild(c, List.of(incident), rest.isEmpty() ? List.of() : List.of(rest.get(0)));
    }
    return out;
  }

  public static List<Map<String, Object>> list(Db db, int limit) {
    return list(db, limit, 0);
  }

  private static boolean unpublished(String reviewStatus) {
    return PublicReports.PENDING.equals(reviewStatus) || PublicReports.REJECTED.equals(reviewStatus);
  }

  /** Why a record is in no incident: a rejected report, one waiting for review, or one the next clustering run places. */
  private static String outside(String reviewStatus) {
    return PublicReports.REJECTED.equals(reviewStatus) ? "rejected" : PublicReports.PENDING.equals(reviewStatus) ? "pending" : "not_clustered";
  }

  private static final java.util.regex.Pattern BOOKKEEPING = java.util.regex.Pattern.compile("(merge|split) \\d{1,18}");

  /** The decision a merge's or split's own link belongs to (its note, "merge 12" or "split 12"); null for an editor's. */
  static Long partOf(String note) {
    return note != null && BOOKKEEPING.matcher(note).matches() ? Long.parseLong(note.substring(6)) : null;
  }

  /** Newest first, skipping the newest {@code offset} (a long history is read page by page). */
  public static List<Map<String, Object>> list(Db db, int limit, int offset) {
    return db.read(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      // with each record's title and current incident, so a reader sees what was merged or split without more requests
      try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.kind, d.record_a, d.record_b, d.editor, d.note, d.superseded_by, d.created_at,"
          + " ra.title, rb.title, ma.incident_id, mb.incident_id, ra.review_status, rb.review_status, d.apart FROM incident_decisions d"
          + " LEFT JOIN incident_records ra ON ra.id = d.record_a LEFT JOIN incident_records rb ON rb.id = d.record_b"
          + " LEFT JOIN incident_members ma ON ma.record_id = d.record_a LEFT JOIN incident_members mb ON mb.record_id = d.record_b"
          + " ORDER BY d.id DESC LIMIT ? OFFSET ?")) {
        ps.setInt(1, limit);
        ps.setInt(2, offset);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getLong(1));
            m.put("kind", rs.getString(2));
            // what the editor chose: a merge, a split, or "different events" for a suggested merge (a cannot-link too)
            m.put("action", "must_link".equals(rs.getString(2)) ? "merge" : rs.getBoolean(15) ? "apart" : "split");
            m.put("record_a", rs.getLong(3));
            m.put("record_b", rs.getLong(4));
            m.put("editor", rs.getString(5));
            m.put("note", rs.getString(6));
            long sup = rs.getLong(7);
            if (!rs.wasNull()) m.put("superseded_by", sup);
            m.put("created_at", rs.getTimestamp(8).toInstant().toString());
            // a report waiting for review or rejected is not published: its title is not either (outside QA, 2026-12-07:
            // a sender's unreviewed rewrite showed here, on a public list)
            boolean hideA = unpublished(rs.getString(13)), hideB = unpublished(rs.getString(14));
            m.put("title_a", hideA ? null : rs.getString(9));
            m.put("title_b", hideB ? null : rs.getString(10));
            long ia = rs.getLong(11);
            m.put("incident_a", rs.wasNull() ? null : ia);
            long ib = rs.getLong(12);
            m.put("incident_b", rs.wasNull() ? null : ib);
            // a record in no incident is either a rejected public report or one not clustered yet: say which
            if (m.get("incident_a") == null) m.put("outside_a", outside(rs.getString(13)));
            if (m.get("incident_b") == null) m.put("outside_b", outside(rs.getString(14)));
            // a link a merge or split wrote to hold its records together: part of that decision, not an editor's own
            Long of = partOf(rs.getString(6));
            if (of != null) m.put("part_of", of);
            out.add(m);
          }
        }
      }
      return out;
    });
  }
}
