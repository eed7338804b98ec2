package org.aigov.observatory.analysis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;

/**
 * GET /api/analysis/{complex|paths|military}: JSON, or CSV with ?format=csv (all tables, or one with
 * &table=name). paths takes ?jurisdictions=US,EU; all take ?scope=all|seed|no-agora. Public reads.
 * The JSON carries the CSV tables too ("tables") and the bilingual names of the records and
 * jurisdictions they name ("names"), so a page shows exactly the rows the CSV gives.
 * GET /api/analysis/report?lang=en|zh&format=html|pdf: the printable report of `observatory report`.
 */
public final class AnalysisRoutes implements HttpModule {
  private final Supplier<? extends Collection<Entry>> entries;
  /** A report renders charts and fonts: one at a time, so a burst of clicks cannot take every core. */
  private final Semaphore reporting = new Semaphore(1, true);

  private final Supplier<Report.LogHead> logHead;

  public AnalysisRoutes(Registry registry, Supplier<Report.LogHead> logHead) {
    this(() -> registry.listAll(null), logHead);
  }

  public AnalysisRoutes(Supplier<? extends Collection<Entry>> entries) {
    this(entries, () -> null);
  }

  public AnalysisRoutes(Supplier<? extends Collection<Entry>> entries, Supplier<Report.LogHead> logHead) {
    this.entries = entries;
    this.logHead = logHead;
  }

  @Override
  public void routes(Javalin app) {
    for (String name : Analyses.NAMES) app.get("/api/analysis/" + name, ctx -> handle(ctx, name));
    app.get("/api/analysis/report", this::report);
    app.get("/api/analysis/labels", ctx -> ctx.contentType("application/json; charset=utf-8").result(Json.write(Report.LABELS)));
  }

  static final int MAX_JURISDICTIONS = 60;
  /** Columns whose cells are registry record ids; "country" and "jurisdiction" cells are jurisdiction codes. */
  static final Set<String> ID_COLUMNS = Set.of("id", "a", "b", "registry_id");
  static final Set<String> JURISDICTION_COLUMNS = Set.of("jurisdiction", "country");

