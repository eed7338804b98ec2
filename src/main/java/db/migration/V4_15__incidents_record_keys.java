package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.aigov.observatory.incidents.RecordKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Owned by the incidents module. Records are found by URL key and content hash through a narrow key
 * table instead of two indexes on the records table (see {@link RecordKeys}). Java, not SQL: the key
 * is computed as the product computes it.
 */
public class V4_15__incidents_record_keys extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE incident_record_keys (k BIGINT NOT NULL, record_id BIGINT NOT NULL)");
    }
    try (Statement sel = c.createStatement();
         PreparedStatement ins = c.prepareStatement("INSERT INTO incident_record_keys (k, record_id) VALUES (?, ?)")) {
      sel.setFetchSize(10_000);
      int n = 0;
      try (ResultSet rs = sel.executeQuery("SELECT id, url_key, content_hash FROM incident_records")) {
        while (rs.next()) {
          for (int col = 2; col <= 3; col++) {
            String v = rs.getString(col);
            if (v == null) continue;
            ins.setLong(1, RecordKeys.of(v));
            ins.setLong(2, rs.getLong(1));
            ins.addBatch();
            if (++n % 10_000 == 0) ins.executeBatch();
          }
        }
      }
      ins.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE INDEX incident_record_keys_k ON incident_record_keys (k, record_id)");
      s.execute("DROP INDEX IF EXISTS incident_records_url");
      s.execute("DROP INDEX IF EXISTS incident_records_hash");
    }
  }
}
