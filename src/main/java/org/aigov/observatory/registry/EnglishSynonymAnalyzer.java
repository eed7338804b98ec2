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
  private static final String[][] SYNONYMS = {
      {"artificial intelligence", "ai"}, {"general purpose ai", "gpai"}, {"european union", "eu"},
      {"united states", "us"}, {"united kingdom", "uk"}, {"united nations", "un"}, {"executive order", "eo"},
      {"large language model", "llm"}, {"national institute of standards and technology", "nist"},
      // "deep fake", "deep-fake" and "deepfake" are one word written three ways: each found only its own spelling
      {"deep fake", "deepfake"}, {"deep fakes", "deepfakes"}};
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
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream ts = new EnglishPossessiveFilter(source);
    ts = new LowerCaseFilter(ts);
    if (expand) ts = new FlattenGraphFilter(new SynonymGraphFilter(ts, MAP, true));
    ts = new StopFilter(ts, stop);
    // Krovetz, not Porter: Porter makes "generative", "generation" and "general" one stem (gener), so
    // "generative AI" found General Motors and New Generation plans first.
    ts = new KStemFilter(ts);
    return new TokenStreamComponents(source, ts);
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
