package org.aigov.observatory.registry;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.Http;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Principal;

/** REST API of the registry: records by kind, history and diff, search with facets, exports. */
public final class RegistryRoutes implements HttpModule {
  private final Registry registry;

  public RegistryRoutes(Registry registry) {
    this.registry = registry;
  }

  @Override
  public void routes(Javalin app) {
    for (String[] k : new String[][] {{"instruments", "instrument"}, {"actors", "actor"}, {"relations", "relation"}}) {
      String base = "/api/" + k[0];
      String kind = k[1];
      app.get(base, ctx -> list(ctx, kind));
      app.post(base, ctx -> create(ctx, kind));
      app.get(base + "/{id}", ctx -> get(ctx, kind));
      app.put(base + "/{id}", ctx -> update(ctx, kind));
      app.delete(base + "/{id}", ctx -> delete(ctx, kind));
    }
    app.get("/api/records/{id}", ctx -> get(ctx, null));
    app.get("/api/records/{id}/history", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"), "versions", registry.history(ctx.pathParam("id")))));
    app.get("/api/records/{id}/versions/{v}", ctx -> ctx.json(registry.version(ctx.pathParam("id"), version(ctx.pathParam("v"), "v"))));
    app.get("/api/records/{id}/diff", ctx -> {
      Http.onlyParams(ctx, "from", "to"); // from=1&to=2&from=3 had answered the diff of 1 and 2
      String id = ctx.pathParam("id");
      long from = version(ctx.queryParam("from"), "from");
      long to = version(ctx.queryParam("to"), "to");
      ctx.json(Map.of("id", id, "from", from, "to", to, "changes", registry.diff(id, from, to)));
    });
    app.get("/api/records/{id}/relations", ctx -> {
      registry.get(ctx.pathParam("id"));
      ctx.json(relationsView(ctx.pathParam("id")));
    });
    app.get("/api/search", this::search);
    app.get("/api/vocab", ctx -> ctx.json(vocab()));
    app.get("/api/export", this::export);
    app.post("/api/admin/reindex", ctx -> {
      Principal p = Auth.requireRegistryWriter(ctx);
      if (!p.isAdmin()) throw ApiException.forbidden("only admins may rebuild the index");
      ctx.json(Map.of("indexed", registry.search().rebuild(registry.db())));
    });
  }

  private void list(Context ctx, String kind) {
    // as /api/search: a parameter it does not take, or a type the vocabulary lacks, is a 400, not an empty page
    Http.onlyParams(ctx, "type", "cursor", "limit");
    String type = ctx.queryParam("type");
    if (type != null && !Vocab.typeField(kind).allows(type))
      throw ApiException.badRequest("type", "unknown value '" + (type.length() > 64 ? type.substring(0, 64) + "…" : type) + "'; GET /api/vocab lists the values");
    int limit = Http.intParam(ctx, "limit", 50, 1, 500);
    Registry.Page page = registry.list(kind, ctx.queryParam("type"), ctx.queryParam("cursor"), limit);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items());
    out.put("next_cursor", page.next_cursor());
    ctx.json(out);
  }

  private void get(Context ctx, String kind) {
    Entry e = registry.get(ctx.pathParam("id"));
    if (kind != null && !kind.equals(e.kind)) throw ApiException.notFound(kind + " " + ctx.pathParam("id"));
    ctx.header("ETag", etag(e.version));
    // RFC 9110 §13.1.2: weak comparison, a list, or *; only the exact tag had answered 304
    if (org.aigov.observatory.kernel.Http.noneMatch(ctx.header("If-None-Match"), etag(e.version))) {
      ctx.status(304);
      return;
    }
    ctx.json(e);
  }

