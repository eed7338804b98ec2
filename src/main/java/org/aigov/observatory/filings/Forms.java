package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.registry.Vocab;

/**
 * The three filing forms and their validation. Every problem is reported with the JSON path of the
 * field, all at once, so a form can show a message beside each field.
 */
public final class Forms {
  public static final Set<String> TYPES = Set.of("rules_report", "disclosure", "incident");
  public static final Set<String> ACTIONS = Set.of("new", "amended", "repealed");
  public static final Set<String> MODALITIES = Set.of("text", "image", "audio", "video", "code", "structured_data", "robotics", "other");
  public static final Set<String> HARMS = Set.of("physical", "psychological", "financial", "rights", "discrimination", "privacy", "security",
      "environment", "societal", "other");
  public static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  public static final Set<String> INCIDENT_STATUS = Set.of("open", "mitigated", "resolved");
  public static final Set<String> MARKET_STATUS = Set.of("planned", "on_market", "in_service", "withdrawn", "recalled");

  /** Fields allowed per form (unknown fields are errors, so typos do not silently vanish). */
  static final Map<String, Set<String>> FIELDS = Map.of(
      "rules_report", Set.of("jurisdiction", "period", "summary", "instruments"),
      "disclosure", Set.of("developer", "system_name", "version", "release_date", "market_status", "modalities", "capabilities",
          "limitations", "intended_uses", "prohibited_uses", "training_compute_flop", "training_compute_note", "training_data_summary",
          "evaluations", "safety_measures", "security_measures", "known_incidents", "deployment_regions", "open_weights", "contact_email",
          "url", "supersedes"),
      "incident", Set.of("title", "date_occurred", "date_reported", "system", "developer", "deployer", "jurisdictions", "harm_types",
          "severity", "description", "mitigation", "status", "sources"));
  static final Set<String> INSTRUMENT_FIELDS = Set.of("action", "registry_id", "name", "type", "date", "date_effective", "date_end", "binding",
      "status", "summary", "sources", "governance_layers", "risk_categories", "lifecycle");

  private Forms() {}

  /** Validates a filing document of {@code type}; throws {@link FormErrors} listing every bad field. */
  public static void validate(String type, JsonNode doc) {
    List<FormErrors.FieldError> errs = new ArrayList<>();
    Check k = new Check(errs);
    if (type == null || !TYPES.contains(type)) {
      errs.add(new FormErrors.FieldError("type", "one of rules_report, disclosure, incident"));
      throw new FormErrors(errs);
    }
    if (doc == null || !doc.isObject()) {
      errs.add(new FormErrors.FieldError("doc", "required: a JSON object with the form's fields"));
      throw new FormErrors(errs);
    }
    k.unknown(doc, "doc", FIELDS.get(type));
    switch (type) {
      case "rules_report" -> rulesReport(doc, k);
      case "disclosure" -> disclosure(doc, k);
      default -> incident(doc, k);
    }
    if (!errs.isEmpty()) throw new FormErrors(errs);
  }

