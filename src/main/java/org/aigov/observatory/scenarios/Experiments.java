package org.aigov.observatory.scenarios;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Progress;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Sweeps, Monte Carlo, one-at-a-time and Latin-hypercube sensitivity, scenario comparison. */
public final class Experiments {
  private Experiments() {}

  public record Range(String name, double low, double high) {}

  public record SweepRow(double value, Map<String, Double> finals) {}

  /** Runs the model once per value of {@code param}; records each output's final value. */
  public static List<SweepRow> sweep(CompiledModel cm, Map<String, Double> base, String param, double[] values, List<String> outputs) {
    return sweep(cm, base, param, values, outputs, Progress.silent());
  }

  public static List<SweepRow> sweep(CompiledModel cm, Map<String, Double> base, String param, double[] values, List<String> outputs, Progress progress) {
    return sweep(cm, base, param, values, outputs, null, progress);
  }

  /** {@code stop}: the time whose values are recorded (null: the model's stop time), as simulate --stop. */
  public static List<SweepRow> sweep(CompiledModel cm, Map<String, Double> base, String param, double[] values, List<String> outputs, Double stop,
      Progress progress) {
    cm.slotsOf(param);
    List<SweepRow> rows = new ArrayList<>();
    for (double v : values) {
      Map<String, Double> ov = new LinkedHashMap<>(base);
      ov.put(param, v);
      Result r = run(cm, ov, stop);
      Map<String, Double> f = new LinkedHashMap<>();
      for (String o : outputs) f.put(o, r.last(o));
      rows.add(new SweepRow(v, f));
      progress.step(1);
    }
    progress.finish();
    return rows;
  }

