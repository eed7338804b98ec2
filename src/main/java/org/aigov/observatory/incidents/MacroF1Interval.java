package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.List;
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
    double[] stats = new double[RESAMPLES];
    SplittableRandom rnd = new SplittableRandom(rngSeed);
    int[] draw = new int[n];
    List<String> g = new ArrayList<>(n), p = new ArrayList<>(n);
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < n; i++) draw[i] = rnd.nextInt(n);
      double sum = 0;
      for (int run = 0; run < runs; run++) {
        g.clear();
        p.clear();
        for (int i : draw) {
          g.add(gold.get(run * n + i));
          p.add(pred.get(run * n + i));
        }
        sum += RiskModel.macroF1(g, p); // the figure's own definition, on the resample
      }
      stats[r] = sum / runs;
    }
    java.util.Arrays.sort(stats);
    return new double[] {stats[(int) Math.floor(0.025 * (RESAMPLES - 1))], stats[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
  }

  /** The interval rounded to three decimals, for printing. */
  static double[] rounded(double[] ci) {
    return new double[] {Math.round(ci[0] * 1000) / 1000.0, Math.round(ci[1] * 1000) / 1000.0};
  }
}
