package org.aigov.observatory.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Text;

/** Checks an entry against the data model; every complaint names the field. */
final class Validator {
  static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_:.\\-]{0,159}$");
  private static final int MAX_TEXT = 20_000;

  private Validator() {}

  /** Normalises in place (trims, dedupes lists) and throws {@link ApiException} naming the first bad field. */
  static void check(Entry e) {
    if (e.kind == null) throw ApiException.badRequest("kind", "required (instrument, actor or relation)");
    if (!Vocab.KIND.allows(e.kind)) throw bad("kind", e.kind, Vocab.KIND);
    if (e.id != null && !ID.matcher(e.id).matches())
      throw ApiException.badRequest("id", "must match " + ID.pattern() + ", got '" + e.id + "'");
    if (e.type == null) throw ApiException.badRequest("type", "required; one of " + Vocab.typeField(e.kind).codes());
    if (!Vocab.typeField(e.kind).allows(e.type)) throw bad("type", e.type, Vocab.typeField(e.kind));
    if ("relation".equals(e.kind)) {
      if (e.source == null || e.source.isBlank()) throw ApiException.badRequest("source", "required for a relation");
      if (e.target == null || e.target.isBlank()) throw ApiException.badRequest("target", "required for a relation");
      if (e.source.equals(e.target)) throw ApiException.badRequest("target", "a relation cannot point to its own source");
    } else {
      if (e.source != null) throw ApiException.badRequest("source", "only relations have a source");
      if (e.target != null) throw ApiException.badRequest("target", "only relations have a target");
    }
    e.name = text(e.name, "name", 1000); // blank names become null first: "   " is no name
    if (!"relation".equals(e.kind) && e.name == null) throw ApiException.badRequest("name", "required: give name.zh, name.en or both");
    e.summary = text(e.summary, "summary", MAX_TEXT);
    if (e.filing != null && e.filing.isNull()) e.filing = null;
    if (e.filing != null && !(e.filing.isObject() && e.filing.path("id").isTextual()))
      throw ApiException.badRequest("filing", "an object naming the published filing's id");
    if (e.notes != null && e.notes.length() > MAX_TEXT) throw ApiException.badRequest("notes", "longer than " + MAX_TEXT + " characters");
    if (e.binding != null && !Vocab.BINDING.allows(e.binding)) throw bad("binding", e.binding, Vocab.BINDING);
    if (e.orgForm != null && !Vocab.ORG_FORM.allows(e.orgForm)) throw bad("org_form", e.orgForm, Vocab.ORG_FORM);
    if (e.status != null && !Vocab.STATUS.allows(e.status)) throw bad("status", e.status, Vocab.STATUS);
    e.governanceLayers = list(e.governanceLayers, Vocab.GOVERNANCE_LAYER);
    e.riskCategories = list(e.riskCategories, Vocab.RISK);
    e.lifecycle = list(e.lifecycle, Vocab.LIFECYCLE);
    e.tags = strings(e.tags, "tags", 100);
    e.issuers = strings(e.issuers, "issuers", 160);
    for (String i : e.issuers)
      if (!ID.matcher(i).matches()) throw ApiException.badRequest("issuers", "not a record id: '" + i + "'");
    if (e.jurisdiction != null && !e.jurisdiction.matches("^[A-Za-z][A-Za-z0-9\\-]{0,31}$"))
      throw ApiException.badRequest("jurisdiction", "expected a code like US, CN, EU or INTL, got '" + e.jurisdiction + "'");
    if (e.jurisdiction != null) e.jurisdiction = e.jurisdiction.toUpperCase();
    if (e.date != null && e.dateEnd != null && e.dateEnd.start().isBefore(e.date.start()))
      throw ApiException.badRequest("date_end", "before date " + e.date);
    if (e.papers == null) e.papers = new ArrayList<>();
    for (Integer p : e.papers)
      if (p == null || p < 1 || p > 5) throw ApiException.badRequest("papers", "seed papers are numbered 1 to 5, got " + p);
    if (e.sources == null) e.sources = new ArrayList<>();
    for (int i = 0; i < e.sources.size(); i++) {
      Entry.Source s = e.sources.get(i);
      if (s == null || (blank(s.url()) && blank(s.citation())))
        throw ApiException.badRequest("sources[" + i + "]", "needs a url or a citation");
      if (!blank(s.url()) && !s.url().matches("^(https?|ftp)://\\S+$"))
        throw ApiException.badRequest("sources[" + i + "].url", "not an http(s) URL: '" + s.url() + "'");
    }
    e.tableRefs = strings(e.tableRefs, "table_refs", 64);
  }

  private static ApiException bad(String field, String value, Vocab.Field vocab) {
    return ApiException.badRequest(field, "unknown value '" + value + "'; allowed: " + String.join(", ", vocab.codes()));
  }

  private static Text text(Text t, String field, int max) {
    if (t == null) return null;
    Text n = Text.of(t.zh(), t.en());
    if (n.zh() != null && n.zh().length() > max) throw ApiException.badRequest(field + ".zh", "longer than " + max + " characters");
    if (n.en() != null && n.en().length() > max) throw ApiException.badRequest(field + ".en", "longer than " + max + " characters");
    return n.isEmpty() ? null : n;
  }

  private static List<String> list(List<String> in, Vocab.Field vocab) {
    List<String> out = strings(in, vocab.name, 64);
    for (String v : out) if (!vocab.allows(v)) throw bad(vocab.name, v, vocab);
    return out;
  }

  private static List<String> strings(List<String> in, String field, int maxLen) {
    if (in == null) return new ArrayList<>();
    LinkedHashSet<String> set = new LinkedHashSet<>();
    for (String s : in) {
      if (s == null || s.isBlank()) throw ApiException.badRequest(field, "contains an empty value");
      if (s.length() > maxLen) throw ApiException.badRequest(field, "value longer than " + maxLen + " characters");
      // the CSV export joins list values with ';', so one value holding it would come back as two
      if (s.indexOf(';') >= 0) throw ApiException.badRequest(field, "'" + s + "' contains ';', which separates values in the CSV export; give each value as its own item");
      set.add(s.strip());
    }
    return new ArrayList<>(set);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
