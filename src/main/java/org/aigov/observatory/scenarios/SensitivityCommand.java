package org.aigov.observatory.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One-at-a-time or Latin-hypercube sensitivity; prints parameters ranked by influence. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true, description = {
    "Rank parameters by their influence on an output (one-at-a-time or Latin hypercube).",
    "按对输出的影响对参数排序（单因素或拉丁超立方）。"})
public class SensitivityCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "XMILE file or bundled model id")
  String model;

  @Option(names = "--target", required = true, description = "output variable whose final value is analysed")
  String target;

  @Option(names = "--param", description = "parameters (repeatable); default: every constant of the model")
  List<String> params;

  @Option(names = "--method", defaultValue = "oat", description = "oat or lhs")
  String method;

  @Option(names = "--delta", defaultValue = "0.1", description = "relative perturbation / half-range, above 0 and at most 1 (0.1 = ±10%%)")
  String delta;

  @Option(names = "--samples", defaultValue = "200", description = "Latin-hypercube samples, 4 to 100000")
  String samples;

  @Option(names = "--stop", description = "stop time: the target's value at this time is analysed (default: the model's), as simulate --stop")
  String stop;

  @Option(names = "--seed", defaultValue = "1")
  String seed;

  @Option(names = "--scenario")
  String scenario;

  @Option(names = "--json", description = "write the ranking as JSON")
  Path json;

  @Option(names = "--chart", description = "write a ranking chart (.png or .svg)")
  Path chart;

  /** Standalone entry point (the observatory launcher registers this command too). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new SensitivityCommand()).execute(args));
  }

  /** The parameters whose ±delta stays inside a bundled model's declared ranges (base values in {@code bv}); the others left out with a warning. */
  private List<String> inRange(Map<String, Double> bv, List<String> ps, double delta) {
    List<String> warnings = new java.util.ArrayList<>();
    List<String> kept = Checks.inRange(CliSupport.bundledId(model), ps, bv, delta, "--delta", warnings);
    for (String w : warnings) System.err.println("warning: " + w);
    return kept;
  }

  @Override
  public Integer call() {
    try {
      CliSupport.chartFile(chart);
      CompiledModel cm = ModelCompiler.compile(CliSupport.load(model));
      Map<String, Double> base = CliSupport.overrides(cm, CliSupport.bundledId(model), scenario, null);
      // the API's checks, on the options that correspond to its fields
      CliSupport.variable(cm, target, "--target");
      List<String> ps = Checks.parameters(cm, params != null ? params : constants(cm), "--param");
      double delta = Checks.delta("--delta", Checks.number("--delta", this.delta), this.delta);
      long seed = Checks.seed("--seed", this.seed);
      Double stopT = stop == null ? null : Checks.stop(cm, Checks.number("--stop", stop), "--stop");
      String stepsField = stop != null ? "--stop" : "sim_specs";
      List<Experiments.Influence> rank;
      if (method.equals("oat")) {
        Checks.size(cm, stopT, null, 2L * ps.size() + 1, Checks.CLI, stepsField, "--param");
        Map<String, Double> bv = Experiments.baseValues(cm, base, ps);
        ps = inRange(bv, ps, delta);
        rank = Experiments.oneAtATime(cm, base, ps, delta, target, stopT, bv);
      } else if (method.equals("lhs")) {
        int n = (int) Checks.whole("--samples", samples, 4, Checks.CLI.maxRuns());
        Checks.size(cm, stopT, null, n, Checks.CLI, stepsField, "--samples");
        Map<String, Double> bv = Experiments.baseValues(cm, base, ps);
        ps = inRange(bv, ps, delta);
        List<Experiments.Range> ranges = ps.stream().map(p -> new Experiments.Range(p, Experiments.perturb(bv.get(p), -delta), Experiments.perturb(bv.get(p), delta))).toList();
        rank = Experiments.latinHypercube(cm, base, ranges, n, seed, target, 2, stopT, new Progress("latin hypercube", n, System.err)).ranking();
      } else throw ApiException.badRequest("--method", "must be oat or lhs");
      String undefined = method.equals("oat") ? Experiments.undefinedScores(target, rank) : Experiments.undefinedCorrelations(target, rank);
      if (undefined != null) System.err.println("warning: " + undefined);
      System.out.println("rank,parameter,influence" + (method.equals("oat") ? ",base,output_at_low,output_at_high" : ""));
      int i = 1;
      for (var r : rank) {
        System.out.println(i++ + ",\"" + r.param() + "\"," + (r.score() == null ? "" : r.score()) + (method.equals("oat") ? "," + r.base() + "," + r.outLow() + "," + r.outHigh() : ""));
      }
      if (json != null) Files.writeString(json, Json.pretty(rank));
      if (chart != null) {
        var ch = Charts.ranking("Sensitivity of " + target + " (" + method + ")", rank);
        CliSupport.writeChart(chart, ch);
      }
      return 0;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }

  /** Scalar variables whose equation is a plain number (non-zero, so a relative perturbation moves them). */
  static List<String> constants(CompiledModel cm) {
    List<String> out = new ArrayList<>();
    for (XmileModel.Var v : cm.source().vars) {
      if (v.kind.equals("stock") || !v.dims.isEmpty() || v.eqn == null || v.gf != null) continue;
      try {
        double d = Double.parseDouble(v.eqn.trim());
        if (d != 0) out.add(v.name);
      } catch (NumberFormatException ignored) {}
    }
    return out;
  }
}
