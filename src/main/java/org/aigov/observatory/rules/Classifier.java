package org.aigov.observatory.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Text;

/** Evaluates the compiled rule base against a parsed profile. Stateless and thread-safe. */
public final class Classifier {
  private final RuleBase rb;
  private final List<Field> fields;

  private final Field[] presumed;
  private final Field[] conditional;

  Classifier(RuleBase rb) {
    this.rb = rb;
    this.fields = rb.schema.fields;
    this.presumed = fields.stream().filter(f -> f.presumed != null).toArray(Field[]::new);
    this.conditional = fields.stream().filter(f -> f.onlyIf != null).toArray(Field[]::new);
  }

  private static final String[] DAY_STR = new String[(int) (ProfileSchema.MAX_DAY - ProfileSchema.MIN_DAY + 1)];

  /** ISO date text for an epoch day, cached: dates are printed many times per classification. */
  static String day(long d) {
    if (d < ProfileSchema.MIN_DAY || d > ProfileSchema.MAX_DAY) return LocalDate.ofEpochDay(d).toString();
    int i = (int) (d - ProfileSchema.MIN_DAY);
    String s = DAY_STR[i];
    if (s == null) DAY_STR[i] = s = LocalDate.ofEpochDay(d).toString();
    return s;
  }

  public Classification classify(Profile p, LocalDate on) {
    return classify(p, on.toEpochDay());
  }

  public Classification classify(Profile p, long day) {
    Object[] v = p.values;
    if (presumed.length > 0) {
      Object[] w = null;
      for (Field f : presumed) {
        if (v[f.idx] == null) {
          if (w == null) w = v.clone();
          w[f.idx] = f.presumed;
        }
      }
      if (w != null) v = w;
    }
    if (conditional.length > 0) {
      // a question whose precondition is answered negatively is not asked: it is "no" (a fact, not a presumption)
      Cond.Ctx pre = new Cond.Ctx(v, 0);
      Object[] w = null;
      for (Field f : conditional) {
        if (v[f.idx] == null && f.onlyIf.eval(pre) == Cond.F) {
          if (w == null) w = v == p.values ? v.clone() : v;
          w[f.idx] = Boolean.FALSE;
        }
      }
      if (w != null) v = w;
    }
    Cond.Ctx ctx = new Cond.Ctx(v, rb.nFacts);
    Classification out = new Classification();
    out.on = day(day);
    out.profile = p.name;
    List<Classification.Contradiction> contradictions = new ArrayList<>();
    for (Rule c : rb.checks) {
      if (c.when.eval(ctx) == Cond.T) {
        List<String> fs = new ArrayList<>();
        for (int i : c.fields) fs.add(fields.get(i).name);
        contradictions.add(new Classification.Contradiction(c.id, fs, c.contradiction));
      }
    }
    out.contradictions = contradictions;
    BitSet globalOpen = new BitSet();
    Map<Integer, List<String>> globalAsk = new HashMap<>();
    Long jm = (Long) v[rb.jurisdictionsField.idx];
    if (jm == null) {
      globalOpen.set(rb.jurisdictionsField.idx);
      globalAsk.computeIfAbsent(rb.jurisdictionsField.idx, k -> new ArrayList<>()).add("scope");
    }
    boolean complete = jm != null && contradictions.isEmpty();
    for (RuleBase.Jurisdiction j : rb.jurisdictions.values()) {
      int code = rb.jurisdictionsField.option(j.code);
      if (jm != null && (jm & (1L << code)) == 0) continue;
      Classification.Result r = evaluate(j, ctx, p.values, day, globalOpen, globalAsk);
      out.byCode.put(j.code, r);
      complete &= r.complete;
    }
    out.complete = complete;
    out.open_questions = questions(globalOpen, globalAsk);
    keepLinksThatApply(out);
    return out;
  }

