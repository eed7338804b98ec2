package org.aigov.observatory.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;

/**
 * English analysis with the field's abbreviations: "AI" and "artificial intelligence" (and a few
 * others) index as each other, so "AI Act" finds the "Artificial Intelligence Act". Expansion
 * happens at index time only; queries are analysed without it.
 */
final class EnglishSynonymAnalyzer extends Analyzer {
  /**
   * "LAWS" in capitals is lethal autonomous weapons systems, but lower-cased and stemmed it is "law", in most records. At
   * index time the capitalised word also yields this marker; a query that is "LAWS" alone searches for it (see
   * {@link #query}).
   */
  static final String LAWS_WORD = "lawsweaponsystems";
  private static final String[][] SYNONYMS = {
      // no {"general purpose ai", "gpai"}: GPAI here is the Global Partnership on AI, which it ranked above the AI Act
      {"artificial intelligence", "ai"}, {"european union", "eu"},
      {"united states", "us"}, {"united kingdom", "uk"}, {"united nations", "un"}, {"executive order", "eo"},
      {"large language model", "llm"}, {"national institute of standards and technology", "nist"},
      // "deep fake", "deep-fake" and "deepfake" are one word written three ways: each found only its own spelling
      {"deep fake", "deepfake"}, {"deep fakes", "deepfakes"}};
  /**
   * Acronyms of instruments that are unambiguous in this field ("AIA" found Anguilla through its iso3 tag). Synonyms
   * only, not used by {@link #abbreviate}: the name phrase boost keeps reading "AI Act" as two words. A long form that
   * holds a shorter one ("artificial intelligence" in "artificial intelligence act") also yields the shorter one's
   * abbreviation, as the synonym filter applies only the longest match at a position.
   */
  private static final String[][] ACRONYMS = {
      {"ai act", "aia"}, {"artificial intelligence act", "aia"},
      {"personal information protection law", "pipl"}, {"digital services act", "dsa"}, {"digital markets act", "dma"},
      {"lethal autonomous weapons systems", LAWS_WORD}, {"lethal autonomous weapon systems", LAWS_WORD},
      {"lethal autonomous weapons", LAWS_WORD}, {"lethal autonomous weapon", LAWS_WORD}};
  private static final SynonymMap MAP = build();
  private final boolean expand;
  private final CharArraySet stop = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  EnglishSynonymAnalyzer(boolean expand) {
    this.expand = expand;
  }

  private static SynonymMap build() {
    try {
      SynonymMap.Builder b = new SynonymMap.Builder(true);
      for (String[] s : SYNONYMS) {
        CharsRef phrase = SynonymMap.Builder.join(s[0].split(" "), new CharsRefBuilder());
        b.add(phrase, new CharsRef(s[1]), true);
        b.add(new CharsRef(s[1]), phrase, true);
      }
      for (String[] s : ACRONYMS) {
        CharsRef phrase = SynonymMap.Builder.join(s[0].split(" "), new CharsRefBuilder());
        b.add(phrase, new CharsRef(s[1]), true);
        b.add(new CharsRef(s[1]), phrase, true);
        String shorter = s[0];
        for (String[] w : SYNONYMS) shorter = shorter.replace(w[0], w[1]); // (abbreviate's patterns are not built yet)
        if (!shorter.equals(s[0])) b.add(phrase, SynonymMap.Builder.join(shorter.split(" "), new CharsRefBuilder()), true);
      }
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream ts = new EnglishPossessiveFilter(source);
    if (expand) ts = new CapitalLaws(ts);
    ts = new LowerCaseFilter(ts);
    if (expand) ts = new FlattenGraphFilter(new SynonymGraphFilter(ts, MAP, true));
    ts = new StopFilter(ts, stop);
    // Krovetz, not Porter: Porter makes "generative", "generation" and "general" one stem (gener), so
    // "generative AI" found General Motors and New Generation plans first.
    ts = new KStemFilter(ts);
    return new TokenStreamComponents(source, ts);
  }

  /** The query as searched: "LAWS" alone, in capitals, is the weapons (the marker the index adds to "LAWS"), not "law". */
  static String query(String q) {
    return q.strip().equals("LAWS") ? LAWS_WORD : q;
  }

  /** Acronyms replaced by their first long form, for the name phrase boost ("EU AIA" → "EU ai act", the EU AI Act's name). */
  static String expandAcronyms(String q) {
    String out = q;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String[] s : ACRONYMS)
      if (!s[1].equals(LAWS_WORD) && seen.add(s[1])) out = out.replaceAll("(?i)\\b" + s[1] + "\\b", s[0]);
    return out;
  }

  /** Abbreviations written out ("AI Act" → "artificial intelligence Act"), for quoted phrases, matched in the text as written. */
  static String expandAbbreviations(String q) {
    String out = q;
    for (String[] s : SYNONYMS) out = out.replaceAll("(?i)\\b" + s[1] + "\\b", s[0]);
    return out;
  }

  /** Stacks {@link #LAWS_WORD} on the word "LAWS" written in capitals. */
  private static final class CapitalLaws extends org.apache.lucene.analysis.TokenFilter {
    private final org.apache.lucene.analysis.tokenattributes.CharTermAttribute term =
        addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
    private final org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute posInc =
        addAttribute(org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute.class);
    private State pending;

    CapitalLaws(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (pending != null) {
        restoreState(pending);
        pending = null;
        term.setEmpty().append(LAWS_WORD);
        posInc.setPositionIncrement(0);
        return true;
      }
      if (!input.incrementToken()) return false;
      if ("LAWS".contentEquals(term)) pending = captureState();
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      pending = null;
    }
  }

  /** The name with long forms replaced by their abbreviations ("Artificial Intelligence Act" → "AI Act"). */
  static String abbreviate(String name) {
    String out = name;
    for (int i = 0; i < SYNONYMS.length; i++) out = LONG_FORMS[i].matcher(out).replaceAll(SYNONYMS[i][1]);
    return out;
  }

  private static final java.util.regex.Pattern[] LONG_FORMS = java.util.Arrays.stream(SYNONYMS)
      .map(s -> java.util.regex.Pattern.compile("(?i)\\b" + java.util.regex.Pattern.quote(s[0]) + "\\b"))
      .toArray(java.util.regex.Pattern[]::new);

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
