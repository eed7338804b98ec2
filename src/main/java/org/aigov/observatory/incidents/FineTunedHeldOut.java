package org.aigov.observatory.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fine-tuned model's held-out predictions, recorded by {@code tools/classifier/finetune.py --heldout}: for each
 * split of `eval` (5 folds, then the newest fifth), the domain probabilities of the test incidents from a model
 * fine-tuned on that split's training part alone. `eval` fuses them with the bag-of-words models it trains itself.
 */
final class FineTunedHeldOut {
  static final String RESOURCE = "/incidents/risk-minilm-ft-heldout.json";

  private FineTunedHeldOut() {}

  /** [split][test incident][domain] in the order of {@code tests} and {@code domains}; null when missing or recorded for other labels. */
  static double[][][] bundled(List<List<RiskModel.Example>> tests, String[] domains) {
    try (InputStream in = FineTunedHeldOut.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : read(new ObjectMapper().readTree(in), tests, domains);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  static double[][][] read(JsonNode root, List<List<RiskModel.Example>> tests, String[] domains) {
    JsonNode ds = root.get("domains"), splits = root.get("splits");
    if (ds == null || splits == null || splits.size() != tests.size()) return null;
    int[] col = new int[ds.size()];
    for (int j = 0; j < col.length; j++) {
      col[j] = Arrays.asList(domains).indexOf(ds.get(j).asText());
      if (col[j] < 0) return null;
    }
    double[][][] out = new double[tests.size()][][];
    for (int s = 0; s < tests.size(); s++) {
      JsonNode ids = splits.get(s).get("ids"), p = splits.get(s).get("p");
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) at.put(ids.get(i).asText(), i);
      List<RiskModel.Example> te = tests.get(s);
      if (at.size() != te.size()) return null;
      out[s] = new double[te.size()][domains.length];
      for (int i = 0; i < te.size(); i++) {
        Integer r = at.get(te.get(i).id());
        if (r == null) return null;
        for (int j = 0; j < col.length; j++) out[s][i][col[j]] = p.get(r).get(j).asDouble();
      }
    }
    return out;
  }
}
