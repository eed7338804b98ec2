package org.aigov.observatory.scenarios;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Saved time series of one run: {@code data[row][column]} at {@code times[row]}. */
public record Result(String[] names, double[] times, double[][] data) {
  public int column(String name) {
    return column(names, name);
  }

  /** The column of {@code name} among {@code names} (a run's, or the model's output names before it runs). */
  static int column(String[] names, String name) {
    String c = Names.canon(name);
    for (int i = 0; i < names.length; i++) if (Names.canon(names[i]).equals(c) || names[i].equals(name)) return i;
    throw new ModelException(name, "no output column '" + name + "'");
  }

  public double[] series(String name) {
    int c = column(name);
    double[] out = new double[times.length];
    for (int i = 0; i < out.length; i++) out[i] = data[i][c];
    return out;
  }

  public double last(String name) {
    return data[data.length - 1][column(name)];
  }

  /** Warnings for variables that became NaN or infinite (e.g. division by zero), naming the first time. */
  public List<String> numericWarnings() {
    List<String> w = new ArrayList<>();
    for (int c = 0; c < names.length; c++) {
      for (int r = 0; r < times.length; r++) {
        double x = data[r][c];
        if (Double.isNaN(x) || Double.isInfinite(x)) {
          w.add("'" + names[c] + "' is " + (Double.isNaN(x) ? "NaN" : x > 0 ? "+INF" : "-INF") + " from time " + fmt(times[r]) + " (division by zero or an undefined operation; use SAFEDIV)");
          break;
        }
      }
    }
    return w;
  }

  static String fmt(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    return String.valueOf(d);
  }

  /** Writes and flushes; the caller closes {@code out} (it may be standard output, which must stay open). */
  public void writeCsv(Writer out) throws IOException {
    CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT);
    List<String> h = new ArrayList<>();
    h.add("Time");
    for (String n : names) h.add(n);
    p.printRecord(h);
    for (int r = 0; r < times.length; r++) {
      List<String> row = new ArrayList<>(names.length + 1);
      row.add(fmt(times[r]));
      for (double d : data[r]) row.add(fmt(d));
      p.printRecord(row);
    }
    p.flush();
  }
}
