package org.aigov.observatory.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Vocab;

/**
 * The regime complex of international AI-governance initiatives: pairwise relation classes, a
 * fragmentation index over time, core/periphery, a risk × organisational-form coverage matrix and
 * representation by UN region. The rules are written out in docs/analysis.md.
 */
public final class RegimeComplex {
  /** Actor types that count as international institutions when their jurisdiction is INTL. */
  public static final Set<String> INSTITUTION_ACTOR_TYPES = Set.of("international_org", "regional_org", "multilateral_forum",
      "intergovernmental_forum", "multistakeholder_body", "standards_body", "state_group", "forum");
  /** Instrument types that describe the complex but are not institutions of it. */
  public static final Set<String> EXCLUDED_INSTRUMENT_TYPES = Set.of("report", "technical_system", "court_case");
  public static final List<String> ISSUE_CODES = issueCodes();
  public static final List<String> FOCUS = List.of("un", "oecd", "g7");

  public enum Kind { nested, overlapping, parallel, disjoint }

  public record Pair(String a, String b, Kind kind, int sharedMembers, int sharedIssues, String reason) {}

  public record Counts(int institutions, long pairs, long nested, long overlapping, long parallel, long disjoint) {}

  public record Fragmentation(String asOf, int institutions, int withIssues, double issueDispersion, double overlapShare,
      double index, Counts counts) {}

  public record Node(String id, String name, String type, int degree, double betweenness, double betweennessNorm, int core,
      int maxCore, int degreeRank, int betweennessRank) {}

  public record Representation(String id, String name, int states, Map<String, Integer> byRegion,
      Map<String, Double> ratioToBaseline, double developingShare, double developingRatio) {}

  public record Result(Counts counts, List<Pair> pairs, List<Fragmentation> fragmentation, List<Node> focus, List<Node> topCentral,
      Map<String, Map<String, Integer>> coverage, List<String> coverageGaps, Map<String, Double> regionBaseline,
      List<Representation> representation, Map<String, Object> representationTest, List<Convergence.Point> convergence,
      List<String> notes, List<String> notesZh) {}

  private final Graph g;
  final List<Entry> inst = new ArrayList<>();
  /** Issue masks of the whole complex ('all'); {@link #masksAsOf} gives a year's. */
  final int[] masks;
  final int[] ownMasks;
  final TreeMap<Integer, Integer>[] datedIssued;
  final int[][] members;
  final Integer[] years;
  final Set<Long> structural = new HashSet<>();
  final Map<Long, String> structuralReason = new HashMap<>();
  /** Set to a value >= 0 to force sampled betweenness (benchmarks). */
  public int betweennessSamples = -1;
  public int pairListLimit = 20000;

