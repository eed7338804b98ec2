package org.aigov.observatory.incidents;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aigov.observatory.kernel.HanScript;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Countries (ISO 3166 alpha-2) from names, common short names, demonyms and Chinese names in text and cells; in text, also
 * from the states, provinces and large cities of incidents/places.csv ("a Texas man", "London's Met Police").
 */
final class Gazetteer {
  /**
   * Names that in running text mostly mean something else: "Georgia" is far more often the US state in these reports,
   * Chad and Jordan people (Chad Kultgen, Jordan Peele; AIID's entity slugs name them too).
   */
  private static final Set<String> NOT_IN_TEXT = Set.of("Georgia", "Chad", "Jordan");
  /** Names of the list's states that in these reports mostly mean something else: Washington the capital. */
  private static final Set<String> NOT_A_REGION = Set.of("Washington");
  /**
   * Text that holds a place's name and is no mention of the place: outlets cited as sources, brands and people. An
   * AIID description that quotes "The New York Times" about an incident in Kenya is no US incident.
   */
  private static final String[][] NOT_THE_PLACE = {
    {"US", "New York Times", "Washington Post", "Los Angeles Times", "New York Post", "Boston Globe", "Chicago Tribune",
        "Boston Dynamics", "Kentucky Fried Chicken", "Texas Instruments"},
    {"GB", "Jack London"}, {"FR", "Paris Hilton"}
  };
  /**
   * Names in -a whose "-an" means something else: Dominican is the Dominican Republic's, Georgian mostly the US
   * state's here, Guinean part of "Papua New Guinean"; China, Korea and America have their own.
   */
  private static final Set<String> NO_REGULAR_DEMONYM = Set.of("Dominica", "Georgia", "Guinea", "China", "Korea", "America", "Canada", "Malta",
      "Panama", "Ghana", "Antarctica");
  /** Demonyms that are not the name plus "-n" (those in -a get theirs by rule, below). */
  private static final String[][] DEMONYMS = {
    {"AF", "Afghan"}, {"BD", "Bangladeshi"}, {"IQ", "Iraqi"}, {"KW", "Kuwaiti"}, {"QA", "Qatari"}, {"YE", "Yemeni"}, {"OM", "Omani"},
    {"NP", "Nepali", "Nepalese"}, {"PH", "Filipino", "Filipina", "Philippine"}, {"TH", "Thai"}, {"EG", "Egyptian"}, {"MA", "Moroccan"},
    {"PE", "Peruvian"}, {"CL", "Chilean"}, {"EC", "Ecuadorian"}, {"HT", "Haitian"}, {"GR", "Greek"}, {"BE", "Belgian"}, {"CH", "Swiss"},
    {"PT", "Portuguese"}, {"FI", "Finnish"}, {"SK", "Slovak"}, {"IS", "Icelandic"}, {"LB", "Lebanese"}, {"SD", "Sudanese"},
    {"SN", "Senegalese"}, {"ZW", "Zimbabwean"}, {"GH", "Ghanaian"}, {"MT", "Maltese"}, {"CY", "Cypriot"}, {"SO", "Somali"},
    {"CM", "Cameroonian"}, {"PY", "Paraguayan"}, {"UY", "Uruguayan"}, {"BY", "Belarusian"}, {"UZ", "Uzbek"}, {"KZ", "Kazakh"},
    {"AZ", "Azerbaijani"}, {"MM", "Burmese"}, {"HU", "Hungarian"}, {"PA", "Panamanian"}, {"DO", "Dominican"}
  };
  /** Marks a short name two rows of the country list share. */
  private static final String AMBIGUOUS = "";
  private static final Gazetteer INSTANCE = new Gazetteer();
  private final PhraseMatcher matcher = new PhraseMatcher(false, true); // "North Korean" is KP alone, 印度尼西亚 ID alone
  /** States and provinces by name, for {@link #regionsInText}: "West Virginia" is not also Virginia. */
  private final PhraseMatcher regionMatcher = new PhraseMatcher(false, true);
  private final Map<String, String> cell = new HashMap<>();
  private final Map<String, String> shortNames = new java.util.LinkedHashMap<>();
  private final Set<String> countryNames = new java.util.HashSet<>(Set.of("uk", "u.k.", "us", "u.s.", "usa", "britain", "great britain",
      "england", "scotland", "wales", "russia", "south korea", "korea", "north korea", "iran", "taiwan", "vietnam", "turkey", "hong kong",
      "czechia", "czech republic", "uae", "saudi arabia", "syria", "venezuela", "bolivia", "tanzania", "moldova"));
  final Map<String, String> names = new HashMap<>();

  static Gazetteer get() {
    return INSTANCE;
  }

