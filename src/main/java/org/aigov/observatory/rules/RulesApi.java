package org.aigov.observatory.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Utf8;
import org.aigov.observatory.kernel.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Shared by the CLI and HTTP surfaces: parse + classify, listings, crosswalk queries and CSV exports. */
public final class RulesApi {
  private final RuleBase rb;
  private final Classifier classifier;

  public RulesApi(RuleBase rb) {
    this.rb = rb;
    this.classifier = rb.classifier();
  }

  public RuleBase ruleBase() {
    return rb;
  }

  public static LocalDate parseOn(String on) {
    if (on == null) return LocalDate.now(java.time.ZoneOffset.UTC);
    // given empty (?on=, --on ""), it is no date: it had been read as today (outside QA); leave it out for today
    if (on.isBlank()) throw ApiException.badRequest("on", "empty: give a date as YYYY-MM-DD, or leave it out for today (UTC)");
    return LocalDate.ofEpochDay(ProfileSchema.parseDay("on", on));
  }

  public Classification classify(JsonNode profile, LocalDate on) {
    return classifier.classify(rb.schema.parse(profile), on);
  }

  /** Parses the profile text without building a JSON tree, then classifies. */
  public Classification classify(String profileJson, LocalDate on) {
    return classifier.classify(rb.schema.parse(profileJson), on);
  }

  public String jurisdiction(String code, String param) {
    if (code == null || code.isBlank()) throw ApiException.badRequest(param, "required (one of " + rb.jurisdictions.keySet() + ")");
    String c = code.strip().toUpperCase();
    if (!rb.jurisdictions.containsKey(c)) throw ApiException.badRequest(param, "unknown regime '" + code + "' (one of " + rb.jurisdictions.keySet() + ")");
    return c;
  }

  /** Two regimes to cross: both known, and not the same one (EU to EU listed every duty as "not covered"). */
  public String[] pair(String from, String to, String fromParam, String toParam) {
    String f = jurisdiction(from, fromParam), t = jurisdiction(to, toParam);
    if (f.equals(t)) throw ApiException.badRequest(toParam, "choose a regime other than 'from' (" + f + ")");
    return new String[] {f, t};
  }

  /** json or csv, as the API and the command line take it. */
  public static String format(String format, String param) {
    if (!"json".equals(format) && !"csv".equals(format)) throw ApiException.badRequest(param, "must be json or csv");
    return format;
  }

  /** A profile file (or "-", standard input) as strict UTF-8, as the API reads a body: a bad byte is named, not replaced. */
  public static String readProfile(java.nio.file.Path file, String field) throws java.io.IOException {
    byte[] bytes = file.toString().equals("-") ? System.in.readAllBytes() : java.nio.file.Files.readAllBytes(file);
    String text;
    try {
      text = Utf8.decode(bytes);
    } catch (Utf8.Malformed e) {
      throw ApiException.badRequest(field, "not valid UTF-8 at byte " + e.offset + "; save the profile as UTF-8");
    }
    // the API refuses an escape of half a character (\ud800) before reading the body; the command read it as "?" (outside QA)
    String lone = org.aigov.observatory.kernel.Utf8.loneSurrogateProblem(bytes);
    if (lone != null) throw ApiException.badRequest(field, lone);
    return text;
  }

