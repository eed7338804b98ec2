package org.aigov.observatory.kernel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiny JDBC helpers shared by the modules: positional parameters ({@link java.time.Instant} bound as a timestamp, which
 * H2 and PostgreSQL both accept), rows as ordered maps with lower-case column names.
 */
public final class Sql {
  private Sql() {}

  /** {@code v} matched as itself in {@code LIKE ? ESCAPE '\\'}: its "%", "_" and "\\" are not wildcards. */
  public static String likeLiteral(String v) {
    return v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  public static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  public static long insertKey(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      bind(ps, args);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public static List<Map<String, Object>> rows(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Timestamp || v instanceof OffsetDateTime) v = rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toString();
            if (v instanceof String s && md.getColumnType(i) == java.sql.Types.CHAR) v = s.trim();
            m.put(md.getColumnLabel(i).toLowerCase(), v);
          }
          out.add(m);
        }
        return out;
      }
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public static Object value(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  public static Map<String, Object> one(Connection c, String sql, Object... args) throws SQLException {
    List<Map<String, Object>> r = rows(c, sql, args);
    return r.isEmpty() ? null : r.get(0);
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof java.time.Instant t) ps.setTimestamp(i + 1, java.sql.Timestamp.from(t));
      else ps.setObject(i + 1, args[i]);
    }
  }

  public static boolean isUniqueViolation(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && ("23505".equals(s.getSQLState()) || "23001".equals(s.getSQLState()))) return true;
    }
    return false;
  }
}