  /**
   * A duty "also counts towards" another regime's duty only if this profile has that duty there: a chatbot's Art. 50(1)
   * does not count towards Deep Synthesis Art. 17 for a service China's rules do not cover. Links to a regime classified
   * here with every question answered are kept only when the linked duty applies now or later; links to a regime not
   * asked about, or still open, stay (they may yet apply).
   */
  static void keepLinksThatApply(Classification out) {
    Map<String, java.util.Set<String>> held = new HashMap<>();
    out.byCode.forEach((code, r) -> {
      if (!r.complete) return;
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (List<Classification.Duty> l : java.util.Arrays.asList(r.obligations, r.upcoming)) if (l != null) for (Classification.Duty d : l) ids.add(d.id());
      held.put(code, ids);
    });
    if (held.isEmpty()) return;
    for (Classification.Result r : out.byCode.values()) {
      r.obligations = linksThatApply(r.obligations, held);
      r.upcoming = linksThatApply(r.upcoming, held);
    }
  }

  private static List<Classification.Duty> linksThatApply(List<Classification.Duty> duties, Map<String, java.util.Set<String>> held) {
    if (duties == null) return null;
    List<Classification.Duty> out = new ArrayList<>(duties.size());
    for (Classification.Duty d : duties) {
      if (d.also_counts_towards() == null) { out.add(d); continue; }
      List<Classification.Link> keep = new ArrayList<>();
      for (Classification.Link l : d.also_counts_towards()) if (!held.containsKey(l.regime()) || held.get(l.regime()).contains(l.id())) keep.add(l);
      out.add(keep.size() == d.also_counts_towards().size() ? d : new Classification.Duty(d.id(), d.rule_set(), d.binding(), d.role(), d.citation(),
          d.applies_from(), d.applies_to(), d.text(), d.fired_by(), d.suspended_because(), d.depends_on(), keep.isEmpty() ? null : keep));
    }
    return out;
  }

  /** A role-bound tier (Art. 5(1)(h) prohibits the use, so the deployer's) counts when the roles are unknown or hold one of its roles. */
  private static boolean tierBinds(Rule rule, long knownRoles, long held) {
    return rule.tierRoles == 0 || knownRoles == 0 || (rule.tierRoles & held) != 0;
  }

