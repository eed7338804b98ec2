package org.aigov.observatory.incidents;

import java.util.List;

/**
 * Late fusion of the two risk-domain models: domain probability = (1 − α) × bag-of-words model's + α × embedding
 * model's, summed over each model's sub-domain classes. The embedding model is trained at its first use, so a run
 * that never classifies a curated record (bulk and synthetic ingest) pays nothing for it.
 */
public final class FusedRiskModel {
  /**
   * Weight of the embedding model. Chosen by inner 4-fold CV (pooled macro-F1) on all 869 bundled labels, grid 0..1 by
   * 0.1; the same inner CV inside each evaluation training part chose 0.3–0.8 (docs/benchmarks.md).
   */
  static final double ALPHA = 0.7;

  final RiskModel bow;
  final double alpha;
  private final String[] domains;
  private final java.util.function.Supplier<EmbeddingRiskModel> embSource;
  private volatile EmbeddingRiskModel emb;

  FusedRiskModel(RiskModel bow, java.util.function.Supplier<EmbeddingRiskModel> emb, double alpha) {
    this.bow = bow;
    this.embSource = emb;
    this.alpha = alpha;
    this.domains = bow.domains();
  }

  /** Both models trained on {@code examples} plus the bundled risk statements; the bag-of-words one with {@code seed}. */
  public static FusedRiskModel train(List<RiskModel.Example> examples, long seed, double alpha) {
    List<RiskModel.Example> st = RiskModel.riskStatements(examples);
    return new FusedRiskModel(RiskModel.train(examples, st, seed), () -> EmbeddingRiskModel.train(examples, st), alpha);
  }

  private static volatile FusedRiskModel bundled;

  /** {@link RiskModel#bundled()} plus the embedding model on the same labels (trained at first fused prediction). */
  public static FusedRiskModel bundled() {
    if (bundled == null) {
      synchronized (FusedRiskModel.class) {
        if (bundled == null) {
          bundled = new FusedRiskModel(RiskModel.bundled(), () -> {
            List<RiskModel.Example> ex = RiskModel.bundledExamples();
            return EmbeddingRiskModel.train(ex, RiskModel.riskStatements(ex));
          }, ALPHA);
        }
      }
    }
    return bundled;
  }

  EmbeddingRiskModel embeddingModel() {
    EmbeddingRiskModel m = emb;
    if (m == null) {
      synchronized (this) {
        if (emb == null) emb = embSource.get();
        m = emb;
      }
    }
    return m;
  }

  String[] domains() {
    return domains;
  }

  /** Fused domain probabilities, in the order of {@link #domains()}. */
  double[] probabilities(String bowText, String embedText) {
    double[] p = bow.domainProbabilities(bowText, domains);
    double[] q = embeddingModel().domainProbabilities(embedText, domains);
    if (q == null) return p; // no embedding on this platform: the bag-of-words model alone
    for (int d = 0; d < p.length; d++) p[d] = (1 - alpha) * p[d] + alpha * q[d];
    return p;
  }

  /** The risk-domain label: bag-of-words model on {@code bowText} fused with the embedding model on {@code embedText}. */
  public String predict(String bowText, String embedText) {
    return domains[RiskModel.argmax(probabilities(bowText, embedText))];
  }

  /** {@link #predict} with the fused probability of the chosen domain. */
  public RiskModel.Prediction predictWithConfidence(String bowText, String embedText) {
    double[] p = probabilities(bowText, embedText);
    int d = RiskModel.argmax(p);
    return new RiskModel.Prediction(domains[d], p[d]);
  }
}
