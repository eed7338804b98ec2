package org.aigov.observatory.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.aigov.observatory.registry.Entry;

/**
 * Governance-path profiles per jurisdiction and the explainable rule that places each in one of the
 * seed's three paths (paper 5). Only features computed from the registry decide; see docs/analysis.md.
 */
public final class GovernancePaths {
  public static final List<String> DEFAULT_JURISDICTIONS = List.of("US", "EU", "GB", "IN", "CN", "JP", "RU");
  /** The seed's placement (paper 5, section 4). */
  public static final Map<String, String> SEED_PLACEMENT = Map.of("US", "power", "EU", "security", "GB", "security",
      "IN", "security", "CN", "development", "JP", "development", "RU", "development");
  static final Set<String> EXCLUDED = RegimeComplex.EXCLUDED_INSTRUMENT_TYPES;
  static final Set<String> REGULATORY = Set.of("law", "regulation", "guideline", "standard", "principles", "bill", "recommendation",
      "resolution", "treaty");
  static final Set<String> PROMOTION = Set.of("strategy", "program", "project", "initiative", "forum");
  static final Set<String> HARD_TYPES = Set.of("law", "regulation", "treaty");
  static final Set<String> PRIVATE = Set.of("company", "multistakeholder_body", "civil_society", "exchange");
  public static final int MIN_INSTRUMENTS = 3;
  public static final double POWER_THRESHOLD = 0.25;

  public record Profile(String jurisdiction, int instruments, Map<String, Integer> byType, Map<Integer, Integer> byYear,
      int hard, int soft, double hardShare, Map<String, Integer> actorsByType, Map<String, Integer> issuerTypes,
      int privateActors, int instrumentsWithPrivateParticipant, double privateShare, List<String> privateParticipants,
      double powerShare, double regulatoryShare, double promotionShare, double safetyRiskShare, double ethicalShare,
      int longestBuildsOnChain, int neither, Map<String, Integer> institutionRoles, boolean unionOrFederalOnly,
      int subNationalInstrumentsExcluded, int sectoralInstrumentsExcluded, int subNationalActorsExcluded) {}

  /** {@code agrees}: null where the seed places the jurisdiction nowhere (FR had read "agrees: no" beside an empty seed column). */
  public record Placement(String jurisdiction, String path, String seedPath, Boolean agrees, List<String> decidedBy) {}

  public record Result(List<Profile> profiles, List<Placement> placements, List<Table> euUs) {}

  private final Graph g;

  public GovernancePaths(Graph g) {
    this.g = g;
  }

  static boolean isHard(Entry e) {
    if (e.binding != null) return "hard".equals(e.binding);
    return HARD_TYPES.contains(e.type);
  }

  List<Entry> instruments(String j) {
    List<Entry> l = new ArrayList<>();
    for (Entry e : g.nodes.values())
      if ("instrument".equals(e.kind) && j.equals(e.jurisdiction) && !EXCLUDED.contains(e.type)) l.add(e);
    return l;
  }

  public Profile profile(String j) {
    return profile(j, false);
  }