  private Classification.Result evaluate(RuleBase.Jurisdiction j, Cond.Ctx ctx, Object[] answered, long day, BitSet globalOpen,
      Map<Integer, List<String>> globalAsk) {
    Object[] v = ctx.v;
    Classification.Result r = new Classification.Result();
    List<Classification.SetStatus> sets = new ArrayList<>(j.sets.size());
    List<Classification.Step> trace = new ArrayList<>(32);
    BitSet open = new BitSet(fields.size());
    Map<Integer, List<String>> askedBy = new HashMap<>(4);
    int best = Integer.MAX_VALUE;
    int bestPossible = Integer.MAX_VALUE;
    List<String> basis = new ArrayList<>();
    long tierFrom = Long.MAX_VALUE;
    int gpai = Integer.MAX_VALUE, gpaiPossible = Integer.MAX_VALUE;
    boolean anyInForce = false;
    List<Rule> fired = new ArrayList<>(32), tierRules = new ArrayList<>(4);
    Map<String, Long> defer = null;
    Map<String, Rule> suspend = null;
    Map<String, Rule> deferOpen = null; // presumed deferrals (Art. 113(c)) left undetermined
    List<Rule> openSetters = null;      // undetermined rules that set a fact, to trace a rule back to its open questions
    long roles = 0;
    Long pr0 = (Long) answered[rb.roleField.idx];
    long knownRoles = pr0 == null ? 0 : pr0;

    for (List<RuleSet> versions : j.sets) {
      RuleSet s = pick(versions, day);
      boolean inForce = s.inForce(day);
      anyInForce |= inForce;
      String st = inForce ? "in-force" : day < s.validFrom ? "not-yet-in-force" : "no-longer-in-force";
      sets.add(s.statusRecord(st));
      for (Rule rule : s.rules) {
        int e = rule.when.eval(ctx);
        if (v != answered && rule.presumable.length > 0) presumptionMattered(rule, e, ctx, answered, day < s.validTo, open, askedBy);
        if (rule.fact >= 0 && e > ctx.facts[rule.fact]) ctx.facts[rule.fact] = (byte) e;
        if (e == Cond.T) {
          fired.add(rule);
          Classification.Step f = step(rule, "fired", v, answered, inForce);
          if (rule.helper) f.reason = false;
          trace.add(f);
          // a set not in force on the date lends no tier or status, but its timing rules still shape its duties
          if (inForce && rule.tierRank >= 0) tierRules.add(rule);
          if (inForce && rule.gpai != null) gpai = Math.min(gpai, RuleBase.GPAI.indexOf(rule.gpai));
          if (!rule.deferGroups.isEmpty()) {
            if (defer == null) defer = new HashMap<>();
            for (String g : rule.deferGroups) defer.merge(g, rule.deferTo, Math::max);
          }
          if (!rule.suspendGroups.isEmpty()) {
            if (suspend == null) suspend = new HashMap<>();
            for (String g : rule.suspendGroups) suspend.putIfAbsent(g, rule);
          }
          roles |= rule.addRoleMask;
        } else if (e == Cond.U) {
          if (day >= s.validTo) continue; // no questions about law no longer in force
          if (rule.fact >= 0) {
            if (openSetters == null) openSetters = new ArrayList<>();
            openSetters.add(rule);
          }
          if (rule.deferPresumed) {
            if (deferOpen == null) deferOpen = new HashMap<>();
            for (String g : rule.deferGroups) deferOpen.putIfAbsent(g, rule);
          }
          // no questions for duties that bind none of the profile's roles
          if (rule.onlyObligations && knownRoles != 0 && (rule.obligationRoles & (knownRoles | roles)) == 0) continue;
          boolean asked = false;
          for (int fi : rule.fields) {
            if (v[fi] == null) {
              open.set(fi);
              askedBy.computeIfAbsent(fi, k -> new ArrayList<>()).add(rule.id);
              asked = true;
            }
          }
          if (asked || rule.fact < 0) {
            Classification.Step u = step(rule, "undetermined", v, answered, inForce);
            if (rule.factsRead.length > 0) {
              List<Rule> setters = openSetters;
              byte[] facts = ctx.facts;
              u.blockedBy = () -> blockedBy(rule, v, facts, setters);
            }
            trace.add(u);
          }
          if (inForce && rule.tierRank >= 0 && tierBinds(rule, knownRoles, knownRoles | roles)) bestPossible = Math.min(bestPossible, rule.tierRank);
          if (inForce && rule.gpai != null) gpaiPossible = Math.min(gpaiPossible, RuleBase.GPAI.indexOf(rule.gpai));
        }
      }
    }
    // tier: after every rule, since a rule may add a role (Art. 25) that a role-bound tier reads
    for (Rule rule : tierRules) {
      if (!tierBinds(rule, knownRoles, knownRoles | roles)) continue;
      if (rule.tierRank < best) {
        best = rule.tierRank;
        basis.clear();
        tierFrom = Long.MAX_VALUE;
      }
      if (rule.tierRank == best) {
        basis.add(rule.id);
        tierFrom = Math.min(tierFrom, rule.from);
      }
    }
    if (!anyInForce) {
      r.tier = null;
    } else if (best == Integer.MAX_VALUE) {
      r.tier = j.defaultTier;
      trace.add(new Classification.Step("default", null, "fired", "tier=" + j.defaultTier,
          new Text("没有更高等级的规则被触发，适用默认等级。", "No rule for a higher tier fired; the default tier applies."), null, v, answered, fields));
    } else {
      r.tier = j.tiers.get(best);
      r.tier_basis = basis;
      if (tierFrom != Long.MIN_VALUE) r.tier_applies_from = LocalDate.ofEpochDay(tierFrom).toString();
    }
    int bestOrDefault = best == Integer.MAX_VALUE ? j.tiers.indexOf(j.defaultTier) : best;
    if (anyInForce && bestPossible < bestOrDefault) {
      r.possible_tiers = new ArrayList<>(j.tiers.subList(bestPossible, bestOrDefault));
    }
    if (j.gpai && anyInForce) {
      r.gpai = gpai == Integer.MAX_VALUE ? "none" : RuleBase.GPAI.get(gpai);
      int g = gpai == Integer.MAX_VALUE ? RuleBase.GPAI.size() - 1 : gpai;
      if (gpaiPossible < g) r.possible_gpai = new ArrayList<>(RuleBase.GPAI.subList(gpaiPossible, g));
    }
    // obligations
    Long pr = (Long) answered[rb.roleField.idx];
    boolean roleKnown = pr != null;
    long roleMask = (pr == null ? 0 : pr) | roles;
    List<Classification.Duty> now = new ArrayList<>(48), later = new ArrayList<>(0), past = new ArrayList<>(0), susp = new ArrayList<>(0);
    boolean roleMatters = false;
    for (Rule rule : fired) {
      for (Obligation o : rule.obligations) {
        if (roleKnown && (o.roleMask & roleMask) == 0) continue;
        if (!roleKnown) roleMatters = true;
        long from = o.effFrom, to = o.effTo;
        Long dg = o.group == null || defer == null ? null : defer.get(o.group);
        if (dg != null && dg > from) from = dg;
        List<String> dependsOn = null;
        Rule od = dg != null || o.group == null || deferOpen == null ? null : deferOpen.get(o.group);
        if (od != null && od.deferTo > from) { // presumed deferred, and flagged with the questions that could bring it forward
          from = od.deferTo;
          dependsOn = blockedBy(od, v, ctx.facts, openSetters);
        }
        Rule by = o.group == null || suspend == null ? null : suspend.get(o.group);
        // a suspension of some roles only (Art. 2(10): the deployer's) leaves the duty to the system's other roles
        Text why = by == null || by.suspendRoles != 0 && (o.roleMask & roleMask & ~by.suspendRoles) != 0 ? null : by.suspendReason;
        Classification.Duty duty = current(from == o.effFrom && why == null ? o.duty : duty(o, rule, from, to, why, dependsOn), o, day);
        if (why != null) susp.add(duty);
        else if (day < from) later.add(duty);
        else if (day >= to) past.add(duty);
        else now.add(duty);
      }
    }
    // a rule that only lists duties of other roles (Art. 26 for a provider) is no reason for this profile's result
    if (roleKnown) {
      for (Classification.Step st : trace) {
        Rule src = st.source();
        if (src != null && src.onlyObligations && (src.obligationRoles & roleMask) == 0 && "fired".equals(st.result())) st.reason = false;
      }
    }
    if (roleMatters) {
      open.set(rb.roleField.idx);
      askedBy.computeIfAbsent(rb.roleField.idx, k -> new ArrayList<>()).add("obligations by role");
    }
    r.rule_sets = sets;
    r.obligations = now;
    r.upcoming = later.isEmpty() ? null : later;
    r.expired = past.isEmpty() ? null : past;
    r.suspended = susp.isEmpty() ? null : susp;
    r.trace = trace;
    // a regime that excludes the system outright (EU Art. 2(3) defence, Art. 2(6) research) has nothing left to ask
    if (fired.stream().anyMatch(x -> "excluded".equals(x.factName) && x.set.inForce(day))) {
      open.clear();
      askedBy.clear();
    }
    r.open_questions = questions(open, askedBy);
    r.complete = open.isEmpty();
    globalOpen.or(open);
    askedBy.forEach((k, l) -> globalAsk.computeIfAbsent(k, x -> new ArrayList<>()).addAll(l));
    return r;
  }

