package org.aigov.observatory.scenarios;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model compiled once; {@link #run} may be called concurrently from many threads. */
public final class CompiledModel {
  XmileModel source;
  int nSlots;
  String[] slotNames;
  double start, stop, dt, saveStep;
  boolean rk4;
  int[] outputSlots;
  int[] initSlots;
  Ev[] initEvs;
  int[] runSlots;
  Ev[] runEvs;
  int[] stockSlots;
  Ev[] stockRates;
  boolean[] stockNonNeg;
  int[] postSlots;
  Ev[] postEvs;
  long[] siteSeeds;
  int nDelaySites;
  long nodesPerStep;
  Map<String, int[]> varIndex;
  Map<String, String> varKinds;
  public final List<String> warnings = new ArrayList<>();

  public XmileModel source() {
    return source;
  }

  public boolean defaultRk4() {
    return rk4;
  }

  /** Output column names (model order, arrays expanded). */
  public String[] outputNames() {
    String[] n = new String[outputSlots.length];
    for (int i = 0; i < n.length; i++) n[i] = slotNames[outputSlots[i]];
    return n;
  }

  /** Number of evaluated variable updates per integration step (for throughput figures). */
  public int updatesPerStep() {
    return updatesPerStep(null);
  }

  /** The same with the method a run chooses (null: the model's). */
  public int updatesPerStep(Boolean useRk4) {
    return (runSlots.length + stockSlots.length) * ((useRk4 != null ? useRk4 : rk4) ? 4 : 1);
  }

  /**
   * Expression nodes evaluated per integration step, what the run budget counts: {@link #updatesPerStep} counted
   * equations, so 100 equations of 2,000 terms each passed as 100 (80 minutes of CPU for one request).
   */
  public long nodesPerStep(Boolean useRk4) {
    return nodesPerStep * ((useRk4 != null ? useRk4 : rk4) ? 4 : 1);
  }

  public long steps() {
    return steps(null);
  }

  /** Steps up to {@code stopAt} (null: the model's stop); saturates, see {@link #exactSteps} for the true count. */
  public long steps(Double stopAt) {
    return (long) Math.floor(exactSteps(stopAt));
  }

  double exactSteps(Double stopAt) {
    return ((stopAt != null ? stopAt : stop) - start) / dt + 1e-9;
  }

  /** Resolves "name" or "name[elem,...]" to slots; unknown names are an error naming them. */
  public int[] slotsOf(String name) {
    String n = name.trim();
    String sub = null;
    int b = n.indexOf('[');
    if (b > 0 && n.endsWith("]")) {
      sub = n.substring(b + 1, n.length() - 1);
      n = n.substring(0, b);
    }
    int[] r = varIndex.get(Names.canon(n));
    if (r == null) throw new ModelException(name, "unknown variable '" + name + "'");
    if (sub == null) {
      int[] all = new int[r[1]];
      for (int i = 0; i < r[1]; i++) all[i] = r[0] + i;
      return all;
    }
    String want = Names.canon(n) + "[" + XmileReader.elementKey(sub) + "]";
    for (int i = 0; i < r[1]; i++) {
      String sn = slotNames[r[0] + i];
      int bb = sn.indexOf('[');
      if (bb < 0) break; // a scalar has no elements: technology[1] is an unknown element, not a 500
      if ((Names.canon(sn.substring(0, bb)) + "[" + XmileReader.elementKey(sn.substring(bb + 1, sn.length() - 1)) + "]").equals(want)) return new int[] {r[0] + i};
    }
    throw new ModelException(name, "unknown element '" + name + "'");
  }

  public boolean hasVariable(String name) {
    try {
      slotsOf(name);
      return true;
    } catch (ModelException e) {
      return false;
    }
  }

  /** Options for one run. */
  public static final class RunSpec {
    public Map<String, Double> overrides = new LinkedHashMap<>();
    public long seed = 1;
    public Boolean rk4;
    public Double stop;
    public boolean keepSeries = true;
  }

  public Result run(Map<String, Double> overrides) {
    RunSpec r = new RunSpec();
    if (overrides != null) r.overrides.putAll(overrides);
    return run(r);
  }

  /** Resolved overrides: slot -> value. Computed once per distinct set of names. */
  public Map<Integer, Double> resolve(Map<String, Double> overrides) {
    Map<Integer, Double> ov = new HashMap<>();
    for (Map.Entry<String, Double> e : overrides.entrySet()) for (int s : slotsOf(e.getKey())) ov.put(s, e.getValue());
    return ov;
  }

  public Result run(RunSpec spec) {
    return run(spec, resolve(spec.overrides));
  }

  private static void evalAll(int[] rs, Ev[] re, State s) {
    double[] v = s.v;
    for (int i = 0; i < rs.length; i++) v[rs[i]] = re[i].ev(s);
  }

  private double[] snapshot(double[] v) {
    int[] os = outputSlots;
    double[] r = new double[os.length];
    for (int j = 0; j < os.length; j++) r[j] = v[os[j]];
    return r;
  }

  public Result run(RunSpec spec, Map<Integer, Double> ov) {
    boolean useRk4 = spec.rk4 != null ? spec.rk4 : rk4;
    double stopT = spec.stop != null ? spec.stop : stop;
    int steps = (int) Math.floor((stopT - start) / dt + 1e-9);
    int saveEvery = Math.max(1, (int) Math.round(saveStep / dt));
    State s = new State(this, spec.seed, steps);
    s.time = start;
    s.step = 0;
    double[] v = s.v;
    // initialisation, applying overrides as soon as a slot is computed
    double[] ovVal = null;
    boolean[] isOv = null;
    if (!ov.isEmpty()) {
      isOv = new boolean[nSlots];
      ovVal = new double[nSlots];
      for (Map.Entry<Integer, Double> e : ov.entrySet()) { isOv[e.getKey()] = true; ovVal[e.getKey()] = e.getValue(); }
    }
    s.initializing = true;
    for (int i = 0; i < initSlots.length; i++) {
      int sl = initSlots[i];
      v[sl] = isOv != null && isOv[sl] ? ovVal[sl] : initEvs[i].ev(s);
    }
    s.initializing = false;
    int[] rs = runSlots;
    Ev[] re = runEvs;
    if (isOv != null) { // overridden variables become constants
      List<Integer> keep = new ArrayList<>();
      for (int i = 0; i < rs.length; i++) if (!isOv[rs[i]]) keep.add(i);
      int[] rs2 = new int[keep.size()];
      Ev[] re2 = new Ev[keep.size()];
      for (int i = 0; i < rs2.length; i++) { rs2[i] = rs[keep.get(i)]; re2[i] = re[keep.get(i)]; }
      rs = rs2;
      re = re2;
    }
    int nOut = outputSlots.length;
    int nSave = steps / saveEvery + 1;
    double[] times = new double[spec.keepSeries ? nSave : 1];
    double[][] data = new double[spec.keepSeries ? nSave : 1][];
    int row = 0;
    int ns = stockSlots.length;
    double[] y0 = new double[ns], k1 = new double[ns], k2 = new double[ns], k3 = new double[ns];
    double[] post = new double[postSlots.length];
    for (int step = 0; ; step++) {
      if (step % saveEvery == 0 && (spec.keepSeries || step == steps)) {
        int at = spec.keepSeries ? row++ : 0;
        times[at] = s.time;
        data[at] = snapshot(v);
      }
      if (step >= steps) break;
      // PREVIOUS and DELAY history
      if (post.length > 0) {
        for (int i = 0; i < post.length; i++) post[i] = postEvs[i].ev(s);
        for (int i = 0; i < post.length; i++) {
          int p = postSlots[i];
          if (p >= 0) v[p] = post[i]; else s.hist[-1 - p][step] = post[i];
        }
      }
      double t0 = start + step * dt;
      double t1 = start + (step + 1) * dt;
      if (!useRk4) {
        for (int i = 0; i < ns; i++) k1[i] = stockRates[i].ev(s);
        for (int i = 0; i < ns; i++) {
          int sl = stockSlots[i];
          double nv = v[sl] + dt * k1[i];
          v[sl] = stockNonNeg[i] && nv < 0 ? 0 : nv;
        }
        s.time = t1;
        s.step = step + 1;
        evalAll(rs, re, s);
      } else {
        for (int i = 0; i < ns; i++) { y0[i] = v[stockSlots[i]]; k1[i] = stockRates[i].ev(s); }
        s.time = t0 + dt / 2;
        for (int i = 0; i < ns; i++) v[stockSlots[i]] = y0[i] + dt / 2 * k1[i];
        evalAll(rs, re, s);
        for (int i = 0; i < ns; i++) k2[i] = stockRates[i].ev(s);
        for (int i = 0; i < ns; i++) v[stockSlots[i]] = y0[i] + dt / 2 * k2[i];
        evalAll(rs, re, s);
        for (int i = 0; i < ns; i++) k3[i] = stockRates[i].ev(s);
        s.time = t1;
        for (int i = 0; i < ns; i++) v[stockSlots[i]] = y0[i] + dt * k3[i];
        evalAll(rs, re, s);
        for (int i = 0; i < ns; i++) {
          double k4 = stockRates[i].ev(s);
          double nv = y0[i] + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4);
          v[stockSlots[i]] = stockNonNeg[i] && nv < 0 ? 0 : nv;
        }
        s.step = step + 1;
        evalAll(rs, re, s);
      }
    }
    if (spec.keepSeries && row < times.length) {
      times = java.util.Arrays.copyOf(times, row);
      data = java.util.Arrays.copyOf(data, row);
    }
    return new Result(outputNames(), times, data);
  }
}
