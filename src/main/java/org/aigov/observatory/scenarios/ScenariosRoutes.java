package org.aigov.observatory.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Auth;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Text;

/** HTTP API under /api/scenarios. Reads and runs are public; storing a model needs a registry writer. */
public final class ScenariosRoutes implements org.aigov.observatory.kernel.HttpModule {
  static final int MAX_RUNS = Checks.API.maxRuns();
  private final ScenarioStore store;
  /** Runs and charts are public and CPU-bound: as many at once as there are cores; others wait a little, then get 503. */
  static final java.util.concurrent.Semaphore RUNNING = new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
  static long waitMs = 10_000; // tests shorten it

  static io.javalin.http.Handler limited(io.javalin.http.Handler h) {
    return ctx -> {
      if (!RUNNING.tryAcquire(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        ctx.header("Retry-After", "10");
        throw new ApiException(503, "Service Unavailable", "runs", "every core is running a simulation; retry in a few seconds");
      }
      try {
        h.handle(ctx);
      } finally {
        RUNNING.release();
      }
    };
  }

  public ScenariosRoutes(Db db) {
    this(new ScenarioStore(db));
  }

  public ScenariosRoutes(ScenarioStore store) {
    this.store = store;
  }

  @Override
  public void routes(Javalin app) {
    app.get("/api/scenarios/models", ctx -> ctx.json(store.list().stream().map(ScenariosRoutes::listed).toList()));
    app.get("/api/scenarios/models/{id}", ctx -> {
      String id = ctx.pathParam("id");
      if ("xmile".equals(ctx.queryParam("format"))) {
        ctx.contentType("application/xml; charset=utf-8").result(store.xmile(id));
        return;
      }
      ctx.json(describe(id));
    });
    app.put("/api/scenarios/models/{id}", ctx -> {
      var p = Auth.requireRegistryWriter(ctx);
      ctx.status(201).json(store.put(ctx.pathParam("id"), ctx.body(), "uploaded", p.id()));
    });
    app.post("/api/scenarios/run", limited(ctx -> {
      JsonNode b = body(ctx, RUN);
      CompiledModel cm = model(b);
      checkOverrides(b);
      Result r = run(cm, b);
      if ("csv".equals(ctx.queryParam("format"))) { csv(ctx, r); return; }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("names", r.names());
      out.put("times", r.times());
      out.put("data", r.data());
      List<String> w = new ArrayList<>(cm.warnings);
      w.addAll(r.numericWarnings());
      out.put("warnings", w);
      ctx.json(out);
    }));
    app.get("/api/scenarios/models/{id}/run.csv", limited(ctx -> {
      // a misspelt parameter (scenarios= here, scenario= on the chart) was answered with the baseline, as if asked
      org.aigov.observatory.kernel.Http.onlyParams(ctx, List.of("set"), "scenario", "set", "bom");
      CompiledModel cm = store.compiled(ctx.pathParam("id"));
      checkSize(cm, 1);
      csv(ctx, cm.run(overridesFromQuery(cm, ctx)));
    }));
    app.get("/api/scenarios/models/{id}/chart.{fmt}", limited(ctx -> {
      String fmt = ctx.pathParam("fmt");
      if (!fmt.equals("png") && !fmt.equals("svg")) throw ApiException.badRequest("format", "chart format must be png or svg");
      org.aigov.observatory.kernel.Http.onlyParams(ctx, List.of("set"), "vars", "scenarios", "scenario", "set", "width", "height", "lang");
      String lang = ctx.queryParam("lang") == null ? "en" : ctx.queryParam("lang");
      if (!lang.equals("en") && !lang.equals("zh")) throw ApiException.badRequest("lang", "expected en or zh");
      // a PNG is drawn with the server's fonts; without a Chinese one every character would be a box
      if (lang.equals("zh") && fmt.equals("png") && new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12).canDisplayUpTo("中文") >= 0)
        throw ApiException.unprocessable("lang", "this server has no Chinese font to draw a PNG with; ask for chart.svg");
      CompiledModel cm = store.compiled(ctx.pathParam("id"));
      checkSize(cm, Math.max(1, cm.source().scenarios.size()));
      // the names are checked before anything runs, and a wrong one is the field vars (it was the name itself, after the runs)
      String vars = ctx.queryParam("vars");
      List<String> vs = vars == null || vars.isBlank() ? List.of(cm.outputNames()[0]) : Checks.variables(List.of(vars.split(",")));
      for (String v : vs) {
        try {
          cm.slotsOf(v);
        } catch (ModelException e) {
          throw new ModelException("vars", e.getMessage());
        }
      }
      String scen = ctx.queryParam("scenarios");
      List<String> names = scen == null || scen.isBlank() ? List.of() : List.of(scen.split(","));
      // one scenario (scenario=, with or without set=) is one run; none of them, every stored scenario
      Map<String, Result> runs = names.isEmpty() && ctx.queryParams("set").isEmpty() && ctx.queryParam("scenario") == null
          ? Experiments.compareScenarios(cm, List.of())
          : names.isEmpty() ? Map.of("run", cm.run(overridesFromQuery(cm, ctx))) : Experiments.compareScenarios(cm, names, "scenarios");
      var chart = Charts.timeSeries(chartTitle(ctx.pathParam("id"), lang), runs, vs, "vars", chartLabels(ctx.pathParam("id"), cm, lang));
      int w = intParam(ctx, "width", 900, 200, 2400), h = intParam(ctx, "height", 500, 150, 1600); // 4000² was 64 MB a request
      if (fmt.equals("png")) ctx.contentType("image/png").result(Charts.png(chart, w, h));
      else ctx.contentType("image/svg+xml; charset=utf-8").result(Charts.svg(chart, w, h));
    }));
    app.post("/api/scenarios/compare", limited(ctx -> {
      JsonNode b = body(ctx, COMPARE);
      CompiledModel cm = model(b);
      List<String> names = strings(b.get("scenarios"));
      List<String> vars = Checks.variables(strings(b.get("variables")));
      outputs(cm, vars, "variables");
      checkSize(cm, Math.max(1, cm.source().scenarios.size()));
      Map<String, Result> runs = Experiments.compareScenarios(cm, names, "scenarios");
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Result> e : runs.entrySet()) {
        Map<String, Object> finals = new LinkedHashMap<>();
        Result r = e.getValue();
        for (String v : vars.isEmpty() ? List.of(r.names()) : vars) finals.put(v, r.last(v));
        out.put(e.getKey(), finals);
      }
      ctx.json(Map.of("final", out));
    }));
    app.post("/api/scenarios/sweep", limited(ctx -> {
      JsonNode b = body(ctx, SWEEP);
      CompiledModel cm = model(b);
      String param = text(b, "parameter");
      named("parameter", () -> cm.slotsOf(param));
      checkOverrides(b);
      int steps = whole(b, "steps", 11, 1, MAX_RUNS);
      if (!b.hasNonNull("from") || !b.hasNonNull("to")) throw ApiException.badRequest(b.hasNonNull("from") ? "to" : "from", "sweep needs numeric 'from' and 'to'");
      checkRange(b, param, b.get("from").asDouble(), "from");
      checkRange(b, param, b.get("to").asDouble(), "to");
      Double stop = stop(cm, b);
      checkSize(cm, stop, steps);
      List<String> outs = Checks.variables(strings(b.get("outputs")));
      if (outs.isEmpty()) throw ApiException.badRequest("outputs", "name at least one output variable");
      outputs(cm, outs, "outputs");
      var rows = Experiments.sweep(cm, scenarioOverrides(cm, b), param, Experiments.linspace(b.get("from").asDouble(), b.get("to").asDouble(), steps), outs,
          stop, org.aigov.observatory.kernel.Progress.silent());
      ctx.json(Map.of("parameter", param, "rows", rows));
    }));
    app.post("/api/scenarios/sensitivity", limited(ctx -> {
      JsonNode b = body(ctx, SENSITIVITY);
      CompiledModel cm = model(b);
      String target = text(b, "target");
      named("target", () -> cm.slotsOf(target));
      List<String> params = Checks.parameters(cm, strings(b.get("parameters")), "parameters");
      checkOverrides(b);
      double delta = Checks.delta("delta", b.path("delta").asDouble(0.1), b.get("delta"));
      String method = b.path("method").asText("oat");
      Map<String, Double> base = scenarioOverrides(cm, b);
      Double stop = stop(cm, b);
      String bundled = bundledOf(b);
      List<String> warnings = new ArrayList<>();
      if (method.equals("oat")) {
        checkSize(cm, stop, 2L * params.size() + 1);
        Map<String, Double> bv = Experiments.baseValues(cm, base, params);
        List<String> kept = Checks.inRange(bundled, params, bv, delta, "delta", warnings);
        var rank = Experiments.oneAtATime(cm, base, kept, delta, target, stop, bv);
        String undefined = Experiments.undefinedScores(target, rank, "outLow and outHigh");
        if (undefined != null) warnings.add(undefined);
        ctx.json(Map.of("method", "oat", "target", target, "ranking", rank, "warnings", warnings));
      } else if (method.equals("lhs")) {
        int n = whole(b, "samples", 100, 4, MAX_RUNS);
        checkSize(cm, stop, n);
        Map<String, Double> bv = Experiments.baseValues(cm, base, params);
        List<String> kept = Checks.inRange(bundled, params, bv, delta, "delta", warnings);
        List<Experiments.Range> ranges = kept.stream().map(p -> new Experiments.Range(p, Experiments.perturb(bv.get(p), -delta), Experiments.perturb(bv.get(p), delta))).toList();
        var lhs = Experiments.latinHypercube(cm, base, ranges, n, seed(b), target, 2, stop, org.aigov.observatory.kernel.Progress.silent());
        // a sample has no single base or low/high output: those fields are left out, not NaN
        List<Map<String, Object>> ranking = new ArrayList<>();
        for (var i : lhs.ranking()) { // score may be null (undefined), which Map.of refuses
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("param", i.param()); r.put("low", i.low()); r.put("high", i.high()); r.put("score", i.score());
          ranking.add(r);
        }
        String undefined = Experiments.undefinedCorrelations(target, lhs.ranking());
        if (undefined != null) warnings.add(undefined);
        ctx.json(Map.of("method", "lhs", "target", target, "samples", n, "ranking", ranking, "warnings", warnings));
      } else throw ApiException.badRequest("method", "method must be oat or lhs");
    }));
  }

  /** The model's name, or in Chinese its title as the page shows it (a stored model has its own name only). */
  private String chartTitle(String id, String lang) {
    ScenarioStore.Summary s = store.get(id);
    return lang.equals("zh") && bundled(s) ? ModelLabels.text(ModelLabels.of(id).get("title"), s.name()).get("zh") : s.name();
  }

  /**
   * In English the model's own names (a scenario by its key, which the scenarios parameter takes); in Chinese the names
   * the page shows, from the bundled labels and the scenarios' "中文 / English" labels.
   */
  private Charts.Labels chartLabels(String id, CompiledModel cm, String lang) {
    if (lang.equals("en")) return Charts.Labels.ENGLISH;
    boolean bundled = bundled(store.get(id));
    return new Charts.Labels(k -> {
      XmileModel.Scenario sc = cm.source().scenario(k);
      return sc == null ? k : ModelLabels.splitLabel(sc.label, sc.name).get("zh");
    }, v -> bundled ? ModelLabels.variable(id, v).path("zh").asText(v) : v, "时间");
  }

  private Map<String, Object> describe(String id) {
    ScenarioStore.Summary s = store.get(id);
    CompiledModel cm = store.compiled(id);
    XmileModel m = cm.source();
    JsonNode labels = bundled(s) ? ModelLabels.of(id) : Json.object();
    List<Map<String, Object>> vars = new ArrayList<>();
    for (XmileModel.Var v : m.vars) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", v.name);
      d.put("kind", v.kind);
      d.put("units", v.units);
      d.put("equation", v.eqn);
      d.put("doc", v.doc);
      JsonNode l = labels.path("variables").path(v.name);
      d.put("title", Text.enZh(v.name, l.path("zh").asText(v.name)));
      // doc stays the XMILE's own text; its translation lives in the labels and is left out when there is none
      if (!l.path("doc_zh").asText().isBlank()) d.put("doc_zh", l.get("doc_zh").asText());
      // a parameter is a constant (or a stock's constant initial value) a run may override
      Double value = constant(v);
      d.put("parameter", value != null && v.dims.isEmpty());
      if (value != null) d.put("value", value);
      if (l.has("min")) d.put("min", l.get("min").asDouble());
      if (l.has("max")) d.put("max", l.get("max").asDouble());
      vars.add(d);
    }
    List<Map<String, Object>> scen = new ArrayList<>();
    for (XmileModel.Scenario sc : m.scenarios) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", sc.name);
      d.put("label", sc.label);
      d.put("doc", sc.doc);
      d.put("overrides", sc.overrides);
      d.put("title", ModelLabels.splitLabel(sc.label, sc.name));
      d.put("description", Text.enZh(sc.doc, labels.path("scenarios").path(sc.name).path("zh").asText(sc.doc)));
      scen.add(d);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("summary", s);
    out.put("title", ModelLabels.text(labels.get("title"), s.name()));
    if (labels.has("paper")) out.put("paper", ModelLabels.text(labels.get("paper"), ""));
    if (labels.has("description")) out.put("description", ModelLabels.text(labels.get("description"), ""));
    out.put("simSpecs", Map.of("start", m.start, "stop", m.stop, "dt", m.dt, "method", m.method, "timeUnits", m.timeUnits));
    out.put("variables", vars);
    out.put("scenarios", scen);
    out.put("warnings", cm.warnings);
    return out;
  }

  /** The explicit overrides of a run, sweep or sensitivity: numbers, finite, within a bundled model's ranges. */
  private void checkOverrides(JsonNode b) {
    JsonNode ov = b.get("overrides");
    if (ov != null && ov.isObject()) ov.fields().forEachRemaining(e -> {
      checkRange(b, e.getKey(), e.getValue().asDouble(), "overrides." + e.getKey());
    });
  }

  /** A whole number in [min, max]; 2.5 or 4294967300 is refused, not rounded or wrapped. */
  static int whole(JsonNode b, String field, int dflt, int min, int max) {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) return dflt;
    return (int) Checks.whole(field, n.isIntegralNumber() ? n.asText() : n.toString(), min, max); // 2.5, "7", 1e30: refused by Checks
  }

  /** A seed is any whole number a long holds; 1.5 or "x" is refused, not truncated or read as 0. */
  private static long seed(JsonNode b) {
    JsonNode n = b.get("seed");
    if (n == null || n.isNull()) return 1;
    if (!n.isIntegralNumber() || !n.canConvertToLong())
      throw ApiException.badRequest("seed", "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", got " + n);
    return n.asLong();
  }

  /** What a body field holds; JSON null counts as absent. */
  private enum Kind { TEXT, NUMBER, TEXTS, NUMBERS_BY_NAME }

  private static final Map<String, Kind> MODEL = Map.of("model", Kind.TEXT, "xmile", Kind.TEXT);
  private static final Map<String, Kind> RUN = fields(MODEL, "scenario", Kind.TEXT, "overrides", Kind.NUMBERS_BY_NAME, "method", Kind.TEXT, "seed", Kind.NUMBER,
      "stop", Kind.NUMBER);
  private static final Map<String, Kind> COMPARE = fields(MODEL, "scenarios", Kind.TEXTS, "variables", Kind.TEXTS);
  private static final Map<String, Kind> SWEEP = fields(MODEL, "parameter", Kind.TEXT, "from", Kind.NUMBER, "to", Kind.NUMBER, "steps", Kind.NUMBER,
      "outputs", Kind.TEXTS, "scenario", Kind.TEXT, "overrides", Kind.NUMBERS_BY_NAME, "stop", Kind.NUMBER);
  private static final Map<String, Kind> SENSITIVITY = fields(MODEL, "target", Kind.TEXT, "parameters", Kind.TEXTS, "method", Kind.TEXT, "delta", Kind.NUMBER,
      "samples", Kind.NUMBER, "seed", Kind.NUMBER, "scenario", Kind.TEXT, "overrides", Kind.NUMBERS_BY_NAME, "stop", Kind.NUMBER);

  private static Map<String, Kind> fields(Map<String, Kind> base, Object... more) {
    Map<String, Kind> m = new java.util.TreeMap<>(base);
    for (int i = 0; i < more.length; i += 2) m.put((String) more[i], (Kind) more[i + 1]);
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The body as an object whose every field is known and of its type, as the rules API reads a profile: a misspelt
   * or mistyped field was ignored and the run answered 200 with the baseline.
   */
  private static JsonNode body(Context ctx, Map<String, Kind> known) {
    JsonNode b = body(ctx);
    b.fields().forEachRemaining(e -> {
      String f = e.getKey();
      JsonNode v = e.getValue();
      Kind k = known.get(f);
      if (k == null) throw ApiException.badRequest(f, "unknown field; known fields are " + String.join(", ", known.keySet()));
      if (v.isNull()) return;
      switch (k) {
        case TEXT -> { if (!v.isTextual()) throw ApiException.badRequest(f, "wrong type: expected a string"); }
        case NUMBER -> { if (!v.isNumber()) throw ApiException.badRequest(f, "wrong type: expected a number"); }
        case TEXTS -> {
          if (!v.isArray()) throw ApiException.badRequest(f, "wrong type: expected a list");
          for (int i = 0; i < v.size(); i++) if (!v.get(i).isTextual()) throw ApiException.badRequest(f + "[" + i + "]", "wrong type: expected a string");
        }
        case NUMBERS_BY_NAME -> {
          if (!v.isObject()) throw ApiException.badRequest(f, "wrong type: expected a JSON object");
          v.fields().forEachRemaining(o -> {
            if (!o.getValue().isNumber()) throw ApiException.badRequest(f + "." + o.getKey(), "override must be a finite number");
          });
        }
      }
    });
    return b;
  }

  /** A bundled model's declared range for a parameter (from its labels); values outside it are refused. */
  private void checkRange(JsonNode b, String name, double value, String field) {
    Checks.value(bundledOf(b), name, value, field);
  }

  /** The bundled model a body names, whose declared ranges apply; null for XMILE text or an uploaded model. */
  private String bundledOf(JsonNode b) {
    return b.hasNonNull("model") && !b.hasNonNull("xmile") ? bundledId(b.get("model").asText()) : null;
  }

  /** The id when it is a bundled model as shipped (an uploaded model of the same id has no declared ranges), else null. */
  private String bundledId(String id) {
    return bundled(store.get(id)) ? id : null;
  }

  private static boolean bundled(ScenarioStore.Summary s) {
    return "bundled".equals(s.origin()) && ScenarioStore.BUNDLED.containsKey(s.id());
  }

  /** A list entry: the summary plus its bilingual title and paper for bundled models. */
  private static Map<String, Object> listed(ScenarioStore.Summary s) {
    Map<String, Object> d = Json.MAPPER.convertValue(s, LinkedHashMap.class);
    JsonNode l = bundled(s) ? ModelLabels.of(s.id()) : Json.object();
    d.put("title", ModelLabels.text(l.get("title"), s.name()));
    if (l.has("paper")) d.put("paper", ModelLabels.text(l.get("paper"), ""));
    return d;
  }

  private static Double constant(XmileModel.Var v) {
    if (!("aux".equals(v.kind) || "stock".equals(v.kind)) || v.eqn == null || v.gf != null) return null;
    try {
      double x = Double.parseDouble(v.eqn.trim());
      return Double.isFinite(x) ? x : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode body(Context ctx) {
    try {
      JsonNode n = Json.read(ctx.body());
      if (n == null || !n.isObject()) throw ApiException.badRequest("body", "expected a JSON object");
      return n;
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("body", "malformed JSON: " + e.getMessage());
    }
  }

  /** The body's model: a stored one by id or an XMILE text, one of the two (both had run the XMILE without a word). */
  private CompiledModel model(JsonNode b) {
    if (b.hasNonNull("xmile") && b.hasNonNull("model")) throw ApiException.badRequest("model", "give model (an id) or xmile (a model's text), not both");
    if (b.hasNonNull("xmile")) return ModelCompiler.compile(XmileReader.parse(b.get("xmile").asText()));
    if (!b.hasNonNull("model")) throw ApiException.badRequest("model", "missing: give model (an id) or xmile (a model's text)");
    return store.compiled(text(b, "model"));
  }

  private static String text(JsonNode b, String f) {
    JsonNode n = b.get(f);
    if (n == null || !n.isTextual() || n.asText().isBlank()) throw ApiException.badRequest(f, "missing '" + f + "'");
    return n.asText();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) n.forEach(x -> out.add(x.asText()));
    return out;
  }

  /** Scenario overrides then explicit overrides (explicit win). */
  static Map<String, Double> scenarioOverrides(CompiledModel cm, JsonNode b) {
    Map<String, Double> ov = new LinkedHashMap<>();
    if (b.hasNonNull("scenario")) {
      XmileModel.Scenario s = cm.source().scenario(b.get("scenario").asText());
      if (s == null) throw ApiException.badRequest("scenario", "unknown scenario '" + b.get("scenario").asText() + "'");
      ov.putAll(s.overrides);
    }
    JsonNode o = b.get("overrides");
    if (o != null && o.isObject()) {
      o.fields().forEachRemaining(e -> {
        if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble()))
          throw ApiException.badRequest("overrides." + e.getKey(), "override must be a finite number");
        named("overrides." + e.getKey(), () -> cm.slotsOf(e.getKey()));
        ov.put(e.getKey(), e.getValue().asDouble());
      });
    }
    return ov;
  }

  private static Result run(CompiledModel cm, JsonNode b) {
    CompiledModel.RunSpec spec = new CompiledModel.RunSpec();
    spec.overrides.putAll(scenarioOverrides(cm, b));
    if (b.hasNonNull("method")) {
      String m = b.get("method").asText();
      if (!m.equals("euler") && !m.equals("rk4")) throw ApiException.badRequest("method", "must be euler or rk4");
      spec.rk4 = m.equals("rk4");
    }
    spec.stop = stop(cm, b);
    Checks.size(cm, spec.stop, spec.rk4, 1, Checks.API, spec.stop != null ? "stop" : "sim_specs", "runs"); // RK4 asked of an Euler model costs 4 ×
    spec.seed = seed(b);
    return cm.run(spec);
  }

  /**
   * A model error about a name the request gave is refused on the request's field: as a ModelException its field
   * was the unknown name itself ("field": "nosuch"), which no client could place.
   */
  static void named(String field, Runnable check) {
    try {
      check.run();
    } catch (ModelException e) {
      throw ApiException.unprocessable(field, e.getMessage());
    }
  }

  /** Output columns a request names, checked before anything runs (they were looked up after every run). */
  static void outputs(CompiledModel cm, List<String> names, String field) {
    String[] columns = cm.outputNames();
    for (String n : names) named(field, () -> Result.column(columns, n));
  }

  /** Refuses runs that would take too long or too much memory, before starting them (limits in {@link Checks}). */
  static void checkSize(CompiledModel cm, long runs) {
    checkSize(cm, null, runs);
  }

  static void checkSize(CompiledModel cm, Double stop, long runs) {
    Checks.size(cm, stop, null, runs, Checks.API, stop != null ? "stop" : "sim_specs", "runs");
  }

  /** The body's stop time (null: the model's), checked as simulate --stop checks it. */
  static Double stop(CompiledModel cm, JsonNode b) {
    return b.hasNonNull("stop") ? Checks.stop(cm, b.get("stop").asDouble(), "stop") : null;
  }

  private Map<String, Double> overridesFromQuery(CompiledModel cm, Context ctx) {
    Map<String, Double> ov = new LinkedHashMap<>();
    String sc = ctx.queryParam("scenario");
    if (sc != null && !sc.isBlank()) {
      XmileModel.Scenario s = cm.source().scenario(sc);
      if (s == null) throw ApiException.badRequest("scenario", "unknown scenario '" + sc + "'");
      ov.putAll(s.overrides);
    }
    for (String kv : ctx.queryParams("set")) {
      int eq = kv.lastIndexOf('=');
      if (eq <= 0) throw ApiException.badRequest("set", "expected name=value, got '" + kv + "'");
      String name = kv.substring(0, eq).trim();
      named("set", () -> cm.slotsOf(name));
      double v;
      try {
        v = Double.parseDouble(kv.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("set", "value of '" + name + "' is not a number");
      }
      Checks.value(bundledId(ctx.pathParam("id")), name, v, "set");
      ov.put(name, v);
    }
    return ov;
  }

  private static void csv(Context ctx, Result r) throws Exception {
    StringWriter w = new StringWriter();
    r.writeCsv(w);
    org.aigov.observatory.kernel.Http.csv(ctx, "run.csv", w.toString());
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) return dflt;
    try {
      int x = org.aigov.observatory.kernel.Http.asciiInt(v);
      if (x < min || x > max) throw ApiException.badRequest(name, name + " must be " + min + ".." + max);
      return x;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, name + " must be an integer");
    }
  }
}
