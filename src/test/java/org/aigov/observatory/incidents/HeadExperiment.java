package org.aigov.observatory.incidents;

import java.io.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * Scratch harness (not shipped, not a test; branch clf2): cheaper heads on the bundled MiniLM embeddings, on the folds
 * and seeds of `eval --skip-linkage` (5 folds by hash of the incident id, seeds 1–5, newest fifth by incident id).
 * Every choice (kNN k, MLP epochs, fusion weights, per-domain biases) is made on the inner 4-fold out-of-fold
 * predictions of the training part only (Eval.inner), never on its test part.
 * Variants: (0) current fusion bow+LR of probabilities; kNN vote as a third model; one-hidden-layer MLP; log-prob
 * fusion; per-domain bias for macro-F1. Bag-of-words probabilities are cached in /tmp/clf2-bow-*.bin.
 * java -cp target/test-classes:target/classes:$(cat cp) org.aigov.observatory.incidents.HeadExperiment
 */
public final class HeadExperiment {
  static final long[] SEEDS = {1, 2, 3, 4, 5};
  static String[] domains;
  static int D;

  public static void main(String[] a) throws Exception {
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    domains = new TreeSet<>(all.stream().map(RiskModel.Example::label).toList()).toArray(new String[0]);
    D = domains.length;
    if (Boolean.getBoolean("time")) {
      for (int r = 0; r < 2; r++) {
        long t0 = Eval.cpuNanos();
        Mlp.trainPredict(all, all.subList(0, 10));
        long t1 = Eval.cpuNanos();
        knnPredict(all, all.subList(0, 200), 10, true);
        long t2 = Eval.cpuNanos();
        System.out.printf(Locale.ROOT, "MLP train (all labels, checkpoints %s) %.2f s cpu; kNN %.3f ms per query%n", Arrays.toString(Mlp.CHECKPOINTS), (t1 - t0) / 1e9, (t2 - t1) / 1e6 / 200);
      }
      return;
    }
    int folds = 5;
    List<Eval.Split> sp = Eval.splits(all, folds);
    List<List<RiskModel.Example>> trains = sp.stream().map(Eval.Split::train).toList(), tests = sp.stream().map(Eval.Split::test).toList();
    int S = trains.size();
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("threads", 2));

