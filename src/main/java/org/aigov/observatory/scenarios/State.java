package org.aigov.observatory.scenarios;

import java.util.SplittableRandom;

/** Mutable per-run state; compiled closures are shared between runs (and threads), state is not. */
public final class State {
  public final double[] v;
  public double time;
  public double dt;
  public long step;
  /** True while initial values are computed (ACTIVE_INITIAL reads its second argument). */
  public boolean initializing;
  final long[] rndStep;
  final double[] rndVal;
  final SplittableRandom[] rng;
  final SplittableRandom runRng;
  final double[][] hist;
  final double start;

  State(CompiledModel m, long seed, int steps) {
    v = new double[m.nSlots];
    dt = m.dt;
    start = m.start;
    int r = m.siteSeeds.length;
    rndStep = new long[r];
    java.util.Arrays.fill(rndStep, -1);
    rndVal = new double[r];
    rng = new SplittableRandom[r];
    runRng = new SplittableRandom(seed);
    for (int i = 0; i < r; i++) rng[i] = m.siteSeeds[i] == Long.MIN_VALUE ? runRng : new SplittableRandom(m.siteSeeds[i] ^ seed * 0x9E3779B97F4A7C15L);
    hist = new double[m.nDelaySites][steps + 2];
  }
}