  private Gazetteer() {
    try (InputStream in = Gazetteer.class.getResourceAsStream("/incidents/countries.csv")) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String name = r.get("name"), a2 = r.get("alpha-2");
        names.put(a2, name);
        add(name, a2);
        String shortName = name.replaceAll("\\s*\\(.*\\)", "").replaceAll(",.*$", "").strip();
        // "Korea" is the short name of both Koreas and "Congo" that of both Congos: such a name is no one country's
        if (shortNames.putIfAbsent(shortName, a2) != null) shortNames.put(shortName, AMBIGUOUS);
        countryNames.add(name.toLowerCase(Locale.ROOT));
        countryNames.add(shortName.toLowerCase(Locale.ROOT));
        cell.put(r.get("alpha-3").toLowerCase(Locale.ROOT), a2);
      }
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("incidents/countries.csv missing or unreadable", e);
    }
    shortNames.values().removeIf(AMBIGUOUS::equals);
    shortNames.forEach((shortName, a2) -> add(shortName, a2));
    String[][] aliases = {
      {"US", "USA", "U.S.", "United States", "America", "American", "Americans", "美国"},
      {"GB", "UK", "U.K.", "Britain", "British", "England", "English", "Scotland", "Scottish", "Wales", "Welsh", "英国"},
      {"CN", "China", "Chinese", "Beijing", "中国"}, {"RU", "Russia", "Russian", "Kremlin", "俄罗斯"},
      {"KR", "South Korea", "South Korean", "Korea", "Korean", "韩国"}, {"KP", "North Korea", "North Korean", "朝鲜"},
      {"IR", "Iran", "Iranian", "伊朗"}, {"TW", "Taiwan", "Taiwanese", "台湾"}, {"VN", "Vietnam", "Vietnamese"},
      {"JP", "Japanese", "日本"}, {"IN", "Indian", "印度"}, {"AU", "Australian", "澳大利亚"}, {"CA", "Canadian", "加拿大"},
      {"FR", "French", "法国"}, {"DE", "German", "德国"}, {"IT", "Italian", "意大利"}, {"ES", "Spanish"},
      {"BR", "Brazilian", "巴西"}, {"IL", "Israeli", "以色列"}, {"UA", "Ukrainian", "乌克兰"}, {"NL", "Dutch", "Holland"},
      {"IE", "Irish"}, {"SE", "Swedish"}, {"DK", "Danish"}, {"NO", "Norwegian"}, {"PL", "Polish"}, {"MX", "Mexican"},
      {"AR", "Argentinian", "Argentine"}, {"ZA", "South African"}, {"NG", "Nigerian"}, {"KE", "Kenyan"}, {"PK", "Pakistani"},
      {"SG", "Singaporean"}, {"NZ", "New Zealander"}, {"TR", "Turkey", "Turkish"}, {"PS", "Palestine", "Palestinian", "Gaza"},
      {"HK", "Hong Kong"}, {"CD", "Democratic Republic of the Congo", "DR Congo"}, {"BO", "Bolivia"}, {"VE", "Venezuela", "Venezuelan"}, {"SY", "Syria", "Syrian"},
      {"MD", "Moldova"}, {"GE", "Tbilisi", "Republic of Georgia"}, {"TD", "Chadian", "N'Djamena"}, {"JO", "Jordanian", "Amman"}, {"CZ", "Czech", "Czechia"}, {"AE", "UAE", "Emirati"}, {"SA", "Saudi", "Saudi Arabia"}
    };
    // Chinese names of the countries and places Chinese reports name most (only some had one; 香港 and 新加坡 found nothing)
    String[][] zh = {
      {"HK", "香港"}, {"MO", "澳门"}, {"TW", "台湾"}, {"SG", "新加坡"}, {"DE", "德国"}, {"FR", "法国"}, {"IT", "意大利"}, {"ES", "西班牙"},
      {"NL", "荷兰"}, {"BE", "比利时"}, {"CH", "瑞士"}, {"SE", "瑞典"}, {"NO", "挪威"}, {"DK", "丹麦"}, {"FI", "芬兰"}, {"IE", "爱尔兰"},
      {"PL", "波兰"}, {"PT", "葡萄牙"}, {"GR", "希腊"}, {"AT", "奥地利"}, {"CA", "加拿大"}, {"AU", "澳大利亚"}, {"NZ", "新西兰"}, {"BR", "巴西"},
      {"MX", "墨西哥"}, {"AR", "阿根廷"}, {"ZA", "南非"}, {"NG", "尼日利亚"}, {"KE", "肯尼亚"}, {"EG", "埃及"}, {"TR", "土耳其"}, {"IR", "伊朗"},
      {"IQ", "伊拉克"}, {"SA", "沙特阿拉伯"}, {"AE", "阿联酋"}, {"PK", "巴基斯坦"}, {"BD", "孟加拉国"}, {"VN", "越南"}, {"TH", "泰国"}, {"MY", "马来西亚"},
      {"ID", "印度尼西亚"}, {"ID", "印尼"}, {"PH", "菲律宾"}, {"MM", "缅甸"}, {"KP", "朝鲜"}, {"PS", "巴勒斯坦"}, {"BY", "白俄罗斯"}
    };
    for (String[][] list : new String[][][] {aliases, zh, DEMONYMS}) for (String[] a : list) for (int i = 1; i < a.length; i++) add(a[i], a[0]);
    // every state's Chinese short name (the registry's), less those inside common words (incidents/ATTRIBUTION.md)
    try (InputStream in = Gazetteer.class.getResourceAsStream("/incidents/countries-zh.csv")) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) add(r.get("zh"), r.get("alpha-2"));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("incidents/countries-zh.csv missing or unreadable", e);
    }
    // "Uganda" → "Ugandan", "Sri Lanka" → "Sri Lankan": the regular demonym of a name in -a, unless it is another's
    for (Map.Entry<String, String> e : shortNames.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("a") && !NO_REGULAR_DEMONYM.contains(name) && !cell.containsKey((name + "n").toLowerCase(Locale.ROOT))) add(name + "n", e.getValue());
    }
    // states, provinces and cities name their country in running text only: "Government of California" is no "govus"
    try (InputStream in = Gazetteer.class.getResourceAsStream("/incidents/places.csv")) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String place = r.get("place"), kind = r.get("kind");
        matcher.add(place, r.get("alpha-2"));
        if (("state".equals(kind) || "province".equals(kind)) && !NOT_A_REGION.contains(place) && !Tokens.mostlyCjk(place)) regionMatcher.add(place, place);
      }
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("incidents/places.csv missing or unreadable", e);
    }
    for (String[] a : NOT_THE_PLACE) for (int i = 1; i < a.length; i++) {
      matcher.exclude(a[i], a[0]);
      for (String word : regionMatcher.find(a[i])) regionMatcher.exclude(a[i], word); // "Texas Instruments" is no Texas
    }
    cell.put("global", null);
  }

  private void add(String phrase, String code) {
    if (!NOT_IN_TEXT.contains(phrase)) matcher.add(phrase, code);
    cell.put(phrase.toLowerCase(Locale.ROOT), code);
  }

  /**
   * States and provinces (incidents/places.csv, kinds state and province; English names) mentioned in free text, by
   * name: "California", "Ontario", "Tamil Nadu". Cities are not regions (a city's region is not listed).
   */
  Set<String> regionsInText(String text) {
    return text == null || text.isEmpty() ? Set.of() : regionMatcher.find(text);
  }

  /** Country codes mentioned in free text. */
  Set<String> inText(String text) {
    return inText(Tokens.raw(text), text);
  }

  Set<String> inText(List<String> rawTokens, String text) {
    return matcher.find(rawTokens, maskedZh(text));
  }

  /**
   * Chinese words that hold a country's name across their end (非法|国际 holds 法国, 精英|国家 英国, 欧美|国家 美国): Chinese
   * names match inside the text, so these are blanked first (English words match whole, and a longer place's name covers a
   * country's: "New Mexico").
   */
  private static final java.util.regex.Pattern NOT_A_COUNTRY_ZH = java.util.regex.Pattern.compile(
      "[非合违立执司宪算方办语手做看想用说兵刑税民商军国]法(?=国)|[精群]英(?=国)|[欧亚]美(?=国)|[道品]德(?=国)|[长]城(?=国)");

  private static String maskedZh(String text) {
    if (text == null || !hasUnifiedHan(text)) return text;
    return NOT_A_COUNTRY_ZH.matcher(HanScript.toSimplified(text)).replaceAll("  ");
  }

  private static boolean hasUnifiedHan(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch >= 0x4E00 && ch <= 0x9FFF) return true;
    }
    return false;
  }

  /** Whether the lower-case phrase is a country's name or short name ("germany", "south korea", "uk"), not a demonym or code. */
  boolean isCountryName(String lower) {
    return countryNames.contains(lower);
  }

  /** Country code for a cell value such as "USA", "UK", "Germany", "us"; null when unknown (e.g. "Global"). */
  String code(String value) {
    if (value == null) return null;
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.length() == 2 && names.containsKey(v.toUpperCase(Locale.ROOT))) return v.toUpperCase(Locale.ROOT);
    return cell.get(v);
  }

  List<String> codes(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      String c = code(v);
      if (c != null && !out.contains(c)) out.add(c);
    }
    return out;
  }
}
