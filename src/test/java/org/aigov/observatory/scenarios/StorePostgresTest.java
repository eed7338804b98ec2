package org.aigov.observatory.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.aigov.observatory.kernel.Db;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StorePostgresTest {
  @Test
  void storeWorksOnPostgres() {
    String url = org.aigov.observatory.kernel.TestStores.pgUrl();
    Assumptions.assumeTrue(url != null && !url.isBlank(), "OBS_TEST_PG_URL not set");
    try (Db db = Db.connect(url, null, null, "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))) {
      ScenarioStore s = new ScenarioStore(db);
      assertEquals(3, s.installBundled());
      assertEquals(3, s.installBundled()); // idempotent
      assertEquals(3, s.list().size());
      assertEquals(3, s.get("paper5-governance-pace").scenarios().size());
      assertEquals(1.0, s.compiled("paper5-governance-pace").run(java.util.Map.of()).data()[0][0]);
    }
  }
}