  private static void rulesReport(JsonNode d, Check k) {
    k.code(d, "jurisdiction", true);
    k.string(d, "period", false, 50);
    k.text(d, "summary", false, 20_000);
    JsonNode ins = d.get("instruments");
    if (ins == null || !ins.isArray() || ins.isEmpty()) {
      k.err("doc.instruments", "at least one instrument (new, amended or repealed)");
      return;
    }
    if (ins.size() > 500) k.err("doc.instruments", "at most 500 instruments per report");
    for (int i = 0; i < ins.size() && i < 500; i++) {
      JsonNode x = ins.get(i);
      String p = "doc.instruments[" + i + "]";
      if (!x.isObject()) {
        k.err(p, "must be an object");
        continue;
      }
      k.unknown(x, p, INSTRUMENT_FIELDS);
      Check s = k.at(p);
      String action = s.oneOf(x, "action", true, ACTIONS);
      boolean isNew = "new".equals(action);
      String rid = s.string(x, "registry_id", !isNew && action != null, 160);
      if (rid != null && !rid.matches("^[a-z0-9][a-z0-9_:.\\-]{0,159}$")) s.err(p + ".registry_id", "not a registry record id");
      if (isNew && rid != null) s.err(p + ".registry_id", "a new instrument gets its id when published; leave empty");
      s.text(x, "name", isNew, 1000);
      s.oneOf(x, "type", isNew, Vocab.INSTRUMENT_TYPE.codes());
      PartialDate from = s.date(x, "date", false);
      s.date(x, "date_effective", false);
      PartialDate to = s.date(x, "date_end", false);
      if (from != null && to != null && to.start().isBefore(from.start())) s.err(p + ".date_end", "before date");
      s.oneOf(x, "binding", false, Vocab.BINDING.codes());
      s.oneOf(x, "status", false, Vocab.STATUS.codes());
      s.text(x, "summary", false, 20_000);
      s.sources(x, "sources");
      s.codes(x, "governance_layers", false, Vocab.GOVERNANCE_LAYER.codes());
      s.codes(x, "risk_categories", false, Vocab.RISK.codes());
      s.codes(x, "lifecycle", false, Vocab.LIFECYCLE.codes());
    }
  }

  private static void disclosure(JsonNode d, Check k) {
    Check s = k.at("doc");
    s.string(d, "developer", true, 300);
    s.string(d, "system_name", true, 300);
    s.string(d, "version", true, 100);
    s.date(d, "release_date", false);
    s.oneOf(d, "market_status", false, MARKET_STATUS);
    s.string(d, "supersedes", false, 100); // an earlier published disclosure of the party's that this one updates
    s.codes(d, "modalities", true, MODALITIES);
    s.string(d, "capabilities", true, 20_000);
    s.string(d, "limitations", false, 20_000);
    s.string(d, "intended_uses", true, 20_000);
    s.string(d, "prohibited_uses", true, 20_000);
    JsonNode flop = d.get("training_compute_flop");
    if (flop != null && !flop.isNull() && (!flop.isNumber() || flop.asDouble() < 0 || flop.asDouble() > 1e40))
      s.err("doc.training_compute_flop", "a number of floating-point operations, e.g. 1e25");
    s.string(d, "training_compute_note", false, 2000);
    s.string(d, "training_data_summary", true, 20_000);
    JsonNode ev = d.get("evaluations");
    if (ev != null && !ev.isNull()) {
      if (!ev.isArray()) s.err("doc.evaluations", "a list of {name, result, method}");
      else for (int i = 0; i < ev.size(); i++) {
        String p = "doc.evaluations[" + i + "]";
        JsonNode e = ev.get(i);
        if (!e.isObject()) {
          s.err(p, "must be an object");
          continue;
        }
        s.unknown(e, p, Set.of("name", "result", "method"));
        Check c = s.at(p);
        c.string(e, "name", true, 300);
        c.string(e, "result", true, 5000);
        c.string(e, "method", false, 5000);
      }
    }
    s.string(d, "safety_measures", true, 20_000);
    s.string(d, "security_measures", false, 20_000);
    JsonNode inc = d.get("known_incidents");
    if (inc != null && !inc.isNull()) {
      if (!inc.isArray()) s.err("doc.known_incidents", "a list of {date, description}");
      else for (int i = 0; i < inc.size(); i++) {
        String p = "doc.known_incidents[" + i + "]";
        JsonNode e = inc.get(i);
        if (!e.isObject()) {
          s.err(p, "must be an object");
          continue;
        }
        s.unknown(e, p, Set.of("date", "description"));
        Check c = s.at(p);
        c.date(e, "date", false);
        c.string(e, "description", true, 5000);
      }
    }
    JsonNode regions = d.get("deployment_regions");
    if (regions == null || !regions.isArray() || regions.isEmpty()) s.err("doc.deployment_regions", "at least one region code, e.g. EU, US, CN, GLOBAL");
    else for (int i = 0; i < regions.size(); i++)
      if (!regions.get(i).isTextual() || !regions.get(i).asText().matches("^[A-Za-z][A-Za-z0-9\\-]{0,31}$"))
        s.err("doc.deployment_regions[" + i + "]", "a code like EU, US, CN or GLOBAL");
    JsonNode ow = d.get("open_weights");
    if (ow == null || !ow.isBoolean()) s.err("doc.open_weights", "required: true or false");
    String mail = s.string(d, "contact_email", false, 320);
    if (mail != null && !mail.matches("^[^@\\s]+@[^@\\s]+$")) s.err("doc.contact_email", "not an e-mail address");
    s.url(d, "url");
  }

