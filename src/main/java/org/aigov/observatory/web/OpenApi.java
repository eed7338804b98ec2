package org.aigov.observatory.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aigov.observatory.kernel.Json;

/** The OpenAPI 3 document: a base plus one fragment per module under /openapi/, merged by path. */
public final class OpenApi {
  static final String[] FRAGMENTS = {"registry", "log", "incidents", "rules", "scenarios", "analysis", "filings"};
  private static volatile String cached;

  private OpenApi() {}

  public static String document() {
    if (cached == null) {
      ObjectNode base = (ObjectNode) Json.read(Observatory.readResource("/openapi/openapi.json"));
      ObjectNode paths = (ObjectNode) base.get("paths");
      for (String f : FRAGMENTS) {
        String text = Observatory.readResource("/openapi/" + f + ".json");
        if (text == null) continue;
        JsonNode frag = Json.read(text);
        frag.get("paths").fields().forEachRemaining(e -> paths.set(e.getKey(), e.getValue()));
        if (frag.has("components")) {
          ObjectNode comps = (ObjectNode) base.with("components");
          frag.get("components").fields().forEachRemaining(c -> {
            ObjectNode target = comps.with(c.getKey());
            c.getValue().fields().forEachRemaining(x -> target.set(x.getKey(), x.getValue()));
          });
        }
      }
      cached = Json.write(base);
    }
    return cached;
  }
}
