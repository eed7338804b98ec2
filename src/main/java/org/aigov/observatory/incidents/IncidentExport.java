package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.Statement;
import org.aigov.observatory.kernel.CsvCells;
import org.aigov.observatory.kernel.Db;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV export, one row per source record with its merged incident and predicted MIT risk domain. */
public final class IncidentExport {
  public static final String[] COLUMNS = {"source", "source_id", "incident_id", "title", "date", "risk_domain", "risk_domain_label",
      "risk_layers", "countries", "topics", "url", "outlet", "language", "linked_by", "risk_domain_confidence", "review",
      "date_precision", "date_text"};

  private IncidentExport() {}

  static String confidence(Object v) {
    return v instanceof Number n ? String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue()) : "";
  }

  /**
   * Writes every source record. {@code date} is the record's own date in one format: the day (2024-03-17), or the year
   * (2019) where the record is dated only by its year ({@code date_precision} day or year, by the clustering's rule: an
   * AIAAIC entry, a bare year given); {@code date_text} is the date as the source wrote it ("2019-2024", "2018-");
   * {@code risk_domain} is the classifier's prediction, {@code risk_domain_confidence} its probability (empty for records
   * stored before it was kept), {@code risk_domain_label} the source's own label when it has one.
   * Records not yet clustered get an empty incident_id, and so do anonymous reports an editor has not accepted; {@code review}
   * is their state (pending, accepted, rejected; empty for records that need no review).
   */
  public static void writeCsv(Db db, Writer out) {
    writeCsv(db, out, false);
  }

  /**
   * {@code published}: the public's view (the web download): anonymous reports only once an editor accepted them, as in
   * counts and the shared feed. The operator's export lists every record.
   */
  public static void writeCsv(Db db, Writer out, boolean published) {
    db.read(c -> {
      boolean ac = c.getAutoCommit();
      c.setAutoCommit(false);
      try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(COLUMNS).setRecordSeparator("\n").build());
           Statement s = c.createStatement()) {
        s.setFetchSize(5000);
        try (ResultSet rs = s.executeQuery("SELECT r.source, r.source_id, m.incident_id, r.title, r.pub_date, r.date_text, r.risk_domain,"
            + " r.risk_domain_label, r.risk_layers, r.countries, i.topics, r.url, r.outlet, r.language, m.via, r.risk_domain_confidence, r.review_status"
            + " FROM incident_records r LEFT JOIN incident_members m ON m.record_id = r.id LEFT JOIN incidents i ON i.id = m.incident_id"
            + (published ? " WHERE " + PublicReports.counted("r") : "") + " ORDER BY r.id")) {
          while (rs.next()) {
            long inc = rs.getLong(3);
            boolean noInc = rs.wasNull();
            java.sql.Date d = rs.getDate(5);
            String precision = Clusterer.precision(rs.getString(1), rs.getString(6));
            String date = d == null ? "" : Clusterer.shown(d.toLocalDate(), precision);
            // titles, outlets, ids and a snapshot's own labels come from outside: no text cell may start a spreadsheet formula
            // the public's copy: a feed item's id and a feed named by its URL hold the feed's URL, and perhaps its key
            String id = published ? UrlSecrets.redact(rs.getString(2)) : rs.getString(2), outlet = published ? UrlSecrets.redact(rs.getString(13)) : rs.getString(13);
            p.printRecord(CsvCells.text(rs.getString(1)), CsvCells.text(id), noInc ? "" : Long.toString(inc), CsvCells.text(rs.getString(4)),
                CsvCells.text(date), CsvCells.text(rs.getString(7)), CsvCells.text(rs.getString(8)), CsvCells.text(rs.getString(9)), CsvCells.text(rs.getString(10)), CsvCells.text(rs.getString(11)),
                CsvCells.text(rs.getString(12)), CsvCells.text(outlet), CsvCells.text(rs.getString(14)), CsvCells.text(rs.getString(15)), confidence(rs.getObject(16)), rs.getString(17),
                d == null ? "" : precision, CsvCells.text(rs.getString(6)));
          }
        }
        p.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        c.setAutoCommit(ac);
      }
      return null;
    });
  }
}
