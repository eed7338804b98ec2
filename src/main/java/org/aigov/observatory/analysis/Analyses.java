package org.aigov.observatory.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;

/** One entry point for the CLI, the HTTP routes and the reports: run an analysis, get JSON or tables. */
public final class Analyses {
  public static final List<String> NAMES = List.of("complex", "paths", "military");

  private Analyses() {}

  public record Output(String name, Object result, List<Table> tables) {
    public JsonNode json() {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("analysis", name);
      root.set("result", sanitize(Json.MAPPER.valueToTree(result)));
      return root;
    }

    public Table table(String tableName) {
      for (Table t : tables) if (t.name().equals(tableName)) return t;
      List<String> names = new ArrayList<>();
      for (Table t : tables) names.add(t.name());
      throw ApiException.badRequest("table", "unknown table '" + tableName + "'; one of " + names);
    }
  }

  public static Output run(String name, Graph g, List<String> jurisdictions, List<MilitaryAi.System> military) {
    return switch (name) {
      case "complex" -> {
        RegimeComplex.Result r = new RegimeComplex(g).run();
        yield new Output(name, r, RegimeComplex.tables(r));
      }
      case "paths" -> {
        GovernancePaths.Result r = new GovernancePaths(g).run(jurisdictions == null || jurisdictions.isEmpty()
            ? GovernancePaths.DEFAULT_JURISDICTIONS : jurisdictions);
        yield new Output(name, Map.of("profiles", r.profiles(), "placements", r.placements(), "summary", GovernancePaths.summary(r)),
            GovernancePaths.tables(r));
      }
      case "military" -> {
        MilitaryAi.Result r = MilitaryAi.run(military == null ? MilitaryAi.bundled() : military);
        yield new Output(name, r, MilitaryAi.tables(r));
      }
      default -> throw ApiException.badRequest("analysis", "one of " + NAMES + ", got '" + name + "'");
    };
  }

  /** NaN and infinities are not JSON; they become null. */
  static JsonNode sanitize(JsonNode n) {
    if (n.isDouble() || n.isFloat()) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? n : NullNode.getInstance();
    }
    if (n instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      List<Map.Entry<String, JsonNode>> l = new ArrayList<>();
      it.forEachRemaining(l::add);
      for (var e : l) o.set(e.getKey(), sanitize(e.getValue()));
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, sanitize(a.get(i)));
    }
    return n;
  }
}