    // bag-of-words: [seed][split] -> {inner OOF on tr, test}
    double[][][][][] bow = loadOrComputeBow(pool, trains, tests);
    // embedding LR (deterministic)
    double[][][][] lr = new double[S][][][];
    // kNN: per split, chosen config
    double[][][][] knn = new double[S][][][];
    double[][][][] mlp = new double[S][][][];
    String[] knnChoice = new String[S], mlpChoice = new String[S];
    List<Future<?>> fs = new ArrayList<>();
    for (int s0 = 0; s0 < S; s0++) {
      final int s = s0;
      fs.add(pool.submit(() -> {
        List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
        lr[s] = new double[][][] {innerOof(tr, (itr, q) -> lrPredict(itr, q)), lrPredict(tr, te)};
        // kNN grid
        int[] ks = {5, 10, 20, 40};
        double bestF = -1;
        for (int k : ks) for (int bal = 0; bal < 2; bal++) {
          final int kk = k; final boolean bb = bal == 1;
          double[][] oof = innerOof(tr, (itr, q) -> knnPredict(itr, q, kk, bb));
          double f = f1(tr, oof);
          if (f > bestF + 1e-12) {
            bestF = f;
            knnChoice[s] = String.format(Locale.ROOT, "k%d%s(%.3f)", k, bb ? "b" : "", f);
            knn[s] = new double[][][] {oof, knnPredict(tr, te, kk, bb)};
          }
        }
        // MLP: epochs by inner CV (checkpoints of one run)
        int[] cps = Mlp.CHECKPOINTS;
        double[][][] oofs = new double[cps.length][tr.size()][];
        for (int f = 0; f < 4; f++) {
          List<RiskModel.Example> itr = new ArrayList<>(); List<Integer> idx = new ArrayList<>();
          for (int i = 0; i < tr.size(); i++) if (Eval.inner(tr.get(i)) != f) itr.add(tr.get(i)); else idx.add(i);
          List<RiskModel.Example> q = new ArrayList<>(); for (int i : idx) q.add(tr.get(i));
          double[][][] p = Mlp.trainPredict(itr, q);
          for (int c = 0; c < cps.length; c++) for (int j = 0; j < idx.size(); j++) oofs[c][idx.get(j)] = p[c][j];
        }
        int bc = 0; double bf = -1; StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cps.length; c++) {
          double f = f1(tr, oofs[c]);
          sb.append(String.format(Locale.ROOT, " e%d=%.3f", cps[c], f));
          if (f > bf + 1e-12) { bf = f; bc = c; }
        }
        double[][][] pt = Mlp.trainPredict(tr, te);
        mlp[s] = new double[][][] {oofs[bc], pt[bc]};
        mlpChoice[s] = "e" + cps[bc] + " [" + sb.toString().strip() + "]";
        System.out.printf(Locale.ROOT, "split %d: LR inner %.3f | kNN %s | MLP %s%n", s, f1(tr, lr[s][0]), knnChoice[s], mlpChoice[s]);
        return null;
      }));
    }
    for (Future<?> f : fs) f.get();
    pool.shutdown();
    // standalone figures
    System.out.printf(Locale.ROOT, "standalone: LR CV %.3f newest %.3f | kNN CV %.3f newest %.3f | MLP CV %.3f newest %.3f%n",
        cvF1(tests, lr), f1(tests.get(S - 1), lr[S - 1][1]), cvF1(tests, knn), f1(tests.get(S - 1), knn[S - 1][1]),
        cvF1(tests, mlp), f1(tests.get(S - 1), mlp[S - 1][1]));

    String[] names = {"V0 bow+LR prob (current)", "V1 bow+LR+kNN prob", "V2 bow+MLP prob", "V3 bow+LR+MLP prob",
        "V4 bow+LR log", "V5 bow+LR+kNN log", "V6 bow+LR prob +bias", "V7 bow+LR+kNN prob +bias", "V8 bow+LR+kNN+MLP prob",
        "V9 bow+LR log +bias", "V10 bow+LR+MLP log", "V11 bow+LR+kNN+MLP log"};
    int[][] members = {{0, 1}, {0, 1, 2}, {0, 3}, {0, 1, 3}, {0, 1}, {0, 1, 2}, {0, 1}, {0, 1, 2}, {0, 1, 2, 3}, {0, 1}, {0, 1, 3}, {0, 1, 2, 3}};
    boolean[] logF = {false, false, false, false, true, true, false, false, false, true, true, true};
    boolean[] biasF = {false, false, false, false, false, false, true, true, false, true, false, false};
    int V = names.length;
    double[][] cv = new double[V][SEEDS.length], nf = new double[V][SEEDS.length];
    for (int v = 0; v < V; v++) {
      for (int si = 0; si < SEEDS.length; si++) {
        List<String> g = new ArrayList<>(), p = new ArrayList<>();
        StringBuilder ch = new StringBuilder();
        for (int s = 0; s < S; s++) {
          List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
          double[][][] inP = new double[members[v].length][][], teP = new double[members[v].length][][];
          for (int m = 0; m < members[v].length; m++) {
            double[][][] src = switch (members[v][m]) { case 0 -> bow[si][s]; case 1 -> lr[s]; case 2 -> knn[s]; default -> mlp[s]; };
            inP[m] = src[0]; teP[m] = src[1];
          }
          double[] w = bestWeights(tr, inP, logF[v]);
          double[] bias = new double[D];
          if (biasF[v]) bias = bestBias(tr, combine(inP, w, logF[v]));
          double[][] sc = combine(teP, w, logF[v]);
          for (double[] r : sc) for (int d = 0; d < D; d++) r[d] += bias[d];
          if (si == 0) ch.append(" ").append(Arrays.toString(w).replace(" ", ""));
          if (s < S - 1) {
            for (int i = 0; i < te.size(); i++) { g.add(te.get(i).label()); p.add(domains[RiskModel.argmax(sc[i])]); }
          } else nf[v][si] = f1(te, sc);
        }
        cv[v][si] = RiskModel.macroF1(g, p);
        if (si == 0) System.out.println(names[v] + " weights (seed 1, per split):" + ch);
      }
      System.out.printf(Locale.ROOT, "%-28s CV %.3f %s | newest %.3f %s%n", names[v], mean(cv[v]), fmt(cv[v]), mean(nf[v]), fmt(nf[v]));
    }
  }

  static String fmt(double[] v) {
    StringBuilder b = new StringBuilder("(");
    for (double x : v) b.append(String.format(Locale.ROOT, "%.3f ", x));
    return b.toString().strip() + ")";
  }

  static double mean(double[] v) { return Arrays.stream(v).average().orElse(0); }

  static double cvF1(List<List<RiskModel.Example>> tests, double[][][][] m) {
    List<String> g = new ArrayList<>(), p = new ArrayList<>();
    for (int s = 0; s < tests.size() - 1; s++) for (int i = 0; i < tests.get(s).size(); i++) {
      g.add(tests.get(s).get(i).label()); p.add(domains[RiskModel.argmax(m[s][1][i])]);
    }
    return RiskModel.macroF1(g, p);
  }

  static double f1(List<RiskModel.Example> ex, double[][] p) {
    List<String> g = new ArrayList<>(), q = new ArrayList<>();
    for (int i = 0; i < ex.size(); i++) { g.add(ex.get(i).label()); q.add(domains[RiskModel.argmax(p[i])]); }
    return RiskModel.macroF1(g, q);
  }

  static double[][] combine(double[][][] p, double[] w, boolean log) {
    int n = p[0].length;
    double[][] out = new double[n][D];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < p.length; m++) for (int d = 0; d < D; d++)
        out[i][d] += log ? w[m] * Math.log(p[m][i][d] + 1e-4) : w[m] * p[m][i][d];
      if (!log) for (int d = 0; d < D; d++) out[i][d] = Math.log(out[i][d] + 1e-12); // so biases act on the log scale
    }
    return out;
  }

  /** Simplex grid, step 0.1; ties keep the first (more weight on earlier models). */
  static double[] bestWeights(List<RiskModel.Example> tr, double[][][] p, boolean log) {
    int M = p.length;
    double best = -1; double[] bw = null;
    int[] c = new int[M];
    List<int[]> grid = new ArrayList<>();
    enumerate(grid, c, 0, 10);
    for (int[] g : grid) {
      double[] w = new double[M];
      for (int m = 0; m < M; m++) w[m] = g[m] / 10.0;
      double f = f1(tr, combine(p, w, log));
      if (f > best + 1e-12) { best = f; bw = w; }
    }
    return bw;
  }

  static void enumerate(List<int[]> out, int[] c, int m, int left) {
    if (m == c.length - 1) { c[m] = left; out.add(c.clone()); return; }
    for (int v = left; v >= 0; v--) { c[m] = v; enumerate(out, c, m + 1, left - v); }
  }

  /** Per-domain additive bias on the fused log-score, coordinate ascent on the inner OOF scores (grid −1..1 by 0.1, 3 rounds). */
  static double[] bestBias(List<RiskModel.Example> tr, double[][] sc) {
    double[] b = new double[D];
    double cur = f1Bias(tr, sc, b);
    for (int round = 0; round < 3; round++) for (int d = 0; d < D; d++) {
      double keep = b[d], bestV = keep;
      for (int t = -10; t <= 10; t++) {
        b[d] = t / 10.0;
        double f = f1Bias(tr, sc, b);
        if (f > cur + 1e-9 || (Math.abs(f - cur) <= 1e-9 && Math.abs(b[d]) < Math.abs(bestV))) { cur = Math.max(cur, f); bestV = b[d]; }
      }
      b[d] = bestV;
    }
    return b;
  }

  static double f1Bias(List<RiskModel.Example> tr, double[][] sc, double[] b) {
    List<String> g = new ArrayList<>(), q = new ArrayList<>();
    for (int i = 0; i < tr.size(); i++) {
      int best = 0;
      for (int d = 1; d < D; d++) if (sc[i][d] + b[d] > sc[i][best] + b[best]) best = d;
      g.add(tr.get(i).label()); q.add(domains[best]);
    }
    return RiskModel.macroF1(g, q);
  }

  interface Predictor { double[][] apply(List<RiskModel.Example> train, List<RiskModel.Example> query); }

  static double[][] innerOof(List<RiskModel.Example> tr, Predictor pr) {
    double[][] p = new double[tr.size()][];
    for (int f = 0; f < 4; f++) {
      List<RiskModel.Example> itr = new ArrayList<>(), q = new ArrayList<>(); List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < tr.size(); i++) if (Eval.inner(tr.get(i)) != f) itr.add(tr.get(i)); else { q.add(tr.get(i)); idx.add(i); }
      double[][] r = pr.apply(itr, q);
      for (int j = 0; j < idx.size(); j++) p[idx.get(j)] = r[j];
    }
    return p;
  }

  static double[][] lrPredict(List<RiskModel.Example> tr, List<RiskModel.Example> q) {
    EmbeddingRiskModel m = EmbeddingRiskModel.train(tr, RiskModel.riskStatements(tr));
    double[][] out = new double[q.size()][];
    for (int i = 0; i < q.size(); i++) out[i] = m.domainProbabilities(q.get(i).embedText(), domains);
    return out;
  }

  static float[] unit(String text) {
    float[] v = Embeddings.of(text).clone();
    double s = 0; for (float f : v) s += f * f; s = Math.sqrt(s);
    for (int i = 0; i < v.length; i++) v[i] /= (float) s;
    return v;
  }

  /** Cosine kNN over the training incidents, vote 1/(1.05 − cos) per neighbour, optionally × the domain's balanced class weight. */
  static double[][] knnPredict(List<RiskModel.Example> tr, List<RiskModel.Example> q, int k, boolean balanced) {
    float[][] x = new float[tr.size()][];
    int[] y = new int[tr.size()];
    double[] cnt = new double[D];
    for (int i = 0; i < tr.size(); i++) { x[i] = unit(tr.get(i).embedText()); y[i] = Arrays.binarySearch(domains, tr.get(i).label()); cnt[y[i]]++; }
    double[][] out = new double[q.size()][];
    double[] sim = new double[tr.size()];
    for (int j = 0; j < q.size(); j++) {
      float[] v = unit(q.get(j).embedText());
      for (int i = 0; i < x.length; i++) { double s = 0; for (int t = 0; t < v.length; t++) s += v[t] * x[i][t]; sim[i] = s; }
      Integer[] order = new Integer[x.length];
      for (int i = 0; i < order.length; i++) order[i] = i;
      Arrays.sort(order, (A, B) -> Double.compare(sim[B], sim[A]) != 0 ? Double.compare(sim[B], sim[A]) : Integer.compare(A, B));
      double[] p = new double[D];
      double z = 0;
      for (int r = 0; r < Math.min(k, order.length); r++) {
        int i = order[r];
        double w = 1 / (1.05 - sim[i]);
        if (balanced) w *= tr.size() / (D * Math.max(1, cnt[y[i]]));
        p[y[i]] += w; z += w;
      }
      for (int d = 0; d < D; d++) p[d] = (p[d] + 0.01 * z / D) / (1.01 * z);
      out[j] = p;
    }
    return out;
  }

  // ---------------------------------------------------------------- bag-of-words cache
  @SuppressWarnings("unchecked")
  static double[][][][][] loadOrComputeBow(ExecutorService pool, List<List<RiskModel.Example>> trains, List<List<RiskModel.Example>> tests) throws Exception {
    // keyed by the splits, so a dump with a seventh (forward) split does not read a six-split cache; still delete the
    // files when the bag-of-words model changes
    int key = tests.stream().map(t -> t.stream().map(RiskModel.Example::id).toList()).toList().hashCode();
    File f = new File("/tmp/clf2-bow-" + Integer.toHexString(key) + ".bin");
    if (f.exists()) try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(new FileInputStream(f)))) {
      return (double[][][][][]) in.readObject();
    }
    int S = trains.size();
    double[][][][][] bow = new double[SEEDS.length][S][][][];
    List<Future<?>> fs = new ArrayList<>();
    for (int si0 = 0; si0 < SEEDS.length; si0++) for (int s0 = 0; s0 < S; s0++) {
      final int si = si0, s = s0;
      fs.add(pool.submit(() -> {
        List<RiskModel.Example> tr = trains.get(s), te = tests.get(s);
        double[][] oof = innerOof(tr, (itr, q) -> {
          RiskModel m = RiskModel.train(itr, SEEDS[si]);
          double[][] o = new double[q.size()][];
          for (int i = 0; i < q.size(); i++) o[i] = m.domainProbabilities(q.get(i).text(), domains);
          return o;
        });
        RiskModel m = RiskModel.train(tr, SEEDS[si]);
        double[][] t = new double[te.size()][];
        for (int i = 0; i < te.size(); i++) t[i] = m.domainProbabilities(te.get(i).text(), domains);
        bow[si][s] = new double[][][] {oof, t};
        return null;
      }));
    }
    for (Future<?> x : fs) x.get();
    try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(new FileOutputStream(f)))) { out.writeObject(bow); }
    return bow;
  }

  // ---------------------------------------------------------------- MLP
  /** One hidden ReLU layer on the standardised embedding, sub-domain classes, dropout, AdamW, minibatch 32, fixed shuffle seed. */
  static final class Mlp {
    static final int H = Integer.getInteger("h", 128);
    static final double DROP = Double.parseDouble(System.getProperty("drop", "0.5"));
    static final double WD = Double.parseDouble(System.getProperty("wd", "1e-2"));
    static final double LR = Double.parseDouble(System.getProperty("lr", "1e-3"));
    static final double AUXW = Double.parseDouble(System.getProperty("auxw", "0.3"));
    static final int[] CHECKPOINTS = Arrays.stream(System.getProperty("cps", "5,10,20").split(",")).mapToInt(Integer::parseInt).toArray();

    /** Domain probabilities of {@code q} after each checkpoint epoch: [checkpoint][query][domain]. */
    static double[][][] trainPredict(List<RiskModel.Example> ex, List<RiskModel.Example> q) {
      // the product's preparation (EmbeddingRiskModel.prepare): classes, standardised vectors, weights per domain
      EmbeddingRiskModel.Prepared pr = EmbeddingRiskModel.prepare(ex, RiskModel.riskStatements(ex), e -> Embeddings.of(e.embedText()), AUXW);
      String[] classes = pr.classes(), labels = pr.labels();
      int n = pr.n(), k = classes.length, d = Embeddings.DIM;
      float[][] z = pr.z();
      int[] y = pr.y();
      float[] mu = pr.mu(), sd = pr.sd();
      double[] ew = pr.ew().clone();
      double sumW = 0;
      for (int i = 0; i < n; i++) sumW += ew[i];
      for (int i = 0; i < n; i++) ew[i] *= n / sumW; // mean weight 1
      Random rnd = new Random(42);
      float[] w1 = new float[H * d], b1 = new float[H], w2 = new float[k * H], b2 = new float[k];
      double s1 = Math.sqrt(2.0 / d), s2 = Math.sqrt(1.0 / H);
      for (int q0 = 0; q0 < w1.length; q0++) w1[q0] = (float) (rnd.nextGaussian() * s1);
      for (int q0 = 0; q0 < w2.length; q0++) w2[q0] = (float) (rnd.nextGaussian() * s2);
      float[][] params = {w1, b1, w2, b2};
      float[][] g = new float[4][], m = new float[4][], v = new float[4][];
      for (int t = 0; t < 4; t++) { g[t] = new float[params[t].length]; m[t] = new float[params[t].length]; v[t] = new float[params[t].length]; }
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      float[] h = new float[H], dh = new float[H];
      double[] s = new double[k], ds = new double[k];
      int step = 0, bs = 32, maxEp = CHECKPOINTS[CHECKPOINTS.length - 1];
      double[][][] out = new double[CHECKPOINTS.length][][];
      int cpi = 0;
      for (int ep = 1; ep <= maxEp; ep++) {
        for (int i = n - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int tmp = order[i]; order[i] = order[j]; order[j] = tmp; }
        for (int start = 0; start < n; start += bs) {
          int end = Math.min(n, start + bs);
          for (float[] gg : g) Arrays.fill(gg, 0);
          for (int bi = start; bi < end; bi++) {
            int i = order[bi];
            float[] zi = z[i];
            for (int u = 0; u < H; u++) {
              if (rnd.nextDouble() < DROP) { h[u] = 0; continue; }
              double a = b1[u]; int base = u * d;
              for (int j = 0; j < d; j++) a += w1[base + j] * zi[j];
              h[u] = a > 0 ? (float) (a / (1 - DROP)) : 0;
            }
            double max = -1e30;
            for (int c = 0; c < k; c++) {
              double a = b2[c]; int base = c * H;
              for (int u = 0; u < H; u++) a += w2[base + u] * h[u];
              s[c] = a; max = Math.max(max, a);
            }
            double zz = 0;
            for (int c = 0; c < k; c++) zz += (s[c] = Math.exp(s[c] - max));
            double wi = ew[i] / (end - start);
            Arrays.fill(dh, 0);
            for (int c = 0; c < k; c++) {
              ds[c] = (s[c] / zz - (c == y[i] ? 1 : 0)) * wi;
              g[3][c] += ds[c];
              int base = c * H;
              for (int u = 0; u < H; u++) { g[2][base + u] += ds[c] * h[u]; dh[u] += w2[base + u] * ds[c]; }
            }
            for (int u = 0; u < H; u++) {
              if (h[u] == 0) continue;
              float du = (float) (dh[u] / (1 - DROP));
              g[1][u] += du;
              int base = u * d;
              for (int j = 0; j < d; j++) g[0][base + j] += du * zi[j];
            }
          }
          step++;
          double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.999, step);
          for (int t = 0; t < 4; t++) {
            float[] p = params[t], gg = g[t], mm = m[t], vv = v[t];
            boolean decay = t == 0 || t == 2;
            for (int q0 = 0; q0 < p.length; q0++) {
              mm[q0] = 0.9f * mm[q0] + 0.1f * gg[q0];
              vv[q0] = 0.999f * vv[q0] + 0.001f * gg[q0] * gg[q0];
              p[q0] -= (float) (LR * ((mm[q0] / c1) / (Math.sqrt(vv[q0] / c2) + 1e-8) + (decay ? WD * p[q0] : 0)));
            }
          }
        }
        if (ep == CHECKPOINTS[cpi]) {
          double[][] o = new double[q.size()][];
          for (int qi = 0; qi < q.size(); qi++) {
            float[] xe = Embeddings.of(q.get(qi).embedText());
            float[] zq = new float[d];
            for (int j = 0; j < d; j++) zq[j] = (xe[j] - mu[j]) / sd[j];
            double[] sc = new double[k];
            for (int u = 0; u < H; u++) {
              double a = b1[u]; int base = u * d;
              for (int j = 0; j < d; j++) a += w1[base + j] * zq[j];
              if (a <= 0) continue;
              for (int c = 0; c < k; c++) sc[c] += w2[c * H + u] * a;
            }
            for (int c = 0; c < k; c++) sc[c] += b2[c];
            o[qi] = RiskModel.softmaxByDomain(sc, labels, domains);
          }
          out[cpi++] = o;
        }
      }
      return out;
    }
  }
}
