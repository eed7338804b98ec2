package org.aigov.observatory.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Military-AI participation (seed paper 2): systems and programmes by developer type and deployment
 * type, per-country developer shares within each deployment type (the seed's figures 2–5), and the
 * seed's country typology derived by a stated rule.
 */
public final class MilitaryAi {
  public static final List<String> DEVELOPER_TYPES = List.of("government_military", "traditional_defence", "new_commercial");
  public static final List<String> DEPLOYMENT_TYPES = List.of("offensive", "defensive", "interventional");
  public static final Map<String, String> SEED_TYPOLOGY = Map.of("US", "comprehensive_outward", "RU", "path_dependent",
      "IL", "path_dependent", "FR", "innovation_intervention");
  public static final double PATH_DEPENDENT_BELOW = 0.2;
  public static final int MIN_SYSTEMS = 3;

  public record System(String id, String registryId, String nameZh, String nameEn, String country, String developer, String developerZh,
      String developerType, String function, Integer category, String deployment, Integer year, String source, boolean exampleOnly) {
    /** Paper 2's application categories: 1 weapons, 2 decision support, 3 perception and information tools. */
    public static final List<Integer> CATEGORIES = List.of(1, 2, 3);
  }

  /** Systems per application category by developer type: paper 2's "new commercial firms concentrate in categories 2–3". */
  public record Category(int category, int systems, Map<String, Integer> byDeveloperType, double newCommercialShare, int examples) {}

  public record Share(String country, String deployment, int systems, Map<String, Double> byDeveloperType) {}

  public record Typology(String country, String type, String seedType, Boolean agrees, int assigned, double newCommercialShare,
      List<String> deploymentTypes, List<String> decidedBy) {}

  public record Result(int systems, List<Share> shares, List<Typology> typology, List<System> data, List<Category> categories) {}

  /** The bundled dataset, src/main/resources/analysis/military-ai.json. */
  public static List<System> bundled() {
    try (InputStream in = MilitaryAi.class.getResourceAsStream("/analysis/military-ai.json")) {
      return fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<System> fromJson(InputStream in) throws IOException {
    JsonNode root = Json.MAPPER.readTree(in);
    JsonNode arr = root.isArray() ? root : root.get("systems");
    if (arr == null || !arr.isArray()) throw ApiException.badRequest("systems", "expected an array of systems");
    List<System> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : arr) {
      String where = "systems[" + i++ + "]";
      JsonNode name = n.path("name");
      JsonNode src = n.path("source");
      out.add(validate(where, new System(text(n, "id"), text(n, "registry_id"), text(name, "zh"), text(name, "en"), text(n, "country"),
          text(n, "developer"), text(n, "developer_zh"), text(n, "developer_type"), text(n, "function"),
          n.hasNonNull("application_category") ? n.get("application_category").asInt() : null, text(n, "deployment"),
          n.hasNonNull("year") ? n.get("year").asInt() : null, src.isTextual() ? src.asText() : text(src, "citation"),
          n.path("example_only").asBoolean(false))));
    }
    return out;
  }

  /**
   * Imports tabular weapon-systems data. Columns (header names, case-insensitive): id, name_en,
   * name_zh, country, developer, developer_type, function, application_category (1–3), deployment, example_only, year, source.
   */
  public static List<System> fromCsv(Reader r) throws IOException {
    return fromCsv(r, java.util.Set.of());
  }

  /**
   * {@code taken}: ids already in the dataset the rows join (the bundled one). A repeated id counted one system twice
   * and moved the shares; a country in another spelling ("us") became a country of its own.
   */
  public static List<System> fromCsv(Reader in, java.util.Set<String> taken) throws IOException {
    java.io.PushbackReader r = new java.io.PushbackReader(in, 1);
    int first = r.read();
    if (first >= 0 && first != '\uFEFF') r.unread(first); // Excel's byte-order mark, as export --bom writes it
    List<System> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>(taken);
    java.util.Set<String> iso = java.util.Set.of(java.util.Locale.getISOCountries());
    for (CSVRecord c : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreHeaderCase(true).setTrim(true).build().parse(r)) {
      String where = "line " + (c.getRecordNumber() + 1);
      String id = get(c, "id"), country = get(c, "country");
      if (id != null && !seen.add(id))
        throw ApiException.badRequest("id", where + ": '" + id + "' is used already (by the bundled dataset or an earlier line); give each system its own id");
      if (country != null) {
        country = country.toUpperCase(java.util.Locale.ROOT);
        // ISO's user-assigned codes (AA, QM–QZ, XA–XZ, ZZ) stay open for an analyst's own groupings
        boolean userAssigned = country.matches("AA|Q[M-Z]|X[A-Z]|ZZ");
        if (!iso.contains(country) && !userAssigned && !country.equals("EU") && !country.equals("INTL"))
          throw ApiException.badRequest("country", where + " (" + id + "): not an ISO 3166 country code (or EU, INTL): '" + get(c, "country") + "'");
      }
      String year = get(c, "year");
      Integer y;
      try {
        y = year == null ? null : Integer.valueOf(year);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("year", where + ": not a year: '" + year + "'");
      }
      String cat = get(c, "application_category");
      Integer category;
      try {
        category = cat == null ? null : Integer.valueOf(cat);
      } catch (NumberFormatException e) {
        category = -1;
      }
      if (category != null && !System.CATEGORIES.contains(category))
        throw ApiException.badRequest("application_category", where + " (" + id + "): expected 1, 2 or 3 or empty, got '" + cat + "'");
      String ex = get(c, "example_only");
      if (ex != null && !ex.matches("(?i)true|false|yes|no|1|0"))
        throw ApiException.badRequest("example_only", where + " (" + id + "): expected true or false or empty, got '" + ex + "'");
      boolean example = ex != null && ex.matches("(?i)true|yes|1");
      out.add(validate(where, new System(id, get(c, "registry_id"), get(c, "name_zh"), get(c, "name_en"), country,
          get(c, "developer"), get(c, "developer_zh"), get(c, "developer_type"), get(c, "function"), category, get(c, "deployment"), y,
          get(c, "source"), example)));
    }
    return out;
  }

  static String get(CSVRecord c, String col) {
    if (!c.isMapped(col)) return null;
    String v = c.get(col);
    return v == null || v.isBlank() ? null : v.strip();
  }

  static String text(JsonNode n, String f) {
    JsonNode v = n == null ? null : n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  static System validate(String where, System s) {
    if (s.id() == null) throw ApiException.badRequest("id", where + ": id is required");
    if (s.nameEn() == null && s.nameZh() == null) throw ApiException.badRequest("name", where + " (" + s.id() + "): a zh or en name is required");
    if (s.country() == null) throw ApiException.badRequest("country", where + " (" + s.id() + "): country is required");
    if (!DEVELOPER_TYPES.contains(s.developerType()))
      throw ApiException.badRequest("developer_type", where + " (" + s.id() + "): expected one of " + DEVELOPER_TYPES + ", got '" + s.developerType() + "'");
    if (s.deployment() != null && !DEPLOYMENT_TYPES.contains(s.deployment()))
      throw ApiException.badRequest("deployment", where + " (" + s.id() + "): expected one of " + DEPLOYMENT_TYPES + " or empty, got '" + s.deployment() + "'");
    return s;
  }

  public static Result run(List<System> data) {
    Map<String, Map<String, Map<String, Integer>>> counts = new TreeMap<>();
    for (System s : data) {
      // a technology the paper names as an example (Sora, Snapchat) is not a deployment by anyone
      if (s.deployment() == null || "INTL".equals(s.country()) || s.exampleOnly()) continue;
      counts.computeIfAbsent(s.country(), k -> new LinkedHashMap<>()).computeIfAbsent(s.deployment(), k -> new LinkedHashMap<>())
          .merge(s.developerType(), 1, Integer::sum);
    }
    List<Share> shares = new ArrayList<>();
    List<Typology> typ = new ArrayList<>();
    for (var ce : counts.entrySet()) {
      for (String d : DEPLOYMENT_TYPES) {
        Map<String, Integer> m = ce.getValue().getOrDefault(d, Map.of());
        int n = m.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Double> sh = new LinkedHashMap<>();
        for (String t : DEVELOPER_TYPES) sh.put(t, n == 0 ? 0.0 : m.getOrDefault(t, 0) / (double) n);
        shares.add(new Share(ce.getKey(), d, n, sh));
      }
      typ.add(typology(ce.getKey(), ce.getValue()));
    }
    return new Result(data.size(), shares, typ, data, categories(data));
  }

  /** Every system with a category counts here, technology examples too (the paper's claim is about its examples as well). */
  static List<Category> categories(List<System> data) {
    List<Category> out = new ArrayList<>();
    for (int c : System.CATEGORIES) {
      Map<String, Integer> by = new LinkedHashMap<>();
      for (String t : DEVELOPER_TYPES) by.put(t, 0);
      int n = 0, examples = 0;
      for (System s : data) {
        if (s.category() == null || s.category() != c) continue;
        n++;
        by.merge(s.developerType(), 1, Integer::sum);
        if (s.exampleOnly()) examples++;
      }
      out.add(new Category(c, n, by, n == 0 ? Double.NaN : by.get("new_commercial") / (double) n, examples));
    }
    return out;
  }

  /**
   * The rule: fewer than 3 systems with a deployment type -> insufficient data; new-commercial share
   * below 0.2 -> path-dependent; all three deployment types present and new commercial developers in
   * at least two of them -> comprehensive and outward-looking; new commercial developers most present
   * in interventional deployment -> innovation- and intervention-led; otherwise unclassified.
   */
  static Typology typology(String country, Map<String, Map<String, Integer>> byDep) {
    int assigned = 0, nce = 0;
    Set<String> types = new TreeSet<>(), nceTypes = new TreeSet<>();
    String nceTop = null;
    int nceTopCount = 0;
    for (String d : DEPLOYMENT_TYPES) {
      Map<String, Integer> m = byDep.getOrDefault(d, Map.of());
      int n = m.values().stream().mapToInt(Integer::intValue).sum();
      if (n > 0) types.add(d);
      assigned += n;
      int c = m.getOrDefault("new_commercial", 0);
      nce += c;
      if (c > 0) nceTypes.add(d);
      if (c > nceTopCount) {
        nceTop = d;
        nceTopCount = c;
      }
    }
    double share = assigned == 0 ? 0 : nce / (double) assigned;
    List<String> why = new ArrayList<>();
    why.add("systems_with_deployment=" + assigned);
    why.add(String.format(Locale.ROOT, "new_commercial_share=%.2f", share));
    why.add("deployment_types=" + types);
    why.add("new_commercial_in=" + nceTypes);
    String t;
    if (assigned < MIN_SYSTEMS) t = "insufficient_data";
    else if (share < PATH_DEPENDENT_BELOW) {
      t = "path_dependent";
      why.add("new_commercial_share < " + PATH_DEPENDENT_BELOW);
    } else if (types.size() == 3 && nceTypes.size() >= 2) {
      t = "comprehensive_outward";
      why.add("all three deployment types, new commercial developers in >= 2");
    } else if ("interventional".equals(nceTop)) {
      t = "innovation_intervention";
      why.add("new commercial developers most present in interventional deployment");
    } else t = "unclassified";
    String seed = SEED_TYPOLOGY.get(country);
    return new Typology(country, t, seed, seed == null ? null : seed.equals(t), assigned, share, new ArrayList<>(types), why);
  }

  public static List<Table> tables(Result r) {
    Table s = new Table("military_shares", "各国不同部署类型中各类主体占比（对应原文图2–5）",
        "Developer-type shares within each deployment type (the seed's figures 2–5)",
        List.of("country", "deployment", "systems", "government_military", "traditional_defence", "new_commercial"));
    for (Share x : r.shares())
      s.add(x.country(), x.deployment(), x.systems(), x.byDeveloperType().get("government_military"),
          x.byDeveloperType().get("traditional_defence"), x.byDeveloperType().get("new_commercial"));
    Table t = new Table("military_typology", "军事化类型划分", "Country typology", List.of("country", "computed_type", "seed_type", "agrees",
        "systems_with_deployment", "new_commercial_share", "decided_by"));
    for (Typology x : r.typology())
      t.add(x.country(), x.type(), x.seedType(), x.agrees(), x.assigned(), x.newCommercialShare(), String.join("; ", x.decidedBy()));
    Table d = new Table("military_systems", "人工智能军事系统与项目", "Military AI systems and programmes",
        List.of("id", "name_en", "name_zh", "country", "developer", "developer_zh", "developer_type", "function", "application_category",
            "deployment", "example_only", "year", "registry_id", "source"));
    for (System x : r.data())
      d.add(x.id(), x.nameEn(), x.nameZh(), x.country(), x.developer(), x.developerZh(), x.developerType(), x.function(), x.category(),
          x.deployment(), x.exampleOnly(), x.year(), x.registryId(), x.source());
    Table c = new Table("military_categories", "各应用类别中的主体类型（原文：新式商业主体集中于第二、三类）",
        "Developer types by application category (the seed: new commercial firms concentrate in categories 2–3)",
        // not named by developer type alone: those columns hold shares in military_shares, here they are counts
        List.of("application_category", "systems", "government_military_systems", "traditional_defence_systems", "new_commercial_systems",
            "new_commercial_share", "technology_examples"));
    for (Category x : r.categories())
      c.add(x.category(), x.systems(), x.byDeveloperType().get("government_military"), x.byDeveloperType().get("traditional_defence"),
          x.byDeveloperType().get("new_commercial"), x.newCommercialShare(), x.examples());
    return List.of(s, t, c, d);
  }
}
