package org.aigov.observatory.incidents;

/** A risk-domain model fused with the bag-of-words one ({@link FusedRiskModel}): reads an incident's title + description. */
interface DomainScorer {
  /** Domain probabilities of {@code embedText} in the order of {@code domains}, or null when the model cannot run here. */
  double[] domainProbabilities(String embedText, String[] domains);
}
