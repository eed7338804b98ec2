package org.aigov.observatory.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;

/** Every API route the server registers is in the OpenAPI document, with its method, and the document names no route that is gone. */
class OpenApiCoverageTest {
  private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  @Test
  void theDocumentListsEveryApiRouteAndNoOther() {
    Observatory obs = Observatory.inMemory("openapi-" + UUID.randomUUID());
    try {
      Javalin app = WebServer.create(obs, Modules.with(obs));
      Set<String> routes = new TreeSet<>();
      for (ParsedEndpoint p : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
        Endpoint e = p.getEndpoint();
        if (METHODS.contains(e.getMethod()) && e.getPath().startsWith("/api/")) routes.add(e.getMethod().name().toLowerCase() + " " + e.getPath());
      }
      assertTrue(routes.size() > 60, "routes found: " + routes.size());
      JsonNode paths = Json.read(OpenApi.document()).get("paths");
      Set<String> documented = new TreeSet<>();
      paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
        if (path.getKey().startsWith("/api/") && Set.of("get", "post", "put", "patch", "delete").contains(m)) documented.add(m + " " + path.getKey());
      }));
      Set<String> missing = new TreeSet<>(routes);
      missing.removeAll(documented);
      Set<String> stale = new TreeSet<>(documented);
      stale.removeAll(routes);
      assertEquals(Set.of(), missing, "routes the OpenAPI document lacks");
      assertEquals(Set.of(), stale, "documented routes the server does not have");
    } finally {
      obs.close();
    }
  }
}