  void handle(Context ctx, String name) {
    String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
    if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format", "json or csv, got '" + format + "'");
    String js = ctx.queryParam("jurisdictions");
    // each jurisdiction once, and not a thousand of them: the comparison's cost grows with the list
    List<String> juris = js == null || js.isBlank() ? null : Arrays.stream(js.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    if (juris != null && juris.size() > MAX_JURISDICTIONS)
      throw ApiException.badRequest("jurisdictions", "at most " + MAX_JURISDICTIONS + " different jurisdictions, got " + juris.size());
    // complex?jurisdictions=ZZ answered 200, the list ignored
    if (js != null && !name.equals("paths")) throw ApiException.badRequest("jurisdictions", "only the paths analysis takes jurisdictions");
    Collection<Entry> all = entries.get();
    if (juris != null && name.equals("paths")) juris = known(juris, all);
    Graph g = name.equals("military") ? null : new Graph(Graph.scope(all, ctx.queryParam("scope")));
    if (name.equals("military")) Graph.scope(List.of(), ctx.queryParam("scope")); // same 400 for a bad scope everywhere
    // as the command line: a table names a CSV table; with JSON it was ignored without a word
    if (ctx.queryParam("table") != null && !format.equals("csv")) throw ApiException.badRequest("table", "only with format=csv");
    Analyses.Output o = Analyses.run(name, g, juris, null);
    if (format.equals("csv")) {
      String t = ctx.queryParam("table");
      org.aigov.observatory.kernel.Http.csv(ctx, null, t != null ? o.table(t).toCsv() : Table.toCsv(o.tables()));
    } else {
      ObjectNode root = (ObjectNode) o.json();
      root.set("tables", tablesJson(o.tables()));
      root.set("names", names(o.tables(), all));
      ctx.contentType("application/json; charset=utf-8").result(Json.write(root));
    }
  }

  /** Each code as the registry spells it (us -> US); an unknown one is a 400 on jurisdictions (Registry.knownJurisdictions). */
  static List<String> known(List<String> codes, Collection<Entry> all) {
    long n = codes.stream().map(String::strip).distinct().count(); // the command line's list too (61 had run there)
    if (n > MAX_JURISDICTIONS) throw ApiException.badRequest("jurisdictions", "at most " + MAX_JURISDICTIONS + " different jurisdictions, got " + n);
    return Registry.knownJurisdictions(codes, all, "jurisdictions");
  }

  static ArrayNode tablesJson(List<Table> tables) {
    ArrayNode arr = Json.MAPPER.createArrayNode();
    for (Table t : tables) {
      ObjectNode n = arr.addObject();
      n.put("name", t.name());
      n.putObject("title").put("zh", t.titleZh()).put("en", t.titleEn());
      ArrayNode cols = n.putArray("columns");
      t.columns().forEach(cols::add);
      ArrayNode rows = n.putArray("rows");
      for (List<Object> r : t.rows()) {
        ArrayNode row = rows.addArray();
        for (Object c : r) row.add(Analyses.sanitize(Json.MAPPER.valueToTree(c instanceof Iterable<?> ? Table.text(c) : c)));
      }
    }
    return arr;
  }

  /** Bilingual names of every record id and jurisdiction code the tables name: {key: {id, zh, en}}. */
  static ObjectNode names(List<Table> tables, Collection<Entry> all) {
    Map<String, Entry> byId = new HashMap<>();
    for (Entry e : all) if (e.id != null && !"relation".equals(e.kind)) byId.put(e.id, e);
    Map<String, Entry> found = new TreeMap<>();
    for (Table t : tables) {
      for (int i = 0; i < t.columns().size(); i++) {
        String col = t.columns().get(i);
        boolean ids = ID_COLUMNS.contains(col), jur = JURISDICTION_COLUMNS.contains(col);
        if (!ids && !jur) continue;
        for (List<Object> r : t.rows()) {
          if (!(r.get(i) instanceof String v) || v.isEmpty()) continue;
          Entry e = ids ? byId.get(v) : byId.get(v.toLowerCase(Locale.ROOT));
          if (e != null) found.put(v, e);
        }
      }
      // the EU–US tables name their jurisdictions as columns
      for (String col : t.columns()) if ((col.equals("EU") || col.equals("US")) && byId.containsKey(col.toLowerCase(Locale.ROOT)))
        found.put(col, byId.get(col.toLowerCase(Locale.ROOT)));
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    found.forEach((k, e) -> {
      ObjectNode n = out.putObject(k);
      n.put("id", e.id);
      n.put("zh", e.name == null ? null : e.name.zh());
      n.put("en", e.name == null ? null : e.name.en());
    });
    return out;
  }

  static final Pattern SVG_IMG = Pattern.compile("<img src=\"(figures/[A-Za-z0-9_.-]+\\.svg)\"");

  /** The report as one self-contained HTML page (figures inlined as data URIs) or a PDF download. */
  void report(Context ctx) throws Exception {
    String lang = ctx.queryParam("lang") == null ? "en" : ctx.queryParam("lang");
    if (!lang.equals("zh") && !lang.equals("en")) throw ApiException.badRequest("lang", "zh or en, got '" + lang + "'");
    String format = ctx.queryParam("format") == null ? "html" : ctx.queryParam("format");
    if (!format.equals("html") && !format.equals("pdf")) throw ApiException.badRequest("format", "html or pdf, got '" + format + "'");
    String scope = ctx.queryParam("scope");
    if (scope != null && !Graph.SCOPES.contains(scope)) Graph.scope(List.of(), scope); // its 400, before any work
    Collection<Entry> all = entries.get();
    Report.LogHead head = logHead.get();
    ReportKey key = new ReportKey(lang, format, scope == null ? "all" : scope, fingerprint(all),
        head == null ? -1 : head.treeSize(), head == null ? null : head.rootHash());
    // the same report asked for again, or by several people at once, is written once
    CompletableFuture<byte[]> mine = new CompletableFuture<>(), shared;
    synchronized (reports) {
      shared = reports.putIfAbsent(key, mine);
    }
    byte[] body;
    if (shared != null) {
      try {
        body = shared.get(120, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new ApiException(503, "Service Unavailable", null, "another report is being written; try again shortly");
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    } else {
      try {
        body = render(new Graph(Graph.scope(all, scope)), lang, format, () -> head, scope);
        mine.complete(body);
      } catch (Exception | Error e) {
        synchronized (reports) {
          reports.remove(key, mine);
        }
        mine.completeExceptionally(e);
        throw e;
      }
    }
    if (format.equals("pdf")) {
      ctx.header("Content-Disposition", "attachment; filename=\"observatory-report-" + lang + ".pdf\"");
      ctx.contentType("application/pdf").result(body);
    } else {
      // the site's policy (default-src 'self') refuses inline styles: the report admits its own stylesheet, by hash, and
      // its inlined figures (data: images), and nothing else
      ctx.header("Content-Security-Policy", "default-src 'none'; style-src " + Report.styleHash()
          + "; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      ctx.contentType("text/html; charset=utf-8").result(body);
    }
  }

  /** What a report is made of: its options, the records (ids and versions) and the log head it names. */
  record ReportKey(String lang, String format, String scope, long records, long treeSize, String root) {}

  /** The last reports written, by what they were made of; a change to any record or the log makes a new key. */
  private final Map<ReportKey, CompletableFuture<byte[]>> reports = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ReportKey, CompletableFuture<byte[]>> eldest) {
      return size() > 8;
    }
  };

  /** An order-free 64-bit digest of the records' ids and versions. */
  static long fingerprint(Collection<Entry> all) {
    long sum = all.size();
    for (Entry e : all) {
      long h = e.id.hashCode() * 0x9E3779B97F4A7C15L + (e.version == null ? 0 : e.version) * 0xC2B2AE3D27D4EB4FL + (e.deleted ? 1 : 0);
      h ^= h >>> 31;
      h *= 0xBF58476D1CE4E5B9L;
      sum += h ^ (h >>> 29);
    }
    return sum;
  }

  private byte[] render(Graph g, String lang, String format, Supplier<Report.LogHead> head, String scope) throws Exception {
    if (!reporting.tryAcquire(120, TimeUnit.SECONDS))
      throw new ApiException(503, "Service Unavailable", null, "another report is being written; try again shortly");
    Path dir = Files.createTempDirectory("observatory-report");
    try {
      new Report(g, lang, head).scope(scope).write(dir, format);
      if (format.equals("pdf")) return Files.readAllBytes(dir.resolve("report-" + lang + ".pdf"));
      String html = Files.readString(dir.resolve("report-" + lang + ".html"), StandardCharsets.UTF_8);
      Matcher m = SVG_IMG.matcher(html);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        byte[] svg = Files.readAllBytes(dir.resolve(m.group(1)));
        m.appendReplacement(sb, Matcher.quoteReplacement("<img src=\"data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg) + "\""));
      }
      m.appendTail(sb);
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    } finally {
      reporting.release();
      delete(dir);
    }
  }

  static void delete(Path dir) {
    try {
      org.aigov.observatory.kernel.FileTrees.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
