package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;
import org.aigov.observatory.registry.SearchIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real registry publishing through the log: every version is logged once and the audit agrees. */
class LogRegistryIntegrationTest {
  static Entry instrument(String id, String en) {
    Entry e = new Entry();
    e.id = id;
    e.kind = "instrument";
    e.type = "law";
    e.name = Text.of("法律 " + id, en);
    e.date = PartialDate.parse("2024-06-13", "date");
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void registryWritesAreLoggedInTheirTransaction(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = new TransparencyLog(s.db());
      Registry r = new Registry(s.db(), log, SearchIndex.inMemory());
      r.create(instrument("eu-ai-act", "EU AI Act"), "tester");
      r.create(instrument("cn-genai", "Interim Measures for Generative AI"), "tester");
      r.update("eu-ai-act", instrument("eu-ai-act", "EU Artificial Intelligence Act"), 1, "reviewer");
      // a refused write (stale version) publishes nothing
      assertThrows(RuntimeException.class, () -> r.update("eu-ai-act", instrument("eu-ai-act", "x"), 1, "reviewer"));
      assertEquals(3, log.size());
      var e = Json.read(log.entries(log.indexOf("eu-ai-act", 2), log.indexOf("eu-ai-act", 2) + 1).get(0).entry());
      assertEquals("update", e.get("action").asText());
      assertEquals("reviewer", e.get("actor").asText());
      assertEquals(r.history("eu-ai-act").get(1).content_hash(), e.get("content_hash").asText());
      LogAudit.Report rep = LogAudit.verify(s.db());
      assertTrue(rep.ok(), rep.toText());
      assertEquals(3, rep.registryVersions);
      // a document rewritten in place, its logged hash left as it was: the audit hashes the document itself
      s.db().tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE registry_versions SET doc = REPLACE(doc, 'Generative AI', 'Generative AI (amended)')"
          + " WHERE id = 'cn-genai'"));
      LogAudit.Report rewritten = LogAudit.verify(s.db());
      assertFalse(rewritten.ok(), rewritten.toText());
      assertTrue(rewritten.toText().contains("cn-genai v1: the stored document does not hash"), rewritten.toText());
    }
  }

  /**
   * What is served must be the newest logged version: a record moved back to v1, or hidden as deleted, in the store's
   * current rows was served with the audit saying OK (review of 2026-12-04); and a damaged frontier is named, and no head
   * is signed over the wrong root it gives.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void theServedStateAndTheFrontierAreAudited(String kind) {
    try (var s = TestStores.open(kind)) {
      TransparencyLog log = new TransparencyLog(s.db());
      Registry r = new Registry(s.db(), log, SearchIndex.inMemory());
      r.create(instrument("a-law", "A law"), "tester");
      r.update("a-law", instrument("a-law", "A law, amended"), 1, "reviewer");
      r.create(instrument("b-law", "B law"), "tester");
      assertTrue(LogAudit.verify(s.db()).ok());
      String v1 = r.history("a-law").get(0).content_hash();
      s.db().tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE registry_records SET version = 1, content_hash = ? WHERE id = 'a-law'", v1));
      s.db().tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE registry_records SET deleted = TRUE WHERE id = 'b-law'"));
      String text = LogAudit.verify(s.db()).toText();
      assertTrue(text.contains("record a-law is served at v1 but its newest version is v2"), text);
      assertTrue(text.contains("record b-law is served as deleted but its newest version v1 is a create"), text);
      s.db().tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE registry_records SET version = 2, content_hash = ? WHERE id = 'a-law'",
          r.history("a-law").get(1).content_hash()));
      s.db().tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE registry_records SET deleted = FALSE WHERE id = 'b-law'"));
      assertTrue(LogAudit.verify(s.db()).ok(), LogAudit.verify(s.db()).toText());
      // the frontier the next heads grow from
      String cur = s.db().read(c -> (String) org.aigov.observatory.kernel.Sql.value(c, "SELECT frontier FROM log_state WHERE id = 1"));
      s.db().tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE log_state SET frontier = ? WHERE id = 1", "00".repeat(32) + cur.substring(64)));
      String damaged = LogAudit.verify(s.db()).toText();
      assertTrue(damaged.contains("frontier differs"), damaged);
      IllegalStateException refused = assertThrows(IllegalStateException.class, log::signHead);
      assertTrue(refused.getMessage().contains("no head signed"), refused.getMessage());
    }
  }
}