  /**
   * {@code unionOrFederal}: only the union's or federal government's own instruments and bodies, as paper 3 compares them
   * (state and local documents and AGORA's defence-authorization provisions left out, and counted).
   */
  public Profile profile(String j, boolean unionOrFederal) {
    List<Entry> ins = new ArrayList<>();
    int subIns = 0, sectoral = 0;
    for (Entry e : instruments(j)) {
      if (unionOrFederal && Institutions.subNationalInstrument(e, g)) subIns++;
      else if (unionOrFederal && Institutions.sectoral(e)) sectoral++;
      else ins.add(e);
    }
    Map<String, Integer> byType = new TreeMap<>();
    Map<Integer, Integer> byYear = new TreeMap<>();
    int hard = 0, soft = 0, power = 0, reg = 0, prom = 0, safety = 0, ethical = 0;
    Map<String, Integer> issuerTypes = new TreeMap<>();
    Set<String> privateIds = new java.util.TreeSet<>();
    int withPrivate = 0;
    for (Entry e : ins) {
      byType.merge(e.type, 1, Integer::sum);
      if (e.date != null) byYear.merge(e.date.year(), 1, Integer::sum);
      if (!"bill".equals(e.type)) {
        if (isHard(e)) hard++;
        else soft++;
      }
      boolean pw = e.riskCategories.contains("national_security") || e.riskCategories.contains("geopolitical")
          || e.tags.contains("ai_militarization") || e.tags.contains("military_ai");
      if (pw) power++;
      if (isHard(e) || REGULATORY.contains(e.type)) reg++;
      if (PROMOTION.contains(e.type)) prom++;
      if (e.riskCategories.contains("intrinsic_safety") || e.riskCategories.contains("application_security")) safety++;
      if (e.governanceLayers.contains("ethical")) ethical++;
      Set<String> linked = new HashSet<>(e.issuers);
      for (Entry r : g.relationsOf(e.id)) linked.add(r.source.equals(e.id) ? r.target : r.source);
      for (String i : e.issuers) {
        Entry a = g.get(i);
        if (a != null) issuerTypes.merge(a.type, 1, Integer::sum);
      }
      boolean anyPrivate = false;
      for (String l : linked) {
        Entry a = g.get(l);
        if (a != null && "actor".equals(a.kind) && PRIVATE.contains(a.type)) {
          anyPrivate = true;
          privateIds.add(l);
        }
      }
      if (anyPrivate) withPrivate++;
    }
    Map<String, Integer> actors = new TreeMap<>();
    Map<String, Integer> roles = new TreeMap<>();
    for (String r : Institutions.ROLES) roles.put(r, 0);
    int subActors = 0;
    for (Entry a : g.nodes.values()) {
      if (!"actor".equals(a.kind) || !j.equals(a.jurisdiction) || "state".equals(a.type)) continue;
      if (unionOrFederal && Institutions.subNational(a)) {
        subActors++;
        continue;
      }
      actors.merge(a.type, 1, Integer::sum);
      roles.merge(Institutions.role(a), 1, Integer::sum);
      if (PRIVATE.contains(a.type)) {
        // private actors of the jurisdiction that sit in any of its bodies or instruments
        for (Entry r : g.relationsOf(a.id)) {
          String other = r.source.equals(a.id) ? r.target : r.source;
          Entry o = g.get(other);
          if (o != null && j.equals(o.jurisdiction)) privateIds.add(a.id);
        }
      }
    }
    for (Entry e : ins) {
      if (Set.of("advisory_body", "expert_group", "task_force", "review_board").contains(e.type)) {
        actors.merge(e.type, 1, Integer::sum);
        roles.merge(Institutions.RESEARCH_ADVISORY, 1, Integer::sum);
      }
    }
    int n = ins.size();
    return new Profile(j, n, byType, byYear, hard, soft, hard + soft == 0 ? Double.NaN : hard / (double) (hard + soft), actors,
        issuerTypes, privateIds.size(), withPrivate, share(withPrivate, n), new ArrayList<>(privateIds), share(power, n), share(reg, n),
        share(prom, n), share(safety, n), share(ethical, n), longestChain(ins), n - hard - soft, roles, unionOrFederal, subIns, sectoral,
        subActors);
  }

  static double share(int a, int n) {
    return n == 0 ? Double.NaN : a / (double) n;
  }

  /** Longest builds_on / supersedes / implements chain among the jurisdiction's instruments (policy continuity). */
  int longestChain(List<Entry> ins) {
    Set<String> ids = new HashSet<>();
    for (Entry e : ins) ids.add(e.id);
    Map<String, List<String>> next = new HashMap<>();
    for (Entry r : g.relations) {
      if (!Set.of("builds_on", "supersedes", "implements").contains(r.type)) continue;
      if (ids.contains(r.source) && ids.contains(r.target)) next.computeIfAbsent(r.source, k -> new ArrayList<>()).add(r.target);
    }
    Map<String, Integer> memo = new HashMap<>();
    int best = 0;
    for (String id : ids) best = Math.max(best, depth(id, next, memo, new HashSet<>()));
    return best;
  }

  private int depth(String id, Map<String, List<String>> next, Map<String, Integer> memo, Set<String> onPath) {
    Integer m = memo.get(id);
    if (m != null) return m;
    if (!onPath.add(id)) return 0;
    int d = 0;
    for (String t : next.getOrDefault(id, List.of())) d = Math.max(d, 1 + depth(t, next, memo, onPath));
    onPath.remove(id);
    memo.put(id, d);
    return d;
  }

