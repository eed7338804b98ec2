package org.aigov.observatory.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.aigov.observatory.kernel.Text;

/**
 * All rule sets, the profile schema and the crosswalk, compiled once. Classification evaluates
 * compiled conditions only; no file is read after loading.
 */
public final class RuleBase {
  /** Per-jurisdiction configuration from rules/index.yaml. */
  public static final class Jurisdiction {
    public final String code;
    public final Text name;
    public final List<String> tiers;
    public final String defaultTier;
    public final boolean gpai;
    final List<List<RuleSet>> sets = new ArrayList<>(); // per set id, versions sorted by validFrom
    final Map<String, Integer> facts = new HashMap<>();
    final Set<String> groups = new HashSet<>();

    Jurisdiction(String code, Text name, List<String> tiers, String defaultTier, boolean gpai) {
      this.code = code;
      this.name = name;
      this.tiers = tiers;
      this.defaultTier = defaultTier;
      this.gpai = gpai;
    }

    public List<List<RuleSet>> ruleSets() {
      return sets;
    }
  }

  static final List<String> GPAI = List.of("gpai-systemic", "gpai", "none");

  public final ProfileSchema schema;
  final Map<String, Jurisdiction> jurisdictions = new LinkedHashMap<>();
  final List<Rule> checks = new ArrayList<>();
  final Map<String, Obligation> obligations = new LinkedHashMap<>();
  final Map<String, Rule> rulesById = new HashMap<>();
  final List<CrosswalkLink> links = new ArrayList<>();
  int crosswalkVersion;
  int nFacts;
  /** Whether any schema field carries a presumption (saves a scan per classification otherwise). */
  boolean hasPresumptions;
  final Field roleField, jurisdictionsField;

  private static volatile RuleBase DEFAULT;

  /** The rule base shipped on the classpath (rules/index.yaml), loaded once. */
  public static RuleBase standard() {
    RuleBase r = DEFAULT;
    if (r == null) {
      synchronized (RuleBase.class) {
        if (DEFAULT == null) DEFAULT = load(RuleBase::classpath);
        r = DEFAULT;
      }
    }
    return r;
  }

  static String classpath(String name) {
    try (InputStream in = RuleBase.class.getResourceAsStream("/rules/" + name)) {
      if (in == null) throw new RuleLoadException(name, 0, "file not found on classpath under rules/");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleLoadException(name, 0, "cannot read: " + e.getMessage());
    }
  }

  /** Loads from any source of files named relative to the rules folder (tests pass their own). */
  public static RuleBase load(Function<String, String> files) {
    YamlDoc index = YamlDoc.parse("index.yaml", files.apply("index.yaml"));
    return new RuleBase(index, files);
  }

