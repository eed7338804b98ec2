package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Owned by the registry. On H2, every time the change feed's identity runs out of cached values it
 * is flushed and committed by H2's system session, and each such commit writes every dirty page of
 * the store (WRITE_DELAY=0): with the default cache of 32 that was one full store per 32 imported
 * rows. H2 hands values out in order from one shared counter whatever the cache, and writes the
 * exact value on a clean close, so a larger cache only widens the gap a crash leaves (kept at
 * 1,000: search looks up every gap in the feed one by one for five minutes). PostgreSQL caches per
 * session (values out of order across sessions), so it keeps its default.
 */
public class V1_2__registry_changes_seq_cache extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    String product = context.getConnection().getMetaData().getDatabaseProductName();
    if (!"H2".equalsIgnoreCase(product)) return;
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("ALTER TABLE registry_changes ALTER COLUMN seq SET CACHE 1000");
    }
  }
}
