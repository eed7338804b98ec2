package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import org.aigov.observatory.incidents.Rec;
import org.aigov.observatory.incidents.RecordKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Owned by the incidents module. URL keys keep the case of the path and query (only the host is lower-cased): two
 * reports at ?v=AbCdEf and ?v=abcdef were taken for one. Re-keys the records whose URL has upper case past its host;
 * every other key is unchanged. A report without an id of its own was given one from its URL key ("url:" + 32 hex
 * digits); it follows its key, unless another record holds the new one. Java, not SQL: the key is computed as the
 * product computes it.
 */
public class V4_16__incidents_url_key_case extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (PreparedStatement sel = c.prepareStatement("SELECT id, url, url_key, source, source_id FROM incident_records WHERE url IS NOT NULL");
         PreparedStatement up = c.prepareStatement("UPDATE incident_records SET url_key = ? WHERE id = ?");
         PreparedStatement taken = c.prepareStatement("SELECT COUNT(*) FROM incident_records WHERE source = ? AND source_id = ?");
         PreparedStatement rename = c.prepareStatement("UPDATE incident_records SET source_id = ? WHERE id = ?");
         PreparedStatement del = c.prepareStatement("DELETE FROM incident_record_keys WHERE k = ? AND record_id = ?");
         PreparedStatement ins = c.prepareStatement("INSERT INTO incident_record_keys (k, record_id) VALUES (?, ?)")) {
      sel.setFetchSize(10_000);
      int n = 0;
      try (ResultSet rs = sel.executeQuery()) {
        while (rs.next()) {
          String now = Rec.urlKey(rs.getString(2)), before = rs.getString(3);
          if (Objects.equals(now, before)) continue;
          long id = rs.getLong(1);
          up.setString(1, now);
          up.setLong(2, id);
          up.addBatch();
          String derived = before == null ? null : "url:" + before.substring(0, 32);
          if (now != null && derived != null && derived.equals(rs.getString(5))) {
            String fresh = "url:" + now.substring(0, 32);
            taken.setString(1, rs.getString(4));
            taken.setString(2, fresh);
            try (ResultSet t = taken.executeQuery()) {
              t.next();
              if (t.getLong(1) == 0) {
                rename.setString(1, fresh);
                rename.setLong(2, id);
                rename.executeUpdate();
              }
            }
          }
          if (before != null) {
            del.setLong(1, RecordKeys.of(before));
            del.setLong(2, id);
            del.addBatch();
          }
          if (now != null) {
            ins.setLong(1, RecordKeys.of(now));
            ins.setLong(2, id);
            ins.addBatch();
          }
          if (++n % 5_000 == 0) {
            up.executeBatch();
            del.executeBatch();
            ins.executeBatch();
          }
        }
      }
      up.executeBatch();
      del.executeBatch();
      ins.executeBatch();
    }
  }
}
