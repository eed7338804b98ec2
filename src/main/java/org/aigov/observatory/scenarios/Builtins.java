package org.aigov.observatory.scenarios;

import java.util.SplittableRandom;

/** Numeric helpers for builtins that are more than one line. */
final class Builtins {
  private Builtins() {}

  static double lookup(double[] xs, double[] ys, int type, double x) {
    int n = xs.length;
    if (Double.isNaN(x)) return Double.NaN;
    if (x <= xs[0]) {
      if (type == 1 && n > 1 && x < xs[0]) return ys[0] + (x - xs[0]) * (ys[1] - ys[0]) / (xs[1] - xs[0]);
      return ys[0];
    }
    if (x >= xs[n - 1]) {
      if (type == 1 && n > 1 && x > xs[n - 1]) return ys[n - 1] + (x - xs[n - 1]) * (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]);
      return ys[n - 1];
    }
    int lo = 0, hi = n - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (xs[mid] <= x) lo = mid; else hi = mid;
    }
    if (type == 2) return ys[lo];
    double span = xs[hi] - xs[lo];
    if (span == 0) return ys[hi];
    return ys[lo] + (x - xs[lo]) * (ys[hi] - ys[lo]) / span;
  }

  static double pulse(State s, double mag, double first, double interval) {
    double t = s.time, dt = s.dt;
    if (t < first - dt / 2) return 0;
    if (interval > 0) {
      double k = Math.floor((t - first) / interval + 1e-9);
      double at = first + k * interval;
      return Math.abs(t - at) < dt / 2 ? mag / dt : 0;
    }
    return Math.abs(t - first) < dt / 2 ? mag / dt : 0;
  }

  static double ramp(double t, double slope, double start, double end) {
    if (t <= start) return 0;
    double until = Math.min(t, end);
    return slope * (until - start);
  }

  static double normal(SplittableRandom r) {
    double u, v, q;
    do { // Marsaglia polar method
      u = 2 * r.nextDouble() - 1;
      v = 2 * r.nextDouble() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q == 0);
    return u * Math.sqrt(-2 * Math.log(q) / q);
  }

  static double poisson(SplittableRandom r, double mean) {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
    double l = Math.exp(-mean), p = 1;
    int k = 0;
    do { k++; p *= r.nextDouble(); } while (p > l);
    return k - 1;
  }

  static double triangular(SplittableRandom r, double a, double c, double b) {
    double u = r.nextDouble();
    if (b <= a) return a;
    double f = (c - a) / (b - a);
    return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
  }
}