  private static void incident(JsonNode d, Check k) {
    Check s = k.at("doc");
    s.string(d, "title", true, 500);
    PartialDate occ = s.date(d, "date_occurred", true);
    PartialDate rep = s.date(d, "date_reported", false);
    s.past("date_occurred", occ);
    s.past("date_reported", rep);
    if (occ != null && rep != null && rep.start().isBefore(occ.start())) s.err("doc.date_reported", "before date_occurred");
    s.string(d, "system", true, 300);
    s.string(d, "developer", false, 300);
    s.string(d, "deployer", false, 300);
    JsonNode j = d.get("jurisdictions");
    if (j != null && !j.isNull()) {
      if (!j.isArray()) s.err("doc.jurisdictions", "a list of codes");
      else for (int i = 0; i < j.size(); i++)
        if (!j.get(i).isTextual() || !j.get(i).asText().matches("^[A-Za-z][A-Za-z0-9\\-]{0,31}$")) s.err("doc.jurisdictions[" + i + "]", "a code like US or EU");
    }
    s.codes(d, "harm_types", true, HARMS);
    s.oneOf(d, "severity", true, SEVERITIES);
    s.string(d, "description", true, 20_000);
    s.string(d, "mitigation", false, 20_000);
    s.oneOf(d, "status", false, INCIDENT_STATUS);
    s.sources(d, "sources");
  }

  /** How a rules report's stored title starts; the feed and the pages put the rest after the type's name in each language. */
  static final String RULES_REPORT_TITLE = "AI rules report ";

  /** A short title for lists and feeds. */
  public static String title(String type, JsonNode d) {
    return switch (type) {
      case "rules_report" -> RULES_REPORT_TITLE + d.path("jurisdiction").asText("") + (d.hasNonNull("period") ? " " + d.get("period").asText() : "");
      case "disclosure" -> d.path("developer").asText("") + " " + d.path("system_name").asText("") + " " + d.path("version").asText("");
      default -> d.path("title").asText("");
    };
  }

  /** Collects errors; {@code base} prefixes field names. */
  static final class Check {
    final List<FormErrors.FieldError> errs;
    final String base;

    Check(List<FormErrors.FieldError> errs) {
      this(errs, "doc");
    }

    private Check(List<FormErrors.FieldError> errs, String base) {
      this.errs = errs;
      this.base = base;
    }

    Check at(String path) {
      return new Check(errs, path);
    }

    void err(String field, String msg) {
      errs.add(new FormErrors.FieldError(field, msg));
    }

