package org.aigov.observatory.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.ClientAddress;
import org.aigov.observatory.kernel.Daemons;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.PublicUrl;

/**
 * /api/incidents: reads are public. Anyone may report an incident (POST /reports); anonymous
 * reports are stored under source "public", limited per address, and wait for review. Topics and
 * subscriptions need a signed-in caller and are changed by their owner or an editor; merges, splits,
 * feeds, clustering and alert scans need an editor (admin or reviewer).
 */
public final class IncidentsRoutes implements HttpModule {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IncidentsRoutes.class);
  private final Db db;
  private final Classifier classifier;
  private final Path searchDir;
  private volatile IncidentSearch search;
  /** Anonymous reports a minute from one address: a person reporting an incident sends a few, a flood sends thousands. */
  volatile org.aigov.observatory.kernel.PerMinute anonymous;
  /** Reports a minute from one account other than an editor's (queued for review like anonymous ones, but accountable). */
  volatile org.aigov.observatory.kernel.PerMinute perSender;
  /** Past this many waiting for review, anonymous reports are paused until editors catch up (the queue must stay readable). */
  int maxPending = 10_000;
  /** Names of the countries in facets and charts (the registry's, wired by the web layer). */
  private volatile FacetLabels.Names names = FacetLabels.Names.NONE;

  public IncidentsRoutes(Db db) {
    this(db, null, null);
  }

  /** Where country codes get their names in both languages. */
  public IncidentsRoutes names(FacetLabels.Names names) {
    this.names = names;
    return this;
  }

  /** {@code searchDir}: where the full-text index lives (null: in memory, rebuilt at the first search of each start). */
  public IncidentsRoutes(Db db, Classifier classifier, Path searchDir) {
    this.db = db;
    this.classifier = classifier;
    this.searchDir = searchDir;
    // counted in the store, so servers sharing it share the limits
    this.anonymous = org.aigov.observatory.kernel.PerMinute.stored("incident_reports_anon", 60, db);
    this.perSender = org.aigov.observatory.kernel.PerMinute.stored("incident_reports_sender", 600, db);
    Ingest.ensureIndexes(db); // a bulk load killed before its end leaves the look-up indexes dropped
    Clusterer.ensureWriteIndexes(db); // and so does a clustering run killed while writing
  }

  /** Opened at the first text query, so a start-up or a test that never searches builds no index. */
  private IncidentSearch search() {
    IncidentSearch s = search;
    if (s == null) {
      synchronized (this) {
        // a second server on this data folder: its own index in memory (a 500 at every search before, outside QA)
        if (search == null) search = IncidentSearch.openOrInMemory(searchDir, why -> LOG.warn("{} for this server", why));
        s = search;
      }
    }
    return s;
  }

  /**
   * A server with a data folder brings its search index up to date in the background at start, so that the first
   * search after a large ingest does not wait for it (about 90 s per 10^6 new records); a search meanwhile waits only
   * for what is left.
   */
  private void warmUpSearch() {
    Daemons.start("incident-search-warm-up", () -> {
      try {
        org.aigov.observatory.kernel.HanScript.warm(); // the Chinese folding table, for the registry's searches too
        int n = search().catchUp(db);
        if (n > 0) LOG.info("incident search index: {} records indexed", n);
      } catch (RuntimeException e) {
        LOG.warn("incident search index not brought up to date at start ({}); the first search will do it", e.toString());
      }
    });
  }

  private static long recordField(JsonNode b, String field) {
    JsonNode v = b.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) throw ApiException.badRequest(field, "a record id (an integer) is required");
    return v.asLong();
  }

  private Classifier classifier() {
    return classifier != null ? classifier : Classifier.bundled();
  }

  static long id(String s, String field) {
    try {
      // one address per incident: Long.parseLong also took "+94", "094" and Arabic-Indic "٩٤"
      if (s == null || !CANONICAL_ID.matcher(s).matches()) throw new NumberFormatException();
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.notFound(field + " " + s);
    }
  }

  private static final java.util.regex.Pattern CANONICAL_ID = java.util.regex.Pattern.compile("[1-9][0-9]{0,18}");
  private static final List<String> LIST_PARAMS = List.of("q", "sort", "limit", "offset", "from", "to");
  private static final List<String> TREND_PARAMS = List.of("granularity", "from", "to", "split", "standardize", "trim_start", "alpha", "method");

  /** A route's parameters: its own, {@code more}, and every facet as a filter. */
  private static String[] params(List<String> own, String... more) {
    List<String> all = new java.util.ArrayList<>(own);
    all.addAll(List.of(more));
    all.addAll(Trends.FACETS);
    return all.toArray(String[]::new);
  }

  /** A topic's id from the path: ids are lower-case, so /topics/KELP is kelp, as the list's and the trends' topic filters read it. */
  private static String topicId(Context ctx) {
    return ctx.pathParam("id").toLowerCase(java.util.Locale.ROOT);
  }

  /** An Atom page's {@code before}: the alerts (or records) below this id; no parameter, the newest. */
  static long before(Context ctx, boolean records) {
    String b = ctx.queryParam("before");
    if (b == null) return Long.MAX_VALUE;
    if (!b.matches("[1-9][0-9]*")) throw ApiException.badRequest("before", records
        ? "expected a record id (a positive whole number without leading zeros), found '" + Topics.clip(b) + "'"
        : "expected an alert id (a positive whole number without leading zeros), found '" + Topics.clip(b) + "'");
    try {
      return Long.parseLong(b);
    } catch (NumberFormatException e) { // a whole number, just over 2^63 - 1
      throw ApiException.badRequest("before", "too large: at most " + Long.MAX_VALUE);
    }
  }

  static int intParam(Context ctx, String name, int def) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) return def;
    try {
      return org.aigov.observatory.kernel.Http.asciiInt(v.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, "expected an integer, got '" + v + "'");
    }
  }

  static int bounded(Context ctx, String name, int def, int min, int max) {
    int v = intParam(ctx, name, def);
    if (v < min || v > max) throw ApiException.badRequest(name, "expected " + min + " to " + max + ", got " + v);
    return v;
  }

  /** The chart's names: topics, and the countries, sectors and harm types its lines and filter name ({English, Chinese}). */
  private Map<String, Map<String, String[]>> chartLabels(Trends.Result r, Trends.Query q) {
    return FacetLabels.forText(db, q, r.series().stream().map(Trends.Series::key).toList(), names);
  }

  /** Spike options from the query: {@code alpha}, the tail probability below which a period is a spike. */
  static Spikes.Options spikeOptions(Context ctx) {
    Spikes.Options o = new Spikes.Options();
    String alpha = ctx.queryParam("alpha");
    if (alpha != null && !alpha.isBlank()) {
      try {
        o.alpha = org.aigov.observatory.kernel.Http.asciiDecimal(alpha.strip());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("alpha", "expected a probability, got '" + alpha + "'");
      }
      o.check();
    }
    String method = ctx.queryParam("method");
    if (method != null) o.method = Spikes.method(method);
    return o;
  }

  /** Spikes of the query's first series (the one the alerts watch); a standardized view tests the share unless told otherwise. */
  private List<Spikes.Spike> spikes(Context ctx, Trends.Query q, Trends.Result r, Map<String, Map<String, String[]>> labels) {
    Spikes.Options o = chartSpikeOptions(ctx, q);
    return Trends.spikesOverHistory(db, ctx.queryParamMap(), q, r, TrendChart.filterList(q, false, labels), TrendChart.filterList(q, true, labels), o, names);
  }

  /** The chart's test: the query's, else the alert scan's defaults; a standardized view tests the share unless told otherwise. */
  private static Spikes.Options chartSpikeOptions(Context ctx, Trends.Query q) {
    Spikes.Options o = spikeOptions(ctx);
    if (ctx.queryParam("method") == null && q.standardize) o.method = "share";
    return o;
  }

  static Principal requireToken(Context ctx) {
    Principal p = Auth.of(ctx);
    if (p == Principal.PUBLIC) throw ApiException.unauthorized("an API token is required: Authorization: Bearer <token>");
    return p;
  }

  private static Map<String, Object> publicFeed(Map<String, Object> feed) {
    feed.replaceAll((k, v) -> v instanceof String s ? UrlSecrets.redact(s) : v);
    return feed;
  }

  /** A feed's stored error (English, as the fetcher wrote it) in the request's language, as a problem's detail is. */
  static Map<String, Object> inLanguage(Context ctx, Map<String, Object> feed) {
    ctx.header("Vary", "Accept-Language");
    org.aigov.observatory.kernel.ProblemText.localize(feed, "last_error", ctx.header("Accept-Language"));
    return feed;
  }

  static JsonNode body(Context ctx) {
    // every JSON body is declared as one, as a report's had to be (outside QA, 2026-12-07: a merge took text/plain)
    org.aigov.observatory.kernel.Http.requireJsonType(ctx);
    String b = ctx.body();
    if (b == null || b.isBlank()) throw ApiException.badRequest("body", "a JSON object is required");
    JsonNode n = Json.read(b);
    if (!n.isObject()) throw ApiException.badRequest("body", "a JSON object is required");
    return n;
  }

  /** The body, read strictly: a field the route does not read is a 400 naming it (a misspelt "titel" had vanished). */
  static JsonNode body(Context ctx, java.util.Collection<String> known) {
    JsonNode n = body(ctx);
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) throw ApiException.badRequest(f, "unknown field; known fields are " + String.join(", ", new java.util.TreeSet<>(known)));
    }
    return n;
  }

  /** A string field; any other JSON type is a 400 naming it, not its text ("123", "true") or silently nothing. */
  static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw ApiException.badRequest(f, "expected a string, found " + Json.kind(v));
    return v.asText().isBlank() ? null : v.asText().strip();
  }

  /**
   * A topic's English or Chinese name from a body: {@code name_en}/{@code name_zh}, or the {@code name} object a GET
   * answers with ({@code {"en":…,"zh":…}}), so a topic read can be written back as it is.
   */
  static String topicName(JsonNode b, String lang) {
    JsonNode name = b.get("name");
    if (name == null || name.isNull()) return text(b, "name_" + lang);
    if (!name.isObject()) throw ApiException.badRequest("name", "expected an object {\"en\": …, \"zh\": …}, found " + Json.kind(name));
    if (b.has("name_en") || b.has("name_zh")) throw ApiException.badRequest("name", "give name or name_en and name_zh, not both");
    name.fieldNames().forEachRemaining(k -> {
      if (!k.equals("en") && !k.equals("zh")) throw ApiException.badRequest("name", "unknown language '" + Topics.clip(k) + "'; expected en and zh");
    });
    return text(name, lang);
  }

  static List<String> strings(JsonNode n, String f) {
    List<String> out = new ArrayList<>();
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) return out;
    if (!v.isArray()) throw ApiException.badRequest(f, "expected an array of strings");
    for (JsonNode x : v) {
      if (!x.isTextual()) throw ApiException.badRequest(f, "expected an array of strings, found " + x); // not dropped without a word
      if (!x.asText().isBlank()) out.add(x.asText().strip());
    }
    return out;
  }

  @Override
  public void routes(Javalin app) {
    if (searchDir != null) warmUpSearch();
    app.get("/api/incidents", ctx -> {
      // topc=military had answered every incident, the misspelt filter ignored
      org.aigov.observatory.kernel.Http.onlyParams(ctx, params(LIST_PARAMS));
      String q = ctx.queryParam("q");
      IncidentSearch s = q == null || q.isBlank() ? null : search(); // a plain listing opens no index
      ctx.json(IncidentQueries.list(db, s, ctx.queryParamMap(), intParam(ctx, "limit", 50), intParam(ctx, "offset", 0)));
    });
    app.get("/api/incidents/trends", this::trends);
    app.get("/api/incidents/trends/chart.svg", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx, params(TREND_PARAMS, "lang", "width", "height"));
      Trends.Query q = Trends.Query.parse(ctx.queryParamMap());
      Trends.Result r = Trends.query(db, q);
      // counting is cheap, drawing is not: the chart draws the largest MAX_SERIES lines, each point about 1 KB of SVG
      int lines = Math.max(1, Math.min(r.series().size(), TrendChart.MAX_SERIES));
      if ((long) r.periods().size() * lines > Trends.MAX_CHART_CELLS)
        throw ApiException.badRequest(q.split != null ? "split" : "granularity", r.periods().size() + " periods × " + lines + " lines is more than "
            + Trends.MAX_CHART_CELLS + " points for a chart; narrow it with from and to, a filter, or a coarser granularity (the CSV holds them all)");
      String lang = ctx.queryParam("lang");
      if (lang != null && !lang.equals("en") && !lang.equals("zh")) throw ApiException.badRequest("lang", "expected en or zh");
      int w = bounded(ctx, "width", 900, 300, 2400), h = bounded(ctx, "height", 420, 200, 1600);
      // spikes are marked on one series only: with several lines they would seem to belong to all of them
      Map<String, Map<String, String[]>> labels = chartLabels(r, q);
      List<Spikes.Spike> marks = q.split == null ? spikes(ctx, q, r, labels) : List.of();
      ctx.contentType("image/svg+xml; charset=utf-8").result(TrendChart.svg(r, marks, q, "zh".equals(lang), w, h, labels, chartSpikeOptions(ctx, q)));
    });
    app.get("/api/incidents/facets", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(Trends.facets(db));
    });
    app.get("/api/incidents/facets/labels", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(FacetLabels.of(Trends.facets(db), names));
    });
    app.get("/api/incidents/alerts", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "series", "id", "order", "limit");
      String series = ctx.queryParam("series");
      String id = ctx.queryParam("id");
      if (id != null) {
        // a malformed parameter is the asker's mistake (400 naming it); a well-formed id of no alert is 404
        if (!CANONICAL_ID.matcher(id).matches()) throw ApiException.badRequest("id", "expected an alert id (a positive whole number without leading zeros), found '" + Topics.clip(id) + "'");
        // one alert, not a list: a series beside it that it is not in had been ignored and the alert returned (outside QA)
        for (String other : new String[] {"series", "order", "limit"})
          if (ctx.queryParam(other) != null) throw ApiException.badRequest(other, "not with id: id names one alert; series, order and limit choose a list");
        Map<String, Object> a = Alerts.alert(db, id(id, "alert"));
        if (a == null) throw ApiException.notFound("alert " + id);
        ctx.json(a);
        return;
      }
      String order = ctx.queryParam("order"); // "detected" (the newest found first, as ever) or "period" (the newest period first)
      if (order != null && !order.equals("detected") && !order.equals("period")) throw ApiException.badRequest("order", "expected detected or period");
      ctx.json(Map.of("items", Alerts.withTopicNames(db, Alerts.list(db, series == null ? null : Alerts.readableSeries(db, series),
          bounded(ctx, "limit", 100, 1, 1000), "period".equals(order)))));
    });
    app.post("/api/incidents/alerts/scan", ctx -> {
      Auth.requireRegistryWriter(ctx);
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "alpha", "method", "window");
      Spikes.Options o = spikeOptions(ctx);
      o.window = bounded(ctx, "window", o.window, 2, 1000); // the scan costs periods × window
      o.check(); // and a window shorter than a test's history raises nothing
      ctx.json(Map.of("created", Alerts.scan(db, o, names)));
    });
    app.get("/api/incidents/feed.atom", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "series", "before");
      String series = ctx.queryParam("series");
      String key = series == null ? null : Alerts.readableSeries(db, series); // a deleted topic's alerts stay readable
      ctx.contentType("application/atom+xml; charset=utf-8").result(Alerts.atom(db, key, key == null ? "all" : key, PublicUrl.of(ctx), "Incident alerts / 事件预警"
          + (key == null ? "" : " — " + Alerts.seriesName(db, key, names, false) + " / " + Alerts.seriesName(db, key, names, true)), names, before(ctx, false)));
    });
    app.get("/api/incidents/export.csv", ctx -> { // every published source record, streamed (the shipped data: ~290 bytes a record)
      // every record, always: a filter here (topic=military) had answered the whole store as if filtered
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "bom");
      boolean bom = org.aigov.observatory.kernel.Http.csv(ctx, "incident-records.csv");
      java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(ctx.outputStream(), java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
      try {
        if (bom) w.write(org.aigov.observatory.kernel.Http.BOM);
        IncidentExport.writeCsv(db, w, true); // closing the printer flushes and closes the response
      } catch (java.io.UncheckedIOException e) { // the download was cancelled: the client's doing, not a server error
        LOG.info("export.csv: the client closed the connection ({})", e.getCause() == null ? e : e.getCause().toString());
      }
    });
    app.get("/api/incidents/records.atom", ctx -> { // other monitors poll this; ETag so an unchanged feed costs them no body
      // a peer that misspells a filter must hear so, not receive every record
      org.aigov.observatory.kernel.Http.onlyParams(ctx, params(List.of("limit", "from", "to", "record_source", "before")));
      String xml = SharedFeed.atom(db, ctx.queryParamMap(), intParam(ctx, "limit", 50), PublicUrl.of(ctx), before(ctx, true));
      String etag = "\"" + org.aigov.observatory.kernel.Hashing.sha256Hex(xml).substring(0, 32) + "\"";
      ctx.header("ETag", etag);
      ctx.contentType("application/atom+xml; charset=utf-8");
      // a list, a weak tag or "*" match too (RFC 9110): only the exact tag had answered 304 (outside QA, 2026-12-07)
      if (org.aigov.observatory.kernel.Http.noneMatch(ctx.header("If-None-Match"), etag)) ctx.status(304);
      else ctx.result(xml);
    });
    app.post("/api/incidents/reports", ctx -> {
      // anyone may post here, so a page elsewhere must not post as its visitor: text/plain came from an HTML form
      org.aigov.observatory.kernel.Http.requireJsonType(ctx);
      JsonNode b = body(ctx, Ingest.JsonlSource.FIELDS);
      Principal p = Auth.of(ctx);
      Rec check;
      try {
        check = Ingest.JsonlSource.fromJson(b, "api");
      } catch (Ingest.BadField e) {
        throw ApiException.badRequest(e.field, e.detail);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(null, e.getMessage());
      }
      com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) b;
      String ignored = null; // fields a sender without an editor's rights gave, replaced by the route: said, not silently dropped
      // A known (source, source_id) updates the stored record, so only an editor names both freely. Anyone else writes
      // under their own name: the public as "public" with no id of its choosing (a repeat is a duplicate, never an
      // edit of someone's report, accepted or not), a token holder as "api" with ids kept apart per principal.
      if (p == Principal.PUBLIC) {
        long wait = anonymous.retryAfter(ClientAddress.of(ctx));
        if (wait > 0) {
          ctx.header("Retry-After", Long.toString(wait));
          throw new ApiException(429, "Too Many Requests", null, "more than " + anonymous.limit() + " anonymous reports a minute from this address; slow down, or report with an API token");
        }
        long waiting = PublicReports.pendingCount(db);
        if (waiting >= maxPending) {
          ctx.header("Retry-After", "3600");
          throw new ApiException(503, "Service Unavailable", null, waiting + " anonymous reports are waiting for review; new ones are paused until editors catch up");
        }
        List<String> given = java.util.stream.Stream.of("source", "source_id", "id").filter(o::has).toList();
        if (!given.isEmpty()) ignored = String.join(", ", given) + ": not taken from an anonymous report; it is stored as source 'public' with an id of its own";
        o.put("source", "public");
        o.remove("source_id");
        o.remove("id");
      } else if (!p.canWriteRegistry()) {
        Auth.requireOwnWriter(ctx); // a read-only token reports nothing
        long wait = perSender.retryAfter(p.id());
        if (wait > 0) {
          ctx.header("Retry-After", Long.toString(wait));
          throw new ApiException(429, "Too Many Requests", null, "more than " + perSender.limit() + " reports a minute from this account; slow down");
        }
        if (o.has("source") && !"api".equals(o.path("source").asText()))
          ignored = "source: not taken from a report sent with this token; it is stored as source 'api', its id prefixed with the account's";
        o.put("source", "api");
        if (check.sourceId != null) o.put("source_id", p.id() + ":" + check.sourceId);
        o.remove("id");
      }
      Map<String, Object> r;
      try {
        // only an editor's report counts at once: anyone else's, with a token or without, waits for review
        r = Ingest.postOne(db, classifier(), o, p.canWriteRegistry() || p == Principal.PUBLIC ? null : p.id());
      } catch (IngestLock.Busy e) {
        ctx.header("Retry-After", "30");
        throw new ApiException(503, "Service Unavailable", null, e.getMessage());
      } catch (Ingest.BadField e) {
        throw ApiException.badRequest(e.field, e.detail);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(null, e.getMessage());
      }
      if (ignored != null) r.put("note", ignored);
      ctx.status("inserted".equals(r.get("outcome")) ? 201 : 200).json(r);
    });
    app.get("/api/incidents/reports/pending", ctx -> {
      Auth.requireEditor(ctx); // a read: an editor's read-only token may
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "limit");
      ctx.json(PublicReports.pending(db, intParam(ctx, "limit", 50)));
    });
    app.post("/api/incidents/reports/{id}/review", ctx -> {
      Principal p = Auth.requireRegistryWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("decision", "note"));
      ctx.json(PublicReports.review(db, id(ctx.pathParam("id"), "anonymous report"), text(b, "decision"), text(b, "note"), p.id()));
    });
    app.get("/api/incidents/topics", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(Map.of("items", db.read(Topics::list)));
    });
    app.post("/api/incidents/topics", ctx -> {
      Principal p = Auth.requireOwnWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("id", "name", "name_en", "name_zh", "terms_en", "terms_zh"));
      Topics.Topic t = db.tx(c -> Topics.create(c, text(b, "id"), topicName(b, "en"), topicName(b, "zh"), strings(b, "terms_en"), strings(b, "terms_zh"), p));
      Map<String, Object> m = t.json();
      m.put("notes", Topics.notes(t));
      ctx.status(201).json(m);
    });
    // these routes take no parameters, and one given is refused like everywhere else: a client paging one with offset=
    // got the same page back for ever (QA of 2026-12-07)
    app.get("/api/incidents/topics/{id}", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(db.read(c -> Topics.get(c, topicId(ctx))));
    });
    app.get("/api/incidents/topics/{id}/history", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(Map.of("items", db.read(c -> Topics.history(c, topicId(ctx)))));
    });
    app.put("/api/incidents/topics/{id}", ctx -> {
      Principal p = Auth.requireOwnWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("name", "name_en", "name_zh", "terms_en", "terms_zh"));
      Topics.Topic t = db.tx(c -> Topics.update(c, topicId(ctx), topicName(b, "en"), topicName(b, "zh"), strings(b, "terms_en"), strings(b, "terms_zh"), p));
      Map<String, Object> m = t.json();
      m.put("notes", Topics.notes(t));
      ctx.json(m);
    });
    app.delete("/api/incidents/topics/{id}", ctx -> {
      Principal p = Auth.requireOwnWriter(ctx);
      db.tx(c -> {
        Topics.delete(c, topicId(ctx), p);
        return null;
      });
      ctx.status(204);
    });
    app.get("/api/incidents/subscriptions", ctx -> {
      var who = requireToken(ctx); // signed in first: a stranger learns nothing of the route from its parameters
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(Map.of("items", Alerts.subscriptions(db, who)));
    });
    app.post("/api/incidents/subscriptions", ctx -> {
      Principal p = Auth.requireOwnWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("name", "series", "webhook_url"));
      // "" is no way to ask for the Atom feed alone (leave the field out): a form's empty box would drop the webhook silently
      if (b.get("webhook_url") != null && b.get("webhook_url").isTextual() && b.get("webhook_url").asText().isBlank())
        throw ApiException.badRequest("webhook_url", "empty: give an http(s) URL, or leave the field out for the Atom feed alone");
      Map<String, Object> made = new java.util.LinkedHashMap<>(Alerts.subscribe(db, text(b, "name"), text(b, "series"), text(b, "webhook_url"), p));
      // absolute, as a feed reader is given it, even with no public address configured
      made.put("feed", PublicUrl.link("/api/incidents/subscriptions/" + made.get("id") + "/feed.atom", PublicUrl.of(ctx)));
      ctx.status(201).json(made);
    });
    // a subscription is managed by whoever made it, or an editor: another subscriber may not silence it or read its log
    app.delete("/api/incidents/subscriptions/{id}", ctx -> {
      long id = id(ctx.pathParam("id"), "subscription");
      Alerts.mayManage(db, id, Auth.requireOwnWriter(ctx));
      Alerts.deactivate(db, id);
      ctx.status(204);
    });
    app.get("/api/incidents/subscriptions/{id}/deliveries", ctx -> {
      var who = requireToken(ctx); // signed in first, as the subscription list
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "limit"); // an offset had been ignored without a word
      long id = id(ctx.pathParam("id"), "subscription");
      Alerts.mayManage(db, id, who);
      ctx.json(Map.of("items", Alerts.deliveryLog(db, id, bounded(ctx, "limit", 200, 1, 1000))));
    });
    app.post("/api/incidents/deliveries/{id}/retry", ctx -> {
      Principal p = Auth.requireOwnWriter(ctx); // the token first: an anonymous caller may not learn which ids exist
      long id = id(ctx.pathParam("id"), "delivery");
      try {
        Alerts.mayManage(db, Alerts.subscriptionOf(db, id), p);
      } catch (ApiException e) { // another's delivery answers as one that does not exist: its id and subscription stay unsaid
        throw ApiException.notFound("delivery " + id);
      }
      Alerts.retry(db, id);
      ctx.status(202).json(Map.of("status", "pending"));
    });
    app.post("/api/incidents/deliveries/run", ctx -> {
      Auth.requireRegistryWriter(ctx);
      ctx.json(Alerts.deliver(db, new Alerts.DeliveryOptions()));
    });
    app.get("/api/incidents/subscriptions/{id}/feed.atom", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "before");
      long id = id(ctx.pathParam("id"), "subscription");
      // one row, not every subscription with its delivery counts; a subscription to all alerts has no series key
      Map<String, Object> sub = db.read(c -> org.aigov.observatory.kernel.Sql.one(c, "SELECT series_key FROM incident_subscriptions WHERE id = ?", id));
      if (sub == null) throw ApiException.notFound("subscription " + id);
      String key = (String) sub.get("series_key");
      ctx.contentType("application/atom+xml; charset=utf-8").result(Alerts.atom(db, key, "subscription:" + id, PublicUrl.of(ctx),
          "Incident alerts / 事件预警 — subscription / 订阅 " + id, names, before(ctx, false)));
    });
    app.get("/api/incidents/monitor", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      Map<String, Object> st = Monitor.status(db);
      // the holder names a host and a pid: editors may see it, the public only that another process holds the lease
      if (!Auth.of(ctx).canWriteRegistry() && st.get("waiting_for_lease") instanceof Map<?, ?> w) {
        Map<String, Object> pub = new java.util.LinkedHashMap<>();
        pub.put("until", w.get("until"));
        st.put("waiting_for_lease", pub);
      }
      ctx.json(st);
    });
    app.get("/api/incidents/feeds", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      boolean editor = Auth.of(ctx).canWriteRegistry();
      // a paid feed's key in its URL (and in its errors, its next page, a name left as the URL) is the operator's, not the public's
      ctx.json(Map.of("items", Feeds.list(db).stream().map(f -> inLanguage(ctx, f)).map(f -> editor ? f : publicFeed(f)).toList()));
    });
    app.post("/api/incidents/feeds", ctx -> {
      Principal p = Auth.requireRegistryWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("url", "name", "interval_seconds"));
      JsonNode every = b.get("interval_seconds");
      if (every != null && !every.isNull() && !(every.isIntegralNumber() && every.canConvertToInt())) throw ApiException.badRequest("interval_seconds", "expected an integer number of seconds");
      Map<String, Object> f = Feeds.add(db, text(b, "url"), text(b, "name"), every == null || every.isNull() ? null : every.asInt(), p.id());
      ctx.status("added".equals(f.get("outcome")) ? 201 : 200).json(inLanguage(ctx, f));
    });
    app.get("/api/incidents/feeds/{id}/items", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "limit"); // the newest items; offset and page had been ignored without a word
      ctx.json(Feeds.items(db, id(ctx.pathParam("id"), "feed"), intParam(ctx, "limit", 20)));
    });
    app.delete("/api/incidents/feeds/{id}", ctx -> {
      Auth.requireRegistryWriter(ctx);
      Feeds.deactivate(db, id(ctx.pathParam("id"), "feed"));
      ctx.status(204);
    });
    app.post("/api/incidents/feeds/{id}/poll", ctx -> {
      Auth.requireRegistryWriter(ctx);
      long id = id(ctx.pathParam("id"), "feed");
      Feeds.pollSoon(db, id);
      ctx.status(202).json(inLanguage(ctx, Feeds.get(db, id)));
    });
    app.post("/api/incidents/cluster", ctx -> {
      Auth.requireRegistryWriter(ctx);
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      ctx.json(Map.of("records", st.records, "incidents", st.incidents, "summary", st.toString()));
    });
    app.get("/api/incidents/decisions", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "limit", "offset");
      ctx.json(Map.of("items", Decisions.list(db, bounded(ctx, "limit", 100, 1, 1000), bounded(ctx, "offset", 0, 0, Integer.MAX_VALUE))));
    });
    app.get("/api/incidents/suggestions", ctx -> {
      Auth.requireEditor(ctx); // an editor's work list: the linkage's doubts, not the published record
      org.aigov.observatory.kernel.Http.onlyParams(ctx, "incident", "limit", "reason");
      String inc = ctx.queryParam("incident");
      Long incident = null;
      if (inc != null && !inc.isBlank()) {
        // one spelling per incident, as its address: Long.parseLong also took "+94", "-1" and Arabic-Indic or full-width digits
        if (!CANONICAL_ID.matcher(inc.strip()).matches())
          throw ApiException.badRequest("incident", "expected an incident id (a number), got '" + inc + "'");
        incident = Long.parseLong(inc.strip());
      }
      ctx.json(Map.of("items", MergeSuggestions.list(db, bounded(ctx, "limit", 50, 1, 1000), MergeSuggestions.reason(ctx.queryParam("reason"), ""), incident)));
    });
    app.post("/api/incidents/suggestions/keep-apart", ctx -> {
      Principal p = Auth.requireRegistryWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("record_a", "record_b", "note"));
      ctx.json(Decisions.keepApart(db, recordField(b, "record_a"), recordField(b, "record_b"), p.id(), text(b, "note")));
    });
    app.get("/api/incidents/{id}", ctx -> {
      // POST-only paths one segment deep would otherwise read as "incident reports not found"
      if (Set.of("reports", "cluster").contains(ctx.pathParam("id"))) {
        ctx.header("Allow", "POST"); // the server's 405 handler says the same; this module alone (its tests) says it here
        throw new ApiException(405, "Method Not Allowed", null, ctx.method() + " not allowed on " + ctx.path());
      }
      org.aigov.observatory.kernel.Http.onlyParams(ctx);
      ctx.json(IncidentQueries.get(db, id(ctx.pathParam("id"), "incident")));
    });
    app.get("/api/incidents/{id}/records", ctx -> {
      org.aigov.observatory.kernel.Http.onlyParams(ctx); // every record of the incident, always: a limit had been ignored
      long id = id(ctx.pathParam("id"), "incident");
      IncidentQueries.get(db, id); // 404 when unknown
      ctx.json(Map.of("incident_id", id, "items", IncidentQueries.records(db, id)));
    });
    app.post("/api/incidents/{id}/merge", ctx -> {
      Principal p = Auth.requireRegistryWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("with", "note"));
      JsonNode with = b.get("with");
      // an integer only: 439.9 must not quietly merge incident 439
      if (with == null || !with.isIntegralNumber() || !with.canConvertToLong()) throw ApiException.badRequest("with", "the id (an integer) of the incident to merge in is required");
      ctx.json(Decisions.merge(db, id(ctx.pathParam("id"), "incident"), with.asLong(), p.id(), text(b, "note")));
    });
    app.post("/api/incidents/{id}/split", ctx -> {
      Principal p = Auth.requireRegistryWriter(ctx);
      JsonNode b = body(ctx, java.util.List.of("records", "note"));
      List<Long> recs = new ArrayList<>();
      JsonNode r = b.get("records");
      if (r == null || !r.isArray()) throw ApiException.badRequest("records", "an array of record ids is required");
      for (JsonNode x : r) {
        if (!x.isIntegralNumber() || !x.canConvertToLong()) throw ApiException.badRequest("records", "record ids are integers");
        recs.add(x.asLong());
      }
      ctx.json(Decisions.split(db, id(ctx.pathParam("id"), "incident"), recs, p.id(), text(b, "note")));
    });
  }

  private void trends(Context ctx) {
    org.aigov.observatory.kernel.Http.onlyParams(ctx, params(TREND_PARAMS, "format", "bom", "spikes"));
    Trends.Query q = Trends.Query.parse(ctx.queryParamMap());
    spikeOptions(ctx); // alpha and method checked whether or not spikes are asked for: a typo is not silently ignored
    String format = ctx.queryParam("format");
    boolean spikes = org.aigov.observatory.kernel.Http.flag("spikes", ctx.queryParam("spikes"));
    if (spikes && "csv".equals(format)) throw ApiException.badRequest("spikes", "spikes come with format=json; the CSV holds the series only");
    Trends.Result r = Trends.query(db, q);
    if (format == null || format.equals("json")) {
      Map<String, Object> m = r.json();
      m.put("query", q.seriesKey());
      m.put("cut_periods", Trends.cutPeriods(q, r)); // counted only in part: from or to falls inside them
      if (spikes) {
        m.put("spikes", spikes(ctx, q, r, chartLabels(r, q)));
        if (q.split != null && !r.series().isEmpty()) m.put("spikes_series", r.series().get(0).key()); // the one tested
      }
      ctx.json(m);
    } else if (format.equals("csv")) {
      Map<String, Map<String, String[]>> labels = chartLabels(r, q);
      // what the JSON and the page say beside the series, said for a file read alone too: by month an incident known
      // only by its year (an AIAAIC entry) is in no period, and an undated one in none at any granularity
      ctx.header("X-Year-Precision-Not-Counted", Long.toString(r.yearOnly()));
      ctx.header("X-Month-Precision-Not-Counted", Long.toString(r.monthOnly()));
      ctx.header("X-Undated-Not-Counted", Long.toString(r.undated()));
      org.aigov.observatory.kernel.Http.csv(ctx, null, r.csv((x, zh) -> TrendChart.seriesLabel(q, x, zh, labels)));
    } else {
      throw ApiException.badRequest("format", "expected csv or json");
    }
  }
}
