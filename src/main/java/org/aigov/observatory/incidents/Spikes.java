package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Text;

/**
 * Spike detection against a rolling baseline: the mean of the previous {@code window} periods is
 * the Poisson rate; a period is a spike when P(X ≥ count) ≤ {@code alpha} and count ≥ {@code minCount}.
 * The negative-binomial variant takes the baseline's variance too (method of moments), so a series that is bursty
 * by nature alarms less; with a variance at or below the mean it is the Poisson test. The CUSUM variant accumulates
 * standardized excess over the baseline and fires above {@code h}. The share variant tests the standardized count the
 * seed quotes: a binomial tail of the period's count among all its incidents, against the series' share of all incidents
 * over the baseline periods, so a topic that grows only as fast as the monitors' intake does not alarm.
 */
public final class Spikes {
  public static final List<String> METHODS = List.of("poisson", "negbin", "cusum", "share");

  public static final class Options {
    public int window = 12;
    public int minHistory = 3;
    public double alpha = 0.01;
    public long minCount = 3;
    public String method = "poisson";
    public double cusumK = 0.5;
    public double cusumH = 4.0;

    /** Refuses settings no test can mean, naming the field, for the CLI as for the API. */
    public Options check() {
      // 1e-400 reads as 0: say so, rather than "got 0.0" for what the user did not type (outside QA, 2026-12-07)
      if (!(alpha > 0 && alpha < 1)) throw org.aigov.observatory.kernel.ApiException.badRequest("alpha", "expected a probability between 0 and 1, got "
          + (alpha == 0 ? "0 (or a number too small to tell from 0)" : String.valueOf(alpha)));
      // a window shorter than the history a test needs can never raise an alert (outside QA: window=2 was taken, and silent)
      int least = Math.max(2, minHistory);
      if (window < least || window > 1000) throw org.aigov.observatory.kernel.ApiException.badRequest("window", "expected " + least + "..1000 periods, got " + window);
      return this;
    }

    /** A copy with another test. */
    public Options withMethod(String m) {
      Options o = new Options();
      o.window = window;
      o.minHistory = minHistory;
      o.alpha = alpha;
      o.minCount = minCount;
      o.method = m;
      o.cusumK = cusumK;
      o.cusumH = cusumH;
      return o;
    }
  }

  public record Spike(String period, long count, double baseline, double probability, String method, String explanationEn,
      String explanationZh) {
    /** The same texts in the shape of a stored alert's {@code explanation}, so trends and alerts read alike in JSON. */
    @com.fasterxml.jackson.annotation.JsonProperty("explanation")
    public java.util.Map<String, String> explanation() {
      return org.aigov.observatory.kernel.Text.enZh(explanationEn, explanationZh);
    }
  }

  private Spikes() {}

  /** The Poisson tail's smallest baseline: over a silent baseline (0) any count would have probability 0. */
  static final double MIN_BASELINE = 0.05;

  static double tail(long count, double lambda) {
    if (count <= 0) return 1.0;
    // P(X ≥ k) = P(k, λ), the regularized lower incomplete gamma function, computed directly: 1 − CDF cannot go below
    // about 1e-16 and gave 0.0 for a tail of 4.9e-25 (an outside QA pass, 2026-12-07)
    return Math.max(0.0, Math.min(1.0, Gamma.regularizedGammaP((double) count, Math.max(lambda, MIN_BASELINE))));
  }

  /**
   * P(X ≥ count) for a negative binomial with this mean and variance (variance > mean): r = mean² / (variance − mean),
   * success probability q = r / (r + mean), and P(X ≥ k) = I_{1−q}(k, r), the regularized incomplete beta function.
   */
  static double tailNegBin(long count, double mean, double variance) {
    if (count <= 0) return 1.0;
    if (!(variance > mean) || mean <= 0) return tail(count, mean);
    double r = mean * mean / (variance - mean);
    double q = r / (r + mean);
    return Math.max(0.0, Math.min(1.0, Beta.regularizedBeta(1 - q, count, r)));
  }

  /** The method named, or 400 naming the field when it is not one of {@link #METHODS} (the commands print the message). */
  public static String method(String m) {
    String v = m == null ? "poisson" : m.strip().toLowerCase(Locale.ROOT);
    if (!METHODS.contains(v)) throw ApiException.badRequest("method", "expected one of " + METHODS + ", got '" + m + "'");
    return v;
  }