    void unknown(JsonNode o, String path, Set<String> allowed) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) err(path + "." + f, "unknown field");
      }
    }

    String string(JsonNode o, String f, boolean required, int max) {
      JsonNode v = o.get(f);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        if (required) err(base + "." + f, "required");
        return null;
      }
      if (!v.isTextual()) {
        err(base + "." + f, "must be text");
        return null;
      }
      if (v.asText().length() > max) err(base + "." + f, "longer than " + max + " characters");
      return v.asText().strip();
    }

    void text(JsonNode o, String f, boolean required, int max) {
      JsonNode v = o.get(f);
      if (v == null || v.isNull()) {
        if (required) err(base + "." + f, "required: give " + f + ".zh, " + f + ".en or both");
        return;
      }
      if (!v.isObject()) {
        err(base + "." + f, "must be {\"zh\": ..., \"en\": ...}");
        return;
      }
      unknown(v, base + "." + f, Set.of("zh", "en"));
      boolean any = false;
      for (String l : List.of("zh", "en")) {
        JsonNode t = v.get(l);
        if (t == null || t.isNull()) continue;
        if (!t.isTextual()) err(base + "." + f + "." + l, "must be text");
        else if (t.asText().length() > max) err(base + "." + f + "." + l, "longer than " + max + " characters");
        else if (!t.asText().isBlank()) any = true;
      }
      if (required && !any) err(base + "." + f, "required: give " + f + ".zh, " + f + ".en or both");
    }

    String oneOf(JsonNode o, String f, boolean required, Set<String> allowed) {
      String v = string(o, f, required, 64);
      if (v != null && !allowed.contains(v)) {
        err(base + "." + f, "unknown value '" + v + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        return null;
      }
      return v;
    }

    void codes(JsonNode o, String f, boolean required, Set<String> allowed) {
      JsonNode v = o.get(f);
      if (v == null || v.isNull() || (v.isArray() && v.isEmpty())) {
        if (required) err(base + "." + f, "choose at least one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        return;
      }
      if (!v.isArray()) {
        err(base + "." + f, "must be a list");
        return;
      }
      // a closed list holds each value once: 50,000 copies of "privacy" were stored as given
      if (v.size() > allowed.size()) {
        err(base + "." + f, "at most " + allowed.size() + " values, each once");
        return;
      }
      java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
      for (int i = 0; i < v.size(); i++)
        if (!v.get(i).isTextual() || !allowed.contains(v.get(i).asText()))
          err(base + "." + f + "[" + i + "]", "unknown value " + v.get(i) + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        else seen.add(v.get(i).asText());
      if (seen.size() < v.size() && o instanceof com.fasterxml.jackson.databind.node.ObjectNode on) { // the document is stored as validated: drop repeats
        var a = on.putArray(f);
        seen.forEach(a::add);
      }
    }

    /** An event's date: not after today (one day of slack for time zones); "9999-12-31" was taken. */
    void past(String f, PartialDate d) {
      LocalDate latest = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
      if (d != null && d.start().isAfter(latest)) err(base + "." + f, "in the future: not after " + latest);
    }

    PartialDate date(JsonNode o, String f, boolean required) {
      String v = string(o, f, required, 10);
      if (v == null) return null;
      try {
        return PartialDate.parse(v, f);
      } catch (RuntimeException e) {
        err(base + "." + f, "a date YYYY, YYYY-MM or YYYY-MM-DD");
        return null;
      }
    }

    String code(JsonNode o, String f, boolean required) {
      String v = string(o, f, required, 32);
      if (v != null && !v.matches("^[A-Za-z][A-Za-z0-9\\-]{0,31}$")) err(base + "." + f, "a code like US, CN, EU or INTL");
      return v;
    }

    void url(JsonNode o, String f) {
      String u = string(o, f, false, 2000);
      if (u != null && !u.matches("^https?://\\S+$")) err(base + "." + f, "an http(s) URL");
    }

    void sources(JsonNode o, String f) {
      JsonNode v = o.get(f);
      if (v == null || v.isNull()) return;
      if (!v.isArray()) {
        err(base + "." + f, "a list of {url, citation}");
        return;
      }
      for (int i = 0; i < v.size(); i++) {
        JsonNode s = v.get(i);
        String p = base + "." + f + "[" + i + "]";
        if (!s.isObject()) {
          err(p, "must be an object");
          continue;
        }
        unknown(s, p, Set.of("url", "citation"));
        Check c = at(p);
        c.url(s, "url");
        c.string(s, "citation", false, 2000);
        if (!s.hasNonNull("url") && !s.hasNonNull("citation")) err(p, "needs a url or a citation");
      }
    }
  }

  static ArrayNode arr(JsonNode n) {
    return n != null && n.isArray() ? (ArrayNode) n : null;
  }

  static ObjectNode obj(JsonNode n) {
    return n != null && n.isObject() ? (ObjectNode) n : null;
  }
}
