package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.PartialDate;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.registry.Entry;
import org.aigov.observatory.registry.Registry;

/**
 * Maps a filing onto registry records, writing inside the publishing transaction (each registry
 * write also reaches the transparency log through the registry's sink). A rules report creates,
 * updates or marks revoked the instruments it lists; every filing also becomes one instrument of
 * type "report" with id "filing-&lt;filing id&gt;", carrying its {@link Commitment}.
 */
final class Publisher {
  private Publisher() {}

  static List<String> publish(Connection c, Registry registry, Filings.Filing f, ObjectNode commitment) throws SQLException {
    String who = "filing:" + f.id(); // who published stays with the workflow (docs/filings.md); the log is public
    List<String> ids = new ArrayList<>();
    if ("rules_report".equals(f.type())) {
      String issuer = issuer(c, registry, f);
      JsonNode ins = f.doc().path("instruments");
      for (int i = 0; i < ins.size(); i++) ids.add(instrument(c, registry, ins.get(i), f.doc().path("jurisdiction").asText(), issuer, who, f.id(), i));
    }
    Entry own = record(c, registry, f, ids);
    own.filing = commitment;
    ids.add(registry.write(c, own, null, who, true).id);
    String old = "disclosure".equals(f.type()) ? f.doc().path("supersedes").asText(null) : null;
    Entry previous = old == null ? null : registry.find(c, Commitment.recordId(old)).orElse(null);
    if (previous != null) registry.write(c, supersedes(own, previous), null, who, true);
    return ids;
  }

  /** The relation "this disclosure supersedes that one": the earlier record stays as filed, the relation says it is out of date. */
  private static Entry supersedes(Entry own, Entry old) {
    Entry rel = new Entry();
    rel.id = "rel:supersedes:" + own.id + ":" + old.id;
    rel.kind = "relation";
    rel.type = "supersedes";
    rel.source = own.id;
    rel.target = old.id;
    rel.name = Text.of(own.name.zh() + " 取代 " + old.name.zh(), own.name.en() + " supersedes " + old.name.en());
    rel.tags.add("filing");
    return rel;
  }

  /**
   * Gives a filing published before commitments existed its commitment: its record (if it has one) gains it, else the
   * record is made as publication would make it now.
   */
  static String commit(Connection c, Registry registry, Filings.Filing f, Entry existing, ObjectNode commitment, String who) throws SQLException {
    if (existing != null) {
      long v = existing.version;
      existing.version = null;
      existing.updatedAt = null;
      existing.filing = commitment;
      return registry.write(c, existing, v, who, false).id;
    }
    List<String> instruments = new ArrayList<>(f.registryIds());
    instruments.remove(Commitment.recordId(f.id()));
    Entry own = record(c, registry, f, instruments);
    own.filing = commitment;
    return registry.write(c, own, null, who, true).id;
  }

  private static String issuer(Connection c, Registry registry, Filings.Filing f) throws SQLException {
    Object a = Sql.value(c, "SELECT registry_actor FROM filing_parties WHERE id=?", f.party());
    String issuer = a == null ? null : a.toString();
    return issuer != null && registry.find(issuer).isEmpty() ? null : issuer; // a stale link must not block publication
  }

  /** The filing's own record, "filing-&lt;id&gt;": a report of its party; {@code instruments} are what a rules report touched. */
  private static Entry record(Connection c, Registry registry, Filings.Filing f, List<String> instruments) throws SQLException {
    Map<String, Object> party = Sql.one(c, "SELECT * FROM filing_parties WHERE id=?", f.party());
    Entry e = base(f, issuer(c, registry, f), party);
    JsonNode d = f.doc();
    switch (f.type()) {
      case "rules_report" -> {
        String zh = party == null ? null : (String) party.get("name_zh");
        String en = party == null ? null : (String) party.get("name_en");
        String period = d.hasNonNull("period") ? " " + d.get("period").asText() : "";
        e.name = Text.of("国家人工智能规则报告：" + (zh != null ? zh : en != null ? en : f.party()) + period,
            "National AI rules report: " + (en != null ? en : zh != null ? zh : f.party()) + period);
        if (d.hasNonNull("summary")) e.summary = Json.MAPPER.convertValue(d.get("summary"), Text.class);
        e.tags.add("rules-report");
        e.notes += "\nInstruments: " + String.join(", ", instruments);
        if (e.notes.length() > 20_000) e.notes = e.notes.substring(0, 20_000);
      }
      case "disclosure" -> {
        String sys = d.path("developer").asText() + " " + d.path("system_name").asText() + " " + d.path("version").asText();
        e.name = Text.of("人工智能系统披露：" + sys, "AI system disclosure: " + sys);
        e.summary = Text.of(null, cap("Capabilities: " + d.path("capabilities").asText() + "\nIntended uses: " + d.path("intended_uses").asText()
            + "\nProhibited uses: " + d.path("prohibited_uses").asText() + "\nOpen weights: " + d.path("open_weights").asBoolean(), 20_000));
        e.date = d.hasNonNull("release_date") ? PartialDate.parse(d.get("release_date").asText()) : null;
        e.tags.add("disclosure");
        if (d.path("open_weights").asBoolean()) e.tags.add("open-weights");
        if (d.hasNonNull("url")) e.sources.add(new Entry.Source(d.get("url").asText(), null, null));
      }
      default -> {
        e.name = Text.of("人工智能事件报告：" + d.path("title").asText(), "AI incident report: " + d.path("title").asText());
        e.summary = Text.of(null, cap(d.path("description").asText(), 20_000));
        e.date = PartialDate.parse(d.path("date_occurred").asText());
        e.tags.add("incident");
        e.tags.add("severity-" + d.path("severity").asText());
        for (JsonNode s : d.path("sources")) e.sources.add(new Entry.Source(s.path("url").asText(null), s.path("citation").asText(null), null));
      }
    }
    return e;
  }