  /**
   * The rule: fewer than 3 instruments -> insufficient data; power share (national-security or
   * geopolitical risk, or military tag) >= 0.25 with both regulatory and promotional instruments
   * present -> power; otherwise regulatory share >= promotional share -> security; else development.
   */
  public Placement place(Profile p) {
    List<String> why = new ArrayList<>();
    String path;
    why.add("instruments=" + p.instruments());
    if (p.instruments() < MIN_INSTRUMENTS) {
      path = "insufficient_data";
      why.add("fewer than " + MIN_INSTRUMENTS + " instruments");
    } else if (p.powerShare() >= POWER_THRESHOLD && p.regulatoryShare() > 0 && p.promotionShare() > 0) {
      path = "power";
      why.add(String.format(java.util.Locale.ROOT, "power_share=%.2f >= %.2f", p.powerShare(), POWER_THRESHOLD));
      why.add(String.format(java.util.Locale.ROOT, "regulatory_share=%.2f and promotion_share=%.2f both > 0 (all links)",
          p.regulatoryShare(), p.promotionShare()));
    } else {
      why.add(p.powerShare() < POWER_THRESHOLD
          ? String.format(java.util.Locale.ROOT, "power_share=%.2f < %.2f", p.powerShare(), POWER_THRESHOLD)
          : String.format(java.util.Locale.ROOT, "power_share=%.2f but not all links (regulatory_share=%.2f, promotion_share=%.2f)",
              p.powerShare(), p.regulatoryShare(), p.promotionShare()));
      boolean sec = p.regulatoryShare() >= p.promotionShare();
      path = sec ? "security" : "development";
      why.add(String.format(java.util.Locale.ROOT, "regulatory_share=%.2f %s promotion_share=%.2f", p.regulatoryShare(),
          sec ? ">=" : "<", p.promotionShare()));
    }
    String seed = SEED_PLACEMENT.get(p.jurisdiction());
    return new Placement(p.jurisdiction(), path, seed, seed == null ? null : path.equals(seed), why);
  }

  public Result run(List<String> jurisdictions) {
    List<Profile> profiles = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    for (String j : jurisdictions) {
      Profile p = profile(j);
      profiles.add(p);
      placements.add(place(p));
    }
    return new Result(profiles, placements, euUs(profile("EU", true), profile("US", true)));
  }

  /**
   * The seed's EU–US comparison (paper 3, Table 1 and section 3), with each cell computed from the registry, at the union
   * and federal level as the paper compares them. {@code seed} states the paper's claim where it makes one and
   * {@code agrees} whether the data bear it out (empty where the paper claims nothing about the indicator).
   */
  List<Table> euUs(Profile eu, Profile us) {
    String level = "（联邦与欧盟层面；州、地方及国防授权法条款不计）";
    String levelEn = " (union and federal level; state, local and defence-authorization provisions left out)";
    Table d = new Table("paths_eu_us_dimensions", "欧美人工智能治理模式特征对比（由数据生成）" + level, "EU vs US governance features (from data)" + levelEn,
        List.of("dimension", "indicator", "EU", "US", "seed", "agrees"));
    Map<String, Integer> er = eu.institutionRoles(), ur = us.institutionRoles();
    d.add("policy_tools", "instruments", eu.instruments(), us.instruments(), null, null);
    d.add("policy_tools", "top_types", top(eu.byType(), 3), top(us.byType(), 3), null, null);
    d.add("policy_tools", "laws", eu.byType().getOrDefault("law", 0), us.byType().getOrDefault("law", 0), null, null);
    int euEo = eu.byType().getOrDefault("executive_order", 0), usEo = us.byType().getOrDefault("executive_order", 0);
    d.add("policy_tools", "executive_orders", euEo, usEo, "US > EU", usEo > euEo);
    d.add("policy_tools", "hard_share", eu.hardShare(), us.hardShare(), "EU > US", greater(eu.hardShare(), us.hardShare()));
    d.add("policy_tools", "ethical_layer_share", eu.ethicalShare(), us.ethicalShare(), "EU > US", greater(eu.ethicalShare(), us.ethicalShare()));
    int euReg = er.get(Institutions.REGULATOR), usReg = ur.get(Institutions.REGULATOR);
    d.add("institutions", "regulators_and_authorities", euReg, usReg, "EU > US", euReg > usReg);
    int euDar = eu.actorsByType().getOrDefault("designated_authority_role", 0), usDar = us.actorsByType().getOrDefault("designated_authority_role", 0);
    d.add("institutions", "designated_authority_roles (member-state tier)", euDar, usDar, "EU > 0 = US", euDar > 0 && usDar == 0);
    int euRac = er.get(Institutions.RESEARCH_ADVISORY), usRac = ur.get(Institutions.RESEARCH_ADVISORY);
    d.add("institutions", "research_advisory_coordination", euRac, usRac, "US > EU", usRac > euRac);
    d.add("institutions", "executive_bodies", er.get(Institutions.EXECUTIVE), ur.get(Institutions.EXECUTIVE), null, null);
    d.add("institutions", "legislatures", er.get(Institutions.LEGISLATURE), ur.get(Institutions.LEGISLATURE), null, null);
    d.add("institutions", "sub_national_bodies_left_out", eu.subNationalActorsExcluded(), us.subNationalActorsExcluded(), null, null);
    d.add("private_participation", "private_actors_involved", eu.privateActors(), us.privateActors(), "US > EU", us.privateActors() > eu.privateActors());
    d.add("private_participation", "instruments_with_private_participant", eu.instrumentsWithPrivateParticipant(),
        us.instrumentsWithPrivateParticipant(), null, null);
    d.add("private_participation", "share_with_private_participant", eu.privateShare(), us.privateShare(), "US > EU",
        greater(us.privateShare(), eu.privateShare()));
    d.add("scope", "sub_national_instruments_left_out", eu.subNationalInstrumentsExcluded(), us.subNationalInstrumentsExcluded(), null, null);
    d.add("scope", "sectoral_instruments_left_out", eu.sectoralInstrumentsExcluded(), us.sectoralInstrumentsExcluded(), null, null);
    Table f = new Table("paths_eu_us_factors", "欧美差异的解释因素（由数据生成）" + level, "Explanatory factors (from data)" + levelEn,
        List.of("factor", "indicator", "EU", "US"));
    f.add("policy_tradition", "longest_builds_on_chain", eu.longestBuildsOnChain(), us.longestBuildsOnChain());
    f.add("policy_tradition", "regulatory_share", eu.regulatoryShare(), us.regulatoryShare());
    f.add("policy_tradition", "promotion_share", eu.promotionShare(), us.promotionShare());
    f.add("interest_groups", "companies_and_associations_in_jurisdiction", eu.actorsByType().getOrDefault("company", 0)
        + eu.actorsByType().getOrDefault("civil_society", 0), us.actorsByType().getOrDefault("company", 0)
        + us.actorsByType().getOrDefault("civil_society", 0));
    f.add("interest_groups", "private_actors_linked_to_instruments_or_bodies", eu.privateActors(), us.privateActors());
    f.add("industry_ecology", "company_actors", eu.actorsByType().getOrDefault("company", 0), us.actorsByType().getOrDefault("company", 0));
    f.add("industry_ecology", "military_or_security_share", eu.powerShare(), us.powerShare());
    return List.of(d, f);
  }