  /**
   * P(X ≥ count) for X ~ Binomial(n, share): the chance that a period of n incidents holds at least {@code count} of
   * the series when each is one of it with the baseline's share.
   */
  static double tailBinomial(long count, long n, double share) {
    if (count <= 0) return 1.0;
    if (count > n) return 0.0;
    if (share >= 1) return 1.0;
    // P(X ≥ k) = I_share(k, n − k + 1), directly, for the same reason as the Poisson tail
    return Math.max(0.0, Math.min(1.0, Beta.regularizedBeta(share, (double) count, (double) (n - count + 1))));
  }

  /** {@code filters}: the series' filters as text ("topic=military"), empty for all incidents; it names the series in both languages. */
  public static List<Spike> detect(List<String> periods, long[] counts, String filters, String unit, Options o) {
    return detect(periods, counts, null, filters, filters, unit, o);
  }

  /**
   * {@code totals}: all incidents per period, for the share test (null: it falls back to Poisson); {@code filters} and
   * {@code filtersZh}: the filters for the English and the Chinese explanation, by name ("Topic: Military AI",
   * "主题：军事人工智能"; see {@link Alerts#enFilters}).
   */
  public static List<Spike> detect(List<String> periods, long[] counts, long[] totals, String filters, String filtersZh, String unit, Options o) {
    String method = method(o.method);
    // the series of all incidents is all of every period: its share is 1 and says nothing, so it is tested by its count
    boolean all = filters == null || filters.isBlank();
    if (method.equals("share") && (all || totals == null)) method = "poisson";
    if (method.equals("share")) return detectShare(periods, counts, totals, filters, filtersZh, unit, o);
    String whatEn = filters == null || filters.isBlank() ? "All incidents" : "Incidents (" + filters + ")";
    String whatZh = filtersZh == null || filtersZh.isBlank() ? "全部事件" : "符合条件（" + filtersZh + "）的事件";
    List<Spike> out = new ArrayList<>();
    double s = 0;
    int data = firstData(counts, totals);
    boolean[] gap = totals == null || totals.length != counts.length ? null : gaps(totals, data, o.window);
    for (int t = 0; t < counts.length; t++) {
      // periods before the first ingested incident are no baseline: their zeros say nothing was ingested yet, and a chart
      // padded back to 2016 flagged the data's first month against a baseline of 0
      int from = Math.max(data, t - o.window);
      if (gap != null && gap[t]) continue; // nothing recorded: no count to test, and CUSUM does not accumulate
      int hist = 0;
      double sum = 0, sq = 0;
      for (int k = from; k < t; k++) {
        if (gap != null && gap[k]) continue; // a gap in the data is no evidence of a quiet period
        hist++;
        sum += counts[k];
        sq += (double) counts[k] * counts[k];
      }
      if (hist < o.minHistory) continue; // no baseline yet: not tested, so never a spike
      int skipped = t - from - hist;
      double lambda = sum / hist;
      double variance = hist > 1 ? (sq - hist * lambda * lambda) / (hist - 1) : 0;
      boolean nb = method.equals("negbin") && variance > lambda && lambda > 0;
      double p = nb ? tailNegBin(counts[t], lambda, variance) : tail(counts[t], lambda);
      boolean fire;
      double statistic = 0; // the CUSUM sum that fired, said in its alert (it printed only the Poisson p; outside QA)
      if (method.equals("cusum")) {
        double sd = Math.sqrt(Math.max(lambda, 0.25));
        s = Math.max(0, s + (counts[t] - lambda) / sd - o.cusumK);
        fire = s > o.cusumH && counts[t] >= o.minCount;
        statistic = s;
        if (fire) s = 0;
      } else {
        fire = p <= o.alpha && counts[t] >= o.minCount;
      }
      if (!fire) continue;
      String pr = probability(p);
      String base = String.format(Locale.ROOT, "%.2f", lambda);
      String var = String.format(Locale.ROOT, "%.2f", variance);
      boolean cusum = method.equals("cusum");
      boolean floored = !nb && !cusum && lambda < MIN_BASELINE;
      String cusumSum = String.format(Locale.ROOT, "%.2f", statistic);
      String en = String.format(Locale.ROOT, "%s: %d incidents in %s, against a baseline of %s (%s); ", whatEn, counts[t], periods.get(t), base,
          windowEn(hist, skipped, unit))
          + (cusum ? String.format(Locale.ROOT, "CUSUM statistic %s above its threshold %s (allowance %s); this period alone has Poisson tail "
              + "probability P(X ≥ %d) %s", cusumSum, o.cusumH, o.cusumK, counts[t], pr)
            : String.format(Locale.ROOT, "%s P(X ≥ %d) %s ≤ %s", nb ? "negative-binomial tail probability (baseline variance " + var + ")"
              : "Poisson tail probability", counts[t], pr, o.alpha))
          + (floored ? " (computed with the baseline raised to " + MIN_BASELINE + ": over a silent baseline any count would have probability 0)" : "");
      String zh = String.format(Locale.ROOT, "%s：%s %d 起事件，基线 %s（%s）；", whatZh, zhDuring(periods.get(t)), counts[t], base, windowZh(hist, skipped, unit))
          + (cusum ? String.format(Locale.ROOT, "CUSUM 统计量 %s 超过阈值 %s（容许量 %s）；仅看本期，泊松尾概率 P(X ≥ %d) %s", cusumSum, o.cusumH, o.cusumK, counts[t], pr)
            : String.format(Locale.ROOT, "%s P(X ≥ %d) %s ≤ %s", nb ? "负二项尾概率（基线方差 " + var + "）" : "泊松尾概率", counts[t], pr, o.alpha))
          + (floored ? "（基线按 " + MIN_BASELINE + " 计算：基线为零时任何计数的概率都将为 0）" : "");
      out.add(new Spike(periods.get(t), counts[t], lambda, p, nb ? "negbin" : method.equals("negbin") ? "poisson" : method, en, zh));
    }
    return out;
  }

