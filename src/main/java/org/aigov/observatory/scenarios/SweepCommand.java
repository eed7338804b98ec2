package org.aigov.observatory.scenarios;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Parameter sweep, or Monte Carlo with --runs. */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = {
    "Sweep one parameter over a range (or Monte Carlo over ranges) and record final values.",
    "在区间上扫描参数（或蒙特卡洛抽样），记录输出的终值。"})
public class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "XMILE file or bundled model id")
  String model;

  @Option(names = "--param", description = "parameter to sweep: name=from:to (sweep) or repeat for Monte Carlo ranges", required = true)
  List<String> params;

  @Option(names = "--steps", defaultValue = "11", description = "number of sweep points")
  int steps;

  @Option(names = "--runs", defaultValue = "0", description = "Monte Carlo runs (uniform over each --param range); 0 = plain sweep")
  int runs;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--output", description = "output variables (repeatable)", required = true)
  List<String> outputs;

  @Option(names = "--scenario")
  String scenario;

  @Option(names = "--set")
  List<String> sets;

  @Option(names = "--out", description = "CSV file")
  Path out;

  @Option(names = "--json", description = "also write JSON")
  Path json;

  @Option(names = "--chart", description = "write a chart (.png or .svg): Monte Carlo envelope of the first output")
  Path chart;

  /** Standalone entry point (the observatory launcher registers this command too). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new SweepCommand()).execute(args));
  }

  @Override
  public Integer call() {
    try {
      CompiledModel cm = ModelCompiler.compile(CliSupport.load(model));
      Map<String, Double> base = CliSupport.overrides(cm, scenario, sets);
      List<Experiments.Range> ranges = new ArrayList<>();
      for (String p : params) ranges.add(range(p));
      List<String> header = new ArrayList<>();
      List<List<Object>> rows = new ArrayList<>();
      Object jsonOut;
      if (runs > 0) {
        var mc = Experiments.monteCarlo(cm, base, ranges, runs, seed, outputs, outputs.get(0), threads);
        header.add("run");
        header.addAll(mc.params());
        header.addAll(mc.outputs());
        for (int i = 0; i < runs; i++) {
          List<Object> row = new ArrayList<>();
          row.add(i);
          for (double v : mc.samples()[i]) row.add(v);
          for (double v : mc.finals()[i]) row.add(v);
          rows.add(row);
        }
        jsonOut = mc;
        if (chart != null) writeChart(Charts.envelope("Monte Carlo (" + runs + " runs)", outputs.get(0), mc));
      } else {
        Experiments.Range r = ranges.get(0);
        var sweep = Experiments.sweep(cm, base, r.name(), Experiments.linspace(r.low(), r.high(), steps), outputs);
        header.add(r.name());
        header.addAll(outputs);
        for (var s : sweep) {
          List<Object> row = new ArrayList<>();
          row.add(s.value());
          row.addAll(s.finals().values());
          rows.add(row);
        }
        jsonOut = sweep;
      }
      Writer w = out == null ? new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8) : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
      CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT);
      p.printRecord(header);
      for (List<Object> row : rows) p.printRecord(row);
      p.flush();
      if (out != null) w.close();
      if (json != null) Files.writeString(json, Json.pretty(jsonOut));
      return 0;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }

  private void writeChart(org.jfree.chart.JFreeChart ch) throws java.io.IOException {
    if (chart.toString().endsWith(".svg")) Files.writeString(chart, Charts.svg(ch, 900, 500));
    else Files.write(chart, Charts.png(ch, 900, 500));
  }

  static Experiments.Range range(String p) {
    int eq = p.lastIndexOf('=');
    int colon = p.lastIndexOf(':');
    if (eq <= 0 || colon < eq) throw new ModelException("--param", "--param expects name=from:to, got '" + p + "'");
    try {
      return new Experiments.Range(p.substring(0, eq).trim(), Double.parseDouble(p.substring(eq + 1, colon)), Double.parseDouble(p.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new ModelException("--param", "--param " + p + ": bounds must be numbers");
    }
  }
}
