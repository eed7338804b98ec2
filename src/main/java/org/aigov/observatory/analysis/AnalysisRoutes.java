package org.aigov.observatory.analysis;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;

/**
 * GET /api/analysis/{complex|paths|military}: JSON, or CSV with ?format=csv (all tables, or one with
 * &table=name). paths takes ?jurisdictions=US,EU; all take ?scope=all|seed|no-agora. Public reads.
 */
public final class AnalysisRoutes implements HttpModule {
  private final Supplier<? extends Collection<Entry>> entries;

  public AnalysisRoutes(Registry registry) {
    this(() -> registry.listAll(null));
  }

  public AnalysisRoutes(Supplier<? extends Collection<Entry>> entries) {
    this.entries = entries;
  }

  @Override
  public void routes(Javalin app) {
    for (String name : Analyses.NAMES) app.get("/api/analysis/" + name, ctx -> handle(ctx, name));
  }

  static final int MAX_JURISDICTIONS = 60;

  void handle(Context ctx, String name) {
    String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
    if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format", "json or csv, got '" + format + "'");
    String js = ctx.queryParam("jurisdictions");
    // each jurisdiction once, and not a thousand of them: the comparison's cost grows with the list
    List<String> juris = js == null || js.isBlank() ? null : Arrays.stream(js.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    if (juris != null && juris.size() > MAX_JURISDICTIONS)
      throw ApiException.badRequest("jurisdictions", "at most " + MAX_JURISDICTIONS + " different jurisdictions, got " + juris.size());
    Graph g = name.equals("military") ? null : new Graph(Graph.scope(entries.get(), ctx.queryParam("scope")));
    Analyses.Output o = Analyses.run(name, g, juris, null);
    if (format.equals("csv")) {
      String t = ctx.queryParam("table");
      ctx.contentType("text/csv; charset=utf-8").result(t != null ? o.table(t).toCsv() : Table.toCsv(o.tables()));
    } else {
      ctx.contentType("application/json; charset=utf-8").result(Json.write(o.json()));
    }
  }
}
