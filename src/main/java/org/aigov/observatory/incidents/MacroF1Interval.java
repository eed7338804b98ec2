package org.aigov.observatory.incidents;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A 95 % percentile-bootstrap interval for macro-F1: incidents are drawn with replacement, so the interval shows how far
 * the figure moves with which incidents happen to be labelled. With 869 labels over seven unequal domains that spread is
 * several points, which a single figure hides when it lands next to a target.
 */
final class MacroF1Interval {
  static final int RESAMPLES = 2000;

  private MacroF1Interval() {}

  /**
   * {@code gold} and {@code pred} hold {@code runs} blocks of the same incidents in the same order (one block per seed);
   * each resample draws incidents once and scores every run on them, its figure the mean over runs, as the point
   * estimate is. Fixed {@code rngSeed}: the same predictions give the same interval.
   */
  static double[] ci95(List<String> gold, List<String> pred, int runs, long rngSeed) {
    if (runs < 1 || gold.size() != pred.size() || gold.size() % runs != 0)
      throw new IllegalArgumentException("gold and pred must hold " + runs + " equal blocks; got " + gold.size() + " and " + pred.size());
    int n = gold.size() / runs;
    if (n == 0) return new double[] {Double.NaN, Double.NaN};
    Map<String, Integer> ids = new HashMap<>();
    int[] g = new int[gold.size()], p = new int[pred.size()];
    for (int i = 0; i < g.length; i++) g[i] = ids.computeIfAbsent(gold.get(i), k -> ids.size());
    for (int i = 0; i < p.length; i++) p[i] = ids.computeIfAbsent(pred.get(i), k -> ids.size());
    int k = ids.size();
    double[] stats = new double[RESAMPLES];
    SplittableRandom rnd = new SplittableRandom(rngSeed);
    int[] draw = new int[n], tp = new int[k], fp = new int[k], fn = new int[k];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < n; i++) draw[i] = rnd.nextInt(n);
      double sum = 0;
      for (int run = 0; run < runs; run++) {
        java.util.Arrays.fill(tp, 0);
        java.util.Arrays.fill(fp, 0);
        java.util.Arrays.fill(fn, 0);
        for (int i : draw) {
          int gi = g[run * n + i], pi = p[run * n + i];
          if (gi == pi) tp[gi]++;
          else {
            fp[pi]++;
            fn[gi]++;
          }
        }
        sum += macro(tp, fp, fn);
      }
      stats[r] = sum / runs;
    }
    java.util.Arrays.sort(stats);
    return new double[] {stats[(int) Math.floor(0.025 * (RESAMPLES - 1))], stats[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
  }

  /** Macro-F1 over the classes present in the resample's gold labels, as {@link RiskModel#macroF1} defines it. */
  private static double macro(int[] tp, int[] fp, int[] fn) {
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < tp.length; c++) {
      if (tp[c] + fn[c] == 0) continue;
      classes++;
      double prec = tp[c] + fp[c] == 0 ? 0 : tp[c] / (double) (tp[c] + fp[c]);
      double rec = tp[c] / (double) (tp[c] + fn[c]);
      sum += prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
    }
    return classes == 0 ? 0 : sum / classes;
  }

  /** The interval rounded to three decimals, for printing. */
  static double[] rounded(double[] ci) {
    return new double[] {Math.round(ci[0] * 1000) / 1000.0, Math.round(ci[1] * 1000) / 1000.0};
  }
}
