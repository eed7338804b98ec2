package org.aigov.observatory.scenarios;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code simulate <model.xmile> [--set name=value]... [--method euler|rk4] --out run.csv}. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = {
    "Run an XMILE system-dynamics model and write its results as CSV.",
    "运行 XMILE 系统动力学模型并将结果写为 CSV。"})
public class SimulateCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "XMILE file, or a bundled model id (paper1-two-way-empowerment, paper5-governance-pace, paper2-ai-militarisation)")
  String model;

  @Option(names = "--set", description = "override a variable: name=value (repeatable)")
  List<String> sets;

  @Option(names = "--scenario", description = "apply a named scenario stored in the model")
  String scenario;

  @Option(names = "--method", description = "euler or rk4 (default: the model's)")
  String method;

  @Option(names = "--stop", description = "stop time (default: the model's)")
  String stop;

  @Option(names = "--seed", description = "seed for random functions (default 1)", defaultValue = "1")
  String seed;

  @Option(names = "--out", description = "output CSV (default: standard output)")
  Path out;

  @Option(names = "--export", description = "also write the model back as XMILE to this file")
  Path export;

  @Option(names = "--compare", description = "run every scenario stored in the model; the CSV gets a first column 'scenario'")
  boolean compare;

  @Option(names = "--chart", description = "write a chart (.png or .svg) of the --chart-var variables (all scenarios with --compare)")
  Path chart;

  @Option(names = "--chart-var", description = "variable to chart (repeatable; default: the first)")
  List<String> chartVars;

  /** Standalone entry point (the observatory launcher registers this command too). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new SimulateCommand()).execute(args));
  }

  private void compare(XmileModel m, CompiledModel cm, CompiledModel.RunSpec base) throws Exception {
    java.util.Map<String, Result> runs = new java.util.LinkedHashMap<>();
    List<XmileModel.Scenario> list = m.scenarios.isEmpty() ? List.of() : m.scenarios;
    if (list.isEmpty()) runs.put("baseline", cm.run(base));
    for (XmileModel.Scenario sc : list) {
      CompiledModel.RunSpec spec = new CompiledModel.RunSpec();
      spec.overrides.putAll(sc.overrides);
      spec.overrides.putAll(base.overrides); // explicit --set wins
      spec.seed = base.seed;
      spec.rk4 = base.rk4;
      spec.stop = base.stop;
      runs.put(sc.name, cm.run(spec));
    }
    Writer w = out == null ? new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8) : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    try {
      // not closed when it is standard output: a closed System.out dropped later output and failed the flush
      var p = new org.apache.commons.csv.CSVPrinter(w, org.apache.commons.csv.CSVFormat.DEFAULT);
      List<String> head = new java.util.ArrayList<>(List.of("scenario", "Time"));
      head.addAll(List.of(runs.values().iterator().next().names()));
      p.printRecord(head);
      for (var e : runs.entrySet()) {
        Result r = e.getValue();
        for (int i = 0; i < r.times().length; i++) {
          List<String> row = new java.util.ArrayList<>();
          row.add(e.getKey());
          row.add(Result.fmt(r.times()[i]));
          for (double d : r.data()[i]) row.add(Result.fmt(d));
          p.printRecord(row);
        }
      }
      p.flush();
    } finally {
      if (out != null) w.close();
    }
    if (chart != null) writeChart(runs, cm);
  }

  private void writeChart(java.util.Map<String, Result> runs, CompiledModel cm) throws java.io.IOException {
    List<String> vs = chartVars == null || chartVars.isEmpty() ? List.of(cm.outputNames()[0]) : Checks.variables(chartVars);
    var ch = Charts.timeSeries(cm.source().name, runs, vs, "--chart-var");
    CliSupport.writeChart(chart, ch);
  }

  @Override
  public Integer call() {
    try {
      CliSupport.chartFile(chart);
      XmileModel m = CliSupport.load(model);
      CompiledModel cm = ModelCompiler.compile(m);
      CompiledModel.RunSpec spec = new CompiledModel.RunSpec();
      spec.overrides.putAll(CliSupport.overrides(cm, CliSupport.bundledId(model), scenario, sets));
      spec.seed = Checks.seed("--seed", seed);
      if (stop != null) spec.stop = Checks.stop(cm, Checks.number("--stop", stop), "--stop");
      if (method != null) {
        if (!method.equalsIgnoreCase("euler") && !method.equalsIgnoreCase("rk4")) throw ApiException.badRequest("--method", "must be euler or rk4");
        spec.rk4 = method.equalsIgnoreCase("rk4");
      }
      if (chartVars != null) for (String v : chartVars) CliSupport.variable(cm, v, "--chart-var");
      // the API's limits per run; --compare runs every scenario
      Checks.size(cm, spec.stop, spec.rk4, compare ? Math.max(1, m.scenarios.size()) : 1, Checks.CLI, stop != null ? "--stop" : "sim_specs", "--compare");
      if (compare) {
        compare(m, cm, spec);
        if (export != null) Files.writeString(export, XmileWriter.write(m), StandardCharsets.UTF_8); // --compare skipped it
        return 0;
      }
      Result r = cm.run(spec);
      if (chart != null) writeChart(java.util.Map.of(m.name, r), cm);
      for (String w : cm.warnings) System.err.println("warning: " + w);
      for (String w : r.numericWarnings()) System.err.println("warning: " + w);
      if (out == null) {
        Writer w = new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        r.writeCsv(w);
        w.flush();
      } else {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          r.writeCsv(w);
        }
        System.err.println("wrote " + r.times().length + " rows x " + (r.names().length + 1) + " columns to " + out);
      }
      if (export != null) Files.writeString(export, XmileWriter.write(m), StandardCharsets.UTF_8);
      return 0;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }
}
