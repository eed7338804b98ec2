package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MacroF1IntervalTest {
  /** n incidents over four unequal classes; each prediction right with probability {@code right}, else a random class. */
  private static List<List<String>> noisy(int n, double right, long seed) {
    Random r = new Random(seed);
    String[] classes = {"1. a", "2. b", "3. c", "4. d"};
    double[] share = {0.5, 0.25, 0.15, 0.10};
    List<String> gold = new ArrayList<>(), pred = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      int c = 0;
      while (c < 3 && u > share[c]) u -= share[c++];
      gold.add(classes[c]);
      pred.add(r.nextDouble() < right ? classes[c] : classes[r.nextInt(4)]);
    }
    return List.of(gold, pred);
  }

  @Test
  void perfectPredictionsHaveNoSpread() {
    List<String> gold = noisy(300, 1.0, 1).get(0);
    assertArrayEquals(new double[] {1.0, 1.0}, MacroF1Interval.ci95(gold, gold, 1, 42), 1e-12);
  }

  @Test
  void theIntervalHoldsThePointEstimateAndNarrowsWithMoreIncidents() {
    for (long seed = 1; seed <= 5; seed++) {
      List<List<String>> small = noisy(150, 0.7, seed), large = noisy(3000, 0.7, seed);
      double[] s = MacroF1Interval.ci95(small.get(0), small.get(1), 1, 42), l = MacroF1Interval.ci95(large.get(0), large.get(1), 1, 42);
      double fs = RiskModel.macroF1(small.get(0), small.get(1)), fl = RiskModel.macroF1(large.get(0), large.get(1));
      assertTrue(s[0] < fs && fs < s[1], "seed " + seed + ": " + fs + " outside " + s[0] + ".." + s[1]);
      assertTrue(l[0] < fl && fl < l[1], "seed " + seed + ": " + fl + " outside " + l[0] + ".." + l[1]);
      assertTrue(s[1] - s[0] > 2 * (l[1] - l[0]), "seed " + seed + ": 20x the incidents should narrow the interval by about 4.5x");
    }
  }

  @Test
  void sameInputSameInterval_andRepeatedRunsAreOneRun() {
    List<List<String>> d = noisy(400, 0.6, 9);
    double[] once = MacroF1Interval.ci95(d.get(0), d.get(1), 1, 42);
    assertArrayEquals(once, MacroF1Interval.ci95(d.get(0), d.get(1), 1, 42), 0);
    List<String> g2 = new ArrayList<>(d.get(0)), p2 = new ArrayList<>(d.get(1));
    g2.addAll(d.get(0));
    p2.addAll(d.get(1));
    // two identical seed blocks: each resample scores the same incidents twice, so the mean is the one run's figure
    assertArrayEquals(once, MacroF1Interval.ci95(g2, p2, 2, 42), 1e-12);
  }

  @Test
  void blocksThatDoNotMatchAreRefused() {
    List<List<String>> d = noisy(11, 0.6, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroF1Interval.ci95(d.get(0), d.get(1), 2, 42));
    assertTrue(e.getMessage().contains("2 equal blocks"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MacroF1Interval.ci95(d.get(0), d.get(1).subList(0, 10), 1, 42));
  }
}
