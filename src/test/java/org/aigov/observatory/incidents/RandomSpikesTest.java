package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random series, with gaps, quiet stretches and injected bursts, against a reference written from the documented rule
 * (the tails summed term by term, no library): the Poisson test and the share test flag exactly the periods the
 * reference flags, with the same baseline and probability, and each alert says its period, count, baseline and
 * probability in both languages. The seed is in the failure message; -Dtests.seed=N replays one run.
 */
class RandomSpikesTest {
  @Test
  void poissonAndShareAlarmsAreExactlyTheReferencesAndExplainThemselves() {
    long seed = org.aigov.observatory.kernel.TestStores.seed(20261205L);
    Random rnd = new Random(seed);
    int alarms = 0;
    for (int run = 0; run < 200; run++) {
      int n = 6 + rnd.nextInt(40);
      long[] counts = new long[n], totals = new long[n];
      double level = rnd.nextDouble() * 8;
      int lead = rnd.nextInt(4); // periods before the data begins
      for (int t = lead; t < n; t++) {
        if (rnd.nextInt(12) == 0) continue; // a gap: nothing recorded at all
        totals[t] = 20 + poisson(rnd, 40);
        counts[t] = Math.min(totals[t], poisson(rnd, rnd.nextInt(10) == 0 ? level * 4 + 3 : level));
      }
      List<String> periods = new ArrayList<>();
      for (int t = 0; t < n; t++) periods.add(String.format("P%02d", t));
      Spikes.Options o = new Spikes.Options();
      o.window = 2 + rnd.nextInt(12);
      o.minHistory = 1 + rnd.nextInt(4);
      o.alpha = new double[] {0.001, 0.01, 0.05}[rnd.nextInt(3)];
      o.minCount = rnd.nextInt(4);
      String ctx = "seed " + seed + ", run " + run + ": counts " + java.util.Arrays.toString(counts) + ", totals " + java.util.Arrays.toString(totals)
          + ", window " + o.window + ", min history " + o.minHistory + ", alpha " + o.alpha + ", min count " + o.minCount;

      List<double[]> want = reference(counts, totals, o, false);
      List<Spikes.Spike> got = Spikes.detect(periods, counts, totals, "topic=military", "主题=军事", "month", o);
      compare(want, got, periods, ctx + " (poisson)");
      alarms += got.size();

      o.method = "share";
      List<double[]> wantShare = reference(counts, totals, o, true);
      List<Spikes.Spike> gotShare = Spikes.detect(periods, counts, totals, "topic=military", "主题=军事", "month", o);
      compare(wantShare, gotShare, periods, ctx + " (share)");
      alarms += gotShare.size();
    }
    assertTrue(alarms > 50, "seed " + seed + ": the runs should raise alarms, raised " + alarms);
  }

  private static void compare(List<double[]> want, List<Spikes.Spike> got, List<String> periods, String ctx) {
    assertEquals(want.size(), got.size(), ctx + ": alarms " + got.stream().map(Spikes.Spike::period).toList());
    for (int i = 0; i < want.size(); i++) {
      double[] w = want.get(i);
      Spikes.Spike s = got.get(i);
      String p = periods.get((int) w[0]);
      assertEquals(p, s.period(), ctx);
      assertEquals((long) w[1], s.count(), ctx);
      assertEquals(w[3], s.probability(), 1e-9 + 1e-6 * w[3], ctx + ": probability in " + p);
      // every alarm explains itself: the period, the count, and a probability, in English and in Chinese
      assertTrue(s.explanationEn().contains(p) && s.explanationEn().contains(Long.toString(s.count())) && s.explanationEn().contains("P(X ≥"), s.explanationEn());
      assertTrue(s.explanationZh().contains(p) && s.explanationZh().contains("P(X ≥") && s.explanationZh().contains("基线"), s.explanationZh());
    }
  }

  /** {period, count, baseline, probability} of each alarm by the rule as docs/incidents.md states it. */
  static List<double[]> reference(long[] counts, long[] totals, Spikes.Options o, boolean share) {
    List<double[]> out = new ArrayList<>();
    int data = 0;
    while (data < totals.length && totals[data] == 0) data++;
    for (int t = 0; t < counts.length; t++) {
      if (totals[t] == 0) continue;
      int hist = 0;
      long sum = 0, sumTotal = 0;
      for (int k = Math.max(data, t - o.window); k < t; k++) {
        if (totals[k] == 0) continue;
        hist++;
        sum += counts[k];
        sumTotal += totals[k];
      }
      if (hist < o.minHistory) continue;
      double p, baseline;
      if (share) {
        if (sumTotal == 0) continue;
        baseline = Math.min(1.0, Math.max(sum, 0.05 * hist) / sumTotal);
        p = binomialTail(counts[t], totals[t], baseline);
      } else {
        baseline = sum / (double) hist;
        p = poissonTail(counts[t], Math.max(baseline, 0.05));
      }
      if (p <= o.alpha && counts[t] >= o.minCount) out.add(new double[] {t, counts[t], baseline, p});
    }
    return out;
  }

  /** P(X ≥ k), X ~ Poisson(lambda), as 1 minus the sum of the terms below k. */
  static double poissonTail(long k, double lambda) {
    if (k <= 0) return 1;
    double term = Math.exp(-lambda), below = 0;
    for (long i = 0; i < k; i++) {
      below += term;
      term *= lambda / (i + 1);
    }
    return Math.max(0, 1 - below);
  }

  /** P(X ≥ k), X ~ Binomial(n, q), as the sum of the terms from k up, in logs. */
  static double binomialTail(long k, long n, double q) {
    if (k <= 0) return 1;
    if (k > n) return 0;
    if (q >= 1) return 1;
    double s = 0;
    for (long i = k; i <= n; i++) s += Math.exp(logChoose(n, i) + i * Math.log(q) + (n - i) * Math.log1p(-q));
    return Math.min(1, s);
  }

  private static double logChoose(long n, long k) {
    double s = 0;
    for (long i = 1; i <= k; i++) s += Math.log((n - k + i) / (double) i);
    return s;
  }

  private static long poisson(Random r, double lambda) {
    double l = Math.exp(-lambda), p = 1;
    long k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
