package org.aigov.observatory.analysis;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A named result table: the unit every analysis exports as CSV and every report renders. */
public record Table(String name, String titleZh, String titleEn, List<String> columns, List<List<Object>> rows) {
  public Table(String name, String titleZh, String titleEn, List<String> columns) {
    this(name, titleZh, titleEn, List.copyOf(columns), new ArrayList<>());
  }

  public Table add(Object... cells) {
    if (cells.length != columns.size())
      throw new IllegalArgumentException("table " + name + ": row has " + cells.length + " cells, expected " + columns.size());
    rows.add(java.util.Arrays.asList(cells));
    return this;
  }

  public String toCsv() {
    StringWriter w = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).build())) {
      for (List<Object> r : rows) p.printRecord(r.stream().map(Table::cell).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** A cell of the CSV: {@link #text}, a name that a spreadsheet would read as a formula guarded (names come from filings and imports). */
  static String cell(Object o) {
    return text(o, true);
  }

  /**
   * A cell as the reports and the JSON show it: the name as stored. The CSV's guard (a leading ') had been printed in
   * the HTML and PDF reports too, before any name starting with =, +, - or @ (outside QA).
   */
  static String text(Object o) {
    return text(o, false);
  }

  private static String text(Object o, boolean csv) {
    if (o == null) return "";
    if (o instanceof Double d) return fmt(d);
    if (o instanceof Float f) return fmt(f.doubleValue());
    if (o instanceof Iterable<?> it) {
      List<String> s = new ArrayList<>();
      for (Object x : it) s.add(text(x, csv));
      return String.join(";", s);
    }
    return o instanceof CharSequence cs && csv ? org.aigov.observatory.kernel.CsvCells.text(cs.toString()) : o.toString();
  }

  static String fmt(double d) {
    if (Double.isNaN(d)) return "";
    return String.format(java.util.Locale.ROOT, "%.4f", d);
  }

  /**
   * All tables as one CSV stream, each preceded by a "# name" line. Every line ends in CRLF, as the records do (RFC 4180,
   * commons-csv's default and every other CSV of the product); the name and blank lines had ended in LF alone.
   */
  public static String toCsv(List<Table> tables) {
    StringBuilder sb = new StringBuilder();
    for (Table t : tables) {
      if (sb.length() > 0) sb.append("\r\n");
      sb.append("# ").append(t.name()).append("\r\n").append(t.toCsv());
    }
    return sb.toString();
  }
}