  @SuppressWarnings("unchecked")
  public RegimeComplex(Graph g) {
    this.g = g;
    for (Entry e : g.nodes.values()) if (isInstitution(e)) inst.add(e);
    int n = inst.size();
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < n; i++) idx.put(inst.get(i).id, i);
    // issues of actors = union over the instruments they issue; kept per instrument year so a year's row uses
    // only instruments dated by then (undated ones: only in 'all')
    Map<String, Map<Integer, Integer>> issuedByYear = new HashMap<>();
    Map<String, Integer> issuedMask = new HashMap<>();
    for (Entry e : g.nodes.values()) {
      if ("instrument".equals(e.kind)) for (String a : e.issuers) issued(issuedByYear, issuedMask, a, e);
    }
    for (Entry r : g.relations) {
      if ("issued_by".equals(r.type) && g.get(r.source) != null) issued(issuedByYear, issuedMask, r.target, g.get(r.source));
    }
    masks = new int[n];
    ownMasks = new int[n];
    datedIssued = new TreeMap[n];
    members = new int[n][];
    years = new Integer[n];
    Map<String, Integer> actorIdx = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Entry e = inst.get(i);
      boolean actor = "actor".equals(e.kind);
      ownMasks[i] = ownMask(e);
      masks[i] = ownMasks[i] | (actor ? issuedMask.getOrDefault(e.id, 0) : 0);
      datedIssued[i] = new TreeMap<>(actor ? issuedByYear.getOrDefault(e.id, Map.of()) : Map.of());
      Set<String> p = g.participants(e.id);
      int[] a = new int[p.size()];
      int k = 0;
      for (String s : p) a[k++] = actorIdx.computeIfAbsent(s, x -> actorIdx.size());
      Arrays.sort(a);
      members[i] = a;
      years[i] = Graph.year(e);
    }
    for (Entry r : g.relations) {
      if (!Set.of("member_of", "issued_by", "implements").contains(r.type)) continue;
      Integer a = idx.get(r.source), b = idx.get(r.target);
      if (a == null || b == null || a.equals(b)) continue;
      long key = key(a, b);
      structural.add(key);
      structuralReason.put(key, r.source + " " + r.type + " " + r.target);
    }
    for (int i = 0; i < n; i++) {
      for (String s : inst.get(i).issuers) {
        Integer b = idx.get(s);
        if (b == null || b == i) continue;
        long key = key(i, b);
        if (structural.add(key)) structuralReason.put(key, inst.get(i).id + " issued_by " + s);
      }
    }
  }

  private static void issued(Map<String, Map<Integer, Integer>> byYear, Map<String, Integer> all, String actor, Entry instrument) {
    int m = ownMask(instrument);
    all.merge(actor, m, (x, y) -> x | y);
    Integer y = Graph.year(instrument);
    if (y != null) byYear.computeIfAbsent(actor, x -> new HashMap<>()).merge(y, m, (x, z) -> x | z);
  }

  /** Issue masks at the end of {@code year}: own issues plus those of instruments issued in or before it. */
  int[] masksAsOf(int year) {
    int[] m = new int[inst.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = ownMasks[i];
      for (int v : datedIssued[i].headMap(year, true).values()) m[i] |= v;
    }
    return m;
  }

  static List<String> issueCodes() {
    List<String> l = new ArrayList<>();
    for (String c : Vocab.RISK.codes()) l.add("risk:" + c);
    for (String c : Vocab.LIFECYCLE.codes()) l.add("lifecycle:" + c);
    for (String c : Vocab.GOVERNANCE_LAYER.codes()) l.add("layer:" + c);
    return List.copyOf(l);
  }

  static int ownMask(Entry e) {
    int m = 0;
    for (String r : e.riskCategories) m |= bit("risk:" + r);
    for (String r : e.lifecycle) m |= bit("lifecycle:" + r);
    for (String r : e.governanceLayers) m |= bit("layer:" + r);
    return m;
  }

  static int bit(String code) {
    int i = ISSUE_CODES.indexOf(code);
    return i < 0 ? 0 : 1 << i;
  }

  static long key(int a, int b) {
    return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
  }

  public static boolean isInstitution(Entry e) {
    if ("relation".equals(e.kind)) return false;
    boolean intl = "INTL".equals(e.jurisdiction) || e.orgForm != null;
    if (!intl) return false;
    if ("actor".equals(e.kind)) return INSTITUTION_ACTOR_TYPES.contains(e.type);
    return !EXCLUDED_INSTRUMENT_TYPES.contains(e.type);
  }

  public List<Entry> institutions() {
    return inst;
  }

  /** Classifies one pair by the rule in docs/analysis.md. */
  Kind classify(int i, int j, int shared, StringBuilder why) {
    return classify(i, j, shared, why, masks);
  }

  Kind classify(int i, int j, int shared, StringBuilder why, int[] masks) {
    if (structural.contains(key(i, j))) {
      if (why != null) why.append("structural: ").append(structuralReason.get(key(i, j)));
      return Kind.nested;
    }
    int mi = members[i].length, mj = members[j].length;
    int sharedI = Integer.bitCount(masks[i] & masks[j]);
    if (shared > 0 && masks[i] != 0 && masks[j] != 0) {
      boolean iInJ = shared == mi && (masks[i] & ~masks[j]) == 0;
      boolean jInI = shared == mj && (masks[j] & ~masks[i]) == 0;
      if (iInJ || jInI) {
        if (why != null) why.append("members and issues of ").append(iInJ ? inst.get(i).id : inst.get(j).id).append(" are a subset");
        return Kind.nested;
      }
    }
    if (shared > 0 && sharedI > 0) return Kind.overlapping;
    if (shared > 0 || sharedI > 0) return Kind.parallel;
    return Kind.disjoint;
  }

  /** Pairs of a subset above which only counts are computed, by the fast path. */
  public int exactPairLimit = 3000;

  /** Pair classes over a subset of institutions; collects pair rows when {@code out} is not null. */
  Counts classifyAll(int[] subset, List<Pair> out) {
    return classifyAll(subset, out, masks);
  }

  Counts classifyAll(int[] subset, List<Pair> out, int[] masks) {
    int n = inst.size();
    int maxActor = -1;
    for (int i : subset) for (int a : members[i]) maxActor = Math.max(maxActor, a);
    // actor -> institutions of the subset, in ascending order
    int[] cnt = new int[maxActor + 2];
    for (int i : subset) for (int a : members[i]) cnt[a + 1]++;
    for (int a = 0; a <= maxActor; a++) cnt[a + 1] += cnt[a];
    int[] byActor = new int[cnt[maxActor + 1]];
    int[] fill = Arrays.copyOf(cnt, maxActor + 1);
    int[] sorted = subset.clone();
    Arrays.sort(sorted);
    for (int i : sorted) for (int a : members[i]) byActor[fill[a]++] = i;
    boolean[] in = new boolean[n];
    for (int i : sorted) in[i] = true;
    // structural partners per institution (higher index only)
    Map<Integer, List<Integer>> partners = new HashMap<>();
    for (long k : structural) {
      int a = (int) (k >>> 32), b = (int) k;
      if (in[a] && in[b]) partners.computeIfAbsent(Math.min(a, b), x -> new ArrayList<>()).add(Math.max(a, b));
    }
    int[] shared = new int[n];
    boolean[] touched = new boolean[n];
    int[] touchedList = new int[n];
    long nested = 0, over = 0, par = 0, dis = 0, touchedMaskShare = 0, touchedPairs = 0;
    boolean exact = out != null || sorted.length <= exactPairLimit;
    for (int x = 0; x < sorted.length; x++) {
      int i = sorted[x];
      int tn = 0;
      for (int a : members[i]) {
        for (int k = cnt[a]; k < cnt[a + 1]; k++) {
          int j = byActor[k];
          if (j <= i) continue;
          shared[j]++;
          if (!touched[j]) {
            touched[j] = true;
            touchedList[tn++] = j;
          }
        }
      }
      for (int j : partners.getOrDefault(i, List.of())) {
        if (!touched[j]) {
          touched[j] = true;
          touchedList[tn++] = j;
        }
      }
      if (exact) {
        for (int y = x + 1; y < sorted.length; y++) {
          int j = sorted[y];
          Kind kind;
          if (!touched[j] && (masks[i] & masks[j]) == 0) kind = Kind.disjoint;
          else {
            StringBuilder why = out != null ? new StringBuilder() : null;
            kind = classify(i, j, shared[j], why, masks);
            if (out != null && kind != Kind.disjoint && out.size() < pairListLimit)
              out.add(new Pair(inst.get(i).id, inst.get(j).id, kind, shared[j], Integer.bitCount(masks[i] & masks[j]), why.toString()));
          }
          switch (kind) {
            case nested -> nested++;
            case overlapping -> over++;
            case parallel -> par++;
            default -> dis++;
          }
        }
      } else {
        for (int t = 0; t < tn; t++) {
          int j = touchedList[t];
          switch (classify(i, j, shared[j], null, masks)) {
            case nested -> nested++;
            case overlapping -> over++;
            case parallel -> par++;
            default -> dis++;
          }
          if ((masks[i] & masks[j]) != 0) touchedMaskShare++;
        }
        touchedPairs += tn;
      }
      for (int t = 0; t < tn; t++) {
        shared[touchedList[t]] = 0;
        touched[touchedList[t]] = false;
      }
    }
    long pairs = (long) sorted.length * (sorted.length - 1) / 2;
    if (!exact) {
      // untouched pairs share no member and no structural link: parallel if their issues meet, else disjoint
      Map<Integer, Long> hist = new HashMap<>();
      for (int i : sorted) hist.merge(masks[i], 1L, Long::sum);
      Integer[] ms = hist.keySet().toArray(Integer[]::new);
      long maskPairs = 0;
      for (int a = 0; a < ms.length; a++) {
        long ca = hist.get(ms[a]);
        if (ms[a] != 0) maskPairs += ca * (ca - 1) / 2;
        for (int b = a + 1; b < ms.length; b++) if ((ms[a] & ms[b]) != 0) maskPairs += ca * hist.get(ms[b]);
      }
      par += maskPairs - touchedMaskShare;
      dis = pairs - nested - over - par;
    }
    return new Counts(sorted.length, pairs, nested, over, par, dis);
  }

  /**
   * Fragmentation of a subset: mean normalised entropy of how each issue's coverage is spread over
   * institutions (an institution covering k issues gives 1/k to each), averaged with the share of
   * interacting pairs (nested or overlapping) that overlap without nesting.
   */
  Fragmentation fragmentation(String asOf, int[] subset) {
    return fragmentation(asOf, subset, masks);
  }

  Fragmentation fragmentation(String asOf, int[] subset, int[] masks) {
    Counts c = classifyAll(subset, null, masks);
    int withIssues = 0;
    for (int i : subset) if (masks[i] != 0) withIssues++;
    double sumH = 0;
    int issues = 0;
    for (int b = 0; b < ISSUE_CODES.size(); b++) {
      double w = 0;
      for (int i : subset) if ((masks[i] & (1 << b)) != 0) w += 1.0 / Integer.bitCount(masks[i]);
      if (w == 0) continue;
      issues++;
      if (withIssues < 2) continue;
      double h = 0;
      for (int i : subset) {
        if ((masks[i] & (1 << b)) == 0) continue;
        double p = (1.0 / Integer.bitCount(masks[i])) / w;
        h -= p * Math.log(p);
      }
      sumH += h / Math.log(withIssues);
    }
    double disp = issues == 0 ? 0 : sumH / issues;
    long interacting = c.nested() + c.overlapping();
    double ov = interacting == 0 ? 0 : (double) c.overlapping() / interacting;
    return new Fragmentation(asOf, subset.length, withIssues, disp, ov, (disp + ov) / 2, c);
  }

  /** Institutions present at the end of {@code year}: dated ones from their year, undated actors always, undated instruments never. */
  int[] asOf(int year) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < inst.size(); i++) {
      if (years[i] != null ? years[i] <= year : "actor".equals(inst.get(i).kind)) l.add(i);
    }
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  int[] all() {
    int[] a = new int[inst.size()];
    for (int i = 0; i < a.length; i++) a[i] = i;
    return a;
  }

  public List<Fragmentation> fragmentationOverTime() {
    List<Fragmentation> l = new ArrayList<>();
    TreeSet<Integer> ys = new TreeSet<>();
    for (Integer y : years) if (y != null) ys.add(y);
    if (!ys.isEmpty()) for (int y = Math.max(ys.first(), ys.last() - 30); y <= ys.last(); y++) l.add(fragmentation(String.valueOf(y), asOf(y), masksAsOf(y)));
    l.add(fragmentation("all", all()));
    return l;
  }

  /** Centrality over the whole relation graph (every record that a relation or issuer link touches). */
  public List<Node> centrality(List<String> focus, int top) {
    Map<String, Integer> id = new LinkedHashMap<>();
    List<int[]> edges = new ArrayList<>();
    int m = 0;
    int[] eu = new int[g.relations.size() + 16], ev = new int[eu.length];
    for (Entry r : g.relations) {
      if (g.get(r.source) == null || g.get(r.target) == null) continue;
      if (m == eu.length) {
        eu = Arrays.copyOf(eu, m * 2);
        ev = Arrays.copyOf(ev, m * 2);
      }
      eu[m] = id.computeIfAbsent(r.source, x -> id.size());
      ev[m++] = id.computeIfAbsent(r.target, x -> id.size());
    }
    for (Entry e : g.nodes.values()) {
      for (String s : e.issuers) {
        if (g.get(s) == null) continue;
        if (m == eu.length) {
          eu = Arrays.copyOf(eu, m * 2);
          ev = Arrays.copyOf(ev, m * 2);
        }
        eu[m] = id.computeIfAbsent(e.id, x -> id.size());
        ev[m++] = id.computeIfAbsent(s, x -> id.size());
      }
    }
    for (Entry e : inst) id.computeIfAbsent(e.id, x -> id.size());
    int n = id.size();
    Centrality c = new Centrality(n, eu, ev, m);
    int samples = betweennessSamples >= 0 ? betweennessSamples : (n <= 5000 ? 0 : 256);
    double[] bc = c.betweenness(samples, 42);
    int[] core = c.coreNumbers();
    int maxCore = Arrays.stream(core).max().orElse(0);
    String[] ids = id.keySet().toArray(String[]::new);
    Integer[] byDeg = new Integer[n], byBc = new Integer[n];
    for (int i = 0; i < n; i++) byDeg[i] = byBc[i] = i;
    Arrays.sort(byDeg, Comparator.comparingInt((Integer i) -> -c.degree(i)).thenComparing(i -> ids[i]));
    Arrays.sort(byBc, Comparator.comparingDouble((Integer i) -> -bc[i]).thenComparing(i -> ids[i]));
    // competition ranking ("1, 2, 2, 4"): equal values share a rank; the id order above only lists them (two nodes of
    // degree 2 had been ranks 267 and 285, by how their ids sort)
    int[] degRank = new int[n], bcRank = new int[n];
    for (int r = 0; r < n; r++) {
      degRank[byDeg[r]] = r > 0 && c.degree(byDeg[r]) == c.degree(byDeg[r - 1]) ? degRank[byDeg[r - 1]] : r + 1;
      bcRank[byBc[r]] = r > 0 && bc[byBc[r]] == bc[byBc[r - 1]] ? bcRank[byBc[r - 1]] : r + 1;
    }
    List<Node> out = new ArrayList<>();
    List<Integer> pick = new ArrayList<>();
    for (String f : focus) {
      Integer i = id.get(f);
      if (i != null) pick.add(i);
    }
    for (int r = 0; r < Math.min(top, n); r++) if (!pick.contains(byBc[r])) pick.add(byBc[r]);
    for (int i : pick) {
      Entry e = g.get(ids[i]);
      out.add(new Node(ids[i], e == null || e.name == null ? ids[i] : e.name.in("en"), e == null ? null : e.type, c.degree(i), bc[i],
          Centrality.normalise(bc[i], n), core[i], maxCore, degRank[i], bcRank[i]));
    }
    return out;
  }

  /** Organisational form: the recorded one, else derived from the actor type (of the record or its first issuer). */
  public String orgForm(Entry e) {
    if (e.orgForm != null) return e.orgForm;
    String t = e.type;
    if ("instrument".equals(e.kind)) {
      Entry issuer = e.issuers.isEmpty() ? null : g.get(e.issuers.get(0));
      t = issuer == null ? null : issuer.type;
    }
    if (t == null) return "unset";
    return switch (t) {
      case "international_org" -> "international_org";
      case "regional_org", "eu_institution" -> "regional";
      case "multilateral_forum", "intergovernmental_forum", "state_group", "forum" -> "multilateral";
      case "multistakeholder_body", "standards_body", "research_institute", "civil_society" -> "multistakeholder";
      case "state", "government_agency", "legislature" -> "government_led";
      case "company", "exchange" -> "industry";
      default -> "unset";
    };
  }

  /** Risk layer × organisational form: number of institutions covering the layer. */
  public Map<String, Map<String, Integer>> coverage() {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    List<String> forms = new ArrayList<>(Vocab.ORG_FORM.codes());
    forms.add("unset");
    for (String r : Vocab.RISK.codes()) {
      Map<String, Integer> row = new LinkedHashMap<>();
      for (String f : forms) row.put(f, 0);
      m.put(r, row);
    }
    Map<String, Integer> none = new LinkedHashMap<>();
    for (String f : forms) none.put(f, 0);
    m.put("(no risk coded)", none);
    for (int i = 0; i < inst.size(); i++) {
      String f = orgForm(inst.get(i));
      boolean any = false;
      for (String r : Vocab.RISK.codes()) {
        if ((masks[i] & bit("risk:" + r)) != 0) {
          m.get(r).merge(f, 1, Integer::sum);
          any = true;
        }
      }
      if (!any) none.merge(f, 1, Integer::sum);
    }
    return m;
  }

  public static List<String> gaps(Map<String, Map<String, Integer>> coverage) {
    List<String> l = new ArrayList<>();
    coverage.forEach((r, row) -> {
      if (r.startsWith("(")) return;
      row.forEach((f, v) -> {
        if (v == 0 && !"unset".equals(f)) l.add(r + " × " + f);
      });
    });
    return l;
  }

  static final String[] REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"};

  /** True for the geographic proxy of developing countries: Africa and Latin America and the Caribbean. */
  boolean developing(String state) {
    return "Africa".equals(g.unRegion(state)) || "Latin America and the Caribbean".equals(g.unSubregion(state));
  }

  /** Tag of the states the representation baseline counts when any state carries it. */
  public static final String UN_MEMBER_TAG = "un_member";

  /**
   * Region shares among the baseline states: UN members when the data tags them, else every state actor.
   * Territories (Bouvet Island, Guam, Åland…) are state actors for memberships but not states the
   * world's representation is measured against, so the UN with all its members scores 1.
   */
  public Map<String, Double> regionBaseline() {
    Map<String, Double> m = new LinkedHashMap<>();
    int total = 0;
    Map<String, Integer> c = new TreeMap<>();
    int dev = 0;
    boolean unTagged = g.nodes.values().stream().anyMatch(e -> g.isState(e.id) && e.tags.contains(UN_MEMBER_TAG));
    for (Entry e : g.nodes.values()) {
      if (!g.isState(e.id)) continue;
      if (unTagged && !e.tags.contains(UN_MEMBER_TAG)) continue;
      String r = g.unRegion(e.id);
      if (r == null) continue;
      total++;
      c.merge(r, 1, Integer::sum);
      if (developing(e.id)) dev++;
    }
    for (String r : REGIONS) m.put(r, total == 0 ? 0 : c.getOrDefault(r, 0) / (double) total);
    m.put("developing_proxy", total == 0 ? 0 : dev / (double) total);
    m.put("states", (double) total);
    m.put("un_members_only", unTagged ? 1.0 : 0.0);
    return m;
  }

  public List<Representation> representation(int minStates) {
    Map<String, Double> base = regionBaseline();
    List<Representation> out = new ArrayList<>();
    for (Entry e : inst) {
      Map<String, Integer> by = new LinkedHashMap<>();
      for (String r : REGIONS) by.put(r, 0);
      int states = 0, dev = 0;
      for (String p : g.participants(e.id)) {
        if (!g.isState(p)) continue;
        String r = g.unRegion(p);
        if (r == null) continue;
        states++;
        by.merge(r, 1, Integer::sum);
        if (developing(p)) dev++;
      }
      if (states < minStates) continue;
      Map<String, Double> ratio = new LinkedHashMap<>();
      for (String r : REGIONS) ratio.put(r, base.get(r) == 0 ? Double.NaN : (by.get(r) / (double) states) / base.get(r));
      double ds = dev / (double) states;
      out.add(new Representation(e.id, e.name == null ? e.id : e.name.in("en"), states, by, ratio, ds,
          base.get("developing_proxy") == 0 ? Double.NaN : ds / base.get("developing_proxy")));
    }
    out.sort(Comparator.comparingInt(Representation::states).reversed().thenComparing(Representation::id));
    return out;
  }

  public Result run() {
    List<Pair> pairs = new ArrayList<>();
    Counts counts = classifyAll(all(), pairs);
    Map<String, Map<String, Integer>> cov = coverage();
    List<Representation> rep = representation(5);
    Map<String, Object> test = new LinkedHashMap<>();
    double[] ratios = rep.stream().mapToDouble(Representation::developingRatio).filter(d -> !Double.isNaN(d)).sorted().toArray();
    long under = Arrays.stream(ratios).filter(d -> d < 1).count();
    double median = ratios.length == 0 ? Double.NaN
        : ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    test.put("claim", "developing countries are under-represented in international AI-governance initiatives (seed, paper 4)");
    test.put("proxy", "Africa + Latin America and the Caribbean (UN M49); World Bank income groups are not bundled");
    test.put("claim_zh", "发展中国家在国际人工智能治理倡议中代表性不足（种子文献，论文4）");
    test.put("proxy_zh", "非洲 + 拉丁美洲和加勒比（联合国 M49 分区）；未附带世界银行收入分组");
    test.put("initiatives_tested", ratios.length);
    test.put("initiatives_under_represented", under);
    test.put("median_ratio_to_baseline", median);
    test.put("verdict", ratios.length == 0 ? "no data" : median < 1 ? "supported" : "not supported");
    List<String> notes = List.of(
        "Institutions: records with jurisdiction INTL or an org_form, actors of types " + new TreeSet<>(INSTITUTION_ACTOR_TYPES)
            + ", instruments except " + new TreeSet<>(EXCLUDED_INSTRUMENT_TYPES) + ".",
        "Pairs listed: every non-disjoint pair up to " + pairListLimit + ".",
        "Undated actors are counted in every year; undated instruments only in 'all'. An actor's issues in a year are those of the instruments it issued by then.");
    // the Chinese note names the types as the pages do (论坛, 国际组织 …), not by their codes
    List<String> notesZh = List.of(
        "机制：法域为国际（INTL）或带有组织形式的记录、类型为" + zhLabels(Vocab.ACTOR_TYPE, INSTITUTION_ACTOR_TYPES) + "的行为体，以及除"
            + zhLabels(Vocab.INSTRUMENT_TYPE, EXCLUDED_INSTRUMENT_TYPES) + "以外的文书。",
        "列出的机制对：最多 " + pairListLimit + " 个非互斥的机制对。",
        "无日期的行为体计入每一年；无日期的文书只计入“全部”。行为体在某一年的议题仅取其截至该年发布的文书。");
    List<Node> central = centrality(FOCUS, 15);
    List<Node> focus = central.stream().filter(x -> FOCUS.contains(x.id())).toList();
    List<Node> top = central.stream().filter(x -> x.betweennessRank() <= 15).toList();
    return new Result(counts, pairs, fragmentationOverTime(), focus, top, cov, gaps(cov),
        regionBaseline(), rep, test, new Convergence(g).overTime(), notes, notesZh);
  }

  private static String zhLabels(Vocab.Field f, Set<String> codes) {
    return String.join("、", new TreeSet<>(codes).stream().map(c -> f.label(c, "zh")).toList());
  }

  public static List<Table> tables(Result r) {
    List<Table> out = new ArrayList<>();
    Table c = new Table("complex_counts", "机制对关系分类计数", "Pair classes", List.of("institutions", "pairs", "nested", "overlapping", "parallel", "disjoint"));
    c.add(r.counts().institutions(), r.counts().pairs(), r.counts().nested(), r.counts().overlapping(), r.counts().parallel(), r.counts().disjoint());
    out.add(c);
    Table p = new Table("complex_pairs", "国际倡议两两关系", "Pairs of initiatives", List.of("a", "b", "kind", "shared_members", "shared_issues", "reason"));
    for (Pair x : r.pairs()) p.add(x.a(), x.b(), x.kind().name(), x.sharedMembers(), x.sharedIssues(), x.reason());
    out.add(p);
    Table f = new Table("complex_fragmentation", "碎片化指数", "Fragmentation index over time",
        List.of("as_of", "institutions", "with_issues", "issue_dispersion", "overlap_share", "index", "nested", "overlapping", "parallel", "disjoint"));
    for (Fragmentation x : r.fragmentation())
      f.add(x.asOf(), x.institutions(), x.withIssues(), x.issueDispersion(), x.overlapShare(), x.index(), x.counts().nested(),
          x.counts().overlapping(), x.counts().parallel(), x.counts().disjoint());
    out.add(f);
    Table n = new Table("complex_core", "核心与边缘", "Core and periphery",
        List.of("id", "name", "type", "degree", "degree_rank", "betweenness", "betweenness_norm", "betweenness_rank", "core", "max_core"));
    List<Node> nodes = new ArrayList<>(r.focus());
    for (Node x : r.topCentral()) if (nodes.stream().noneMatch(y -> y.id().equals(x.id()))) nodes.add(x);
    for (Node x : nodes)
      n.add(x.id(), x.name(), x.type(), x.degree(), x.degreeRank(), x.betweenness(), x.betweennessNorm(), x.betweennessRank(), x.core(), x.maxCore());
    out.add(n);
    List<String> cols = new ArrayList<>();
    cols.add("risk_layer");
    cols.addAll(r.coverage().values().iterator().next().keySet());
    Table cv = new Table("complex_coverage", "风险层级×组织形式覆盖矩阵", "Coverage: risk layer × organisational form", cols);
    r.coverage().forEach((risk, row) -> {
      List<Object> cells = new ArrayList<>();
      cells.add(risk);
      cells.addAll(row.values());
      cv.add(cells.toArray());
    });
    out.add(cv);
    List<String> rc = new ArrayList<>(List.of("id", "name", "states"));
    for (String reg : REGIONS) rc.add(reg.toLowerCase());
    for (String reg : REGIONS) rc.add(reg.toLowerCase() + "_ratio");
    rc.add("developing_share");
    rc.add("developing_ratio");
    Table rp = new Table("complex_representation", "按联合国区域的成员代表性", "Representation by UN region", rc);
    for (Representation x : r.representation()) {
      List<Object> cells = new ArrayList<>(List.of(x.id(), x.name(), x.states()));
      for (String reg : REGIONS) cells.add(x.byRegion().get(reg));
      for (String reg : REGIONS) cells.add(x.ratioToBaseline().get(reg));
      cells.add(x.developingShare());
      cells.add(x.developingRatio());
      rp.add(cells.toArray());
    }
    out.add(rp);
    out.add(Convergence.table(r.convergence()));
    return out;
  }
}