  /**
   * {@code n} evenly spaced values from {@code lo} to {@code hi}, each the double nearest the decimal value: in binary
   * arithmetic 0.05 + 0.25 × 4 / 10 is 0.15000000000000002, which the sweep's CSV and JSON printed as such.
   */
  public static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) { // no decimal form; the callers refuse these anyway
      for (int i = 0; i < n; i++) out[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
      return out;
    }
    java.math.BigDecimal a = java.math.BigDecimal.valueOf(lo), span = java.math.BigDecimal.valueOf(hi).subtract(a);
    for (int i = 0; i < n; i++)
      out[i] = n == 1 ? lo : a.add(span.multiply(java.math.BigDecimal.valueOf(i)).divide(java.math.BigDecimal.valueOf(n - 1), java.math.MathContext.DECIMAL128)).doubleValue();
    return out;
  }

  /** Monte Carlo outcome: sampled parameters and each run's final output values, plus the envelope of one output. */
  public record MonteCarlo(List<String> params, double[][] samples, List<String> outputs, double[][] finals, double[] times, double[] p05, double[] p50, double[] p95, double[] mean, long seed, int threads) {}

  /**
   * Runs {@code runs} simulations with parameters drawn uniformly from their ranges. Run i draws
   * from a generator seeded by (seed, i), so results do not depend on the thread count.
   */
  public static MonteCarlo monteCarlo(CompiledModel cm, Map<String, Double> base, List<Range> ranges, int runs, long seed, List<String> outputs, String envelope, int threads) {
    return monteCarlo(cm, base, ranges, runs, seed, outputs, envelope, threads, Progress.silent());
  }

  /** The same, counting finished runs on {@code progress} (a long command shows where it stands). */
  public static MonteCarlo monteCarlo(CompiledModel cm, Map<String, Double> base, List<Range> ranges, int runs, long seed, List<String> outputs, String envelope, int threads,
      Progress progress) {
    return monteCarlo(cm, base, ranges, runs, seed, outputs, envelope, threads, null, progress);
  }

  public static MonteCarlo monteCarlo(CompiledModel cm, Map<String, Double> base, List<Range> ranges, int runs, long seed, List<String> outputs, String envelope, int threads,
      Double stop, Progress progress) {
    for (Range r : ranges) cm.slotsOf(r.name());
    List<String> names = ranges.stream().map(Range::name).toList();
    double[][] samples = new double[runs][ranges.size()];
    for (int i = 0; i < runs; i++) {
      SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + i);
      for (int j = 0; j < ranges.size(); j++) samples[i][j] = ranges.get(j).low() + (ranges.get(j).high() - ranges.get(j).low()) * rng.nextDouble();
    }
    return runBatch(cm, base, names, samples, seed, outputs, envelope, threads, stop, progress);
  }

  static MonteCarlo runBatch(CompiledModel cm, Map<String, Double> base, List<String> names, double[][] samples, long seed, List<String> outputs, String envelope, int threads,
      Double stop, Progress progress) {
    int runs = samples.length;
    Map<Integer, Double> baseOv = cm.resolve(base);
    int[][] paramSlots = names.stream().map(cm::slotsOf).toArray(int[][]::new);
    double[][] finals = new double[runs][outputs.size()];
    double[][] env = envelope == null ? null : new double[runs][];
    Result probe = run(cm, base, stop);
    int[] outCols = outputs.stream().mapToInt(probe::column).toArray();
    int envCol = envelope == null ? -1 : probe.column(envelope);
    Runnable work = () -> IntStream.range(0, runs).parallel().forEach(i -> {
      Map<Integer, Double> ov = new java.util.HashMap<>(baseOv);
      for (int j = 0; j < paramSlots.length; j++) for (int s : paramSlots[j]) ov.put(s, samples[i][j]);
      CompiledModel.RunSpec spec = new CompiledModel.RunSpec();
      spec.seed = seed * 7919L + i;
      spec.keepSeries = envelope != null;
      spec.stop = stop;
      Result r = cm.run(spec, ov);
      double[] last = r.data()[r.data().length - 1];
      for (int k = 0; k < outCols.length; k++) finals[i][k] = last[outCols[k]];
      if (env != null) {
        double[] e = new double[r.times().length];
        for (int t = 0; t < e.length; t++) e[t] = r.data()[t][envCol];
        env[i] = e;
      }
      synchronized (progress) { // Progress counts from one thread at a time
        progress.step(1);
      }
    });
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      pool.submit(work).get();
    } catch (InterruptedException | ExecutionException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      if (c instanceof RuntimeException re) throw re;
      throw new IllegalStateException(c);
    } finally {
      pool.shutdown();
    }
    progress.finish();
    double[] times = probe.times();
    double[] p05 = null, p50 = null, p95 = null, mean = null;
    if (env != null) {
      int nt = times.length;
      p05 = new double[nt]; p50 = new double[nt]; p95 = new double[nt]; mean = new double[nt];
      double[] col = new double[runs];
      for (int t = 0; t < nt; t++) {
        for (int i = 0; i < runs; i++) col[i] = env[i][t];
        Arrays.sort(col);
        p05[t] = pct(col, 0.05); p50[t] = pct(col, 0.5); p95[t] = pct(col, 0.95);
        mean[t] = Arrays.stream(col).average().orElse(Double.NaN);
      }
    }
    return new MonteCarlo(names, samples, outputs, finals, times, p05, p50, p95, mean, seed, threads);
  }

  static double pct(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** One parameter's influence on the target output; {@code score} is null when it is undefined. */
  public record Influence(String param, double base, double low, double high, double outLow, double outHigh, Double score) {}

  /**
   * One-at-a-time: each parameter at base*(1-delta) and base*(1+delta), others at base. Score is the
   * normalised swing |out(high)-out(low)| / |out(base)| (elasticity-like), ranked descending. When the target's base
   * output is 0 (or any output is NaN or infinite) the elasticity is undefined: the score is null and ranked last (a
   * floor of 1e-12 on |out(base)| reported 2e12 as if it were a real score); see {@link #undefinedScores}.
   */
  public static List<Influence> oneAtATime(CompiledModel cm, Map<String, Double> base, List<String> params, double delta, String target) {
    return oneAtATime(cm, base, params, delta, target, null);
  }

  public static List<Influence> oneAtATime(CompiledModel cm, Map<String, Double> base, List<String> params, double delta, String target, Double stop) {
    return oneAtATime(cm, base, params, delta, target, stop, baseValues(cm, base, params));
  }

  /** The same, with the parameters' base values already read ({@link #baseValues}). */
  public static List<Influence> oneAtATime(CompiledModel cm, Map<String, Double> base, List<String> params, double delta, String target, Double stop,
      Map<String, Double> baseVals) {
    Result b = run(cm, base, stop);
    double y0 = b.last(target);
    List<Influence> out = new ArrayList<>();
    for (String p : params) {
      double v = baseVals.get(p);
      double lo = perturb(v, -delta), hi = perturb(v, delta);
      Map<String, Double> a = new LinkedHashMap<>(base); a.put(p, lo);
      Map<String, Double> c = new LinkedHashMap<>(base); c.put(p, hi);
      double yl = run(cm, a, stop).last(target), yh = run(cm, c, stop).last(target);
      double score = Math.abs(yh - yl) / Math.abs(y0) / (2 * delta);
      out.add(new Influence(p, v, lo, hi, yl, yh, y0 != 0 && Double.isFinite(score) ? score : null));
    }
    out.sort(Comparator.comparing(Influence::score, Comparator.nullsLast(Comparator.<Double>reverseOrder())));
    return out;
  }

  /**
   * {@code v * (1 + d)} in decimal, as a sweep's values are: 0.1 × 0.9 had read 0.09000000000000001 in the answer
   * (outside QA).
   */
  public static double perturb(double v, double d) {
    if (!Double.isFinite(v) || !Double.isFinite(d)) return v * (1 + d);
    return java.math.BigDecimal.valueOf(v).multiply(java.math.BigDecimal.ONE.add(java.math.BigDecimal.valueOf(d))).doubleValue();
  }

  /** The warning for a one-at-a-time ranking whose scores are (partly) undefined, naming the target; null when all are defined. */
  public static String undefinedScores(String target, List<Influence> rank) {
    return undefinedScores(target, rank, "output_at_low and output_at_high");
  }

  /** The same, naming the two outputs to compare as the answer names them (the API's outLow and outHigh; outside QA). */
  public static String undefinedScores(String target, List<Influence> rank, String outputs) {
    List<String> none = undefined(rank);
    if (none.isEmpty()) return null;
    return "the elasticity of '" + target + "' is undefined for " + String.join(", ", none)
        + " (its base output is 0, or an output is not finite): score is null and ranked last; compare " + outputs;
  }

  /** The same for a Latin-hypercube ranking. */
  public static String undefinedCorrelations(String target, List<Influence> rank) {
    List<String> none = undefined(rank);
    if (none.isEmpty()) return null;
    return "the rank correlation of '" + target + "' is undefined for " + String.join(", ", none)
        + " (its final value is the same in every sample, or not finite in one): score is null and ranked last";
  }

  private static List<String> undefined(List<Influence> rank) {
    return rank.stream().filter(i -> i.score() == null).map(i -> "'" + i.param() + "'").toList();
  }

  /** One run up to {@code stop} (null: the model's stop time). */
  static Result run(CompiledModel cm, Map<String, Double> overrides, Double stop) {
    CompiledModel.RunSpec spec = new CompiledModel.RunSpec();
    spec.overrides.putAll(overrides);
    spec.stop = stop;
    return cm.run(spec);
  }

  /** Current values of parameters (their initial values in a base run). */
  public static Map<String, Double> baseValues(CompiledModel cm, Map<String, Double> base, List<String> params) {
    Result r = cm.run(base);
    Map<String, Double> out = new LinkedHashMap<>();
    for (String p : params) out.put(p, r.data()[0][r.column(p)]);
    return out;
  }

  /** Latin-hypercube sensitivity: Spearman rank correlation of each parameter with the target's final value. */
  public record Lhs(List<Influence> ranking, MonteCarlo runs) {}

  public static Lhs latinHypercube(CompiledModel cm, Map<String, Double> base, List<Range> ranges, int n, long seed, String target, int threads) {
    return latinHypercube(cm, base, ranges, n, seed, target, threads, Progress.silent());
  }

  public static Lhs latinHypercube(CompiledModel cm, Map<String, Double> base, List<Range> ranges, int n, long seed, String target, int threads, Progress progress) {
    return latinHypercube(cm, base, ranges, n, seed, target, threads, null, progress);
  }

  public static Lhs latinHypercube(CompiledModel cm, Map<String, Double> base, List<Range> ranges, int n, long seed, String target, int threads, Double stop,
      Progress progress) {
    SplittableRandom rng = new SplittableRandom(seed);
    int k = ranges.size();
    double[][] samples = new double[n][k];
    for (int j = 0; j < k; j++) {
      int[] perm = IntStream.range(0, n).toArray();
      for (int i = n - 1; i > 0; i--) { int r = rng.nextInt(i + 1); int t = perm[i]; perm[i] = perm[r]; perm[r] = t; }
      Range rg = ranges.get(j);
      for (int i = 0; i < n; i++) samples[i][j] = rg.low() + (rg.high() - rg.low()) * (perm[i] + rng.nextDouble()) / n;
    }
    List<String> names = ranges.stream().map(Range::name).toList();
    MonteCarlo mc = runBatch(cm, base, names, samples, seed, List.of(target), null, threads, stop, progress);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) y[i] = mc.finals()[i][0];
    SpearmansCorrelation sp = new SpearmansCorrelation();
    // a target that is the same in every sample, or NaN/infinite in one, has no rank correlation: null, not 0 (which
    // read as "no influence"), ranked last; commons-math's ranking also throws on NaN
    boolean finite = Arrays.stream(y).allMatch(Double::isFinite);
    List<Influence> rank = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) x[i] = samples[i][j];
      double rho = finite ? sp.correlation(x, y) : Double.NaN;
      rank.add(new Influence(names.get(j), Double.NaN, ranges.get(j).low(), ranges.get(j).high(), Double.NaN, Double.NaN, Double.isNaN(rho) ? null : rho));
    }
    rank.sort(Comparator.comparing((Influence i) -> i.score() == null ? null : Math.abs(i.score()), Comparator.nullsLast(Comparator.<Double>reverseOrder())));
    return new Lhs(rank, mc);
  }

  /** Runs every named scenario of the model (or the given names); "baseline" with no overrides if absent. */
  public static Map<String, Result> compareScenarios(CompiledModel cm, List<String> names) {
    return compareScenarios(cm, names, "scenarios");
  }

  /** The same; an unknown name is refused on {@code field} as a 400, as an unknown name is everywhere else in the product. */
  public static Map<String, Result> compareScenarios(CompiledModel cm, List<String> names, String field) {
    XmileModel m = cm.source();
    Map<String, Result> out = new LinkedHashMap<>();
    List<String> wanted = names == null || names.isEmpty() ? m.scenarios.stream().map(s -> s.name).toList() : names;
    if (wanted.isEmpty()) wanted = List.of("baseline");
    for (String n : wanted) {
      XmileModel.Scenario s = m.scenario(n);
      if (s == null && !n.equals("baseline")) throw ApiException.badRequest(field, "unknown scenario '" + n + "'");
      out.put(n, cm.run(s == null ? Map.of() : s.overrides));
    }
    return out;
  }
}