  private void create(Context ctx, String kind) {
    Principal p = Auth.requireRegistryWriter(ctx);
    Entry e = Http.json(ctx, Entry.class);
    if (e.kind != null && !e.kind.equals(kind)) throw ApiException.badRequest("kind", "this endpoint takes " + kind + " records");
    e.kind = kind;
    Entry saved = registry.create(e, p.id());
    ctx.status(201).header("ETag", etag(saved.version)).header("Location", ctx.path() + "/" + saved.id).json(saved);
  }

  private void update(Context ctx, String kind) {
    Principal p = Auth.requireRegistryWriter(ctx);
    String id = ctx.pathParam("id");
    Entry body = Http.json(ctx, Entry.class);
    if (body.kind != null && !body.kind.equals(kind)) throw ApiException.badRequest("kind", "this endpoint takes " + kind + " records");
    body.kind = kind;
    Entry cur = registry.get(id);
    if (!cur.kind.equals(kind)) throw ApiException.notFound(kind + " " + id);
    long expected = expectedVersion(ctx, cur.version);
    Entry saved = registry.update(id, body, expected, p.id());
    ctx.header("ETag", etag(saved.version)).json(saved);
  }

  private void delete(Context ctx, String kind) {
    Principal p = Auth.requireRegistryWriter(ctx);
    String id = ctx.pathParam("id");
    Entry cur = registry.get(id);
    if (!cur.kind.equals(kind)) throw ApiException.notFound(kind + " " + id);
    Entry gone = registry.delete(id, expectedVersion(ctx, cur.version), p.id());
    ctx.json(Map.of("id", id, "version", gone.version, "deleted", true));
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** If-Match carries the version the client last read; without it an update could silently overwrite. */
  private static long expectedVersion(Context ctx, long current) {
    String h = ctx.header("If-Match");
    if (h == null || h.isBlank()) // the example is the record's own ETag, so it reads as what to send after a GET
      throw new ApiException(428, "Precondition Required", "If-Match", "If-Match: send the ETag you read, e.g. If-Match: " + etag(current));
    String v = h.trim();
    if (v.equals("*")) return current; // any current representation: the record exists (a deleted one is 404 before this)
    // RFC 9110 §13.1.1: a list of tags, compared strongly, so a weak validator never matches; this API's tags are
    // "<version>" as issued ("002" and an unquoted 3 had been read as versions 2 and 3)
    List<String> tags = Http.entityTags(v);
    if (tags.isEmpty() || tags.stream().anyMatch(t -> !t.matches("(W/)?\"(0|[1-9][0-9]{0,17})\"")))
      throw ApiException.badRequest("If-Match", "not an ETag of this API: " + h);
    if (tags.contains(etag(current))) return current;
    List<String> strong = tags.stream().filter(t -> !t.startsWith("W/")).toList();
    if (strong.isEmpty()) throw new ApiException(409, "Conflict", "If-Match",
        "If-Match: a weak ETag never matches (RFC 9110 strong comparison); send the ETag as read, e.g. If-Match: " + etag(current));
    return Long.parseLong(strong.get(0).replace("\"", "")); // a version other than the current one: answered as stale
  }

  private static long version(String v, String field) {
    if (v == null) throw ApiException.badRequest(field, "required");
    try {
      return org.aigov.observatory.kernel.Http.asciiLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, "not a version number: '" + v + "'");
    }
  }