  /** a > b, or null when either is undefined (no instruments). */
  static Boolean greater(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? null : a > b;
  }

  static int sum(Map<String, Integer> m, Set<String> keys) {
    int s = 0;
    for (String k : keys) s += m.getOrDefault(k, 0);
    return s;
  }

  static String top(Map<String, Integer> m, int k) {
    return m.entrySet().stream().sorted((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()))
        .limit(k).map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + "; " + b).orElse("");
  }

  public static List<Table> tables(Result r) {
    List<Table> out = new ArrayList<>();
    Table p = new Table("paths_profiles", "治理路径特征", "Governance-path profiles",
        List.of("jurisdiction", "instruments", "hard", "soft", "neither", "hard_share", "power_share", "regulatory_share", "promotion_share",
            "safety_risk_share", "ethical_share", "private_actors", "private_share", "longest_chain", "by_type", "by_year", "actors_by_type"));
    for (Profile x : r.profiles())
      p.add(x.jurisdiction(), x.instruments(), x.hard(), x.soft(), x.neither(), x.hardShare(), x.powerShare(), x.regulatoryShare(), x.promotionShare(),
          x.safetyRiskShare(), x.ethicalShare(), x.privateActors(), x.privateShare(), x.longestBuildsOnChain(), fmt(x.byType()),
          fmt(x.byYear()), fmt(x.actorsByType()));
    out.add(p);
    Table c = new Table("paths_placement", "治理路径分类与原文对照", "Path placement vs the seed",
        List.of("jurisdiction", "computed_path", "seed_path", "agrees", "decided_by"));
    for (Placement x : r.placements()) c.add(x.jurisdiction(), x.path(), x.seedPath(), x.agrees(), String.join("; ", x.decidedBy()));
    out.add(c);
    out.addAll(r.euUs());
    return out;
  }

  static String fmt(Map<?, Integer> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append(' ').append(v));
    return b.toString();
  }

  public static Map<String, Object> summary(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    long agree = r.placements().stream().filter(x -> Boolean.TRUE.equals(x.agrees())).count();
    m.put("agree_with_seed", agree);
    m.put("compared", r.placements().stream().filter(x -> x.agrees() != null).count()); // only where the seed places it
    return m;
  }
}
