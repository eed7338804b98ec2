package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast feature extraction and sort must give the reference implementation's features, scores and labels exactly. */
class RiskModelFeaturesTest {
  /** The feature extraction before it was made fast (string tokens, n-grams hashed one by one). */
  static int[] referenceFeatures(String text) {
    if (text.length() > RiskModel.MAX_CHARS) text = text.substring(0, RiskModel.MAX_CHARS);
    List<String> t = Tokens.raw(text);
    int[] f = new int[t.size() * 20 + 8];
    int k = 0;
    StringBuilder w = new StringBuilder();
    for (String tok : t) {
      if (k + 20 >= f.length) f = Arrays.copyOf(f, f.length * 2);
      if (!Tokens.STOP.contains(tok)) f[k++] = (int) (Tokens.hash64("w:" + tok) >>> 45);
      w.setLength(0);
      w.append(' ').append(tok).append(' ');
      int len = w.length();
      for (int n = 2; n <= 5; n++) {
        for (int i = 0; i + n <= len; i++) {
          if (k == f.length) f = Arrays.copyOf(f, f.length * 2);
          long h = 0xcbf29ce484222325L;
          for (int j = i; j < i + n; j++) {
            h ^= w.charAt(j);
            h *= 0x100000001b3L;
          }
          f[k++] = (int) (Tokens.mix(h + n) >>> 45);
        }
      }
    }
    return Arrays.copyOf(f, k);
  }

  static final String[] WORDS = {"the", "The", "AI", "chatbot", "Google's", "deepfake", "of", "Reportedly", "ALLEGEDLY", "s", "2024",
      "self-driving", "Tesla’s", "naïve", "ÉCOLE", "İstanbul", "straße", "x1", "a", "facial", "recognition", "was", "it's"};

  /** Random texts mixing English words, punctuation, Chinese and Japanese characters, supplementary and lone surrogate characters. */
  static String randomText(Random r) {
    StringBuilder sb = new StringBuilder();
    int target = r.nextInt(1600);
    while (sb.length() < target) {
      switch (r.nextInt(10)) {
        case 0, 1, 2, 3 -> sb.append(WORDS[r.nextInt(WORDS.length)]);
        case 4 -> sb.appendCodePoint(0x4E00 + r.nextInt(0x9FFF - 0x4E00)); // CJK unified
        case 5 -> sb.appendCodePoint(0x3041 + r.nextInt(0x60)); // hiragana
        case 6 -> sb.appendCodePoint(r.nextBoolean() ? 0x20000 + r.nextInt(0x1000) : 0x1D400 + r.nextInt(0x30)); // ext. B, math letters
        case 7 -> sb.append(" ,.;'’-\\n\\t()\"".charAt(r.nextInt(14)));
        case 8 -> sb.append(r.nextBoolean() ? '\uD83D' : '\uDE00'); // lone surrogate
        default -> {
          for (int i = r.nextInt(30); i > 0; i--) sb.append((char) ('a' + r.nextInt(26)));
        }
      }
      if (r.nextInt(3) > 0) sb.append(' ');
    }
    return sb.toString();
  }

  static int[] sorted(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  @Test
  void fastFeaturesEqualTheReferenceOnBundledAndRandomTexts() {
    List<String> texts = new ArrayList<>();
    for (RiskModel.Example e : RiskModel.bundledExamples()) texts.add(e.text());
    for (RiskModel.Example e : RiskModel.riskStatements(RiskModel.bundledExamples())) texts.add(e.text());
    Random r = new Random(42);
    for (int i = 0; i < 3000; i++) texts.add(randomText(r));
    texts.addAll(List.of("", " ", "a", "美国国防部测试致命性自主武器", "x".repeat(699) + "\uD840\uDC00", "word".repeat(400)));
    int nonEmpty = 0;
    for (String t : texts) {
      int[] ref = sorted(referenceFeatures(t));
      assertArrayEquals(ref, sorted(RiskModel.features(t)), () -> "features differ for: " + t);
      if (ref.length > 0) nonEmpty++;
    }
    assertTrue(nonEmpty > 3000, "texts with features: " + nonEmpty);
  }

  /** Class scores as first written: per distinct feature (ascending id), TF-IDF times every class's weight, then L2 norm and bias. */
  static double[] referenceScores(RiskModel m, int[] sortedFeatures) {
    int k = m.classes.length;
    double[] score = new double[k];
    double norm = 0;
    for (int i = 0; i < sortedFeatures.length; ) {
      int j = i;
      while (j < sortedFeatures.length && sortedFeatures[j] == sortedFeatures[i]) j++;
      int count = j - i;
      double tf = count < 64 ? (float) (1 + Math.log(count)) : 1 + Math.log(count);
      double x = tf * m.idf(sortedFeatures[i]);
      norm += x * x;
      for (int c = 0; c < k; c++) score[c] += m.weight(sortedFeatures[i], c) * x;
      i = j;
    }
    norm = norm > 0 ? Math.sqrt(norm) : 1;
    for (int c = 0; c < k; c++) score[c] = score[c] / norm + m.bias(c);
    return score;
  }

  @Test
  void fastPredictionsEqualTheReferenceScoresAndLabels() {
    RiskModel m = RiskModel.bundled();
    List<String> texts = new ArrayList<>();
    for (RiskModel.Example e : RiskModel.bundledExamples()) texts.add(e.text());
    Random r = new Random(7);
    for (int i = 0; i < 1000; i++) texts.add(randomText(r));
    java.util.Set<String> labels = new java.util.TreeSet<>();
    for (String t : texts) {
      int[] ref = sorted(referenceFeatures(t));
      double[] refScores = referenceScores(m, ref);
      assertArrayEquals(refScores, m.scores(t), 0.0, () -> "scores differ for: " + t);
      int best = 0;
      for (int c = 1; c < refScores.length; c++) if (refScores[c] > refScores[best]) best = c;
      assertEquals(m.labels[best], m.predict(t));
      labels.add(m.predict(t));
    }
    assertEquals(7, labels.size(), "every domain is predicted for some text");
    // the compact table holds only rows seen in training: far fewer than the hashed space
    int rows = m.rowsInUse();
    assertTrue(rows > 10_000 && rows < RiskModel.DIM / 4, "rows " + rows);
  }

  @Test
  void scoresEqualTheReferenceWhenTheClassCountIsNoMultipleOfFour() {
    // the bundled model has 20 classes, scored four at a time; without one class the last three take the remainder loop
    List<RiskModel.Example> all = RiskModel.bundledExamples();
    String dropped = RiskModel.classOf(all.get(0));
    List<RiskModel.Example> rest = all.stream().filter(e -> !RiskModel.classOf(e).equals(dropped)).toList();
    RiskModel m = RiskModel.train(rest, 7);
    assertEquals(RiskModel.bundled().classes.length - 1, m.classes.length);
    assertNotEquals(0, m.classes.length % 4);
    Random r = new Random(11);
    for (int i = 0; i < 300; i++) {
      String t = i < rest.size() ? rest.get(i).text() : randomText(r);
      int[] ref = sorted(referenceFeatures(t));
      assertArrayEquals(referenceScores(m, ref), m.scores(t), 0.0, () -> "scores differ for: " + t);
    }
  }
}
