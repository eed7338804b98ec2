package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.aigov.observatory.kernel.Daemons;

/**
 * Per-record classification at ingest: predicted MIT risk domain, the seed's four risk layers, and
 * countries. The layer mapping is inferred (the seed does not state one): see docs/decisions.md §Early warning.
 */
public final class Classifier {
  public static final List<String> LAYERS = List.of("intrinsic-safety", "application-security", "national-security", "geopolitical");

  /**
   * {@code confidence}: the risk-domain model's probability for {@code domain} (0–1), for review of uncertain predictions;
   * {@code probabilities}: the fused model's probability of every domain (curated monitors' records only, else null).
   */
  public record Result(String domain, List<String> layers, List<String> countries, double confidence, double[] probabilities) {}

  private final RiskModel model;
  /** Bag-of-words model fused with the fine-tuned MiniLM model: used for the curated monitors' records only, see {@link #embeds}. */
  private final FusedRiskModel fused;
  // keyword lists for the risk layers: no model needed, so the clustering pass can use them without loading one
  // one matcher whose values are the layers: one pass over the tokens and one Simplified copy of the text, not four
  private static final PhraseMatcher LAYER_WORDS = new PhraseMatcher();

  static {
    for (String s : new String[] {"military", "militaries", "army", "navy", "air force", "defense", "defence", "weapon", "weapons",
        "autonomous weapon", "lethal autonomous weapon", "missile", "drone strike", "warfare", "soldier", "soldiers", "pentagon",
        "national security", "critical infrastructure", "power grid", "nuclear", "espionage", "intelligence agency", "terrorist",
        "terrorism", "election", "elections", "军事", "国防", "武器", "国家安全", "军用", "情报"}) LAYER_WORDS.add(s, "national-security");
    for (String s : new String[] {"export control", "export controls", "sanctions", "chip ban", "state sponsored", "state-sponsored",
        "state backed", "state-backed", "foreign influence", "influence operation", "influence campaign", "propaganda",
        "geopolitical", "arms race", "kremlin", "chinese government", "russian government", "spamouflage", "cold war",
        "地缘政治", "出口管制", "制裁", "军备竞赛"}) LAYER_WORDS.add(s, "geopolitical");
    for (String s : new String[] {"hack", "hacked", "hacker", "hackers", "cyberattack", "cyber attack", "scam", "scammers", "fraud",
        "fraudsters", "deepfake", "deepfakes", "privacy", "leak", "leaked", "breach", "jailbreak", "adversarial", "misuse",
        "phishing", "malware", "surveillance", "impersonate", "impersonation", "隐私", "诈骗", "深度伪造", "网络攻击"}) LAYER_WORDS.add(s, "application-security");
    for (String s : new String[] {"malfunction", "failure", "failed", "error", "errors", "crash", "crashed", "hallucination",
        "hallucinated", "bias", "biased", "glitch", "bug", "inaccurate", "misidentified", "故障", "偏见", "幻觉"}) LAYER_WORDS.add(s, "intrinsic-safety");
  }

  public Classifier(RiskModel model) {
    this(model, null);
  }

  public Classifier(FusedRiskModel fused) {
    this(fused.bow, fused);
  }

  private Classifier(RiskModel model, FusedRiskModel fused) {
    this.model = model;
    this.fused = fused;
  }

  private static volatile Classifier bundled;

  public static Classifier bundled() {
    if (bundled == null) {
      synchronized (Classifier.class) {
        if (bundled == null) bundled = new Classifier(FusedRiskModel.bundled());
      }
    }
    return bundled;
  }

  /**
   * Loads {@link #bundled()} on a low-priority daemon thread. A server without the monitor (an API node beside the one
   * that runs it) would otherwise train the model inside the first report posted to it (≈ 2 s, more on a busy machine).
   */
  public static Thread warmUp() {
    return Daemons.startIdle("classifier-warm-up", Classifier::bundled);
  }

  /** Whether {@link #bundled()} has been built in this process. */
  static boolean bundledLoaded() {
    return bundled != null;
  }

  /**
   * Whether a record's risk domain also uses the sentence-embedding model: records of the curated monitors (AIID
   * incidents, AIAAIC entries; a few thousand, each embedded once, ≈ 8 ms) but not feed items, news reports or bulk
   * uploads, which keep the bag-of-words model's ≈ 60 µs per record (docs/decisions.md §Early warning: incidents).
   */
  boolean embeds(Rec r) {
    return fused != null && ("aiid".equals(r.source) || "aiaaic".equals(r.source));
  }

  /** {@code layers} in the order of {@link #LAYERS}. */
  static List<String> ordered(Set<String> layers) {
    List<String> out = new ArrayList<>();
    for (String l : LAYERS) if (layers.contains(l)) out.add(l);
    return out;
  }

  /** The risk layer an MIT domain implies ("1. …" to "7. …"); keywords in the text add others. */
  static List<String> domainLayers(String domain) {
    int d = domain == null || domain.isEmpty() ? 0 : domain.charAt(0) - '0';
    if (d == 7 || d == 1) return List.of("intrinsic-safety");
    if (d >= 2 && d <= 5) return List.of("application-security");
    if (d == 6) return List.of("national-security");
    return List.of();
  }

  /** What the models and keyword lists read: title, body and the named parties. */
  static String inputText(Rec r) {
    return r.text() + " " + String.join(" ", r.deployers) + " " + String.join(" ", r.developers) + " " + String.join(" ", r.systems)
        + " " + String.join(" ", r.harmed);
  }

  /** The domain's layer plus those the keyword lists find in {@code text} ({@code toks} = {@code Tokens.raw(text)}), in order. */
  static List<String> layers(String domain, String text, List<String> toks) {
    Set<String> layers = new LinkedHashSet<>(domainLayers(domain));
    layers.addAll(LAYER_WORDS.find(toks, text));
    return ordered(layers);
  }

  /**
   * The bag-of-words model learnt English only: a Chinese report gave it no known word and always got the prior's domain
   * (2. Privacy & Security). A text that is mostly Chinese also carries the English of its glossary terms.
   */
  static String forModel(String text) {
    int han = 0, latin = 0;
    for (int i = 0; i < text.length(); ) { // one pass; no Han code point lies below U+2E80, so most skip the script lookup
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c < 128) {
        if (Character.isLetter(c)) latin++;
      } else if (c >= 0x2E80 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
        han++;
      }
    }
    if (han == 0 || han < latin) return text;
    String gloss = QueryGlossary.bundled().englishGloss(text);
    return gloss.isEmpty() ? text : text + " " + gloss;
  }

  public Result classify(Rec r) {
    String text = inputText(r);
    double[] probs = embeds(r) ? fused.probabilities(text, r.text()) : null;
    RiskModel.Prediction pred = probs != null ? fused.prediction(probs) : model.predictWithConfidence(forModel(text));
    String domain = pred.domain();
    List<String> toks = Tokens.raw(text);
    List<String> ordered = layers(domain, text, toks);
    Gazetteer g = Gazetteer.get();
    List<String> countries = g.codes(r.countries);
    if (countries.isEmpty()) for (String c : g.inText(toks, text)) if (!countries.contains(c)) countries.add(c);
    return new Result(domain, ordered, countries, pred.confidence(), probs);
  }
}
