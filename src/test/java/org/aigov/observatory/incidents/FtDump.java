package org.aigov.observatory.incidents;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * Scratch (not shipped, not a test): dumps the classifier's evaluation data for the fine-tuning experiment in
 * tools/classifier/finetune.py — examples with their MiniLM token ids, the folds and newest fifth of `eval`, and the
 * bag-of-words model's inner out-of-fold and test probabilities per seed (HeadExperiment's cache).
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.aigov.observatory.incidents.FtDump tokenizer.json /tmp/ft
 */
public final class FtDump {
  public static void main(String[] a) throws Exception {
    Path tok = Path.of(a[0]), out = Path.of(a[1]);
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    HeadExperiment.domains = new TreeSet<>(all.stream().map(RiskModel.Example::label).toList()).toArray(new String[0]);
    HeadExperiment.D = HeadExperiment.domains.length;
    String[] domains = HeadExperiment.domains;
    List<RiskModel.Example> st = RiskModel.riskStatements(all);
    // -Dftdump.weak=true: the AIAAIC entries with weak labels too (kind "weak"; finetune.py --weak sets their weight)
    boolean weak = Boolean.getBoolean("ftdump.weak");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("domains", domains);
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.builder().optTokenizerPath(tok).optMaxLength(256).optTruncation(true).optPadding(false).build()) {
      List<Map<String, Object>> ex = new ArrayList<>();
      // -Dftdump.aiaaic=incidents/aiaaic-evidence.csv: experiment, the merged AIAAIC entry's labels put before the text (kept by truncation)
      Map<String, String> labels = aiaaicLabels(System.getProperty("ftdump.aiaaic"));
      for (RiskModel.Example e : all) ex.add(row(t, e, "incident", labels.getOrDefault(e.id(), "") + e.embedText(), domains));
      for (RiskModel.Example e : st) ex.add(row(t, e, "statement", e.text(), domains));
      if (weak) for (RiskModel.Example e : RiskModel.aiaaicWeakLabels(all)) ex.add(row(t, e, "weak", e.embedText(), domains));
      root.put("examples", ex);
    }
    List<Eval.Split> sp = new ArrayList<>(Eval.splits(all, 5));
    // -Dftdump.forward=true: a seventh split inside the newest fifth's training part (train on its oldest four fifths,
    // test on its newest fifth), to choose settings for newer incidents without looking at the newest fifth
    boolean forward = Boolean.getBoolean("ftdump.forward");
    if (forward) sp.add(Eval.newestFifth(Eval.newestFifth(all).train()));
    List<Map<String, Object>> splits = new ArrayList<>();
    for (Eval.Split s : sp) splits.add(Map.of("train", s.train().stream().map(RiskModel.Example::id).toList(), "test", s.test().stream().map(RiskModel.Example::id).toList()));
    root.put("splits", splits);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    double[][][][][] bow = HeadExperiment.loadOrComputeBow(pool, sp.stream().map(Eval.Split::train).toList(), sp.stream().map(Eval.Split::test).toList());
    List<double[][][]> lr = new ArrayList<>();
    for (Eval.Split s : sp) lr.add(new double[][][] {HeadExperiment.innerOof(s.train(), HeadExperiment::lrPredict), HeadExperiment.lrPredict(s.train(), s.test())});
    pool.shutdown();
    root.put("bow", bow);
    root.put("lr", lr);
    String name = System.getProperty("ftdump.aiaaic") != null ? "data-aiaaic.json" : forward ? "data-forward.json"
        : weak ? "data-weak.json" : "data.json";
    new ObjectMapper().writeValue(out.resolve(name).toFile(), root);
    System.out.println("wrote " + out.resolve(name));
  }

  private static Map<String, String> aiaaicLabels(String file) throws java.io.IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (file == null) return out;
    try (var r = java.nio.file.Files.newBufferedReader(Path.of(file))) {
      for (var rec : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        String harms = String.join("; ", java.util.stream.Stream.of(rec.get("harms_individual"), rec.get("harms_societal")).filter(x -> !x.isBlank()).toList());
        out.put(rec.get("aiid_incident_id"), "AIAAIC issues: " + rec.get("issues") + (harms.isEmpty() ? ". " : ". Harms: " + harms + ". "));
      }
    }
    return out;
  }

  private static Map<String, Object> row(HuggingFaceTokenizer t, RiskModel.Example e, String kind, String text, String[] domains) {
    Encoding enc = t.encode(text);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("kind", kind);
    m.put("domain", Arrays.asList(domains).indexOf(e.label()));
    m.put("cls", RiskModel.classOf(e));
    m.put("ids", enc.getIds());
    return m;
  }
}
