package org.aigov.observatory.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A second monitor's judgement as evidence for the MIT risk domain: when clustering merges a record with an AIAAIC
 * entry, the entry's own "Issue(s)" and external-harm labels (AIAAIC's editors', not text) go through a naive Bayes
 * model trained on the labelled AIID incidents that are merged with one, and its domain probabilities are mixed into
 * the fused text model's at weight {@link #BETA}. Features and weight were chosen by cross-validation only
 * (docs/benchmarks.md §"AIAAIC labels as evidence").
 */
public final class AiaaicEvidence {
  /** Weight of the AIAAIC-label model in the mix; the best of 0–0.5 in 5-fold CV (docs/benchmarks.md). */
  static final double BETA = 0.2;
  /** The AIAAIC taxonomy fields used, as stored by the AIAAIC ingest (see {@code Ingest.AiaaicSource}). */
  static final List<String> FIELDS = List.of("issues", "external_harms_individual", "external_harms_societal");

  /** One labelled incident: its AIAAIC features and MIT domain. */
  record Example(Set<String> features, String domain) {}

  private final String[] domains;
  private final double[] logPrior;
  private final Map<String, double[]> logLik = new HashMap<>();

  private AiaaicEvidence(String[] domains, List<Example> examples) {
    this.domains = domains;
    int k = domains.length;
    double[] n = new double[k];
    Map<String, double[]> count = new HashMap<>();
    for (Example e : examples) {
      int d = java.util.Arrays.binarySearch(domains, e.domain());
      if (d < 0) throw new IllegalArgumentException("unknown domain: " + e.domain());
      n[d]++;
      for (String f : e.features()) count.computeIfAbsent(f, x -> new double[k])[d]++;
    }
    double total = java.util.Arrays.stream(n).sum();
    logPrior = new double[k];
    for (int d = 0; d < k; d++) logPrior[d] = Math.log((n[d] + 1) / (total + k));
    // Bernoulli likelihood of a present label, Laplace-smoothed; absent labels are not scored (most are absent)
    count.forEach((f, c) -> {
      double[] l = new double[k];
      for (int d = 0; d < k; d++) l[d] = Math.log((c[d] + 1) / (n[d] + 2));
      logLik.put(f, l);
    });
  }

  static AiaaicEvidence train(String[] domains, List<Example> examples) {
    return new AiaaicEvidence(domains.clone(), examples);
  }

  private static volatile AiaaicEvidence bundled;

  /** Trained on {@code incidents/aiaaic-evidence.csv} with the MIT labels of {@code incidents/mit-training.csv}. */
  public static AiaaicEvidence bundled() {
    if (bundled == null) {
      synchronized (AiaaicEvidence.class) {
        if (bundled == null) {
          List<RiskModel.Example> labelled = RiskModel.bundledExamples();
          bundled = train(RiskModel.domainsOf(labelled), examples(labelled, bundledFeatures()));
        }
      }
    }
    return bundled;
  }

  /** The labelled incidents that have AIAAIC features. */
  static List<Example> examples(List<RiskModel.Example> labelled, Map<String, Set<String>> features) {
    List<Example> out = new ArrayList<>();
    for (RiskModel.Example e : labelled) {
      Set<String> f = features.get(e.id());
      if (f != null) out.add(new Example(f, e.label()));
    }
    return out;
  }

