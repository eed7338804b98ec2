package org.aigov.observatory.scenarios;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench scenarios}: single-thread variable updates/s and the 1,000-run Monte Carlo of paper 1. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "Benchmark the system-dynamics engine")
public class ScenariosBench implements Callable<Integer> {
  @Option(names = "--runs", defaultValue = "1000", description = "Monte Carlo runs")
  int runs;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--seconds", defaultValue = "3", description = "duration of the throughput measurement")
  double seconds;

  @Option(names = "--model", defaultValue = "paper1-two-way-empowerment")
  String model;

  /** Standalone entry point (the observatory launcher registers this command too). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ScenariosBench()).execute(args));
  }

  @Override
  public Integer call() {
    CompiledModel cm = ModelCompiler.compile(CliSupport.load(model));
    System.out.printf("model %s: %d variables, %d dynamic updates per step, %d steps (dt=%s, %s)%n", model, cm.outputSlots.length, cm.updatesPerStep(), cm.steps(), cm.dt, cm.rk4 ? "RK4" : "Euler");
    CompiledModel.RunSpec spec = new CompiledModel.RunSpec();
    spec.keepSeries = false;
    // warm-up so the JIT has compiled the closures
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) cm.run(spec, Map.of());
    long t0 = System.nanoTime();
    long n = 0;
    long end = t0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end) { cm.run(spec, Map.of()); n++; }
    double el = (System.nanoTime() - t0) / 1e9;
    double updates = (double) n * cm.steps() * cm.updatesPerStep();
    System.out.printf("single thread: %d runs in %.2f s = %.1f runs/s, %.3g variable updates/s%n", n, el, n / el, updates / el);
    List<Experiments.Range> ranges = List.of(
        new Experiments.Range("spillover rate", 0.04, 0.12),
        new Experiments.Range("base NQPF growth", 0.03, 0.07),
        new Experiments.Range("cooperation openness", 0.7, 1.3),
        new Experiments.Range("sanction severity", 0, 0.8),
        new Experiments.Range("market growth rate", 0.04, 0.12));
    boolean paper1 = model.equals("paper1-two-way-empowerment");
    List<String> outs = paper1 ? List.of("NQPF", "empowerment index") : List.of(cm.outputNames()[0]);
    if (!paper1) ranges = List.of();
    // first batch includes the JIT's work on the series-saving path; the second is steady state
    for (int batch = 1; batch <= 3; batch++) {
      long t2 = System.nanoTime();
      var mc = Experiments.monteCarlo(cm, Map.of(), ranges, runs, 42, outs, outs.get(0), threads);
      double mcs = (System.nanoTime() - t2) / 1e9;
      double mean = 0;
      for (double[] f : mc.finals()) mean += f[0];
      System.out.printf("Monte Carlo batch %d: %d runs x %d steps, full series saved, %d threads: %.3f s (%.0f runs/s); mean final %s = %.6f; p05..p95 at end %.4f..%.4f%n",
          batch, runs, cm.steps(), threads, mcs, runs / mcs, outs.get(0), mean / runs, mc.p05()[mc.p05().length - 1], mc.p95()[mc.p95().length - 1]);
    }
    // saving every step (what simulate does), after the Monte Carlo batches warmed that path
    CompiledModel.RunSpec full = new CompiledModel.RunSpec();
    long t1 = System.nanoTime();
    int m = 0;
    while (System.nanoTime() - t1 < (long) (seconds * 1e9)) { cm.run(full, Map.of()); m++; }
    System.out.printf("single thread with full series saved: %.1f runs/s%n", m / ((System.nanoTime() - t1) / 1e9));
    return 0;
  }
}