  private static Entry base(Filings.Filing f, String issuer, Map<String, Object> party) {
    Entry e = new Entry();
    e.id = Commitment.recordId(f.id());
    e.kind = "instrument";
    e.type = "report";
    e.jurisdiction = party == null ? null : (String) party.get("jurisdiction");
    if (issuer != null) e.issuers.add(issuer);
    e.binding = "soft";
    e.notes = "Published from filing " + f.id() + " (" + f.type() + ", party " + f.party() + ", version " + f.version() + ")";
    e.tags.add("filing");
    return e;
  }

  private static String instrument(Connection c, Registry registry, JsonNode x, String jurisdiction, String issuer, String who, String filingId, int i)
      throws SQLException {
    String action = x.path("action").asText();
    Entry e;
    Long expected = null;
    if ("new".equals(action)) {
      e = new Entry();
      e.kind = "instrument";
      e.jurisdiction = jurisdiction;
      if (issuer != null) e.issuers.add(issuer);
    } else {
      String rid = x.path("registry_id").asText();
      e = registry.find(rid).orElseThrow(() ->
          new FormErrors(List.of(new FormErrors.FieldError("doc.instruments[" + i + "].registry_id", "no registry record '" + rid + "'"))));
      if (!"instrument".equals(e.kind)) throw ApiException.unprocessable("doc.instruments[" + i + "].registry_id", rid + " is not an instrument");
      expected = e.version;
    }
    if (x.hasNonNull("type")) e.type = x.get("type").asText();
    if (x.hasNonNull("name")) e.name = Json.MAPPER.convertValue(x.get("name"), Text.class);
    if (x.hasNonNull("summary")) e.summary = Json.MAPPER.convertValue(x.get("summary"), Text.class);
    if (x.hasNonNull("date")) e.date = PartialDate.parse(x.get("date").asText());
    if (x.hasNonNull("date_effective")) e.dateEffective = PartialDate.parse(x.get("date_effective").asText());
    if (x.hasNonNull("date_end")) e.dateEnd = PartialDate.parse(x.get("date_end").asText());
    if (x.hasNonNull("binding")) e.binding = x.get("binding").asText();
    if (x.hasNonNull("status")) e.status = x.get("status").asText();
    if ("repealed".equals(action)) e.status = "revoked";
    for (String f : List.of("governance_layers", "risk_categories", "lifecycle")) {
      if (!x.hasNonNull(f)) continue;
      List<String> vals = new ArrayList<>();
      x.get(f).forEach(v -> vals.add(v.asText()));
      switch (f) {
        case "governance_layers" -> e.governanceLayers = vals;
        case "risk_categories" -> e.riskCategories = vals;
        default -> e.lifecycle = vals;
      }
    }
    for (JsonNode s : x.path("sources")) e.sources.add(new Entry.Source(s.path("url").asText(null), s.path("citation").asText(null), null));
    if (!e.tags.contains("filing")) e.tags.add("filing");
    e.notes = (e.notes == null ? "" : e.notes + "\n") + "Reported in filing " + filingId + " (" + action + ")";
    if (e.notes.length() > 20_000) e.notes = e.notes.substring(e.notes.length() - 20_000);
    return registry.write(c, e, expected, who, "new".equals(action)).id;
  }

  private static String cap(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }
}