  /** AIID incident id → features of the AIAAIC entries merged with it, from the bundled file. */
  static Map<String, Set<String>> bundledFeatures() {
    try (InputStream in = AiaaicEvidence.class.getResourceAsStream("/incidents/aiaaic-evidence.csv")) {
      if (in == null) throw new IllegalStateException("incidents/aiaaic-evidence.csv missing from the classpath");
      return readFeatures(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Set<String>> readFeatures(Reader r) throws IOException {
    Map<String, Set<String>> out = new HashMap<>();
    String[] cols = {"issues", "harms_individual", "harms_societal"};
    for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      Set<String> f = out.computeIfAbsent(rec.get("aiid_incident_id"), k -> new LinkedHashSet<>());
      for (int i = 0; i < cols.length; i++) for (String v : RecordWriter.split(rec.get(cols[i]))) f.add(feature(FIELDS.get(i), v));
    }
    return out;
  }

  static String feature(String field, String value) {
    return field + "=" + value.strip().toLowerCase(Locale.ROOT);
  }

  /** Features of one stored AIAAIC record's taxonomy JSON (as written by the AIAAIC ingest). */
  static Set<String> features(JsonNode taxonomy) {
    Set<String> f = new LinkedHashSet<>();
    if (taxonomy == null) return f;
    for (String field : FIELDS) for (JsonNode v : taxonomy.path(field)) if (v.isTextual() && !v.asText().isBlank()) f.add(feature(field, v.asText()));
    return f;
  }

  String[] domains() {
    return domains.clone();
  }

  /** Domain probabilities given the features, or null when none of them was seen in training. */
  double[] probabilities(Set<String> features) {
    double[] lp = logPrior.clone();
    boolean any = false;
    for (String f : features) {
      double[] l = logLik.get(f);
      if (l == null) continue;
      any = true;
      for (int d = 0; d < lp.length; d++) lp[d] += l[d];
    }
    if (!any) return null;
    double max = java.util.Arrays.stream(lp).max().orElse(0), sum = 0;
    for (int d = 0; d < lp.length; d++) sum += lp[d] = Math.exp(lp[d] - max);
    for (int d = 0; d < lp.length; d++) lp[d] /= sum;
    return lp;
  }

  /** {@code p} (the text model's probabilities) with this model's mixed in, or {@code p} itself when the features say nothing. */
  double[] mix(double[] p, Set<String> features) {
    double[] q = features == null || features.isEmpty() ? null : probabilities(features);
    if (q == null) return p;
    double[] out = new double[p.length];
    for (int d = 0; d < p.length; d++) out[d] = (1 - BETA) * p[d] + BETA * q[d];
    return out;
  }

  static String format(double[] p) {
    if (p == null) return null;
    StringBuilder sb = new StringBuilder();
    for (double x : p) sb.append(sb.length() == 0 ? "" : ";").append(String.format(Locale.ROOT, "%.5f", x));
    return sb.toString();
  }

  /** The probabilities {@link #format} wrote, or null if {@code s} is not such a list. */
  static double[] parse(String s) {
    String[] parts = s.split(";");
    double[] p = new double[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) p[i] = Double.parseDouble(parts[i]);
    } catch (NumberFormatException e) {
      return null;
    }
    return p;
  }

  /**
   * After clustering: the risk domain of every record with stored domain probabilities becomes the argmax of those
   * probabilities mixed with the AIAAIC labels of its incident's AIAAIC entries, or of the stored probabilities alone
   * when it has none (so a split incident goes back to the text model). {@code incidentOf}: record id → incident id.
   * The confidence becomes the mixed probability, and a rewritten record's risk layers are worked out again from its text
   * for the new domain, as ingest does, so a domain changed and changed back leaves the layers as they were. Returns the
   * number of records whose domain changed.
   */
  int apply(Db db, LongUnaryOperator incidentOf) {
    Map<Long, Set<String>> byIncident = new HashMap<>();
    db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, taxonomy FROM incident_records WHERE source = 'aiaaic' AND taxonomy IS NOT NULL");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Set<String> f = features(Json.read(rs.getString(2)));
          if (!f.isEmpty()) byIncident.computeIfAbsent(incidentOf.applyAsLong(rs.getLong(1)), k -> new LinkedHashSet<>()).addAll(f);
        }
      }
      return null;
    });
    return db.tx(c -> {
      int changed = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT id, risk_domain, risk_domain_probs, risk_domain_confidence,"
               + " title, body, deployers, developers, systems, harmed FROM incident_records WHERE risk_domain_probs IS NOT NULL");
           PreparedStatement up = c.prepareStatement("UPDATE incident_records SET risk_domain = ?, risk_domain_confidence = ?, risk_layers = ? WHERE id = ?");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double[] p = parse(rs.getString(3));
          if (p == null || p.length != domains.length) continue; // unreadable, or from a model with other domains: left as it is
          double[] q = mix(p, byIncident.get(incidentOf.applyAsLong(rs.getLong(1))));
          int d = RiskModel.argmax(q);
          boolean same = domains[d].equals(rs.getString(2));
          if (same && Math.abs(rs.getFloat(4) - q[d]) < 5e-4) continue;
          if (!same) changed++;
          String text = Classifier.inputText(RecordWriter.textFields(rs, 5));
          up.setString(1, domains[d]);
          up.setFloat(2, (float) q[d]);
          up.setString(3, RecordWriter.join(Classifier.layers(domains[d], text, Tokens.raw(text))));
          up.setLong(4, rs.getLong(1));
          up.addBatch();
        }
        up.executeBatch();
      }
      return changed;
    });
  }
}
