package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Spike detection against a rolling baseline: the mean of the previous {@code window} periods is
 * the Poisson rate; a period is a spike when P(X ≥ count) ≤ {@code alpha} and count ≥ {@code minCount}.
 * The CUSUM variant accumulates standardized excess over the baseline and fires above {@code h}.
 */
public final class Spikes {
  public static final class Options {
    public int window = 12;
    public int minHistory = 3;
    public double alpha = 0.01;
    public long minCount = 3;
    public String method = "poisson";
    public double cusumK = 0.5;
    public double cusumH = 4.0;
  }

  public record Spike(String period, long count, double baseline, double probability, String method, String explanationEn,
      String explanationZh) {}

  private Spikes() {}

  static double tail(long count, double lambda) {
    if (count <= 0) return 1.0;
    double p = 1.0 - new PoissonDistribution(null, Math.max(lambda, 0.05), PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS).cumulativeProbability((int) Math.min(Integer.MAX_VALUE, count - 1));
    return Math.max(p, 0.0);
  }

  public static List<Spike> detect(List<String> periods, long[] counts, String what, String unit, Options o) {
    List<Spike> out = new ArrayList<>();
    double s = 0;
    for (int t = 0; t < counts.length; t++) {
      int from = Math.max(0, t - o.window);
      int hist = t - from;
      if (hist < o.minHistory) continue;
      double sum = 0;
      for (int k = from; k < t; k++) sum += counts[k];
      double lambda = sum / hist;
      double p = tail(counts[t], lambda);
      boolean fire;
      if (o.method.equals("cusum")) {
        double sd = Math.sqrt(Math.max(lambda, 0.25));
        s = Math.max(0, s + (counts[t] - lambda) / sd - o.cusumK);
        fire = s > o.cusumH && counts[t] >= o.minCount;
        if (fire) s = 0;
      } else {
        fire = p <= o.alpha && counts[t] >= o.minCount;
      }
      if (!fire) continue;
      String pr = String.format(Locale.ROOT, "%.3g", p);
      String base = String.format(Locale.ROOT, "%.2f", lambda);
      String en = String.format(Locale.ROOT, "%s: %d %s incidents in %s, against a baseline of %s (mean of the previous %d %ss); "
          + "Poisson tail probability P(X ≥ %d) = %s%s", what, counts[t], "", periods.get(t), base, hist, unit, counts[t], pr,
          o.method.equals("cusum") ? " (CUSUM above " + o.cusumH + ")" : " ≤ " + o.alpha).replace("  ", " ");
      String zh = String.format(Locale.ROOT, "%s：%s 期间 %d 起事件，基线 %s（前 %s的平均值）；泊松尾概率 P(X ≥ %d) = %s%s", what,
          periods.get(t), counts[t], base, unitZh(hist, unit), counts[t], pr, o.method.equals("cusum") ? "（CUSUM 超过 " + o.cusumH + "）" : " ≤ " + o.alpha);
      out.add(new Spike(periods.get(t), counts[t], lambda, p, o.method, en, zh));
    }
    return out;
  }

  static String unitZh(int n, String unit) {
    return switch (unit) {
      case "day" -> n + " 天";
      case "week" -> n + " 周";
      case "year" -> n + " 年";
      default -> n + " 个月";
    };
  }
}
