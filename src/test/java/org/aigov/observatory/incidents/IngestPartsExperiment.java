package org.aigov.observatory.incidents;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Single-thread CPU time of the ingest path's parts, to compare two builds on a machine whose speed drifts (whole 10^6 runs
 * of the same build differed by 18 % in CPU there: docs/benchmarks.md). Not a test. Run each build alternately:
 * <pre>
 * mvn -q test-compile
 * java -Xmx2g -cp target/observatory.jar:target/test-classes org.aigov.observatory.incidents.IngestPartsExperiment
 * </pre>
 * Prints per text of the 869 bundled ones: risk-model scores, Tokens.raw, RiskModel.features, the risk layers; then the
 * JSON-lines reader's CPU time over 64 MiB of synthetic lines. The check sums must agree between builds.
 */
public class IngestPartsExperiment {
  public static void main(String[] a) throws Exception {
    parts();
    lines();
  }

  static void parts() {
    List<RiskModel.Example> ex = RiskModel.bundledExamples();
    RiskModel m = RiskModel.bundled();
    String[] t = ex.stream().map(RiskModel.Example::text).toArray(String[]::new);
    var mx = ManagementFactory.getThreadMXBean();
    long h = 0;
    for (int round = 0; round < 10; round++) {
      long c0 = mx.getCurrentThreadCpuTime();
      for (int rep = 0; rep < 10; rep++) for (String s : t) h += (long) m.scores(s)[3];
      long c1 = mx.getCurrentThreadCpuTime();
      for (int rep = 0; rep < 10; rep++) for (String s : t) h += Tokens.raw(s).size();
      long c2 = mx.getCurrentThreadCpuTime();
      for (int rep = 0; rep < 10; rep++) for (String s : t) h += RiskModel.features(s).length;
      long c3 = mx.getCurrentThreadCpuTime();
      for (int rep = 0; rep < 10; rep++) for (String s : t) h += Classifier.layers("", s, Tokens.raw(s)).size();
      long c4 = mx.getCurrentThreadCpuTime();
      if (round >= 5) System.out.printf("scores %.1f  raw %.1f  features %.1f  layers+raw %.1f us%n", (c1 - c0) / 1e3 / (10.0 * t.length),
          (c2 - c1) / 1e3 / (10.0 * t.length), (c3 - c2) / 1e3 / (10.0 * t.length), (c4 - c3) / 1e3 / (10.0 * t.length));
    }
    System.out.println("check " + h);
  }

  static void lines() throws Exception {
    StringBuilder sb = new StringBuilder();
    java.util.Random r = new java.util.Random(1);
    while (sb.length() < 64 << 20) {
      sb.append("{\"source_id\":\"s").append(r.nextInt()).append("\",\"title\":\"An AI system ").append("x".repeat(r.nextInt(80)))
          .append("\",\"body\":\"").append("word ".repeat(r.nextInt(120))).append("人工智能\"}\n");
    }
    byte[] data = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var mx = ManagementFactory.getThreadMXBean();
    long h = 0;
    for (int round = 0; round < 6; round++) {
      long c0 = mx.getCurrentThreadCpuTime();
      Ingest.CsvStreamLines l = new Ingest.CsvStreamLines(new java.io.ByteArrayInputStream(data), 0);
      for (String s; (s = l.next()) != null; ) h += s.length();
      long c1 = mx.getCurrentThreadCpuTime();
      if (round >= 2) System.out.printf("%d MiB: %.0f ms cpu%n", data.length >> 20, (c1 - c0) / 1e6);
    }
    System.out.println("check " + h);
  }
}
