package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Owned by the registry. The registry only looks relations up by {@code source_id = ? OR target_id
 * = ?}; H2 answers that through the (kind, type) index and never uses these two, yet every import
 * wrote an entry to each for every record (null for instruments and actors). PostgreSQL combines
 * both in a bitmap OR, so it keeps them.
 */
public class V1_4__registry_h2_relation_indexes extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    String product = context.getConnection().getMetaData().getDatabaseProductName();
    if (!"H2".equalsIgnoreCase(product)) return;
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("DROP INDEX registry_records_source");
      s.execute("DROP INDEX registry_records_target");
    }
  }
}
