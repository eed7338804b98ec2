package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * MIT risk-domain classifier on sentence embeddings ({@link Embeddings}, 384 dimensions): softmax regression over
 * the standardised embedding, MIT sub-domains as classes answering with their domain, class weights balanced per
 * domain, risk statements as auxiliary examples (weight {@link #AUX_WEIGHT} × their domain's class weight), L2
 * {@link #LAMBDA}, full-batch Adam for {@link #ITERS} steps (deterministic: no seed). λ and the statements' weight were
 * chosen by inner 4-fold CV of each evaluation training part (λ 0.1 and weight 0.3 won in 5 of 6 parts; see
 * docs/benchmarks.md §MIT risk-domain classifier).
 */
public final class EmbeddingRiskModel implements DomainScorer {
  static final double LAMBDA = 0.1;
  static final double AUX_WEIGHT = 0.3;
  static final int ITERS = 100;
  private static final double LR = 0.05, B1 = 0.9, B2 = 0.999;

  final String[] classes;
  final String[] labels;
  private final float[] mu, sd;
  /** Feature-major weights: k per dimension. */
  private final float[] w;
  private final double[] b;

  private EmbeddingRiskModel(String[] classes, String[] labels, float[] mu, float[] sd, float[] w, double[] b) {
    this.classes = classes;
    this.labels = labels;
    this.mu = mu;
    this.sd = sd;
    this.w = w;
    this.b = b;
  }

  public static EmbeddingRiskModel train(List<RiskModel.Example> examples, List<RiskModel.Example> aux) {
    return train(examples, aux, e -> {
      float[] v = Embeddings.of(e.embedText());
      if (v == null) throw new IllegalStateException("no embedding for training example " + e.id() + " (bundle out of date?)");
      return v;
    }, LAMBDA, AUX_WEIGHT);
  }

  /**
   * Training data of a head on the embeddings: sub-domain classes of {@code examples} and their domains, the
   * vectors of the examples and of the {@code aux} statements whose class an example has, standardised with the
   * examples' mean and deviation, and each one's weight (balanced per domain; statements at {@code auxWeight} times
   * that). {@code n} rows, the first {@code nMain} the examples.
   */
  record Prepared(String[] classes, String[] labels, int n, int nMain, float[][] z, int[] y, double[] ew, float[] mu, float[] sd) {}

  static Prepared prepare(List<RiskModel.Example> examples, List<RiskModel.Example> aux,
      java.util.function.Function<RiskModel.Example, float[]> vectors, double auxWeight) {
    String[] classes = new TreeSet<>(examples.stream().map(RiskModel::classOf).toList()).toArray(new String[0]);
    Map<String, String> labelOf = new HashMap<>();
    for (RiskModel.Example e : examples) labelOf.putIfAbsent(RiskModel.domainNumber(e.label()), e.label());
    String[] labels = new String[classes.length];
    for (int c = 0; c < classes.length; c++) labels[c] = labelOf.get(RiskModel.domainNumber(classes[c]));
    List<RiskModel.Example> all = new ArrayList<>(examples);
    for (RiskModel.Example e : aux) if (Arrays.binarySearch(classes, RiskModel.classOf(e)) >= 0) all.add(e);
    int n = all.size(), nMain = examples.size(), k = classes.length;
    float[][] x = new float[n][];
    int[] y = new int[n];
    double[] count = new double[k];
    for (int i = 0; i < n; i++) {
      x[i] = vectors.apply(all.get(i));
      y[i] = Arrays.binarySearch(classes, RiskModel.classOf(all.get(i)));
      if (i < nMain) count[y[i]]++;
    }
    int d = x[0].length;
    // standardised with the incidents' mean and deviation
    float[] mu = new float[d], sd = new float[d];
    double[] s1 = new double[d], s2 = new double[d];
    for (int i = 0; i < nMain; i++) for (int j = 0; j < d; j++) s1[j] += x[i][j];
    for (int j = 0; j < d; j++) mu[j] = (float) (s1[j] / nMain);
    for (int i = 0; i < nMain; i++) for (int j = 0; j < d; j++) s2[j] += (x[i][j] - mu[j]) * (x[i][j] - mu[j]);
    for (int j = 0; j < d; j++) sd[j] = (float) Math.sqrt(s2[j] / nMain + 1e-8);
    float[][] z = new float[n][d];
    for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - mu[j]) / sd[j];
    Map<String, Double> perDomain = new HashMap<>();
    for (int c = 0; c < k; c++) perDomain.merge(labels[c], count[c], Double::sum);
    double[] ew = new double[n];
    for (int i = 0; i < n; i++) {
      double cw = nMain / (perDomain.size() * Math.max(1, perDomain.get(labels[y[i]])));
      ew[i] = i < nMain ? cw : auxWeight * cw;
    }
    return new Prepared(classes, labels, n, nMain, z, y, ew, mu, sd);
  }

  /** The same model over any fixed-width vector of an example, with λ and the statements' weight as parameters (experiments). */
  static EmbeddingRiskModel train(List<RiskModel.Example> examples, List<RiskModel.Example> aux,
      java.util.function.Function<RiskModel.Example, float[]> vectors, double lambda, double auxWeight) {
    Prepared pr = prepare(examples, aux, vectors, auxWeight);
    String[] classes = pr.classes(), labels = pr.labels();
    float[][] z = pr.z();
    int[] y = pr.y();
    double[] ew = pr.ew();
    int n = pr.n(), k = classes.length, d = pr.mu().length;
    double sumW = 0;
    for (int i = 0; i < n; i++) sumW += ew[i];
    float[] w = new float[d * k], mw = new float[d * k], vw = new float[d * k], gw = new float[d * k];
    double[] b = new double[k], mb = new double[k], vb = new double[k], gb = new double[k], e = new double[k];
    float[] p = new float[k], gf = new float[k];
    for (int it = 1; it <= ITERS; it++) {
      Arrays.fill(gw, 0);
      Arrays.fill(gb, 0);
      for (int i = 0; i < n; i++) {
        float[] zi = z[i];
        for (int c = 0; c < k; c++) p[c] = (float) b[c];
        for (int j = 0; j < d; j++) {
          float xj = zi[j];
          int base = j * k;
          for (int c = 0; c < k; c++) p[c] += w[base + c] * xj;
        }
        double max = -1e30, zz = 0;
        for (int c = 0; c < k; c++) max = Math.max(max, p[c]);
        for (int c = 0; c < k; c++) zz += (e[c] = Math.exp(p[c] - max));
        for (int c = 0; c < k; c++) {
          gf[c] = (float) ((e[c] / zz - (c == y[i] ? 1 : 0)) * ew[i] / sumW);
          gb[c] += gf[c];
        }
        for (int j = 0; j < d; j++) {
          float xj = zi[j];
          int base = j * k;
          for (int c = 0; c < k; c++) gw[base + c] += gf[c] * xj;
        }
      }
      double c1 = 1 - Math.pow(B1, it), c2 = 1 - Math.pow(B2, it);
      for (int q = 0; q < w.length; q++) {
        double g = gw[q] + lambda * w[q];
        mw[q] = (float) (B1 * mw[q] + (1 - B1) * g);
        vw[q] = (float) (B2 * vw[q] + (1 - B2) * g * g);
        w[q] -= (float) (LR * (mw[q] / c1) / (Math.sqrt(vw[q] / c2) + 1e-8));
      }
      for (int c = 0; c < k; c++) {
        mb[c] = B1 * mb[c] + (1 - B1) * gb[c];
        vb[c] = B2 * vb[c] + (1 - B2) * gb[c] * gb[c];
        b[c] -= LR * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
      }
    }
    return new EmbeddingRiskModel(classes, labels, pr.mu(), pr.sd(), w, b);
  }

  /** Class scores (logits) of an embedding, in the order of {@link #classes}. */
  double[] scores(float[] x) {
    int k = classes.length;
    double[] s = b.clone();
    for (int j = 0; j < x.length; j++) {
      double xj = (x[j] - mu[j]) / sd[j];
      int base = j * k;
      for (int c = 0; c < k; c++) s[c] += w[base + c] * xj;
    }
    return s;
  }

  @Override
  public double[] domainProbabilities(String embedText, String[] domains) {
    float[] x = Embeddings.of(embedText);
    return x == null ? null : RiskModel.softmaxByDomain(scores(x), labels, domains);
  }
}
