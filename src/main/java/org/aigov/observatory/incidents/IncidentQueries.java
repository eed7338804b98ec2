package org.aigov.observatory.incidents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Db;

/** Read side: list/search incidents, one incident, its source records with provenance. */
public final class IncidentQueries {
  private IncidentQueries() {}

  static final String COLS = "i.id, i.title, i.first_date, i.record_count, i.sources, i.risk_domain, i.risk_layers, i.harm_types, i.sectors, i.countries, i.topics";

  static Map<String, Object> incident(ResultSet rs) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", rs.getLong(1));
    m.put("title", rs.getString(2));
    java.sql.Date d = rs.getDate(3);
    m.put("date", d == null ? null : d.toLocalDate().toString());
    m.put("record_count", rs.getInt(4));
    m.put("sources", RecordWriter.split(rs.getString(5)));
    m.put("risk_domain", rs.getString(6));
    m.put("risk_layers", RecordWriter.split(rs.getString(7)));
    m.put("harm_types", RecordWriter.split(rs.getString(8)));
    m.put("sectors", RecordWriter.split(rs.getString(9)));
    m.put("countries", RecordWriter.split(rs.getString(10)));
    m.put("topics", RecordWriter.split(rs.getString(11)));
    return m;
  }

  /** Filters: q (words in the title), topic, source, country, sector, risk_domain, risk_layer, from, to. */
  public static Map<String, Object> list(Db db, Map<String, List<String>> params, int limit, int offset) {
    if (limit < 1 || limit > 1000) throw ApiException.badRequest("limit", "expected 1..1000");
    if (offset < 0) throw ApiException.badRequest("offset", "expected ≥ 0");
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    String q = Trends.Query.first(params, "q");
    if (q != null) {
      for (String w : q.toLowerCase(Locale.ROOT).split("\\s+")) {
        where.append(" AND LOWER(i.title) LIKE ?");
        args.add("%" + w.replace("%", "").replace("_", "") + "%");
      }
    }
    String[][] facets = {{"topic", "i.topics"}, {"source", "i.sources"}, {"country", "i.countries"}, {"sector", "i.sectors"}, {"risk_layer", "i.risk_layers"}, {"harm_type", "i.harm_types"}};
    for (String[] f : facets) {
      String v = Trends.Query.first(params, f[0]);
      if (v == null) continue;
      where.append(" AND ('; ' || LOWER(").append(f[1]).append(") || ';') LIKE ?");
      args.add("%; " + v.toLowerCase(Locale.ROOT) + ";%");
    }
    String dom = Trends.Query.first(params, "risk_domain");
    if (dom != null) {
      where.append(" AND LOWER(i.risk_domain) LIKE ?");
      args.add(dom.toLowerCase(Locale.ROOT) + "%");
    }
    java.time.LocalDate from = Trends.Query.date(Trends.Query.first(params, "from"), "from");
    java.time.LocalDate to = Trends.Query.date(Trends.Query.first(params, "to"), "to");
    if (from != null) {
      where.append(" AND i.first_date >= ?");
      args.add(java.sql.Date.valueOf(from));
    }
    if (to != null) {
      where.append(" AND i.first_date <= ?");
      args.add(java.sql.Date.valueOf(to));
    }
    return db.read(c -> {
      Map<String, Object> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM incidents i" + where)) {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          out.put("total", rs.getLong(1));
        }
      }
      List<Map<String, Object>> items = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM incidents i" + where + " ORDER BY i.first_date DESC NULLS LAST, i.id DESC LIMIT ? OFFSET ?")) {
        int k = 1;
        for (Object a : args) ps.setObject(k++, a);
        ps.setInt(k++, limit);
        ps.setInt(k, offset);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) items.add(incident(rs));
        }
      }
      out.put("limit", limit);
      out.put("offset", offset);
      out.put("items", items);
      return out;
    });
  }

  public static Map<String, Object> get(Db db, long id) {
    Map<String, Object> inc = db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM incidents i WHERE i.id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? incident(rs) : null;
        }
      }
    });
    if (inc == null) throw ApiException.notFound("incident " + id);
    inc.put("records", records(db, id));
    return inc;
  }

  public static List<Map<String, Object>> records(Db db, long incident) {
    List<Map<String, Object>> out = db.read(c -> {
      List<Map<String, Object>> list = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.source, r.source_id, r.url, r.title, r.language, r.pub_date, r.date_text, r.outlet,"
          + " r.authors, r.deployers, r.developers, r.systems, r.countries, r.risk_domain, r.risk_domain_label, r.risk_layers, r.ingested_at,"
          + " m.via, m.score, r.body, r.risk_domain_confidence FROM incident_members m JOIN incident_records r ON r.id = m.record_id"
          + " WHERE m.incident_id = ? ORDER BY r.id")) {
        ps.setLong(1, incident);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getLong(1));
            m.put("source", rs.getString(2));
            m.put("source_id", rs.getString(3));
            m.put("url", rs.getString(4));
            m.put("title", rs.getString(5));
            m.put("language", rs.getString(6));
            java.sql.Date d = rs.getDate(7);
            m.put("date", d == null ? null : d.toLocalDate().toString());
            m.put("date_text", rs.getString(8));
            m.put("outlet", rs.getString(9));
            m.put("authors", RecordWriter.split(rs.getString(10)));
            m.put("deployers", RecordWriter.split(rs.getString(11)));
            m.put("developers", RecordWriter.split(rs.getString(12)));
            m.put("systems", RecordWriter.split(rs.getString(13)));
            m.put("countries", RecordWriter.split(rs.getString(14)));
            m.put("risk_domain", rs.getString(15));
            float conf = rs.getFloat(22);
            if (!rs.wasNull()) m.put("risk_domain_confidence", Math.round(conf * 1000) / 1000.0);
            m.put("risk_domain_label", rs.getString(16));
            m.put("risk_layers", RecordWriter.split(rs.getString(17)));
            m.put("ingested_at", rs.getTimestamp(18).toInstant().toString());
            m.put("linked_by", rs.getString(19));
            double sc = rs.getDouble(20);
            if (!rs.wasNull()) m.put("link_score", sc);
            String body = rs.getString(21);
            if (body != null) m.put("text", body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
            list.add(m);
          }
        }
      }
      return list;
    });
    return out;
  }
}
