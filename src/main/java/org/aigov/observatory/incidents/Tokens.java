package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tokenisation shared by linkage, classification, topics and gazetteer: English words and Chinese characters. */
final class Tokens {
  private Tokens() {}

  static final Set<String> STOP = Set.of("a", "an", "the", "of", "in", "on", "for", "to", "and", "by", "with", "at",
      "from", "as", "is", "are", "was", "were", "be", "been", "its", "it", "this", "that", "these", "those", "or", "but",
      "after", "over", "into", "about", "has", "have", "had", "not", "no", "their", "they", "his", "her", "he", "she",
      "which", "who", "whom", "than", "then", "also", "can", "could", "would", "will", "may", "reportedly", "allegedly",
      "alleged", "reported", "said", "says", "using", "used", "use", "s");

  static boolean isCjk(int cp) {
    if (cp < 0x2E80) return false; // fast path: Latin, Cyrillic, Greek, …
    if (!((cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F))) return false;
    Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
    return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA || sc == Character.UnicodeScript.KATAKANA;
  }

  /** Lower-case word tokens (letters and digits); each CJK character is its own token, in Simplified form. Keeps stop words. */
  static List<String> raw(String s) {
    List<String> out = new ArrayList<>();
    if (s == null) return out;
    StringBuilder w = new StringBuilder();
    int n = s.length();
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isCjk(cp)) {
        if (w.length() > 0) {
          out.add(w.toString());
          w.setLength(0);
        }
        // Traditional folded to Simplified: the two scripts' copies of one story share their shingles and words
        out.add(cp < 0x10000 ? String.valueOf(org.aigov.observatory.kernel.HanScript.fold((char) cp)) : new String(Character.toChars(cp)));
      } else if (Character.isLetterOrDigit(cp)) {
        w.appendCodePoint(Character.toLowerCase(cp));
      } else if (cp == '\'' || cp == '\u2019') {
        // drop apostrophes inside words: "google's" -> "googles" would be odd; split instead
        if (w.length() > 0) {
          out.add(w.toString());
          w.setLength(0);
        }
      } else if (w.length() > 0) {
        out.add(w.toString());
        w.setLength(0);
      }
    }
    if (w.length() > 0) out.add(w.toString());
    return out;
  }

  /** Content tokens: raw tokens minus English stop words and one-letter Latin tokens. */
  static List<String> content(String s) {
    List<String> out = new ArrayList<>();
    for (String t : raw(s)) {
      if (STOP.contains(t)) continue;
      if (t.length() == 1 && !isCjk(t.codePointAt(0))) continue;
      out.add(t);
    }
    return out;
  }

  /** Scratch switch for measuring the spelling fold against its absence (-Dobservatory.spellingFold=false). */
  static final boolean AMERICAN = !"false".equals(System.getProperty("observatory.spellingFold"));

  /** "-our" roots of British spelling; each is folded wherever it stands in a word ("favourite", "neighbourhood"). */
  private static final String[] OUR = {"colour", "behaviour", "favour", "honour", "labour", "neighbour", "rumour",
      "humour", "harbour", "flavour", "vigour", "armour", "endeavour", "savour", "valour", "odour", "parlour", "saviour",
      "splendour", "tumour", "clamour", "candour", "ardour", "fervour", "rigour"};
  /** Words whose British form differs otherwise; inflections follow from the stemmer ("centres" → "centers" → "center"). */
  private static final java.util.Map<String, String> WORD = pairs(
      "centre center centres centers centred centered theatre theater theatres theaters metre meter metres meters "
      + "litre liter litres liters fibre fiber fibres fibers calibre caliber spectre specter manoeuvre maneuver "
      + "defence defense defences defenses offence offense offences offenses licence license licences licenses "
      + "pretence pretense catalogue catalog catalogues catalogs dialogue dialog dialogues dialogs analogue analog "
      + "programme program programmes programs ageing aging judgement judgment judgements judgments grey gray "
      + "sceptic skeptic sceptical skeptical scepticism skepticism mould mold aluminium aluminum jewellery jewelry "
      + "enrol enroll enrolment enrollment fulfil fulfill fulfilment fulfillment instalment installment "
      + "skilful skillful amongst among analyse analyze analysed analyzed analysing analyzing paralyse paralyze "
      + "paralysed paralyzed tyre tire tyres tires kerb curb plough plow pyjamas pajamas");
  /** Suffixes of a doubled l ("labelled", "travelling", "modeller"). */
  private static final String[] DOUBLE_L = {"lled", "lling", "ller", "llers"};

  private static java.util.Map<String, String> pairs(String words) {
    String[] w = words.split(" ");
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i + 1 < w.length; i += 2) m.put(w[i], w[i + 1]);
    return java.util.Map.copyOf(m);
  }

  /** Roots whose final l British spelling doubles before -ed, -ing, -er ("labelled", "travelling", "modeller"). */
  private static final Set<String> SINGLE_L = Set.of("label", "model", "travel", "cancel", "fuel", "signal", "level", "channel",
      "total", "counsel", "dial", "tunnel", "marvel", "rival", "equal", "pencil", "shovel", "jewel", "duel", "funnel", "libel",
      "marshal", "panel", "parcel", "quarrel", "refuel", "remodel", "snorkel", "tinsel", "unravel", "ravel", "yodel");

  /**
   * A word in American spelling: AIAAIC writes British English and AIID American, so "criticised" and "criticized",
   * "paedophile" and "pedophile", "labour" and "labor" must meet. Applied on both sides, a fold can only conflate two
   * words if the American form of one is the other ("metre" and "meter"), which is harmless here; so -ise is folded to
   * -ize without a list of exceptions ("advertise" becomes "advertize" on every record alike).
   */
  static String american(String t) {
    String w = WORD.get(t);
    if (w != null) return w;
    String s = t;
    if (s.indexOf("our") > 0) for (String r : OUR) {
      int i = s.indexOf(r);
      if (i >= 0) {
        s = s.substring(0, i + r.length() - 2) + "r" + s.substring(i + r.length());
        break;
      }
    }
    if (s.indexOf("ae") >= 0 || s.indexOf("oe") >= 0) {
      if (s.contains("paed")) s = s.replace("paed", "ped"); // paediatric, orthopaedic, encyclopaedia
      else if (s.startsWith("haem")) s = "hem" + s.substring(4);
      else if (s.startsWith("anaes")) s = "anes" + s.substring(5);
      else if (s.startsWith("leukaem")) s = "leukem" + s.substring(7);
      else if (s.startsWith("oestr")) s = "estr" + s.substring(5);
      else if (s.startsWith("foet")) s = "fet" + s.substring(4);
      else if (s.startsWith("diarrhoe")) s = "diarrhe" + s.substring(8);
    }
    int n = s.length();
    // -ise, -ised, -ises, -ising, -iser(s), -isation(s), -isable: a root of at least three letters before "is"
    int is = -1;
    if (s.endsWith("isation")) is = n - 7;
    else if (s.endsWith("isations")) is = n - 8;
    else if (s.endsWith("ising")) is = n - 5;
    else if (s.endsWith("ised") || s.endsWith("ises") || s.endsWith("iser")) is = n - 4;
    else if (s.endsWith("isers")) is = n - 5;
    else if (s.endsWith("isable")) is = n - 6;
    else if (s.endsWith("ise")) is = n - 3;
    if (is >= 3 && Character.isLetter(s.charAt(is - 1))) s = s.substring(0, is) + "iz" + s.substring(is + 2);
    else if ((s.endsWith("ysed") || s.endsWith("ysing") || s.endsWith("yse")) && n > 6) {
      int ys = s.lastIndexOf("ys"); // the suffix's own "ys" only: "dysanalysed" keeps its "dys-"
      s = s.substring(0, ys) + "yz" + s.substring(ys + 2);
    }
    // labelled, travelling, modeller(s)
    for (String suf : DOUBLE_L) {
      if (s.endsWith(suf) && SINGLE_L.contains(s.substring(0, s.length() - suf.length() + 1))) {
        s = s.substring(0, s.length() - suf.length()) + suf.substring(1);
        break;
      }
    }
    return s;
  }

  /** A light English stemmer: enough to match "kills"/"killed"/"killing" and "weapons"/"weapon". */
  static String stem(String t) {
    if (t.length() <= 3 || isCjk(t.codePointAt(0))) return t;
    String s = AMERICAN ? american(t) : t;
    int n = s.length();
    if (s.endsWith("ies") && n > 4) s = s.substring(0, n - 3) + "y";
    else if (s.endsWith("ing") && n > 5) s = s.substring(0, n - 3);
    else if (s.endsWith("ed") && n > 4) s = s.substring(0, n - 2);
    else if (s.endsWith("es") && n > 4 && (s.endsWith("ses") || s.endsWith("xes") || s.endsWith("ches") || s.endsWith("shes"))) s = s.substring(0, n - 2);
    else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
      s = s.substring(0, n - 1);
      // a plural of an -ing noun stems as its singular: "recordings" as "recording", both "record"
      if (s.endsWith("ing") && s.length() > 5) s = s.substring(0, s.length() - 3);
    }
    if (s.length() > 4 && s.endsWith("e")) s = s.substring(0, s.length() - 1);
    return s;
  }

  static List<String> stems(List<String> toks) {
    List<String> out = new ArrayList<>(toks.size());
    for (String t : toks) out.add(stem(t));
    return out;
  }

  static boolean mostlyCjk(String s) {
    if (s == null) return false;
    int cjk = 0, letters = 0;
    for (int i = 0; i < s.length() && i < 2000; i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (isCjk(c)) cjk++;
      }
    }
    return letters > 0 && cjk * 3 >= letters;
  }

  /** 64-bit FNV-1a then a murmur finaliser: fast, stable across runs and JVMs. */
  static long hash64(CharSequence s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Shingle hashes: word 3-grams for alphabetic text, character 3-grams (of CJK characters) for Chinese. */
  static long[] shingles(String text) {
    return shingles(content(text), text);
  }

  /** As {@link #shingles(String)}, given {@code toks = content(text)} already computed by the caller. */
  static long[] shingles(List<String> toks, String text) {
    if (mostlyCjk(text)) {
      StringBuilder sb = new StringBuilder();
      for (String t : toks) if (isCjk(t.codePointAt(0))) sb.append(t);
      String c = sb.toString();
      if (c.length() < 3) return c.isEmpty() ? new long[0] : new long[] {hash64(c)};
      long[] out = new long[c.length() - 2];
      for (int i = 0; i + 3 <= c.length(); i++) out[i] = hash64(c.subSequence(i, i + 3));
      return out;
    }
    if (toks.size() < 3) {
      long[] out = new long[toks.size()];
      for (int i = 0; i < toks.size(); i++) out[i] = hash64(toks.get(i));
      return out;
    }
    long[] out = new long[toks.size() - 2];
    for (int i = 0; i + 3 <= toks.size(); i++) out[i] = hash64(toks.get(i), toks.get(i + 1), toks.get(i + 2));
    return out;
  }

  /** {@code hash64(a + " " + b + " " + c)} without building the string. */
  static long hash64(String a, String b, String c) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < a.length(); i++) h = (h ^ a.charAt(i)) * 0x100000001b3L;
    h = (h ^ ' ') * 0x100000001b3L;
    for (int i = 0; i < b.length(); i++) h = (h ^ b.charAt(i)) * 0x100000001b3L;
    h = (h ^ ' ') * 0x100000001b3L;
    for (int i = 0; i < c.length(); i++) h = (h ^ c.charAt(i)) * 0x100000001b3L;
    return mix(h);
  }
}