  private static List<Spike> detectShare(List<String> periods, long[] counts, long[] totals, String filters, String filtersZh, String unit, Options o) {
    List<Spike> out = new ArrayList<>();
    int data = firstData(counts, totals);
    for (int t = 0; t < counts.length; t++) {
      int from = Math.max(data, t - o.window);
      if (totals[t] == 0) continue;
      int hist = 0;
      long sum = 0, sumTotal = 0;
      for (int k = from; k < t; k++) {
        if (totals[k] == 0) continue; // a gap: no share, and not a period of the baseline
        hist++;
        sum += counts[k];
        sumTotal += totals[k];
      }
      if (hist < o.minHistory) continue;
      int skipped = t - from - hist;
      if (sumTotal == 0) continue; // no incidents at all before: no share to compare with
      // as the Poisson test's floor: a series silent over the baseline counts as MIN_BASELINE a period
      boolean floored = sum < MIN_BASELINE * hist;
      double share = Math.min(1.0, Math.max(sum, MIN_BASELINE * hist) / sumTotal);
      double expected = share * totals[t];
      double p = tailBinomial(counts[t], totals[t], share);
      if (!(p <= o.alpha && counts[t] >= o.minCount)) continue;
      String pr = probability(p);
      String now = pct(counts[t] / (double) totals[t]), base = pct(share), exp = String.format(Locale.ROOT, "%.2f", expected);
      String nowZh = now.replace(" %", "%"), baseZh = base.replace(" %", "%"); // Chinese sets no space before %
      String en = String.format(Locale.ROOT, "Incidents (%s): %d of the %d incidents in %s (%s), against a baseline share of %s "
          + "(%d of %d in %s), %s expected; binomial tail probability P(X ≥ %d) %s ≤ %s%s", filters, counts[t],
          totals[t], periods.get(t), now, base, sum, sumTotal, periodsEn(hist, skipped, unit), exp, counts[t], pr, o.alpha,
          floored ? " (computed with the baseline raised to " + MIN_BASELINE + " a period: over a silent baseline any count would have probability 0)" : "");
      String zh = String.format(Locale.ROOT, "符合条件（%s）的事件：%s全部 %d 起事件中有 %d 起（%s），基线占比 %s（%s共 %d 起中 %d 起），预期 %s 起；"
          + "二项尾概率 P(X ≥ %d) %s ≤ %s%s", filtersZh == null || filtersZh.isBlank() ? filters : filtersZh, zhDuring(periods.get(t)), totals[t],
          counts[t], nowZh, baseZh, periodsZh(hist, skipped, unit), sumTotal, sum, exp, counts[t], pr, o.alpha,
          floored ? "（基线按每期 " + MIN_BASELINE + " 起计算：基线为零时任何计数的概率都将为 0）" : "");
      out.add(new Spike(periods.get(t), counts[t], expected, p, "share", en, zh));
    }
    return out;
  }

  /** A period's label as a Chinese sentence says it: 2025-W10 is 2025 年第 10 周, 2016 is 2016 年; days and months as written. */
  static String zhPeriod(String label) {
    if (label == null) return null;
    if (label.length() == 4 && label.chars().allMatch(Character::isDigit)) return label + " 年";
    int w = label.indexOf("-W");
    if (w == 4 && label.length() > 6) {
      String week = label.substring(6);
      if (week.chars().allMatch(Character::isDigit))
        return label.substring(0, 4) + " 年第 " + Integer.parseInt(week) + " 周";
    }
    return label;
  }

