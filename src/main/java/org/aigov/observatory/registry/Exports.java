package org.aigov.observatory.registry;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.aigov.observatory.kernel.CsvCells;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Xml;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Bulk exports: CSV per kind, JSON (re-importable), GraphML of the relation graph. */
public final class Exports {
  public static final List<String> CSV_COLUMNS = List.of("id", "kind", "type", "name_zh", "name_en", "summary_zh",
      "summary_en", "jurisdiction", "issuers", "date", "date_effective", "date_end", "binding", "governance_layers",
      "risk_categories", "lifecycle", "org_form", "status", "tags", "papers", "sources", "source", "target", "version");

  private Exports() {}

  public static void csv(List<Entry> entries, Writer out) throws IOException {
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_COLUMNS.toArray(String[]::new)).get())) {
      for (Entry e : entries) {
        // names, summaries and sources come from filings and imports: no text cell may start a spreadsheet formula
        List<Object> row = new java.util.ArrayList<>();
        for (String t : java.util.Arrays.asList(e.id, e.kind, e.type, e.name == null ? null : e.name.zh(), e.name == null ? null : e.name.en(),
            e.summary == null ? null : e.summary.zh(), e.summary == null ? null : e.summary.en(), e.jurisdiction,
            String.join(";", e.issuers), str(e.date), str(e.dateEffective), str(e.dateEnd), e.binding,
            String.join(";", e.governanceLayers), String.join(";", e.riskCategories), String.join(";", e.lifecycle),
            e.orgForm, e.status, String.join(";", e.tags),
            String.join(";", e.papers.stream().map(String::valueOf).toList()),
            String.join(" | ", e.sources.stream().map(s -> s.url() != null ? s.url() : s.citation()).toList()),
            e.source, e.target)) {
          row.add(CsvCells.text(t));
        }
        row.add(e.version);
        p.printRecord(row);
      }
    }
  }

  public static void json(List<Entry> entries, Writer out) throws IOException {
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, entries);
  }

  /** GraphML readable by networkx.read_graphml and Gephi: typed keys declared before use. */
  /**
   * GraphML of {@code what}: all (or relations) is every instrument and actor with every relation;
   * instruments or actors are those records with the relations among them.
   */
  public static void graphml(Registry registry, String what, Writer out) throws IOException {
    if (!java.util.List.of("all", "instruments", "actors", "relations").contains(what))
      throw org.aigov.observatory.kernel.ApiException.badRequest("what", "one of all, instruments, actors, relations");
    List<Entry> nodes = new java.util.ArrayList<>();
    if (!what.equals("actors")) nodes.addAll(registry.listAll("instrument"));
    if (!what.equals("instruments")) nodes.addAll(registry.listAll("actor"));
    graphml(nodes, registry.listAll("relation"), out);
  }

  public static void graphml(List<Entry> records, List<Entry> relations, Writer out) throws IOException {
    try {
      XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("graphml");
      w.writeDefaultNamespace("http://graphml.graphdrawing.org/xmlns");
      String[][] nodeKeys = {{"kind", "string"}, {"type", "string"}, {"name_en", "string"}, {"name_zh", "string"},
          {"jurisdiction", "string"}, {"year", "int"}, {"binding", "string"}, {"org_form", "string"}};
      for (String[] k : nodeKeys) key(w, "n_" + k[0], "node", k[0], k[1]);
      String[][] edgeKeys = {{"relation", "string"}, {"year", "int"}, {"rel_id", "string"}};
      for (String[] k : edgeKeys) key(w, "e_" + k[0], "edge", k[0], k[1]);
      w.writeStartElement("graph");
      w.writeAttribute("id", "registry");
      w.writeAttribute("edgedefault", "directed");
      Set<String> ids = new HashSet<>();
      for (Entry e : records) {
        ids.add(e.id);
        w.writeStartElement("node");
        attr(w, "id", e.id);
        data(w, "n_kind", e.kind);
        data(w, "n_type", e.type);
        data(w, "n_name_en", e.name == null ? null : e.name.en());
        data(w, "n_name_zh", e.name == null ? null : e.name.zh());
        data(w, "n_jurisdiction", e.jurisdiction);
        data(w, "n_year", e.date == null ? null : Integer.toString(e.date.year()));
        data(w, "n_binding", e.binding);
        data(w, "n_org_form", e.orgForm);
        w.writeEndElement();
      }
      Set<String> issuedBy = new HashSet<>();
      for (Entry r : relations) {
        if (!ids.contains(r.source) || !ids.contains(r.target)) continue;
        edge(w, r.id, r.source, r.target, r.type, r.date, r.id);
        if ("issued_by".equals(r.type)) issuedBy.add(r.source + "\n" + r.target);
      }
      // most issuers are named in the instrument's own issuers field, not as relations: without these edges the graph
      // could not rebuild the issuer-based analyses (core and periphery, centrality) that the product computes from it
      for (Entry e : records) {
        if (e.issuers == null) continue;
        for (String issuer : e.issuers)
          if (ids.contains(issuer) && issuedBy.add(e.id + "\n" + issuer)) edge(w, "issuer:" + e.id + ":" + issuer, e.id, issuer, "issued_by", e.date, null);
      }
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  /** {@code relId}: the relation record the edge stands for; null for an edge read from an instrument's issuers. */
  private static void edge(XMLStreamWriter w, String id, String source, String target, String type, org.aigov.observatory.kernel.PartialDate date, String relId)
      throws XMLStreamException {
    w.writeStartElement("edge");
    attr(w, "id", id);
    attr(w, "source", source);
    attr(w, "target", target);
    data(w, "e_relation", type);
    data(w, "e_year", date == null ? null : Integer.toString(date.year()));
    data(w, "e_rel_id", relId);
    w.writeEndElement();
  }

  private static void key(XMLStreamWriter w, String id, String target, String name, String type) throws XMLStreamException {
    w.writeEmptyElement("key");
    w.writeAttribute("id", id);
    w.writeAttribute("for", target);
    w.writeAttribute("attr.name", name);
    w.writeAttribute("attr.type", type);
  }

  private static void data(XMLStreamWriter w, String key, String value) throws XMLStreamException {
    if (value == null) return;
    w.writeStartElement("data");
    w.writeAttribute("key", key);
    w.writeCharacters(Xml.clean(value));
    w.writeEndElement();
  }

  /**
   * Record text goes through {@link Xml#clean}: the writer escapes markup but passes on control characters XML 1.0
   * forbids, and one of them in any record (a name holding an ANSI escape) made the whole export unreadable.
   */
  private static void attr(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeAttribute(name, Xml.clean(value));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
