package org.aigov.observatory.scenarios;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
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

  // text, not a number type: "1e3" and 4294967300 are refused by name and range (Checks.whole), not by picocli's "not a long"
  @Option(names = "--steps", defaultValue = "11", description = "number of sweep points, 1 to 100000")
  String steps;

  @Option(names = "--runs", description = "Monte Carlo runs (uniform over each --param range), 1 to 100000; without it, a plain sweep")
  String runs;

  @Option(names = "--stop", description = "stop time: each run's final values are those at this time (default: the model's), as simulate --stop")
  String stop;

  @Option(names = "--seed", defaultValue = "1")
  String seed;

  @Option(names = "--threads", defaultValue = "2", description = "threads, 1 to 256")
  String threads;

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
      CliSupport.chartFile(chart);
      String id = CliSupport.bundledId(model);
      CompiledModel cm = ModelCompiler.compile(CliSupport.load(model));
      Map<String, Double> base = CliSupport.overrides(cm, id, scenario, sets);
      List<Experiments.Range> ranges = new ArrayList<>();
      for (String p : params) {
        Experiments.Range r = range(p);
        CliSupport.variable(cm, r.name(), "--param");
        Checks.value(id, r.name(), r.low(), "--param");
        Checks.value(id, r.name(), r.high(), "--param");
        ranges.add(r);
      }
      for (String o : outputs) CliSupport.variable(cm, o, "--output");
      outputs = Checks.variables(outputs); // a repeated --output gave a header column with no values under it
      int nThreads = (int) Checks.whole("--threads", threads, 1, Checks.MAX_THREADS);
      long seed = Checks.seed("--seed", this.seed);
      Double stopT = stop == null ? null : Checks.stop(cm, Checks.number("--stop", stop), "--stop");
      String stepsField = stop != null ? "--stop" : "sim_specs";
      Writer w = null;
      if (runs != null) {
        int n = (int) Checks.whole("--runs", runs, 1, Checks.CLI.maxRuns());
        Checks.size(cm, stopT, null, n, Checks.CLI, stepsField, "--runs");
        // the envelope keeps one output's series of every run: 100,000,000 runs held 6.4 GB
        String envelope = chart != null || json != null ? outputs.get(0) : null;
        long kept = (long) n * (cm.steps(stopT) / Math.max(1, Math.round(cm.saveStep / cm.dt)) + 1);
        if (envelope != null && kept > Checks.MAX_SAVED_VALUES)
          throw ApiException.badRequest("--runs", "the Monte Carlo envelope for --chart or --json would keep " + kept + " values, more than " + Checks.MAX_SAVED_VALUES + "; use fewer --runs");
        var mc = Experiments.monteCarlo(cm, base, ranges, n, seed, outputs, envelope, nThreads, stopT, new Progress("monte carlo", n, System.err));
        // checked before any output is written: an output NaN in every run is refused, not drawn as an empty chart
        var envelopeChart = chart != null ? Charts.envelope("Monte Carlo (" + n + " runs)", outputs.get(0), mc, "--output") : null;
        w = writer();
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT);
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(mc.params());
        header.addAll(mc.outputs());
        p.printRecord(header);
        for (int i = 0; i < n; i++) { // row by row from the arrays: a list of boxed rows was several times their size
          p.print(i);
          for (double v : mc.samples()[i]) p.print(v);
          for (double v : mc.finals()[i]) p.print(v);
          p.println();
        }
        p.flush();
        if (json != null) Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), mc);
        if (envelopeChart != null) writeChart(envelopeChart);
      } else {
        if (ranges.size() > 1) throw ApiException.badRequest("--param", "a sweep takes one --param; give --runs for a Monte Carlo over several");
        int n = (int) Checks.whole("--steps", steps, 1, Checks.CLI.maxRuns());
        Checks.size(cm, stopT, null, n, Checks.CLI, stepsField, "--steps");
        Experiments.Range r = ranges.get(0);
        var sweep = Experiments.sweep(cm, base, r.name(), Experiments.linspace(r.low(), r.high(), n), outputs, stopT,
            new Progress("sweep", n, System.err));
        w = writer();
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT);
        List<Object> header = new ArrayList<>(List.of(r.name()));
        header.addAll(outputs);
        p.printRecord(header);
        for (var row : sweep) {
          p.print(row.value());
          for (double v : row.finals().values()) p.print(v);
          p.println();
        }
        p.flush();
        if (json != null) Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), sweep);
      }
      if (out != null) w.close();
      return 0;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }

  private Writer writer() throws java.io.IOException {
    return out == null ? new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8) : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
  }

  private void writeChart(org.jfree.chart.JFreeChart ch) throws java.io.IOException {
    CliSupport.writeChart(chart, ch);
  }

  static Experiments.Range range(String p) {
    int eq = p.lastIndexOf('=');
    int colon = p.lastIndexOf(':');
    if (eq <= 0 || colon < eq) throw ApiException.badRequest("--param", "expected name=from:to, got '" + p + "'");
    try {
      return new Experiments.Range(p.substring(0, eq).trim(), Double.parseDouble(p.substring(eq + 1, colon)), Double.parseDouble(p.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("--param", "expected name=from:to with numbers, got '" + p + "'");
    }
  }
}
