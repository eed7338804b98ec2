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

  /**
   * {@code stored}: the store, whose AIID records keep the labels of a file the folder lacks. A folder holding
   * incidents.csv alone (a weekly drop, the 2024-04 snapshot) is no news about labels: read as "no labels", it had
   * blanked every stored MIT label, CSET country and sector on update.
   */
  static AiidTaxonomy load(Path dir, Ingest.Report report, org.aigov.observatory.kernel.Db stored) throws IOException {
    AiidTaxonomy t = new AiidTaxonomy();
    if (dir == null) return t;
    Map<Read, List<String>> by = new java.util.EnumMap<>(Read.class);
    by.computeIfAbsent(t.read(AiidSnapshotFiles.file(dir, "classifications_MIT.csv"), t.mit, List.of("Risk Domain", "Risk Subdomain", "Entity", "Timing", "Intent"), report),
        k -> new ArrayList<>()).add("MIT");
    by.computeIfAbsent(t.read(AiidSnapshotFiles.file(dir, "classifications_CSETv1.csv"), t.cset, List.of("Harm Domain", "Tangible Harm", "AI Harm Level",
        "Location Country (two letters)", "Sector of Deployment", "Infrastructure Sectors", "Autonomy Level"), report), k -> new ArrayList<>()).add("CSETv1");
    by.computeIfAbsent(t.read(AiidSnapshotFiles.file(dir, "classifications_GMF.csv"), t.gmf, List.of("Known AI Goal", "Known AI Technology", "Known AI Technical Failure"), report),
        k -> new ArrayList<>()).add("GMF");
    if (!Files.exists(AiidSnapshotFiles.file(dir, "duplicates.csv"))) by.computeIfAbsent(Read.ABSENT, k -> new ArrayList<>()).add("aiid_incident");
    t.readDuplicates(AiidSnapshotFiles.file(dir, "duplicates.csv"), report);
    for (Read how : List.of(Read.ABSENT, Read.UNREADABLE)) {
      List<String> which = by.get(how);
      if (stored == null || which == null) continue;
      int kept = t.keepStored(stored, which);
      if (kept > 0) report.message("note: " + String.join(", ", which.stream().map(AiidTaxonomy::fileOf).toList())
          + (how == Read.ABSENT ? " not in " + dir : " could not be read") + ": the labels stored from an earlier snapshot are kept (" + kept + " incidents)");
    }
    // the labels the risk domain is scored against: a snapshot without them (and nothing stored to keep) is said, not silent
    if (t.mit.isEmpty() && by.getOrDefault(Read.ABSENT, List.of()).contains("MIT"))
      report.message("note: no classifications_MIT.csv in " + dir + ": incidents are stored without MIT risk-domain labels (the predicted risk_domain is filled all the same)");
    return t;
  }

  private enum Read { ABSENT, UNREADABLE, READ }

  private static String fileOf(String taxonomy) {
    return taxonomy.equals("aiid_incident") ? "duplicates.csv" : "classifications_" + taxonomy + ".csv";
  }

  /** Fills the maps of the missing files from the stored AIID records' taxonomy; returns how many records had some. */
  private int keepStored(org.aigov.observatory.kernel.Db db, List<String> missing) {
    return db.read(c -> {
      int n = 0;
      try (var ps = c.prepareStatement("SELECT source_id, taxonomy FROM incident_records WHERE source = 'aiid' AND taxonomy IS NOT NULL")) {
        ps.setFetchSize(1000);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            com.fasterxml.jackson.databind.JsonNode tax = org.aigov.observatory.kernel.Json.MAPPER.readTree(rs.getString(2));
            boolean any = false;
            for (String name : missing) {
              com.fasterxml.jackson.databind.JsonNode v = tax.get(name);
              if (v == null) continue;
              any = true;
              if (name.equals("aiid_incident")) {
                duplicateOf.put(rs.getString(1), v.asText());
                continue;
              }
              Map<String, String> m = new LinkedHashMap<>();
              v.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
              (name.equals("MIT") ? mit : name.equals("CSETv1") ? cset : gmf).put(rs.getString(1), m);
            }
            if (any) n++;
          }
        }
      }
      return n;
    });
  }

  /**
   * Stored AIID incidents that a snapshot's incidents.csv no longer lists (AIID retires an incident it declares a
   * duplicate): kept as stored, since a snapshot is no order to delete, and named in a note; those its duplicates.csv
   * folds into another incident get that link, so the next clustering joins them.
   */
  void reconcileAbsent(org.aigov.observatory.kernel.Db db, Path incidents, Ingest.Report report) throws IOException {
    java.util.Set<String> listed = new java.util.HashSet<>();
    try (CsvStream csv = new CsvStream(Files.newInputStream(incidents), 0, 1, ',')) {
      CsvStream.Row h = csv.next();
      if (h == null || h.error() != null) return;
      int col = h.fields().stream().map(CsvStream::columnKey).toList().indexOf(CsvStream.columnKey("incident_id"));
      if (col < 0) return;
      CsvStream.Row r;
      while ((r = csv.next()) != null) if (r.error() == null && col < r.fields().size()) listed.add(r.fields().get(col).strip());
    }
    if (listed.isEmpty()) return; // nothing read: not a sign that every stored incident went
    List<String> absent = new ArrayList<>(), joined = new ArrayList<>();
    db.tx(c -> {
      List<Object[]> relink = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT id, source_id, taxonomy FROM incident_records WHERE source = 'aiid'")) {
        ps.setFetchSize(1000);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(2);
            if (listed.contains(id)) continue;
            absent.add(id);
            String into = duplicateOf.get(id);
            if (into == null) continue;
            String tax = rs.getString(3);
            com.fasterxml.jackson.databind.node.ObjectNode t = tax == null ? org.aigov.observatory.kernel.Json.MAPPER.createObjectNode()
                : (com.fasterxml.jackson.databind.node.ObjectNode) org.aigov.observatory.kernel.Json.MAPPER.readTree(tax);
            if (into.equals(t.path("aiid_incident").asText(null))) continue;
            t.put("aiid_incident", into);
            relink.add(new Object[] {rs.getLong(1), org.aigov.observatory.kernel.Json.write(t)});
            joined.add(id + " → " + into);
          }
        }
      }
      try (var up = c.prepareStatement("UPDATE incident_records SET taxonomy = ?, updated_at = ? WHERE id = ?")) {
        for (Object[] r : relink) {
          up.setString(1, (String) r[1]);
          up.setTimestamp(2, java.sql.Timestamp.from(java.time.Instant.now()));
          up.setLong(3, (Long) r[0]);
          up.executeUpdate();
        }
      }
      return null;
    });
    if (absent.isEmpty()) return;
    absent.sort(java.util.Comparator.comparing((String id) -> id.length()).thenComparing(id -> id));
    report.message("note: " + absent.size() + " AIID incident" + (absent.size() == 1 ? "" : "s") + " in the store "
        + (absent.size() == 1 ? "is" : "are") + " not in this snapshot's " + incidents.getFileName() + " (" + shortList(absent) + "); kept as stored"
        + (joined.isEmpty() ? "" : "; joined by duplicates.csv at the next clustering: " + shortList(joined)));
  }

  /** The highest incident_id in an AIID incidents.csv (ids grow with each snapshot), -1 when none can be read. */
  static long newestIncident(Path incidents) throws IOException {
    long max = -1;
    try (CsvStream csv = new CsvStream(Files.newInputStream(incidents), 0, 1, ',')) {
      CsvStream.Row h = csv.next();
      if (h == null || h.error() != null) return -1;
      int col = h.fields().stream().map(CsvStream::columnKey).toList().indexOf(CsvStream.columnKey("incident_id"));
      if (col < 0) return -1;
      CsvStream.Row r;
      while ((r = csv.next()) != null) {
        if (r.error() != null || r.fields().size() <= col) continue;
        String id = r.fields().get(col).strip();
        if (id.matches("\\d{1,18}")) max = Math.max(max, Long.parseLong(id));
      }
    }
    return max;
  }

  private static String shortList(List<String> items) {
    return items.size() <= 10 ? String.join(", ", items) : String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
  }

  private void readDuplicates(Path file, Ingest.Report report) throws IOException {
    if (!Files.exists(file)) return;
    try (CsvStream csv = new CsvStream(Files.newInputStream(file), 0, 1, ',')) {
      CsvStream.Row h = csv.next();
      if (h == null || h.error() != null) return;
      List<String> names = h.fields().stream().map(CsvStream::columnKey).toList();
      int dup = names.indexOf(CsvStream.columnKey("duplicate_incident_number")), tru = names.indexOf(CsvStream.columnKey("true_incident_number"));
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

  /**
   * A file that is not there, or whose header lacks the incident id or the fields it is read for (MIT: the risk domain),
   * is no news: read as "no labels" it had blanked every stored label of an update (a renamed column in a later export).
   */
  private Read read(Path file, Map<String, Map<String, String>> into, List<String> wanted, Ingest.Report report) throws IOException {
    if (!Files.exists(file)) return Read.ABSENT;
    try (CsvStream csv = new CsvStream(Files.newInputStream(file), 0, 1, ',')) {
      CsvStream.Row h = csv.next();
      if (h == null || h.error() != null) {
        report.errors++;
        report.message("error at " + file.getFileName() + " line 1: " + (h == null ? "no header" : h.error()));
        return Read.UNREADABLE;
      }
      Map<String, Integer> pos = new LinkedHashMap<>();
      // first occurrence wins; names compared without case, spaces, underscores or a byte-order mark
      for (int i = h.fields().size() - 1; i >= 0; i--) pos.put(CsvStream.columnKey(h.fields().get(i)), i);
      Integer idCol = pos.get(CsvStream.columnKey("Incident ID"));
      Integer pubCol = pos.get(CsvStream.columnKey("Published"));
      List<String> lacking = new ArrayList<>();
      for (String w : wanted) if (!pos.containsKey(CsvStream.columnKey(w))) lacking.add(w);
      // MIT's file is read for its domain; the others for any of their fields
      boolean main = file.getFileName().toString().contains("MIT") ? !lacking.contains(wanted.get(0)) : lacking.size() < wanted.size();
      if (idCol == null || !main) {
        report.errors++;
        report.message("error at " + file.getFileName() + " line 1: " + (idCol == null ? "no 'Incident ID' column"
            : lacking.size() == wanted.size() && lacking.size() > 1 ? "none of the columns " + String.join(", ", wanted.stream().map(w -> "'" + w + "'").toList())
            : "no '" + wanted.get(0) + "' column") + " in its header");
        return Read.UNREADABLE;
      }
      if (!lacking.isEmpty()) {
        report.warnings++;
        report.message("warning at " + file.getFileName() + " line 1: no " + String.join(", ", lacking.stream().map(w -> "'" + w + "'").toList())
            + " column; those fields are left empty");
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
          Integer i = pos.get(CsvStream.columnKey(w));
          if (i != null && !r.fields().get(i).isBlank()) m.put(w, r.fields().get(i).strip());
        }
        if (published || !into.containsKey(id)) into.put(id, m);
      }
    }
    return Read.READ;
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
