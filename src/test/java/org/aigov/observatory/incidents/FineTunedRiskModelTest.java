package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FineTunedRiskModelTest {
  // measured 2026-11-30 at seed 7, two-seed ensemble at α 0.4: fused 0.686 CV / 0.689 newest fifth; the bag-of-words model
  // alone 0.629 / 0.582 (seed 1 alone at α 0.5 had 0.694 / 0.696); the shipped weight is 0.5 since 2026-12-01
  static final double CV_FLOOR = 0.67, NEWEST_FLOOR = 0.66;

  static String[] domains(List<RiskModel.Example> all) {
    return new TreeSet<>(all.stream().map(RiskModel.Example::label).toList()).toArray(new String[0]);
  }

  /** `eval`'s splits, their test parts, the domains and the recorded held-out predictions for them. */
  record HeldOut(List<Eval.Split> splits, List<List<RiskModel.Example>> tests, String[] domains, double[][][] ft) {
    static HeldOut bundled() {
      List<RiskModel.Example> all = RiskModel.bundledExamples();
      List<Eval.Split> sp = Eval.splits(all, 5);
      List<List<RiskModel.Example>> tests = new ArrayList<>();
      for (Eval.Split s : sp) tests.add(s.test());
      String[] domains = FineTunedRiskModelTest.domains(all);
      return new HeldOut(sp, tests, domains, FineTunedHeldOut.bundled(tests, domains));
    }
  }

  @Test
  void theShippedModelLoadsAndAnswersOneProbabilityPerSubDomain() {
    FineTunedRiskModel m = FineTunedRiskModel.bundled();
    assertNotNull(m, "the fine-tuned model ships in the jar and ONNX Runtime loads it here");
    assertEquals(20, m.classes.length);
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    String[] domains = domains(all);
    for (String label : m.labels) assertTrue(java.util.Arrays.asList(domains).contains(label), "class domain spelled as the labels: " + label);
    float[] p = m.classProbabilities("A chatbot encouraged a teenager to harm himself");
    double sum = 0;
    for (float x : p) sum += x;
    assertEquals(1.0, sum, 1e-4);
    double[] d = m.domainProbabilities("Deepfake robocall imitates a candidate's voice before an election", domains);
    assertEquals(1.0, java.util.Arrays.stream(d).sum(), 1e-4);
    String top = domains[RiskModel.argmax(d)];
    assertTrue(top.startsWith("3.") || top.startsWith("4."), top);
    // oversized and empty input: read, bounded, no failure
    String head = "Facial recognition wrongly matched a Black man to a theft suspect. ".repeat(40).substring(0, Embeddings.MAX_CHARS);
    assertArrayEquals(m.classProbabilities(head), m.classProbabilities(head + "x".repeat(1_000_000)), "only the first characters are read");
    assertEquals(20, m.classProbabilities("").length);
  }

  @Test
  void theEnsembleAnswersTheMeanOfItsMembers() throws Exception {
    FineTunedRiskModel all = FineTunedRiskModel.bundled();
    assertTrue(FineTunedRiskModel.MEMBERS.size() >= 2, "a seed ensemble");
    String text = "Self-driving test car struck and killed a pedestrian crossing the road at night";
    float[] mean = new float[all.classes.length];
    float[] first = null;
    for (String member : FineTunedRiskModel.MEMBERS) {
      FineTunedRiskModel one = FineTunedRiskModel.load(List.of(member));
      assertArrayEquals(all.classes, one.classes, member);
      float[] p = one.classProbabilities(text);
      if (first == null) first = p;
      for (int c = 0; c < p.length; c++) mean[c] += p[c] / FineTunedRiskModel.MEMBERS.size();
    }
    assertArrayEquals(mean, all.classProbabilities(text), 1e-6f);
    assertFalse(java.util.Arrays.equals(first, mean), "the members are different models");
    Exception e = assertThrows(java.io.IOException.class, () -> FineTunedRiskModel.load(List.of("/incidents/no-such-model")));
    assertTrue(e.getMessage().contains("/incidents/no-such-model"), e.getMessage());
  }

  @Test
  void theShippedWeightsAreTheTrainedOnes() throws Exception {
    // training fit on the first 200 bundled labels, each member and the ensemble: a wrong file, class order or
    // tokenizer would fall far below (measured 2026-11-30: members 171 and 166, ensemble 169)
    List<RiskModel.Example> all = RiskModel.bundledExamples().subList(0, 200);
    String[] domains = domains(RiskModel.bundledExamples());
    List<FineTunedRiskModel> models = new ArrayList<>();
    for (String member : FineTunedRiskModel.MEMBERS) models.add(FineTunedRiskModel.load(List.of(member)));
    models.add(FineTunedRiskModel.bundled());
    for (FineTunedRiskModel m : models) {
      int right = 0;
      for (RiskModel.Example e : all) if (domains[RiskModel.argmax(m.domainProbabilities(e.embedText(), domains))].equals(e.label())) right++;
      System.out.println("training labels reproduced: " + right + " of 200");
      assertTrue(right >= 160, right + " of 200 training labels reproduced");
    }
  }

  @Test
  void heldOutPredictionsMatchTheEvalSplitsAndRejectOtherLabels() {
    HeldOut h = HeldOut.bundled();
    List<List<RiskModel.Example>> tests = h.tests();
    String[] domains = h.domains();
    double[][][] ft = h.ft();
    assertNotNull(ft, "held-out predictions recorded for the bundled labels and splits");
    for (int s = 0; s < ft.length; s++) {
      assertEquals(tests.get(s).size(), ft[s].length);
      for (double[] p : ft[s]) assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-3);
    }
    // one incident fewer in a test part: the recording no longer fits and is refused
    List<List<RiskModel.Example>> other = new ArrayList<>(tests);
    other.set(0, tests.get(0).subList(1, tests.get(0).size()));
    assertNull(FineTunedHeldOut.bundled(other, domains));
  }

  @Test
  void fusedWithTheBagOfWordsModelItBeatsItOnHeldOutIncidents() {
    // the recorded held-out predictions of models fine-tuned per split, fused at the shipped weight with bag-of-words
    // models trained here on the same training parts (seed 7): ≈ 10 s
    HeldOut h = HeldOut.bundled();
    List<Eval.Split> sp = h.splits();
    List<List<RiskModel.Example>> tests = h.tests();
    String[] domains = h.domains();
    double[][][] ft = h.ft();
    List<String> gold = new ArrayList<>(), fused = new ArrayList<>(), bow = new ArrayList<>();
    double[] newest = new double[2];
    for (int s = 0; s < sp.size(); s++) {
      RiskModel m = RiskModel.train(sp.get(s).train(), 7);
      List<String> g = new ArrayList<>(), f = new ArrayList<>(), b = new ArrayList<>();
      for (int i = 0; i < tests.get(s).size(); i++) {
        RiskModel.Example e = tests.get(s).get(i);
        double[] p = m.domainProbabilities(e.text(), domains);
        g.add(e.label());
        b.add(domains[RiskModel.argmax(p)]);
        f.add(domains[RiskModel.argmax(Eval.mix(p, ft[s][i], FusedRiskModel.FT_ALPHA))]);
      }
      if (s < 5) {
        gold.addAll(g);
        fused.addAll(f);
        bow.addAll(b);
      } else newest = new double[] {RiskModel.macroF1(g, f), RiskModel.macroF1(g, b)};
    }
    double cvF = RiskModel.macroF1(gold, fused), cvB = RiskModel.macroF1(gold, bow);
    System.out.printf(java.util.Locale.ROOT, "fine-tuned fusion, seed 7: CV %.4f (bag-of-words %.4f), newest fifth %.4f (%.4f)%n", cvF, cvB, newest[0], newest[1]);
    assertTrue(cvF > CV_FLOOR && cvF > cvB + 0.03, "cross-validated: fused " + cvF + ", bag-of-words " + cvB);
    assertTrue(newest[0] > NEWEST_FLOOR && newest[0] > newest[1] + 0.05, "newest fifth: fused " + newest[0] + ", bag-of-words " + newest[1]);
  }
}
