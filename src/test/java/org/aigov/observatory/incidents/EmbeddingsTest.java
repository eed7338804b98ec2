package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {
  @Test
  void theBundledModelRunsOfflineAndPutsParaphrasesCloserThanUnrelatedTexts() {
    float[] a = Embeddings.compute("A chatbot told a user to harm himself");
    float[] b = Embeddings.compute("An AI assistant encouraged a person to commit suicide");
    float[] c = Embeddings.compute("Self-driving car crashed into a parked fire truck");
    float[] d = Embeddings.compute("A Tesla on Autopilot hit an emergency vehicle");
    assertEquals(Embeddings.DIM, a.length);
    double norm = 0;
    for (float x : a) norm += x * x;
    assertEquals(1.0, norm, 1e-4, "L2-normalised");
    assertTrue(Embeddings.cosine(a, b) > Embeddings.cosine(a, c) + 0.1, Embeddings.cosine(a, b) + " vs " + Embeddings.cosine(a, c));
    assertTrue(Embeddings.cosine(c, d) > Embeddings.cosine(c, b) + 0.1, Embeddings.cosine(c, d) + " vs " + Embeddings.cosine(c, b));
  }

  @Test
  void theBundleHoldsEveryTrainingTextAsTheModelEmbedsIt() {
    Map<Long, float[]> bundle = Embeddings.bundle();
    List<RiskModel.Example> ex = RiskModel.bundledExamples();
    for (RiskModel.Example e : ex) assertNotNull(bundle.get(Tokens.hash64(e.embedText())), "incident " + e.id());
    for (RiskModel.Example e : RiskModel.riskStatements(ex)) assertNotNull(bundle.get(Tokens.hash64(e.embedText())), e.id());
    // bfloat16 in the bundle: the same direction as the model's float32 vector
    for (RiskModel.Example e : List.of(ex.get(0), ex.get(ex.size() - 1))) {
      double cos = Embeddings.cosine(bundle.get(Tokens.hash64(e.embedText())), Embeddings.compute(e.embedText()));
      assertTrue(cos > 0.999, "cosine " + cos);
    }
    assertEquals("Google’s YouTube Kids App Presents Inappropriate Content. YouTube’s content filtering and recommendation algorithms"
        + " exposed children to disturbing and inappropriate videos.", ex.get(0).embedText(), "title + \". \" + description, as Rec.text()");
  }

  @Test
  void onlyTheCuratedMonitorsRecordsAreEmbedded() {
    Classifier c = Classifier.bundled();
    Rec news = new Rec();
    news.source = "jsonl";
    news.title = "Deepfake robocall imitates a candidate's voice before an election";
    long before = Embeddings.requests.get(), ftBefore = FineTunedRiskModel.requests.get();
    c.classify(news);
    assertEquals(before, Embeddings.requests.get(), "a bulk/news record is classified by the bag-of-words model alone");
    assertEquals(ftBefore, FineTunedRiskModel.requests.get(), "… and never reaches the fine-tuned model");
    Rec aiid = new Rec();
    aiid.source = "aiid";
    aiid.title = news.title;
    String domain = c.classify(aiid).domain();
    assertTrue(FineTunedRiskModel.requests.get() > ftBefore, "an AIID record goes through the fused model (bag-of-words + fine-tuned)");
    assertTrue(domain.startsWith("3.") || domain.startsWith("4."), domain);
    assertFalse(new Classifier(RiskModel.bundled()).embeds(aiid), "a classifier built on the bag-of-words model never embeds");
  }

  @Test
  void confidenceIsTheProbabilityOfThePredictedDomainAndSortsRightFromWrong() {
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    Eval.Split split = Eval.fold(all, 5, 0);
    FusedRiskModel m = FusedRiskModel.train(split.train(), 7, FusedRiskModel.ALPHA);
    double rightSum = 0, wrongSum = 0;
    int right = 0, wrong = 0;
    for (RiskModel.Example e : split.test()) {
      RiskModel.Prediction p = m.predictWithConfidence(e.text(), e.embedText());
      assertEquals(m.predict(e.text(), e.embedText()), p.domain(), "same label as predict");
      assertTrue(p.confidence() > 1.0 / 7 - 1e-9 && p.confidence() <= 1 + 1e-9, "the arg-max of 7 probabilities: " + p.confidence());
      RiskModel.Prediction b = m.bow.predictWithConfidence(e.text());
      assertEquals(m.bow.predict(e.text()), b.domain(), "bag-of-words: same label as predict");
      assertTrue(b.confidence() > 0 && b.confidence() <= 1 + 1e-9, "bag-of-words confidence " + b.confidence());
      if (p.domain().equals(e.label())) {
        rightSum += p.confidence();
        right++;
      } else {
        wrongSum += p.confidence();
        wrong++;
      }
    }
    // held-out fold 0: right predictions should carry clearly more confidence than wrong ones
    assertTrue(rightSum / right > wrongSum / wrong + 0.1, "mean confidence right " + rightSum / right + " wrong " + wrongSum / wrong);
  }

  @Test
  void fusedModelBeatsTheBagOfWordsModelInCrossValidation() {
    // the folds of `eval` (hash of the incident id), one seed: ≈ 15 s (5 bag-of-words and 5 embedding models)
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    List<String> gold = new ArrayList<>(), fused = new ArrayList<>(), bow = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      Eval.Split split = Eval.fold(all, 5, f);
      FusedRiskModel m = FusedRiskModel.train(split.train(), 7, FusedRiskModel.ALPHA);
      for (RiskModel.Example e : split.test()) {
        gold.add(e.label());
        fused.add(m.predict(e.text(), e.embedText()));
        bow.add(m.bow.predict(e.text()));
      }
    }
    double f = RiskModel.macroF1(gold, fused), b = RiskModel.macroF1(gold, bow);
    // measured 2026-12-02, with the AIAAIC weak labels in the bag-of-words model's training: 0.649 at seed 7 (0.635 before)
    assertEquals(0.649, b, 0.005, "the bag-of-words figure of `eval` at seed 7");
    // the frozen-embedding fusion (the fallback when the fine-tuned model cannot load) adds less to the stronger
    // bag-of-words model: 0.655 vs 0.649 at seed 7 and α 0.7 (mean of seeds 1–5 with α by inner CV: 0.665 vs 0.649)
    assertTrue(f > 0.65 && f > b + 0.003, "fused macro-F1 " + f + " (bag-of-words " + b + ")");
  }

  @Test
  void linkageParaphrasesAreCloserThanAnotherEventOfTheSameSystem() {
    float[][] v = Embeddings.of(List.of(
        "Amazon Alexa Plays Loud Music when Owner is Away",
        "Amazon Alexa holds 2am party when owner is out",
        "Amazon Alexa orders dollhouses after TV news report",
        "Fraudsters Used AI to Mimic Voice of a UK-Based Firm's CEO's Boss",
        "Fraudsters clone CEO voice to steal USD 243,000"));
    assertNotNull(v, "the bundled model loads offline");
    for (float[] x : v) assertEquals(1.0, Embeddings.dot(x, x), 1e-4, "normalised");
    assertTrue(Embeddings.dot(v[0], v[1]) > Embeddings.dot(v[0], v[2]) + 0.1);
    assertTrue(Embeddings.dot(v[3], v[4]) > Embeddings.dot(v[3], v[1]) + 0.3);
    assertEquals(1.0, Embeddings.dot(v[1], Embeddings.compute("Amazon Alexa holds 2am party when owner is out")), 1e-5, "deterministic");
  }

  @Test
  void packingRoundTripsEveryFloat() {
    java.util.Random r = new java.util.Random(3);
    for (int k = 0; k < 100; k++) {
      float[] v = new float[1 + r.nextInt(400)];
      for (int i = 0; i < v.length; i++) v[i] = k % 10 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian();
      float[] back = Embeddings.unpack(Embeddings.pack(v));
      for (int i = 0; i < v.length; i++) assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]));
    }
  }

  @Test
  void anOversizedTextIsReadOnlyForItsFirstTwoThousandCharacters() {
    String head = "Deepfake video of a mayor circulates before the local election. ".repeat(40).substring(0, Embeddings.MAX_CHARS);
    String huge = head + "Unrelated filler about farming subsidies and weather. ".repeat(20_000); // ≈ 1 MB
    float[] v = Embeddings.compute(huge);
    assertEquals(1.0, Embeddings.dot(v, Embeddings.compute(head)), 1e-5, "only the first " + Embeddings.MAX_CHARS + " characters are read");
  }
}
