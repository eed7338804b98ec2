package org.aigov.observatory.incidents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The taxonomy classifications shipped in an AIID snapshot (MIT, CSET v1, GMF), keyed by incident
 * id. Columns are read by position of their first header occurrence because the CSET files repeat
 * header names ("AI System" twice).
 */
final class AiidTaxonomy {
  final Map<String, Map<String, String>> mit = new HashMap<>();
  final Map<String, Map<String, String>> cset = new HashMap<>();
  final Map<String, Map<String, String>> gmf = new HashMap<>();
  /** duplicates.csv: an incident AIID's editors declared a duplicate → the incident it duplicates. */
  final Map<String, String> duplicateOf = new HashMap<>();

  static AiidTaxonomy load(Path dir, Ingest.Report report) throws IOException {
    AiidTaxonomy t = new AiidTaxonomy();
    if (dir == null) return t;
    t.read(dir.resolve("classifications_MIT.csv"), t.mit, List.of("Risk Domain", "Risk Subdomain", "Entity", "Timing", "Intent"), report);
    t.read(dir.resolve("classifications_CSETv1.csv"), t.cset, List.of("Harm Domain", "Tangible Harm", "AI Harm Level",
        "Location Country (two letters)", "Sector of Deployment", "Infrastructure Sectors", "Autonomy Level"), report);
    t.read(dir.resolve("classifications_GMF.csv"), t.gmf, List.of("Known AI Goal", "Known AI Technology", "Known AI Technical Failure"), report);
    t.readDuplicates(dir.resolve("duplicates.csv"), report);
    return t;
  }

  private void readDuplicates(Path file, Ingest.Report report) throws IOException {
    if (!Files.exists(file)) return;
    try (CsvStream csv = new CsvStream(Files.newInputStream(file), 0, 1, ',')) {
      CsvStream.Row h = csv.next();
      if (h == null || h.error() != null) return;
      List<String> names = h.fields().stream().map(AiidTaxonomy::key).toList();
      int dup = names.indexOf("duplicate_incident_number"), tru = names.indexOf("true_incident_number");
      if (dup < 0 || tru < 0) {
        report.errors++;
        report.message("error at duplicates.csv: expected columns duplicate_incident_number and true_incident_number");
        return;
      }
      CsvStream.Row r;
      while ((r = csv.next()) != null) {
        String problem = r.error() != null ? r.error()
            : r.fields().size() != h.fields().size() ? "expected " + h.fields().size() + " fields, found " + r.fields().size()
            : !r.fields().get(dup).strip().matches("\\d{1,9}") || !r.fields().get(tru).strip().matches("\\d{1,9}") ? "incident numbers must be whole numbers"
            : r.fields().get(dup).strip().equals(r.fields().get(tru).strip()) ? "an incident cannot duplicate itself" : null;
        if (problem != null) {
          report.errors++;
          report.message("error at duplicates.csv line " + r.line() + ": " + problem);
          continue;
        }
        duplicateOf.put(r.fields().get(dup).strip(), r.fields().get(tru).strip());
      }
    }
  }

  private void read(Path file, Map<String, Map<String, String>> into, List<String> wanted, Ingest.Report report) throws IOException {
    if (!Files.exists(file)) return;
    try (CsvStream csv = new CsvStream(Files.newInputStream(file), 0, 1, ',')) {
      CsvStream.Row h = csv.next();
      if (h == null || h.error() != null) return;
      Map<String, Integer> pos = new LinkedHashMap<>();
      // first occurrence wins; names compared without case or a byte-order mark
      for (int i = h.fields().size() - 1; i >= 0; i--) pos.put(key(h.fields().get(i)), i);
      Integer idCol = pos.get(key("Incident ID"));
      Integer pubCol = pos.get(key("Published"));
      if (idCol == null) {
        report.message("error at " + file.getFileName() + ": no 'Incident ID' column");
        report.errors++;
        return;
      }
      CsvStream.Row r;
      while ((r = csv.next()) != null) {
        if (r.error() != null) {
          report.errors++;
          report.message("error at " + file.getFileName() + " line " + r.line() + ": " + r.error());
          continue;
        }
        if (r.fields().size() != h.fields().size()) {
          report.errors++;
          report.message("error at " + file.getFileName() + " line " + r.line() + ": expected " + h.fields().size() + " fields, found " + r.fields().size());
          continue;
        }
        String id = r.fields().get(idCol).strip();
        boolean published = pubCol == null || !"False".equalsIgnoreCase(r.fields().get(pubCol).strip());
        if (into.containsKey(id) && !published) continue;
        Map<String, String> m = new LinkedHashMap<>();
        for (String w : wanted) {
          Integer i = pos.get(key(w));
          if (i != null && !r.fields().get(i).isBlank()) m.put(w, r.fields().get(i).strip());
        }
        if (published || !into.containsKey(id)) into.put(id, m);
      }
    }
  }

  private static String key(String header) {
    return header.replace("\uFEFF", "").strip().toLowerCase(java.util.Locale.ROOT);
  }

  void apply(Rec r) {
    Map<String, String> m = mit.get(r.sourceId);
    if (m != null && !m.isEmpty()) {
      r.riskDomainLabel = m.get("Risk Domain");
      r.taxonomy.put("MIT", m);
      if (m.get("Risk Subdomain") != null) r.harmTypes.add(m.get("Risk Subdomain"));
    }
    Map<String, String> c = cset.get(r.sourceId);
    if (c != null && !c.isEmpty()) {
      r.taxonomy.put("CSETv1", c);
      if (c.get("Tangible Harm") != null) r.harmTypes.add(c.get("Tangible Harm"));
      if (c.get("Sector of Deployment") != null) r.sectors.addAll(sectors(c.get("Sector of Deployment")));
      if (c.get("Location Country (two letters)") != null) r.countries.addAll(splitList(c.get("Location Country (two letters)")));
    }
    Map<String, String> g = gmf.get(r.sourceId);
    if (g != null && !g.isEmpty()) r.taxonomy.put("GMF", g);
    // AIID's editors say this incident is another one's duplicate: clustering joins the two (Clusterer#aiidEdges)
    String dup = duplicateOf.get(r.sourceId);
    if (dup != null) r.taxonomy.put("aiid_incident", dup);
  }

  /**
   * CSET's sectors are ISIC section names joined by commas, and some of those names hold a comma
   * themselves ("Arts, entertainment and recreation"): those are kept whole.
   */
  static List<String> sectors(String s) {
    List<String> parts = splitList(s), out = new ArrayList<>();
    next:
    for (int i = 0; i < parts.size(); i++) {
      for (List<String> name : COMMA_SECTORS) {
        if (i + name.size() > parts.size()) continue;
        boolean match = true;
        for (int k = 0; k < name.size() && match; k++) match = parts.get(i + k).equalsIgnoreCase(name.get(k));
        if (match) {
          out.add(String.join(", ", parts.subList(i, i + name.size())));
          i += name.size() - 1;
          continue next;
        }
      }
      out.add(parts.get(i));
    }
    return out;
  }

  /** ISIC section names with a comma, split at their commas (lower case; matched ignoring case). */
  private static final List<List<String>> COMMA_SECTORS = List.of(
      List.of("arts", "entertainment and recreation"),
      List.of("professional", "scientific and technical activities"),
      List.of("agriculture", "forestry and fishing"),
      List.of("electricity", "gas", "steam and air conditioning supply"),
      List.of("water supply", "sewerage", "waste management and remediation activities"));

  static List<String> splitList(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split("[,\n;]")) if (!p.isBlank()) out.add(p.strip());
    return out;
  }
}