  public List<Map<String, Object>> sets() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RuleSet s : rb.ruleSets()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id);
      m.put("version", s.version);
      m.put("jurisdiction", s.jurisdiction);
      m.put("binding", s.binding);
      m.put("title", s.title);
      m.put("instrument", s.instrument);
      m.put("url", s.url);
      m.put("valid_from", LocalDate.ofEpochDay(s.validFrom).toString());
      m.put("valid_to", s.validTo == Long.MAX_VALUE ? null : LocalDate.ofEpochDay(s.validTo).toString());
      m.put("status", s.status);
      m.put("file", "rules/" + s.file);
      m.put("rules", s.ruleCount());
      m.put("obligations", s.obligations().size());
      out.add(m);
    }
    return out;
  }

  public Map<String, Object> questionnaire() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> qs = new ArrayList<>();
    for (Field f : rb.schema.fields) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", f.name);
      m.put("type", f.type.name().toLowerCase());
      m.put("group", f.group);
      if (!f.options.isEmpty()) m.put("options", f.options);
      if (f.label != null) m.put("label", f.label);
      m.put("question", f.question);
      m.put("help", f.help);
      qs.add(m);
    }
    out.put("questions", qs);
    out.put("note", "Absent or null answers are open questions; POST a partial profile to /api/rules/classify to get only the questions that can still change the result.");
    return out;
  }

  /**
   * The guided questionnaire for a partial profile: only the questions that can still change a
   * result, in questionnaire order, with the first one as {@code next}, plus the provisional tiers.
   */
  public Map<String, Object> nextQuestions(JsonNode profile, LocalDate on) {
    Classification c = classify(profile, on);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("on", c.on);
    out.put("complete", c.complete);
    out.put("contradictions", c.contradictions);
    Map<String, Object> provisional = new LinkedHashMap<>();
    c.jurisdictions().forEach((code, r) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tier", r.tier);
      m.put("possible_tiers", r.possible_tiers);
      if (r.gpai != null) m.put("gpai", r.gpai);
      m.put("open", r.open_questions.size());
      provisional.put(code, m);
    });
    out.put("provisional", provisional);
    out.put("remaining", c.open_questions.size());
    out.put("next", c.open_questions.isEmpty() ? null : c.open_questions.get(0));
    out.put("open_questions", c.open_questions);
    return out;
  }

  /**
   * "Which of my duties in regime {@code from} also count towards regime {@code to}": classifies the
   * profile and splits the duties applying on the date (plus upcoming ones) into those with a
   * crosswalk link to {@code to} and those without.
   */
  public Map<String, Object> myDuties(String profileJson, LocalDate on, String from, String to) {
    Classification c = classify(profileJson, on);
    Classification.Result r = c.get(from);
    if (r == null) throw ApiException.unprocessable("jurisdictions", "the profile does not include " + from);
    List<Map<String, Object>> counted = new ArrayList<>(), notCounted = new ArrayList<>();
    List<Classification.Duty> duties = new ArrayList<>(r.obligations);
    if (r.upcoming != null) duties.addAll(r.upcoming);
    for (Classification.Duty d : duties) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.id());
      m.put("citation", d.citation());
      m.put("applies_from", d.applies_from());
      m.put("text", d.text());
      List<Classification.Link> towards = new ArrayList<>();
      if (d.also_counts_towards() != null) for (Classification.Link l : d.also_counts_towards()) if (l.regime().equals(to)) towards.add(l);
      if (towards.isEmpty()) {
        // a provision of `to` is linked, but this system does not have that duty there: not "no counterpart"
        Obligation o = rb.obligations().get(d.id());
        List<Classification.Link> idle = new ArrayList<>();
        if (o != null) for (CrosswalkLink l : o.links) {
          Obligation x = l.other(o);
          if (x.set.jurisdiction.equals(to)) idle.add(new Classification.Link(to, x.id, x.citation, l.relation()));
        }
        if (!idle.isEmpty()) m.put("linked_duties_not_applying", idle);
        notCounted.add(m);
      } else {
        m.put("counts_towards", towards);
        counted.add(m);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("on", c.on);
    out.put("from", from);
    out.put("to", to);
    out.put("tier", r.tier);
    out.put("also_count", counted);
    out.put("no_counterpart", notCounted);
    return out;
  }

  /** JSON Schema (draft 2020-12) of the input profile, generated from rules/profile-schema.yaml. */
  public Map<String, Object> profileJsonSchema() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://aigov.observatory/schemas/rules-profile.json");
    root.put("title", "AI system profile for classification (rules module)");
    root.put("description", "Every property is optional; an absent or null property is an unanswered question. Unknown properties are refused.");
    root.put("type", "object");
    root.put("additionalProperties", false);
    Map<String, Object> props = new LinkedHashMap<>();
    for (Field f : rb.schema.fields) {
      Map<String, Object> p = new LinkedHashMap<>();
      switch (f.type) {
        case BOOL -> p.put("type", List.of("boolean", "null"));
        case STRING, META -> p.put("type", List.of("string", "null"));
        case ENUM -> {
          p.put("type", List.of("string", "null"));
          List<Object> e = new ArrayList<>(f.options);
          e.add(null);
          p.put("enum", e);
        }
        case ENUM_LIST -> {
          p.put("type", List.of("array", "string", "null"));
          p.put("items", Map.of("enum", f.options));
          p.put("uniqueItems", true);
          if (f.nonEmpty) p.put("minItems", 1);
        }
        case NUMBER -> {
          p.put("type", List.of("number", "string", "null"));
          if (f.min != null) p.put("minimum", f.min);
        }
        case DATE -> {
          p.put("type", List.of("string", "null"));
          p.put("format", "date");
          if (f.notBefore != null) p.put("x-not-before", f.notBefore);
        }
      }
      if (f.presumed != null) p.put("x-presumed-if-unanswered", ProfileSchema.render(f, f.presumed));
      if (f.question != null) {
        p.put("description", f.question.en());
        p.put("x-question-zh", f.question.zh());
      }
      props.put(f.name, p);
    }
    root.put("properties", props);
    return root;
  }

  /** Links and gaps between two regimes: what 'to' covers of 'from', and what it does not. */
  public Map<String, Object> crosswalk(String from, String to) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", rb.crosswalkVersion());
    List<Map<String, Object>> ls = new ArrayList<>();
    List<CrosswalkLink> links = from == null ? rb.links() : rb.links(from, to);
    for (CrosswalkLink l : links) ls.add(link(l));
    out.put("links", ls);
    if (from != null) {
      out.put("from", from);
      out.put("to", to);
      List<Map<String, Object>> gaps = new ArrayList<>();
      for (Obligation o : rb.gaps(from, to)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id);
        m.put("citation", o.citation);
        m.put("text", o.text);
        gaps.add(m);
      }
      out.put("not_covered_by_" + to, gaps);
    }
    return out;
  }

  private static Map<String, Object> link(CrosswalkLink l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("from_regime", l.a().set.jurisdiction);
    m.put("from", l.a().id);
    m.put("from_citation", l.a().citation);
    m.put("to_regime", l.b().set.jurisdiction);
    m.put("to", l.b().id);
    m.put("to_citation", l.b().citation);
    m.put("relation", l.relation());
    m.put("rationale", l.rationale());
    return m;
  }

  public String rulesCsv() {
    return csv(new String[] {"obligation_id", "rule_set", "version", "jurisdiction", "binding", "roles", "group", "citation",
        "applies_from", "applies_to", "text_en", "text_zh"}, p -> {
      for (RuleSet s : rb.ruleSets()) for (Rule r : s.rules) for (Obligation o : r.obligations) {
        long from = Math.max(o.from, r.from);
        p.printRecord(o.id, s.id, s.version, s.jurisdiction, s.binding, String.join(";", o.roles), o.group, o.citation,
            LocalDate.ofEpochDay(from), o.to == Long.MAX_VALUE ? "" : LocalDate.ofEpochDay(o.to), o.text.en(), o.text.zh());
      }
    });
  }

  public String crosswalkCsv(String from, String to) {
    List<CrosswalkLink> links = from == null ? rb.links() : rb.links(from, to);
    return csv(new String[] {"link_id", "from_regime", "from_id", "from_citation", "to_regime", "to_id", "to_citation", "relation",
        "rationale_en", "rationale_zh"}, p -> {
      for (CrosswalkLink l : links)
        p.printRecord(l.id(), l.a().set.jurisdiction, l.a().id, l.a().citation, l.b().set.jurisdiction, l.b().id, l.b().citation,
            l.relation(), l.rationale().en(), l.rationale().zh());
    });
  }

  interface Rows {
    void write(CSVPrinter p) throws IOException;
  }

  private static String csv(String[] header, Rows rows) {
    StringWriter w = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).build())) {
      rows.write(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
