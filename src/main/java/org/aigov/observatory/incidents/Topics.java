package org.aigov.observatory.incidents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;

/** Topics: bilingual keyword queries (any English phrase or any Chinese phrase matches). */
public final class Topics {
  public record Topic(String id, String nameEn, String nameZh, List<String> termsEn, List<String> termsZh, boolean builtin) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("name", Map.of("en", nameEn, "zh", nameZh == null ? nameEn : nameZh));
      m.put("terms_en", termsEn);
      m.put("terms_zh", termsZh);
      m.put("builtin", builtin);
      return m;
    }
  }

  private Topics() {}

  public static List<Topic> all(Connection c) throws SQLException {
    List<Topic> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, name_en, name_zh, terms_en, terms_zh, builtin FROM incident_topics ORDER BY id");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Topic(rs.getString(1), rs.getString(2), rs.getString(3), RecordWriter.split(rs.getString(4)),
            RecordWriter.split(rs.getString(5)), rs.getBoolean(6)));
      }
    }
    return out;
  }

  public static Topic create(Connection c, String id, String nameEn, String nameZh, List<String> en, List<String> zh, String by) throws SQLException {
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) throw ApiException.badRequest("id", "expected lower-case letters, digits and '-' (max 64)");
    if (nameEn == null || nameEn.isBlank()) throw ApiException.badRequest("name_en", "required");
    if ((en == null || en.isEmpty()) && (zh == null || zh.isEmpty())) throw ApiException.badRequest("terms_en", "at least one English or Chinese term is required");
    for (String t : en == null ? List.<String>of() : en) if (t.contains(";")) throw ApiException.badRequest("terms_en", "a term may not contain ';'");
    for (String t : zh == null ? List.<String>of() : zh) if (t.contains(";")) throw ApiException.badRequest("terms_zh", "a term may not contain ';'");
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM incident_topics WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) throw ApiException.conflict("topic " + id + " already exists");
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_topics (id, name_en, name_zh, terms_en, terms_zh, builtin, created_by, created_at) VALUES (?,?,?,?,?,FALSE,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, nameEn.strip());
      ps.setString(3, nameZh == null ? null : nameZh.strip());
      ps.setString(4, String.join("; ", en == null ? List.of() : en));
      ps.setString(5, String.join("; ", zh == null ? List.of() : zh));
      ps.setString(6, by);
      ps.setTimestamp(7, Timestamp.from(Instant.now()));
      ps.executeUpdate();
    }
    return new Topic(id, nameEn, nameZh, en == null ? List.of() : en, zh == null ? List.of() : zh, false);
  }

  /** Matches every topic against a text in one pass; returns a bit set over the topic list's order. */
  public static final class Matcher {
    public final List<Topic> topics;
    private final PhraseMatcher pm = new PhraseMatcher(true);

    public Matcher(List<Topic> topics) {
      if (topics.size() > 63) throw new IllegalArgumentException("at most 63 topics");
      this.topics = topics;
      for (int i = 0; i < topics.size(); i++) {
        for (String t : topics.get(i).termsEn()) pm.add(t, Integer.toString(i));
        for (String t : topics.get(i).termsZh()) pm.add(t, Integer.toString(i));
      }
    }

    public long match(String text) {
      long bits = 0;
      for (String s : pm.find(text)) bits |= 1L << Integer.parseInt(s);
      return bits;
    }

    /** Matches a text given in pieces that each end with a separator; {@link #bits()} equals {@link #match} on the whole. */
    public final class Stream {
      private final PhraseMatcher.Stream s = pm.new Stream();

      public void add(String piece) {
        s.add(piece);
      }

      public long bits() {
        long bits = 0;
        for (String id : s.found) bits |= 1L << Integer.parseInt(id);
        return bits;
      }
    }

    public List<String> ids(long bits) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < topics.size(); i++) if ((bits & (1L << i)) != 0) out.add(topics.get(i).id());
      return out;
    }
  }
}