  /**
   * Re-evaluates a rule with its presumed answers blanked: if the outcome changes, the presumption
   * decided it, so the question is listed (with the presumed value) for the operator to confirm.
   */
  private void presumptionMattered(Rule rule, int e, Cond.Ctx ctx, Object[] answered, boolean ask, BitSet open,
      Map<Integer, List<String>> askedBy) {
    Object[] v = ctx.v;
    Object[] saved = null;
    for (int k = 0; k < rule.presumable.length; k++) {
      int fi = rule.presumable[k];
      if (answered[fi] == null) {
        if (saved == null) saved = new Object[rule.presumable.length];
        saved[k] = v[fi];
        v[fi] = null;
      }
    }
    if (saved == null) return;
    int e2 = rule.when.eval(ctx);
    for (int k = 0; k < rule.presumable.length; k++) if (saved[k] != null) v[rule.presumable[k]] = saved[k];
    if (e2 == e || !ask) return;
    for (int k = 0; k < rule.presumable.length; k++) {
      if (saved[k] == null) continue;
      open.set(rule.presumable[k]);
      askedBy.computeIfAbsent(rule.presumable[k], x -> new ArrayList<>()).add(rule.id);
    }
  }

  /** The unanswered questions an undetermined rule waits for, directly or through the undetermined facts it reads. */
  private List<String> blockedBy(Rule rule, Object[] v, byte[] facts, List<Rule> openSetters) {
    BitSet b = new BitSet();
    collectBlocking(rule, true, v, facts, openSetters, b, new java.util.HashSet<>());
    List<String> out = new ArrayList<>();
    for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) out.add(fields.get(i).name);
    return out.isEmpty() ? null : out;
  }

  private static void collectBlocking(Rule rule, boolean top, Object[] v, byte[] facts, List<Rule> openSetters, BitSet b,
      java.util.Set<Rule> seen) {
    if (!seen.add(rule)) return;
    boolean upstreamOpen = false;
    if (openSetters != null) {
      for (int f : rule.factsRead) {
        if (facts[f] != Cond.U) continue;
        for (Rule s : openSetters) {
          if (s.fact != f) continue;
          upstreamOpen = true;
          collectBlocking(s, false, v, facts, openSetters, b, seen);
        }
      }
    }
    // a fact-setting rule's own questions come after the facts it reads (profiling only matters once Annex III is known)
    if (upstreamOpen && !top) return;
    for (int fi : rule.fields) if (v[fi] == null) b.set(fi);
  }

  private static RuleSet pick(List<RuleSet> versions, long day) {
    RuleSet future = null;
    for (RuleSet s : versions) {
      if (s.inForce(day)) return s;
      if (s.validFrom > day && future == null) future = s;
    }
    return future != null ? future : versions.get(versions.size() - 1);
  }

  private Classification.Step step(Rule rule, String result, Object[] v, Object[] answeredNow, boolean inForce) {
    String eff = inForce ? rule.effect : rule.effect + " (rule set not in force on this date)";
    return new Classification.Step(rule.id, rule.citation, result, eff, rule.note, rule, v, answeredNow, fields);
  }

  /** The duty without its links to rule sets no longer in force on {@code day}: nothing counts towards a revoked order. */
  static Classification.Duty current(Classification.Duty d, Obligation o, long day) {
    if (d.also_counts_towards() == null) return d;
    long lapse = o.linksLapse;
    if (lapse == 0) { // once per obligation: the earliest end among the linked sets (most never end)
      lapse = Long.MAX_VALUE;
      for (CrosswalkLink l : o.links) lapse = Math.min(lapse, l.other(o).set.validTo);
      o.linksLapse = lapse;
    }
    if (day < lapse) return d;
    List<Classification.Link> keep = new ArrayList<>();
    for (CrosswalkLink l : o.links) {
      Obligation x = l.other(o);
      if (x.set.validTo > day) keep.add(new Classification.Link(x.set.jurisdiction, x.id, x.citation, l.relation()));
    }
    return new Classification.Duty(d.id(), d.rule_set(), d.binding(), d.role(), d.citation(), d.applies_from(), d.applies_to(), d.text(),
        d.fired_by(), d.suspended_because(), d.depends_on(), keep.isEmpty() ? null : keep);
  }

  static Classification.Duty duty(Obligation o, Rule rule, long from, long to, Text why) {
    return duty(o, rule, from, to, why, null);
  }

  static Classification.Duty duty(Obligation o, Rule rule, long from, long to, Text why, List<String> dependsOn) {
    List<Classification.Link> links = null;
    if (!o.links.isEmpty()) {
      links = new ArrayList<>(o.links.size());
      for (CrosswalkLink l : o.links) {
        Obligation x = l.other(o);
        links.add(new Classification.Link(x.set.jurisdiction, x.id, x.citation, l.relation()));
      }
    }
    return new Classification.Duty(o.id, o.set.id, o.set.binding, o.roles, o.citation, day(from),
        to == Long.MAX_VALUE ? null : day(to), o.text, rule.id, why, dependsOn, links);
  }

  private List<Classification.Question> questions(BitSet open, Map<Integer, List<String>> askedBy) {
    if (open.isEmpty()) return List.of();
    List<Classification.Question> qs = new ArrayList<>();
    for (int i = open.nextSetBit(0); i >= 0; i = open.nextSetBit(i + 1)) {
      Field f = fields.get(i);
      List<String> by = askedBy.get(i);
      qs.add(new Classification.Question(f.name, f.label, f.question, f.help, f.type.name().toLowerCase(),
          f.options.isEmpty() ? null : f.options, by == null ? null : by.stream().distinct().toList(),
          f.presumed == null ? null : ProfileSchema.render(f, f.presumed)));
    }
    return qs;
  }
}