  /** "During the period" in a Chinese sentence: 2024-03 期间, but 2016 年期间 and 2025 年第 10 周期间, without a space after Chinese. */
  static String zhDuring(String label) {
    String p = zhPeriod(label);
    return p + (p.endsWith("年") || p.endsWith("周") ? "期间" : " 期间");
  }

  /**
   * The first period holding any ingested incident, from {@code totals} (all incidents per period: a topic may be quiet
   * while the store is not, and that quiet is a baseline). Periods before it have no baseline. Without totals the
   * store's extent is unknown and every period counts.
   */
  static int firstData(long[] counts, long[] totals) {
    if (totals == null || totals.length != counts.length) return 0;
    for (int t = 0; t < totals.length; t++) if (totals[t] > 0) return t;
    return totals.length;
  }

  // A period with no incident of any series inside the data may be a gap in the ingest (a monitor down, a source not
  // fetched), not a quiet period; a gap is in no baseline and never tested. Without totals the store's coverage is unknown
  // and every period counts.

  /** How unlikely a run of empty periods must be, at the rate before it, to be taken for a gap in the ingest. */
  static final double GAP_P = 0.01;

  /**
   * The gaps among {@code totals} from period {@code data} on: each run of periods with nothing at all recorded whose
   * emptiness is implausible at the store's rate ({@link #implausiblyEmpty}). A monitor's day with none of its hundreds
   * of reports is a gap; a sparse store's quiet week is a quiet week (outside QA, 2026-12-07: by day, 14,377 of 15,155
   * days of the curated monitors were skipped as gaps, and a baseline of non-empty days alone was never under 1).
   */
  static boolean[] gaps(long[] totals, int data, int window) {
    boolean[] g = new boolean[totals.length];
    for (int s = Math.max(0, data); s < totals.length; ) {
      if (totals[s] > 0) {
        s++;
        continue;
      }
      int e = s;
      while (e < totals.length && totals[e] == 0) e++;
      if (implausiblyEmpty(totals, s, e, window)) java.util.Arrays.fill(g, s, e, true);
      s = e;
    }
    return g;
  }

  /**
   * Whether nothing at all in periods {@code [s, e)} has under {@link #GAP_P} probability, Poisson at λ, the mean total
   * of the up to {@code window} periods before the run (zeros included), or after it when none is before. With no period
   * to judge by (a range inside the run) the run is a gap, as every empty run inside the data was until 2026-12-07.
   */
  static boolean implausiblyEmpty(long[] totals, int s, int e, int window) {
    int a = Math.max(0, s - window), b = s;
    if (a == b) {
      a = e;
      b = Math.min(totals.length, e + window);
    }
    if (a >= b) return true;
    double sum = 0;
    for (int k = a; k < b; k++) sum += totals[k];
    return Math.exp(-(sum / (b - a)) * (e - s)) < GAP_P;
  }

  /** The baseline's periods, saying how many gaps the window skipped. */
  static String periodsEn(int hist, int skipped, String unit) {
    String p = String.format(Locale.ROOT, "the previous %d %ss", hist, unit);
    if (skipped == 0) return p;
    return p + String.format(Locale.ROOT, " with incidents recorded; %d %s%s with none at all skipped as a gap in the data", skipped, unit,
        skipped == 1 ? "" : "s");
  }

  static String windowEn(int hist, int skipped, String unit) {
    return "mean of " + periodsEn(hist, skipped, unit);
  }

  static String periodsZh(int hist, int skipped, String unit) {
    return skipped == 0 ? "前 " + unitZh(hist, unit) : "前 " + unitZh(hist + skipped, unit) + "中有事件记录的 " + unitZh(hist, unit);
  }

  static String windowZh(int hist, int skipped, String unit) {
    return periodsZh(hist, skipped, unit) + "的平均值"
        + (skipped == 0 ? "" : "；其余 " + unitZh(skipped, unit) + "无任何事件记录，视为数据空缺，不计入基线");
  }

  /** "= 0.00123", or "< 1e-15" for a tail below double precision (computed as 0, and "= 0.00" would be false). */
  static String probability(double p) {
    return p < 1e-15 ? "< 1e-15" : String.format(Locale.ROOT, "= %.3g", p);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.2f %%", 100 * share);
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
