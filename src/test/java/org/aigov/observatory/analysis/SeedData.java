package org.aigov.observatory.analysis;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.InputStream;
import java.util.List;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.Entry;

/** The seed snapshot bundled for tests (see src/test/resources/analysis/PROVENANCE.md). */
final class SeedData {
  private static Graph graph;

  static synchronized Graph graph() throws Exception {
    if (graph == null) {
      try (InputStream in = SeedData.class.getResourceAsStream("/analysis/seed-snapshot.json")) {
        List<Entry> l = Json.MAPPER.readValue(in, new TypeReference<List<Entry>>() {});
        graph = new Graph(l);
      }
    }
    return graph;
  }
}