  private RuleBase(YamlDoc index, Function<String, String> files) {
    index.only(index.root, "schema", "jurisdictions", "rule_sets", "crosswalk");
    String schemaFile = index.str(index.root, "schema", true);
    YamlDoc sd = YamlDoc.parse(schemaFile, files.apply(schemaFile));
    schema = ProfileSchema.load(sd);
    roleField = schema.field("role");
    for (Field f : schema.fields) hasPresumptions |= f.presumed != null;
    jurisdictionsField = schema.field("jurisdictions");
    if (roleField == null || roleField.type != Field.Type.ENUM_LIST)
      throw new RuleLoadException(schemaFile, 0, "schema must declare 'role' as enum_list");
    if (jurisdictionsField == null || jurisdictionsField.type != Field.Type.ENUM_LIST)
      throw new RuleLoadException(schemaFile, 0, "schema must declare 'jurisdictions' as enum_list");

    ObjectNode js = index.obj(index.root, "jurisdictions", true);
    for (var it = js.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode j = e.getValue();
      index.only(j, "name", "tiers", "default_tier", "gpai");
      List<String> tiers = new ArrayList<>();
      for (JsonNode t : index.arr(j, "tiers", true)) tiers.add(t.asText());
      String def = index.str(j, "default_tier", true);
      if (!tiers.contains(def)) throw index.fail(j, "default_tier", "must be one of the tiers " + tiers);
      if (jurisdictionsField.option(e.getKey()) < 0)
        throw index.fail(js, e.getKey(), "jurisdiction code not among the schema's 'jurisdictions' options");
      jurisdictions.put(e.getKey(), new Jurisdiction(e.getKey(), ProfileSchema.text(index, j, "name", true),
          List.copyOf(tiers), def, j.path("gpai").asBoolean(false)));
    }
    // contradiction checks are compiled like rules, in a jurisdiction-less scope
    Jurisdiction none = new Jurisdiction("-", null, List.of(), null, false);
    ArrayNode cks = sd.arr(sd.root, "checks", false);
    if (cks != null) {
      RuleSet cs = new RuleSet("profile-checks", 1, schemaFile, "-", "soft", null, null, null, Long.MIN_VALUE, Long.MAX_VALUE, null, null);
      for (JsonNode c : cks) checks.add(compileRule(sd, c, cs, none, true));
    }
    // preconditions of questions (only_if), over answers only
    for (JsonNode fn : sd.arr(sd.root, "fields", true)) {
      if (!fn.has("only_if")) continue;
      Field f = schema.field(fn.get("name").asText());
      List<Integer> used = new ArrayList<>();
      f.onlyIf = cond(sd, fn.get("only_if"), fn, "only_if", none, used);
      if (used.contains(f.idx)) throw sd.fail(fn, "only_if", "a question cannot be its own precondition");
    }
    for (JsonNode f : index.arr(index.root, "rule_sets", true)) {
      String file = f.asText();
      YamlDoc d = YamlDoc.parse(file, files.apply(file));
      loadSet(d);
    }
    for (Jurisdiction j : jurisdictions.values()) {
      for (List<RuleSet> versions : j.sets) {
        versions.sort((a, b) -> Long.compare(a.validFrom, b.validFrom));
        for (int i = 1; i < versions.size(); i++)
          if (versions.get(i).validFrom < versions.get(i - 1).validTo)
            throw new RuleLoadException(versions.get(i).file, 0, "version " + versions.get(i).version
                + " of rule set " + versions.get(i).id + " overlaps version " + versions.get(i - 1).version);
        for (RuleSet s : versions) for (Rule r : s.rules) {
          for (String g : concat(r.deferGroups, r.suspendGroups))
            if (!j.groups.contains(g)) throw new RuleLoadException(s.file, 0, "rule " + r.id + ": unknown obligation group '" + g + "'");
        }
      }
    }
    String cw = index.str(index.root, "crosswalk", false);
    if (cw != null) loadCrosswalk(YamlDoc.parse(cw, files.apply(cw)));
    for (Jurisdiction j : jurisdictions.values()) for (List<RuleSet> vs : j.sets) for (RuleSet s : vs) for (Rule r : s.rules) {
      for (Obligation o : r.obligations) {
        o.effFrom = Math.max(Math.max(o.from, r.from), s.validFrom);
        o.effTo = Math.min(Math.min(o.to, r.to), s.validTo);
        o.duty = Classifier.duty(o, r, o.effFrom, o.effTo, null);
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  private void loadSet(YamlDoc d) {
    JsonNode r = d.root;
    if (!r.isObject()) throw d.fail(r, null, "a rule set must be a mapping");
    d.only(r, "id", "version", "jurisdiction", "binding", "title", "instrument", "url", "valid_from", "valid_to",
        "status", "attribution", "rules");
    String id = d.str(r, "id", true);
    JsonNode vn = r.get("version");
    if (vn == null || !vn.canConvertToInt() || vn.asInt() < 1) throw d.fail(r, "version", "must be a positive integer");
    String jc = d.str(r, "jurisdiction", true);
    Jurisdiction j = jurisdictions.get(jc);
    if (j == null) throw d.fail(r, "jurisdiction", "unknown jurisdiction '" + jc + "' (known: " + jurisdictions.keySet() + ")");
    String binding = d.str(r, "binding", true);
    if (!binding.equals("hard") && !binding.equals("soft")) throw d.fail(r, "binding", "must be hard or soft");
    long from = day(d, r, "valid_from", true, Long.MIN_VALUE);
    long to = day(d, r, "valid_to", false, Long.MAX_VALUE);
    if (to <= from) throw d.fail(r, "valid_to", "must be after valid_from");
    RuleSet set = new RuleSet(id, vn.asInt(), d.file, jc, binding, ProfileSchema.text(d, r, "title", true),
        d.str(r, "instrument", true), d.str(r, "url", false), from, to, ProfileSchema.text(d, r, "status", false),
        d.str(r, "attribution", false));
    List<RuleSet> versions = null;
    for (List<RuleSet> l : j.sets) if (l.get(0).id.equals(id)) versions = l;
    if (versions == null) j.sets.add(versions = new ArrayList<>());
    for (RuleSet o : versions) if (o.version == set.version) throw d.fail(r, "version", "duplicate version " + set.version + " of " + id);
    versions.add(set);
    ArrayNode rules = d.arr(r, "rules", true);
    if (rules.isEmpty()) throw d.fail(r, "rules", "a rule set needs at least one rule");
    for (JsonNode rn : rules) set.rules.add(compileRule(d, rn, set, j, false));
  }

  private static long day(YamlDoc d, JsonNode parent, String key, boolean required, long dflt) {
    String s = d.str(parent, key, required);
    if (s == null) return dflt;
    try {
      return LocalDate.parse(s, ProfileSchema.DATE).toEpochDay();
    } catch (DateTimeParseException e) {
      throw d.fail(parent, key, "not a valid date YYYY-MM-DD: '" + s + "'");
    }
  }

  private Source source(YamlDoc d, JsonNode parent, String key, RuleSet set, boolean required) {
    JsonNode s = d.obj(parent, key, required);
    if (s == null) return null;
    d.only(s, Source.KEYS);
    Source src = new Source(set.instrument, d.str(s, "article", false), d.str(s, "paragraph", false),
        d.str(s, "subparagraph", false), d.str(s, "point", false), d.str(s, "annex", false),
        d.str(s, "annex_point", false), d.str(s, "section", false), d.str(s, "clause", false));
    if (src.empty()) throw d.fail(parent, key, "a source needs an article, annex, section or clause");
    if (src.paragraph() != null && src.article() == null) throw d.fail(s, "paragraph", "paragraph without article");
    if (src.annex_point() != null && src.annex() == null) throw d.fail(s, "annex_point", "annex point without annex");
    return src;
  }

  private Rule compileRule(YamlDoc d, JsonNode rn, RuleSet set, Jurisdiction j, boolean isCheck) {
    if (!rn.isObject()) throw d.fail(rn, null, "a rule must be a mapping");
    if (isCheck) d.only(rn, "id", "when", "contradiction");
    else d.only(rn, "id", "title", "source", "when", "applies_from", "applies_to", "fact", "tier", "tier_roles", "gpai", "defer",
        "suspend", "add_role", "obligations", "note", "helper");
    String id = d.str(rn, "id", true);
    if (rulesById.containsKey(id) || obligations.containsKey(id)) throw d.fail(rn, "id", "duplicate id " + id);
    Source src = isCheck ? null : source(d, rn, "source", set, true);
    if (!rn.has("when")) throw d.fail(rn, "when", "required condition is missing");
    List<Integer> used = new ArrayList<>();
    Cond when = cond(d, rn.get("when"), rn, "when", j, used);
    long from = isCheck ? Long.MIN_VALUE : day(d, rn, "applies_from", false, set.validFrom);
    long to = isCheck ? Long.MAX_VALUE : day(d, rn, "applies_to", false, set.validTo);
    if (to <= from) throw d.fail(rn, "applies_to", "must be after applies_from");
    if (from < set.validFrom) throw d.fail(rn, "applies_from", "before the rule set's valid_from");
    int fact = -1;
    String factName = d.str(rn, "fact", false);
    if (factName != null) {
      Integer fi = j.facts.get(factName);
      if (fi == null) j.facts.put(factName, fi = nFacts++);
      fact = fi;
    }
    String tier = d.str(rn, "tier", false);
    int rank = -1;
    if (tier != null) {
      rank = j.tiers.indexOf(tier);
      if (rank < 0) throw d.fail(rn, "tier", "'" + tier + "' is not a tier of " + j.code + " " + j.tiers);
    }
    long tierRoles = rn.has("tier_roles") ? roleMask(d, rn, "tier_roles") : 0;
    if (tierRoles != 0 && tier == null) throw d.fail(rn, "tier_roles", "needs a tier");
    String gpai = d.str(rn, "gpai", false);
    if (gpai != null && (!j.gpai || !GPAI.contains(gpai)))
      throw d.fail(rn, "gpai", j.gpai ? "must be one of " + GPAI : "jurisdiction " + j.code + " has no GPAI status");
    Text contradiction = isCheck ? ProfileSchema.text(d, rn, "contradiction", true) : null;
    List<String> deferGroups = List.of();
    long deferTo = 0;
    ObjectNode df = d.obj(rn, "defer", false);
    if (df != null) {
      d.only(df, "groups", "to", "presume");
      deferGroups = strings(d, df, "groups");
      deferTo = day(d, df, "to", true, 0);
      if (df.has("presume") && !df.get("presume").isBoolean()) throw d.fail(df, "presume", "must be true or false");
    }
    List<String> suspendGroups = List.of();
    Text suspendReason = null;
    ObjectNode sp = d.obj(rn, "suspend", false);
    long suspendRoles = 0;
    if (sp != null) {
      d.only(sp, "groups", "reason", "roles");
      suspendGroups = strings(d, sp, "groups");
      suspendReason = ProfileSchema.text(d, sp, "reason", true);
      if (sp.has("roles")) suspendRoles = roleMask(d, sp, "roles");
    }
    long addRole = rn.has("add_role") ? roleMask(d, rn, "add_role") : 0;
    List<Obligation> obls = new ArrayList<>();
    ArrayNode on = d.arr(rn, "obligations", false);
    if (on != null) {
      for (JsonNode o : on) {
        d.only(o, "id", "role", "group", "source", "applies_from", "applies_to", "text");
        String oid = d.str(o, "id", true);
        if (obligations.containsKey(oid) || rulesById.containsKey(oid) || oid.equals(id)) throw d.fail(o, "id", "duplicate id " + oid);
        List<String> roles = strings(d, o, "role");
        long mask = roleMask(d, o, "role");
        Source os = o.has("source") ? source(d, o, "source", set, true) : src;
        long of = day(d, o, "applies_from", false, from);
        long ot = day(d, o, "applies_to", false, to);
        if (ot <= of) throw d.fail(o, "applies_to", "must be after applies_from");
        String group = d.str(o, "group", false);
        if (group != null) j.groups.add(group);
        Obligation ob = new Obligation(oid, set, os, mask, List.copyOf(roles), group, of, ot, ProfileSchema.text(d, o, "text", true));
        obligations.put(oid, ob);
        obls.add(ob);
      }
    }
    if (!isCheck && fact < 0 && tier == null && gpai == null && df == null && sp == null && addRole == 0 && obls.isEmpty())
      throw d.fail(rn, "id", "rule " + id + " has no effect (fact, tier, gpai, defer, suspend, add_role or obligations)");
    StringBuilder eff = new StringBuilder();
    if (factName != null) eff.append("fact ").append(factName).append("; ");
    if (tier != null) eff.append("tier=").append(tier).append(tierRoles == 0 ? "" : " for " + strings(d, rn, "tier_roles")).append("; ");
    if (gpai != null) eff.append("gpai=").append(gpai).append("; ");
    if (df != null) eff.append("defer ").append(deferGroups).append(" to ").append(LocalDate.ofEpochDay(deferTo)).append("; ");
    if (sp != null) eff.append("suspend ").append(suspendGroups).append("; ");
    if (addRole != 0) eff.append("add role ").append(strings(d, rn, "add_role")).append("; ");
    if (!obls.isEmpty()) eff.append(obls.size()).append(" obligation(s); ");
    if (isCheck) eff.append("contradiction; ");
    int[] fields = used.stream().filter(i -> i >= 0).distinct().mapToInt(Integer::intValue).toArray();
    Rule rule = new Rule(id, set, src, when, from, to, fact, factName, tier, rank, gpai, contradiction, deferGroups,
        deferTo, suspendGroups, suspendReason, addRole, List.copyOf(obls), fields,
        eff.length() == 0 ? "" : eff.substring(0, eff.length() - 2), isCheck ? null : ProfileSchema.text(d, rn, "note", false));
    rule.presumable = java.util.Arrays.stream(fields).filter(i -> schema.fields.get(i).presumed != null).toArray();
    rule.factsRead = used.stream().filter(i -> i < 0).distinct().mapToInt(i -> -1 - i).toArray();
    rule.deferPresumed = df != null && df.path("presume").asBoolean(false);
    if (rn.has("helper")) {
      if (!rn.get("helper").isBoolean()) throw d.fail(rn, "helper", "must be true or false");
      if (fact < 0 || tier != null || gpai != null || df != null || sp != null || addRole != 0 || !obls.isEmpty())
        throw d.fail(rn, "helper", "only a rule that just sets a fact can be a helper");
      rule.helper = rn.get("helper").booleanValue();
    }
    rule.suspendRoles = suspendRoles;
    rule.tierRoles = tierRoles;
    rulesById.put(id, rule);
    return rule;
  }

  /** The roles listed under {@code key} as a mask of the role field's options; an unknown role names the key. */
  private long roleMask(YamlDoc d, JsonNode parent, String key) {
    long mask = 0;
    for (String role : strings(d, parent, key)) {
      int i = roleField.option(role);
      if (i < 0) throw d.fail(parent, key, "unknown role '" + role + "' " + roleField.options);
      mask |= 1L << i;
    }
    return mask;
  }

  private static List<String> strings(YamlDoc d, JsonNode parent, String key) {
    JsonNode n = parent.get(key);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) throw d.fail(parent, key, "required value is missing");
    if (n.isTextual()) out.add(n.asText());
    else if (n.isArray()) for (JsonNode x : n) out.add(x.asText());
    else throw d.fail(parent, key, "must be a string or a list of strings");
    if (out.isEmpty()) throw d.fail(parent, key, "must not be empty");
    return out;
  }

  private static final Set<String> LOGIC = Set.of("all", "any", "not", "fact", "field");

  /** Compiles one condition node, checking field names, operators and option values against the schema. */
  private Cond cond(YamlDoc d, JsonNode n, JsonNode parent, String key, Jurisdiction j, List<Integer> used) {
    if (n == null || !n.isObject()) throw d.fail(parent, key, "a condition must be a mapping");
    if (n.has("all") || n.has("any")) {
      String k = n.has("all") ? "all" : "any";
      d.only(n, k);
      ArrayNode a = d.arr(n, k, true);
      if (a.isEmpty()) throw d.fail(n, k, "empty list");
      Cond[] cs = new Cond[a.size()];
      for (int i = 0; i < cs.length; i++) cs[i] = cond(d, a.get(i), n, k, j, used);
      return k.equals("all") ? Cond.all(cs) : Cond.any(cs);
    }
    if (n.has("always")) {
      d.only(n, "always");
      if (!n.get("always").isBoolean()) throw d.fail(n, "always", "must be true or false");
      boolean b = n.get("always").booleanValue();
      return c -> b ? Cond.T : Cond.F;
    }
    if (n.has("not")) {
      d.only(n, "not");
      return Cond.not(cond(d, n.get("not"), n, "not", j, used));
    }
    if (n.has("fact")) {
      d.only(n, "fact");
      String f = d.str(n, "fact", true);
      Integer i = j.facts.get(f);
      if (i == null) throw d.fail(n, "fact", "fact '" + f + "' is used before any earlier rule of " + j.code + " sets it");
      used.add(-1 - i); // facts as negatives: the trace follows them back to the questions that leave them open
      return Cond.fact(i);
    }
    if (!n.has("field")) throw d.fail(n, null, "a condition needs one of all, any, not, fact, field, always");
    String fname = d.str(n, "field", true);
    Field f = schema.field(fname);
    if (f == null) throw d.fail(n, "field", "unknown profile field '" + fname + "'");
    if (n.size() != 2) throw d.fail(n, "field", "a field condition needs exactly one operator");
    String op = null;
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("field")) op = k;
    }
    JsonNode arg = n.get(op);
    used.add(f.idx);
    if (op.equals("known")) {
      if (!arg.isBoolean()) throw d.fail(n, op, "must be true or false");
      return Cond.known(f.idx, arg.booleanValue());
    }
    switch (f.type) {
      case BOOL -> {
        if (!op.equals("is")) throw d.fail(n, op, "boolean field " + fname + " takes 'is' or 'known'");
        if (!arg.isBoolean()) throw d.fail(n, op, "must be true or false");
        return Cond.isBool(f.idx, arg.booleanValue());
      }
      case ENUM, ENUM_LIST -> {
        boolean list = f.type == Field.Type.ENUM_LIST;
        if (list && op.equals("empty")) {
          if (!arg.isBoolean()) throw d.fail(n, op, "must be true or false");
          return Cond.listEmpty(f.idx, arg.booleanValue());
        }
        Set<String> ok = list ? Set.of("contains", "contains_any", "empty") : Set.of("eq", "in");
        if (!ok.contains(op)) throw d.fail(n, op, "field " + fname + " takes " + ok + " or 'known'");
        long mask = 0;
        List<JsonNode> vals = new ArrayList<>();
        if (arg.isArray()) arg.forEach(vals::add);
        else vals.add(arg);
        if ((op.equals("in") || op.equals("contains_any")) != arg.isArray())
          throw d.fail(n, op, op.equals("in") || op.equals("contains_any") ? "needs a list" : "needs a single value");
        for (JsonNode v : vals) {
          int i = f.option(v.asText());
          if (i < 0) throw d.fail(n, op, "'" + v.asText() + "' is not an option of " + fname + " " + f.options);
          mask |= 1L << i;
        }
        return list ? Cond.listAny(f.idx, mask) : Cond.enumIn(f.idx, mask);
      }
      case NUMBER -> {
        int cmp = List.of("gt", "gte", "lt", "lte").indexOf(op);
        if (cmp < 0) throw d.fail(n, op, "number field " + fname + " takes gt, gte, lt, lte or known");
        double b;
        if (arg.isNumber()) b = arg.doubleValue();
        else {
          try {
            b = Double.parseDouble(arg.asText());
          } catch (NumberFormatException e) {
            throw d.fail(n, op, "not a number: '" + arg.asText() + "'");
          }
        }
        return Cond.compare(f.idx, b, cmp);
      }
      case DATE -> {
        int cmp = op.equals("before") ? 2 : op.equals("on_or_after") ? 1 : -1;
        if (cmp < 0) throw d.fail(n, op, "date field " + fname + " takes before, on_or_after or known");
        return Cond.compare(f.idx, day(d, n, op, true, 0), cmp);
      }
      case STRING -> {
        if (!op.equals("matches")) throw d.fail(n, op, "text field " + fname + " takes 'matches' or 'known'");
        try {
          return Cond.matches(f.idx, Pattern.compile(arg.asText(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        } catch (PatternSyntaxException e) {
          throw d.fail(n, op, "bad regular expression: " + e.getDescription());
        }
      }
      default -> throw d.fail(n, "field", "field " + fname + " cannot be used in conditions");
    }
  }

  private void loadCrosswalk(YamlDoc d) {
    d.only(d.root, "id", "version", "title", "links");
    crosswalkVersion = d.root.path("version").asInt(0);
    if (crosswalkVersion < 1) throw d.fail(d.root, "version", "must be a positive integer");
    Set<String> ids = new HashSet<>();
    for (JsonNode l : d.arr(d.root, "links", true)) {
      d.only(l, "id", "a", "b", "relation", "rationale");
      String id = d.str(l, "id", true);
      if (!ids.add(id)) throw d.fail(l, "id", "duplicate link id " + id);
      Obligation a = obligations.get(d.str(l, "a", true));
      if (a == null) throw d.fail(l, "a", "no obligation with id '" + l.get("a").asText() + "'");
      Obligation b = obligations.get(d.str(l, "b", true));
      if (b == null) throw d.fail(l, "b", "no obligation with id '" + l.get("b").asText() + "'");
      if (a.set.jurisdiction.equals(b.set.jurisdiction)) throw d.fail(l, "b", "a link must join two different regimes");
      String rel = d.str(l, "relation", true);
      if (!Set.of("equivalent", "partial", "related").contains(rel)) throw d.fail(l, "relation", "must be equivalent, partial or related");
      CrosswalkLink link = new CrosswalkLink(id, a, b, rel, ProfileSchema.text(d, l, "rationale", true));
      links.add(link);
      a.links.add(link);
      b.links.add(link);
    }
  }

  // ---------------------------------------------------------------- queries

  public Map<String, Jurisdiction> jurisdictions() {
    return Collections.unmodifiableMap(jurisdictions);
  }

  public List<RuleSet> ruleSets() {
    List<RuleSet> out = new ArrayList<>();
    for (Jurisdiction j : jurisdictions.values()) for (List<RuleSet> v : j.sets) out.addAll(v);
    return out;
  }

  public Map<String, Obligation> obligations() {
    return Collections.unmodifiableMap(obligations);
  }

  public List<CrosswalkLink> links() {
    return Collections.unmodifiableList(links);
  }

  public int crosswalkVersion() {
    return crosswalkVersion;
  }

  /** Links joining regime {@code from} to regime {@code to} (either order in the file). */
  public List<CrosswalkLink> links(String from, String to) {
    List<CrosswalkLink> out = new ArrayList<>();
    for (CrosswalkLink l : links) {
      String ja = l.a().set.jurisdiction, jb = l.b().set.jurisdiction;
      if (ja.equals(from) && jb.equals(to)) out.add(l);
      else if (ja.equals(to) && jb.equals(from)) out.add(new CrosswalkLink(l.id(), l.b(), l.a(), l.relation(), l.rationale()));
    }
    return out;
  }

  /** Duties of regime {@code from} that no link ties to any duty of regime {@code to}. */
  public List<Obligation> gaps(String from, String to) {
    List<Obligation> out = new ArrayList<>();
    for (Obligation o : obligations.values()) {
      if (!o.set.jurisdiction.equals(from)) continue;
      boolean covered = false;
      for (CrosswalkLink l : o.links) if (l.other(o).set.jurisdiction.equals(to)) covered = true;
      if (!covered) out.add(o);
    }
    return out;
  }

  public Classifier classifier() {
    return new Classifier(this);
  }
}