  private Map<String, Object> relationsView(String id) {
    List<Entry> rels = registry.relationsOf(id);
    List<String> ends = new ArrayList<>();
    for (Entry r : rels) ends.add(r.source.equals(id) ? r.target : r.source);
    Map<String, Entry> names = registry.byIds(ends);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Entry r : rels) {
      boolean outgoing = r.source.equals(id);
      String other = outgoing ? r.target : r.source;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id);
      m.put("type", r.type);
      m.put("direction", outgoing ? "out" : "in");
      m.put("other", other);
      Entry o = names.get(other);
      if (o != null) {
        m.put("other_name", o.name);
        m.put("other_kind", o.kind);
      }
      if (r.date != null) m.put("date", r.date.toString());
      m.put("papers", r.papers);
      m.put("sources", r.sources);
      out.add(m);
    }
    return Map.of("id", id, "relations", out);
  }

  /**
   * A filter value the vocabulary does not have (kind=foo, year=abc) is a 400 naming it: it answered 0 hits, which reads
   * as "none" for a typo. Jurisdictions and tags are open lists and are not checked.
   */
  public static void checkFilterValues(Map<String, List<String>> filters) {
    filters.forEach((field, vals) -> {
      for (String v : vals) {
        boolean ok = switch (field) {
          case "year" -> v.matches("\\d{4}");
          case "type" -> Vocab.INSTRUMENT_TYPE.allows(v) || Vocab.ACTOR_TYPE.allows(v) || Vocab.RELATION_TYPE.allows(v);
          default -> Vocab.FACETED.stream().filter(f -> f.name.equals(field)).allMatch(f -> f.allows(v));
        };
        if (!ok) throw ApiException.badRequest(field, "unknown value '" + (v.length() > 64 ? v.substring(0, 64) + "…" : v) + "'"
            + (field.equals("year") ? "; expected a year such as 2024" : "; GET /api/vocab lists the values"));
      }
    });
  }

  /** Values one filter may take at once: the search page offers at most 30 per field, one tick box each. */
  static final int MAX_FILTER_VALUES = 100;

  /**
   * The distinct values of filter {@code f}, at most {@link #MAX_FILTER_VALUES}: each is a clause of the Lucene query,
   * and ~1,000 of them overran its clause limit and answered 500.
   */
  private static void filterValues(Context ctx, String f, Map<String, List<String>> filters) {
    List<String> vals = List.copyOf(new java.util.LinkedHashSet<>(ctx.queryParams(f)));
    if (vals.size() > MAX_FILTER_VALUES) throw ApiException.badRequest(f, "at most " + MAX_FILTER_VALUES + " values, got " + vals.size());
    if (!vals.isEmpty()) filters.put(f, vals);
  }

  /** The search's filters (facet fields and tags), each value checked; {@code others}: the other parameters the address takes. */
  private static Map<String, List<String>> searchFilters(Context ctx, List<String> others) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (String f : SearchIndex.FACETS) filterValues(ctx, f, filters);
    filterValues(ctx, "tags", filters);
    checkFilterValues(filters);
    for (var e : ctx.queryParamMap().entrySet()) {
      String p = e.getKey();
      if (!org.aigov.observatory.kernel.Http.emptyPart(p, e.getValue()) && !SearchIndex.FACETS.contains(p) && !p.equals("tags") && !others.contains(p))
        throw ApiException.badRequest(p, "unknown search parameter");
      // a filter takes several values; the others one (q=AI&q=Act had searched for AI alone, without a word)
      if (others.contains(p) && e.getValue().size() > 1) throw ApiException.badRequest(p, "given " + e.getValue().size() + " times; give it once");
    }
    return filters;
  }

  private static Integer year(Context ctx, String name) {
    return ctx.queryParam(name) == null ? null : Http.intParam(ctx, name, 0, 1000, 9999);
  }

  private void search(Context ctx) {
    Map<String, List<String>> filters = searchFilters(ctx, List.of("q", "sort", "limit", "cursor", "year_from", "year_to", "highlight", "lang", "facets", "copies"));
    int limit = Http.intParam(ctx, "limit", 20, 1, 200);
    int offset = 0;
    Long snapshot = null;
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && !cursor.isBlank()) {
      // "snapshot.offset": the next pages read the index the first page read (a bare offset is an earlier release's cursor)
      try {
        String[] c = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.US_ASCII).split("\\.", -1);
        if (c.length > 3) throw new IllegalArgumentException();
        // "snapshot.offset.search": a page of another search (other words, filters or order) had skipped its first hits
        if (c.length == 3 && !c[2].equals(searchKey(ctx)))
          throw ApiException.badRequest("cursor", "belongs to another search (its words, filters or order differ); start again without a cursor");
        offset = Integer.parseInt(c[c.length == 3 ? 1 : c.length - 1]);
        if (c.length >= 2) snapshot = Long.parseLong(c[0]);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("cursor", "not a cursor returned by this API");
      }
    }
    Integer yf = year(ctx, "year_from"), yt = year(ctx, "year_to");
    String facetMode = ctx.queryParam("facets") == null ? "conjunctive" : ctx.queryParam("facets");
    if (!facetMode.equals("conjunctive") && !facetMode.equals("disjunctive"))
      throw ApiException.badRequest("facets", "conjunctive (default) or disjunctive, got '" + facetMode + "'");
    String copies = ctx.queryParam("copies") == null ? "hide" : ctx.queryParam("copies");
    if (!copies.equals("hide") && !copies.equals("include"))
      throw ApiException.badRequest("copies", "hide (default) or include, got '" + copies + "'");
    // highlight=x and lang=xx were taken silently (as yes, and as nothing); hits carry both languages, so lang changes nothing
    boolean highlight = ctx.queryParam("highlight") == null || Http.flag("highlight", ctx.queryParam("highlight"));
    String lang = ctx.queryParam("lang");
    if (lang != null && !lang.equals("zh") && !lang.equals("en")) throw ApiException.badRequest("lang", "zh or en, got '" + lang + "'");
    SearchIndex.Result r = registry.search().search(new SearchIndex.Request(ctx.queryParam("q"), filters, yf, yt,
        ctx.queryParam("sort"), offset, limit, highlight, facetMode.equals("disjunctive"),
        copies.equals("include")), snapshot);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", r.total());
    out.put("hits", r.hits());
    out.put("facets", r.facets());
    if (r.copies_hidden() != null) out.put("copies_hidden", r.copies_hidden());
    if (Boolean.TRUE.equals(r.relaxed())) out.put("relaxed", true); // no record holds every word: these hold all but one
    if (Boolean.TRUE.equals(r.fuzzy())) out.put("fuzzy", true); // nothing matched as written: these match near spellings
    if (r.ignored() != null) out.put("ignored", r.ignored()); // parts of q read but not supported (title:, OR): the page names them
    out.put("next_cursor", r.next_offset() == null ? null
        : java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((r.snapshot() + "." + r.next_offset() + "." + searchKey(ctx))
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    ctx.json(out);
  }

  /** Eight hex digits naming a search by all it asks but its page (cursor) and page size. */
  private static String searchKey(Context ctx) {
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(ctx.queryParamMap()).forEach((k, v) -> {
      if (k.equals("cursor") || k.equals("limit")) return;
      List<String> vals = new java.util.ArrayList<>(v);
      java.util.Collections.sort(vals);
      b.append(k).append('\u0001').append(String.join("\u0002", vals)).append('\u0003');
    });
    return org.aigov.observatory.kernel.Hashing.sha256Hex(b.toString()).substring(0, 8);
  }

  static Map<String, Object> vocab() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Vocab.Field> all = new ArrayList<>(Vocab.FACETED);
    out.put("instrument_type", Vocab.INSTRUMENT_TYPE.terms.values());
    out.put("actor_type", Vocab.ACTOR_TYPE.terms.values());
    out.put("relation_type", Vocab.RELATION_TYPE.terms.values());
    for (Vocab.Field f : all) out.put(f.name, f.terms.values());
    // AGORA's thematic tags: the codes are the tags in lower case, the English label is AGORA's own
    out.put("agora_tag", Importers.AGORA_TAGS.values());
    out.put("agora_collection", Importers.AGORA_COLLECTIONS.values()); // codes: the record's tags in lower case
    return out;
  }

  /** Records a filtered export holds at most: a search of the whole registry is the unfiltered export. */
  static final int MAX_FILTERED_EXPORT = 5_000;

  private void export(Context ctx) throws Exception {
    // the search's words and filters (q, jurisdiction=CN, …) export what the search finds; they had been ignored
    Map<String, List<String>> filters = searchFilters(ctx, List.of("format", "what", "q", "year_from", "year_to", "sort", "copies", "bom"));
    String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
    String what = ctx.queryParamAsClass("what", String.class).getOrDefault("all");
    if (!List.of("json", "csv", "graphml").contains(format)) throw ApiException.badRequest("format", "one of json, csv, graphml");
    String copies = ctx.queryParam("copies") == null ? "hide" : ctx.queryParam("copies");
    if (!copies.equals("hide") && !copies.equals("include"))
      throw ApiException.badRequest("copies", "hide (default) or include, got '" + copies + "'");
    boolean searched = !filters.isEmpty() || ctx.queryParam("q") != null || ctx.queryParam("year_from") != null || ctx.queryParam("year_to") != null;
    if (searched && format.equals("graphml")) throw ApiException.badRequest("format", "a search's records export as json or csv; graphml is the whole registry");
    List<Entry> selected = searched ? found(ctx, filters, what, copies.equals("include")) : null;
    StringWriter w = new StringWriter();
    switch (format) {
      case "json" -> {
        Exports.json(selected != null ? selected : select(what), w);
        ctx.contentType("application/json; charset=utf-8");
      }
      case "csv" -> {
        List<Entry> rows = selected != null ? selected : select(what);
        if (org.aigov.observatory.kernel.Http.csv(ctx, (selected != null ? "search-" : "") + what + ".csv")) w.write(org.aigov.observatory.kernel.Http.BOM);
        Exports.csv(rows, w);
      }
      case "graphml" -> {
        Exports.graphml(registry, what, w);
        ctx.contentType("application/graphml+xml; charset=utf-8");
      }
      default -> throw ApiException.badRequest("format", "one of json, csv, graphml");
    }
    ctx.result(w.toString());
  }

  /** The records a search finds, in its order (of kind {@code what} unless all), every page of it up to the cap. */
  private List<Entry> found(Context ctx, Map<String, List<String>> filters, String what, boolean copies) {
    String kind = kindOf(what);
    if (kind != null) {
      if (filters.containsKey("kind") && !filters.get("kind").contains(kind)) return List.of();
      filters.put("kind", List.of(kind));
    }
    List<Entry> out = new ArrayList<>();
    Long snapshot = null;
    for (int offset = 0; ; ) {
      SearchIndex.Result r = registry.search().search(new SearchIndex.Request(ctx.queryParam("q"), filters, year(ctx, "year_from"), year(ctx, "year_to"),
          ctx.queryParam("sort"), offset, 200, false, false, copies), snapshot);
      snapshot = r.snapshot();
      if (r.total() > MAX_FILTERED_EXPORT)
        throw ApiException.unprocessable("q", r.total() + " records match; a search's export holds at most " + MAX_FILTERED_EXPORT + ": narrow it, or export everything without a search");
      // a search that falls back (no record holds every word, or only near spellings) exports nothing: it is not a selection
      if (Boolean.TRUE.equals(r.relaxed()) || Boolean.TRUE.equals(r.fuzzy())) return List.of();
      for (SearchIndex.Hit h : r.hits()) registry.find(h.id()).ifPresent(out::add);
      if (r.next_offset() == null) return out;
      offset = r.next_offset();
    }
  }

  private List<Entry> select(String what) {
    return registry.listAll(kindOf(what));
  }

  /** The record kind an export's {@code what} names; null for all. */
  private static String kindOf(String what) {
    return switch (what) {
      case "all" -> null;
      case "instruments" -> "instrument";
      case "actors" -> "actor";
      case "relations" -> "relation";
      default -> throw ApiException.badRequest("what", "one of all, instruments, actors, relations");
    };
  }
}
