package org.aigov.observatory.incidents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the monitors name the parties of an incident, and the keys the linkage gives those names: the same body written
 * "New York Police Department (NYPD)", "new-york-police-department" or "US NYPD", a company with or without "Inc", a
 * renamed firm, a crowd that is no party at all. Pure functions over strings; {@link Clusterer} turns the keys into ids.
 */
final class PartyNames {
  private PartyNames() {}

  /** Trailing words of organisation names that an alias may drop ("UnitedHealth Group" = "UnitedHealth"). */
  static final Set<String> CORPORATE = Set.of("group", "inc", "corp", "corporation", "company", "co", "ltd", "llc", "plc", "systems",
      "system", "technologies", "technology", "labs", "lab", "ai", "holdings", "platforms", "software", "international", "limited",
      "gmbh", "sa", "ag", "incorporated");

  /** Listed "names" that name nobody in particular. */
  static final Set<String> GENERIC = Set.of("unknown", "scammers", "scammer", "fraudsters", "fraudster", "users", "user", "public",
      "government", "police", "researchers", "students", "children", "women", "people", "ai", "general public", "employees",
      "workers", "drivers", "customers", "consumers", "citizens", "hackers", "criminals", "various", "multiple", "none",
      "na", "n/a", "individual", "individuals", "unidentified", "anonymous", "media", "journalists", "teachers", "patients");

  /** Letters and digits only, lower case: the key of a name ("New-York Police Dept." → newyorkpolicedept). */
  static String compact(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /**
   * Kinds of people or bodies that end a listed "name" of a crowd, not of a party: AIAAIC's "School student", "X users",
   * "Bank employee", AIID's `doctors`, `employers`, `many`. As entities they tied unrelated events ("High School Student"
   * in an Aledo story matched Issaquah's entry).
   */
  static final Set<String> CROWD = Set.of("user", "users", "student", "students", "pupils", "teens", "teenagers", "employee",
      "employees", "doctors", "employers", "landlords", "hospitals", "companies", "universities", "schools", "parents",
      "residents", "voters", "many");

  static boolean generic(String name) {
    String l = name.toLowerCase(java.util.Locale.ROOT).replace('-', ' ').strip();
    if (GENERIC.contains(l) || l.startsWith("unknown") || l.startsWith("unnamed") || l.startsWith("various")) return true;
    if (CROWD.contains(l.substring(l.lastIndexOf(' ') + 1))) return true;
    return compact(l).length() < 3;
  }

  private static final java.util.regex.Pattern GOV = java.util.regex.Pattern.compile(
      "(?i)^(?:the\\s+)?(?:government|govt|state|regime)\\s+of\\s+(?:the\\s+)?(.+)$|^(.+?)[\\s-]+(?:government|govt|state|regime|communist party)$");

  /** "Government of China", "chinese-government", "Chinese state" → one key per country ("govcn"); null otherwise. */
  static String govKey(String name) {
    java.util.regex.Matcher m = GOV.matcher(name.strip());
    if (!m.matches()) return null;
    String place = (m.group(1) != null ? m.group(1) : m.group(2)).replace('-', ' ').strip();
    String code = Gazetteer.get().code(place);
    return code == null ? null : "gov" + code.toLowerCase(java.util.Locale.ROOT);
  }

  private static final java.util.regex.Pattern TRAILING_ACRONYM = java.util.regex.Pattern.compile("^(.+?)\\s*\\(([^()]*)\\)\\s*$");

  private static final java.util.regex.Pattern NATIONAL = java.util.regex.Pattern.compile(
      "^(?:the[\\s-]+)?(?:US|U\\.S\\.|USA|UK|U\\.K\\.|United[\\s-]+States|United[\\s-]+Kingdom)[\\s-]+(.+)$", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * The listed name without a trailing bracket: AIAAIC writes "New York Police Department (NYPD)" where AIID and other
   * entries write "new-york-police-department". Kept whole when too little would remain: AIID's `x-(twitter)`.
   */
  static String withoutBracket(String name) {
    if (name.indexOf(')') < 0) return name.strip();
    java.util.regex.Matcher m = TRAILING_ACRONYM.matcher(name.strip());
    return m.matches() && compact(m.group(1)).length() >= 3 ? m.group(1).strip() : name.strip();
  }

  /** The bracketed short form of a listed name when it looks like one ("(NYPD)" → "NYPD"), else null. */
  static String bracketAcronym(String name) {
    if (name.indexOf(')') < 0) return null;
    java.util.regex.Matcher m = TRAILING_ACRONYM.matcher(name.strip());
    if (!m.matches()) return null;
    String a = m.group(2).strip();
    return a.matches("[\\p{Lu}][\\p{Lu}\\p{N}&.-]{2,9}") ? a : null;
  }

  /**
   * The name without a leading "US" or "UK" when at least two words remain ("US Customs and Border Protection" →
   * "Customs and Border Protection"): one monitor names the country, the other leaves it to the country column.
   */
  static String nationalAlias(String name) {
    String s = name.stripLeading();
    if (s.length() < 3 || "tTuU".indexOf(s.charAt(0)) < 0) return null; // the regex only on names that may match
    java.util.regex.Matcher m = NATIONAL.matcher(withoutBracket(name));
    if (!m.matches()) return null;
    String rest = m.group(1).strip();
    return rest.replace('-', ' ').split("\\s+").length >= 2 && compact(rest).length() >= 6 && !generic(rest) ? rest : null;
  }

  /** Scratch switch for measuring the country-suffix alias against its absence (-Dobservatory.countrySuffix=false). */
  static final boolean COUNTRY_SUFFIX = !"false".equals(System.getProperty("observatory.countrySuffix"));
  /** Country names that are also surnames or other things at the end of a name (Tom Holland, Jimmy Wales, Michael Jordan). */
  private static final Set<String> NOT_A_SUFFIX = Set.of("jordan", "chad", "georgia", "israel", "ireland", "france", "wales",
      "england", "holland", "mali", "turkey", "jersey", "niger", "cuba", "india", "america");
  private static final Set<String> CONNECTIVES = Set.of("of", "and", "the", "for", "in", "from", "at", "on", "to", "by", "with", "de",
      "du", "des", "la", "&", "western", "eastern", "northern", "southern", "central");

  /**
   * The name without a trailing country ("KFC Germany" → "KFC", "Amazon UK" → "Amazon"): one monitor names the national
   * arm, the other the brand. The rest must be four letters or an acronym, so "Air Canada" gives no "Air"; "Bank of
   * Canada" ends in "of" and keeps its name. The clusterer uses it only where the rest is listed as a name of its own
   * somewhere in the corpus, so "Education Scotland" gives no "Education".
   */
  static String countrySuffixAlias(String name) {
    if (!COUNTRY_SUFFIX) return null;
    String[] w = withoutBracket(name).replace('-', ' ').strip().split("\\s+");
    if (w.length < 2) return null;
    for (int n = Math.min(2, w.length - 1); n >= 1; n--) {
      String tail = String.join(" ", Arrays.copyOfRange(w, w.length - n, w.length)).toLowerCase(java.util.Locale.ROOT);
      if (NOT_A_SUFFIX.contains(tail) || !Gazetteer.get().isCountryName(tail)) continue;
      String[] restWords = Arrays.copyOf(w, w.length - n);
      if (CONNECTIVES.contains(restWords[restWords.length - 1].toLowerCase(java.util.Locale.ROOT))) return null;
      String rest = String.join(" ", restWords), key = compact(rest);
      boolean acronym = restWords.length == 1 && rest.length() >= 2 && rest.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c));
      if (generic(rest) || BODY_WORDS.contains(key)) return null;
      return key.length() >= 4 || acronym && key.length() >= 3 ? rest : null;
    }
    return null;
  }

  /** Scratch switch for measuring online handles against their absence (-Dobservatory.handles=false). */
  static final boolean HANDLES = !"false".equals(System.getProperty("observatory.handles"));
  private static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile("[a-z]{4,}[0-9]{2,}");

  /**
   * An online handle's name without its trailing digits ("vedal987" → "vedal"): one monitor writes the streamer's handle,
   * the other the name. Single words only, so a product's version ("iPhone 15", "GPT-4") stays a name of its own.
   */
  static String handleAlias(String name) {
    String s = name.strip();
    if (!HANDLES || s.isEmpty() || !Character.isDigit(s.charAt(s.length() - 1)) || s.indexOf(' ') >= 0 || s.indexOf('-') >= 0) return null;
    String key = compact(s);
    if (!HANDLE.matcher(key).matches()) return null;
    int i = key.length();
    while (Character.isDigit(key.charAt(i - 1))) i--;
    return key.substring(0, i);
  }

  /** First words that name a kind of body, not one party ({@link #firstWordKey}). */
  static final Set<String> BODY_WORDS = Set.of(("department dept office ministry city county state national federal district school board"
      + " council agency authority service police court university college hospital government public local regional bureau"
      + " commission committee institute center centre association party administration general united republic people"
      + " metropolitan royal home").split(" "));

  /**
   * A listed name's first word as a key of its own ("Bucheon City Government" → bucheon), to meet the same body named
   * another way. A first word that names a kind of body gives way to the name's first distinctive word ("City of
   * Bucheon" → bucheon; "University of Miami" → none, Miami being a place): "city" or "university" would join unrelated
   * bodies and let the wrong rival win a record.
   */
  static String firstWordKey(String name) {
    String[] words = name.replace('-', ' ').strip().split("\\s+");
    if (words.length < 2) return null;
    if (!BODY_WORDS.contains(words[0].toLowerCase(java.util.Locale.ROOT))) {
      String key = compact(words[0]); // four letters or digits, not four characters: "Inc." is no name
      return key.length() >= 4 && !generic(words[0]) ? key : null;
    }
    List<String> distinctive = partyWords(name);
    String w = distinctive.isEmpty() ? "" : distinctive.get(0);
    return w.length() >= 4 && !w.startsWith("=") ? w : null;
  }

  /** Scratch switch for measuring slash-joined names against their absence (-Dobservatory.slashNames=false). */
  static final boolean SLASH_NAMES = !"false".equals(System.getProperty("observatory.slashNames"));

  /**
   * Keys of the names a cell joins with "/": AIAAIC writes a company and its brand or a renamed firm in one name
   * ("ByteDance/TikTok", "General Motors/Cruise LLC", "X/Twitter") where AIID lists "tiktok" or "cruise". Each part
   * with a letter is keyed as a name of its own, and without its corporate suffix.
   */
  static List<String> slashParts(String name) {
    if (!SLASH_NAMES || name.indexOf('/') < 0) return List.of();
    List<String> out = new ArrayList<>(3);
    for (String part : name.split("/")) {
      String p = part.strip();
      if (p.isEmpty() || generic(p)) continue;
      String alias = corporateAlias(p);
      for (String n : alias == null ? new String[] {p} : new String[] {p, alias}) {
        String key = compact(n);
        if (key.length() >= 3 && key.chars().anyMatch(Character::isLetter) && !out.contains(key)) out.add(key);
      }
    }
    return out;
  }

  /** The name without trailing corporate words, when that leaves a distinctive first word ("Clearview AI" → "Clearview"). */
  static String corporateAlias(String name) {
    String[] w = name.replace('-', ' ').strip().split("\\s+");
    int end = w.length;
    while (end > 1 && CORPORATE.contains(w[end - 1].toLowerCase(java.util.Locale.ROOT).replace(".", ""))) end--;
    if (end == w.length || end == 0) return null;
    String alias = String.join(" ", Arrays.copyOf(w, end));
    return compact(alias).length() >= 4 && !generic(alias) ? alias : null;
  }

  /** Harmed parties named with two to four words of letters (AIID slugs): the words joined, and the first with the last. */
  static List<String> harmedNames(String harmed) {
    List<String> out = new ArrayList<>();
    for (String h : RecordWriter.split(harmed)) {
      String[] w = h.toLowerCase(java.util.Locale.ROOT).split("[-\\s]+");
      if (w.length < 2 || w.length > 4) continue;
      boolean letters = true;
      for (String x : w) if (x.isEmpty() || !x.chars().allMatch(Character::isLetter)) letters = false;
      if (!letters) continue;
      out.add(String.join("", w));
      if (w.length > 2) out.add(w[0] + w[w.length - 1]);
    }
    return out;
  }

  /** Runs of two or three capitalised words in a headline ("Robert Williams", "Harvey Murphy Jr"): joined, and first with third. */
  static List<String> capitalisedNames(String title) {
    List<String> out = new ArrayList<>();
    if (title == null) return out;
    List<String> w = new ArrayList<>();
    for (String t : title.split("[^\\p{L}'’.-]+")) {
      if (!t.replaceAll("[^\\p{L}]", "").isEmpty()) w.add(t.replaceAll("^[^\\p{L}]+", ""));
    }
    for (int k = 0; k + 1 < w.size(); k++) {
      if (!capitalised(w.get(k)) || !capitalised(w.get(k + 1))) continue;
      String x = letters(w.get(k)), y = letters(w.get(k + 1));
      out.add(x + y);
      if (k + 2 < w.size() && capitalised(w.get(k + 2))) {
        out.add(x + y + letters(w.get(k + 2)));
        out.add(x + letters(w.get(k + 2)));
      }
    }
    return out;
  }

  /** Not names although capitalised mid-title: acronyms every report uses, and title-case function words. */
  private static final Set<String> NOT_A_NAME = Set.of("ai", "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by",
      "with", "from", "as", "is", "are", "was", "its", "it", "new", "after", "over", "into", "i");

  /**
   * Capitalised words that say what kind of body a name is, not which one: "Northwind Bank" and "Northgate Bank" share
   * "Bank", and counted as names they let two templated reports about two banks merge (an outside QA pass, 2026-12-07).
   */
  static final Set<String> KIND_WORDS = Set.copyOf(List.of(("department dept office ministry city county state national federal"
      + " district school board council agency authority service services police court university college hospital"
      + " government public local regional bureau commission committee institute center centre association administration"
      + " bank insurance insurer airline airlines airport group company corporation corp inc ltd llc plc co holdings"
      + " technologies technology tech labs systems solutions app platform network media news health clinic"
      + " prison station library museum store stores supermarket retailer chatbot robot").split(" ")));

  /**
   * The title's capitalised words after the first, when they are not most of the title: "Deepfake robocall of Biden urges
   * voters" gives [Biden]; a title in title case ("Police Use Facial Recognition To …") gives none, its capitals say nothing.
   * Words of {@link #KIND_WORDS} are not names.
   */
  static String capitalisedWords(String title) {
    String names = titleNames(title);
    return names == null ? "" : names;
  }

  /** The title's names as {@link #capitalisedWords(String)} gives them; null when the title is in title case. */
  private static String titleNames(String title) {
    if (title == null) return "";
    StringBuilder out = new StringBuilder();
    int words = 0, caps = 0;
    for (String word : title.strip().split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty() || !Character.isLetter(word.codePointAt(0))) continue;
      if (words++ == 0 || !capitalised(word) || notAName(word)) continue;
      caps++;
      out.append(out.length() > 0 ? " " : "").append(word);
    }
    return caps * 2 > words ? null : out.toString();
  }

  private static boolean notAName(String word) {
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    return NOT_A_NAME.contains(lower) || KIND_WORDS.contains(lower);
  }

  /** How much of a record's text {@link #capitalisedWords(String, String)} reads: as much as the linkage compares. */
  static final int NAMES_TEXT = 600;

  /**
   * As {@link #capitalisedWords(String)}; a title in title case, whose capitals say nothing by themselves, gives its
   * words that its text writes with a capital and never in lower case: "Driverless Car Hits Pedestrian In Porto" over "A
   * driverless car hit a pedestrian in Porto…" gives [Porto], and so does "Porto police said…". Two such headlines about
   * two cities had merged (an outside QA pass, 2026-12-07). The text is read as far as the linkage compares records
   * ({@link #NAMES_TEXT} characters), so a name is never looked for in the other record beyond what it reads.
   */
  static String capitalisedWords(String title, String body) {
    String names = titleNames(title);
    if (names != null) return names;
    if (body == null || body.isBlank()) return "";
    String text = body.length() > NAMES_TEXT ? body.substring(0, NAMES_TEXT) : body;
    Set<String> upper = new java.util.HashSet<>(), lower = new java.util.HashSet<>();
    for (String w : text.split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty()) continue;
      if (Character.isUpperCase(w.codePointAt(0))) upper.add(w.toLowerCase(java.util.Locale.ROOT));
      else if (Character.isLowerCase(w.codePointAt(0))) lower.add(w.toLowerCase(java.util.Locale.ROOT));
    }
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String word : title.strip().split("[^\\p{L}\\p{N}]+")) {
      String l = word.toLowerCase(java.util.Locale.ROOT);
      if (capitalised(word) && !notAName(word) && upper.contains(l) && !lower.contains(l)) out.add(word);
    }
    return String.join(" ", out);
  }

  private static boolean capitalised(String w) {
    return !w.isEmpty() && Character.isUpperCase(w.codePointAt(0));
  }

  private static String letters(String w) {
    return w.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}]", "");
  }

  /**
   * Words that name a kind of body or a place below a country (the gazetteer knows countries and their people), not one
   * party: "Medak District Police" → medak; "New York Police Department" and "New York State Department of Labor" share none.
   */
  static final Set<String> ORG_WORDS = Set.copyOf(List.of(("department dept office ministry city county state states national"
      + " federal district school schools board council agency authority service services police force court courts university"
      + " college hospital new the and for users user government govt public local regional bureau commission committee"
      + " institute center centre association party administration team unit network networks media news bank security health"
      + " education justice home affairs general united republic people peoples"
      + " north south east west central northern southern eastern western greater metropolitan metro royal kingdom province"
      + " provincial municipal municipality region parish sheriff border customs protection immigration enforcement tax revenue"
      + " labor labour transport transportation defence defense army navy military intelligence alabama alaska arizona arkansas"
      + " california colorado connecticut delaware florida hawaii idaho illinois indiana iowa kansas kentucky louisiana maine"
      + " maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey york carolina"
      + " dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont virginia washington wisconsin"
      + " wyoming los angeles san francisco diego jose chicago houston philadelphia phoenix antonio dallas austin seattle boston"
      + " detroit denver las vegas miami atlanta baltimore london manchester toronto sydney melbourne").split(" ")));

  /** Companies renamed since the older records were written: AIAAIC still lists BlenderBot's deployer as Facebook. */
  static final Map<String, String> RENAMED = Map.of("facebook", "meta", "alphabet", "google");

  /** Words that name no body at all: "City of New York" is the city's government, "new-york-city-government" too. */
  static final Set<String> FILLER = Set.of("the", "and", "for", "of", "government", "govt", "department", "dept", "office", "administration");

  /**
   * The distinctive words of a listed party's name: not an organisation or corporate word, not a place, three letters or
   * more. A name made only of places and kinds of body ("City of New York") is that place's body: one token of all its
   * words but {@link #FILLER}, so "New York Police Department" and "New York State Department of Labor" stay apart.
   */
  static List<String> partyWords(String name) {
    List<String> out = new ArrayList<>();
    java.util.TreeSet<String> rest = new java.util.TreeSet<>();
    for (String w : name.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() < 3 && !w.equals("us") && !w.equals("uk")) continue;
      if (ORG_WORDS.contains(w) || CORPORATE.contains(w) || GENERIC.contains(w) || Gazetteer.get().code(w) != null) {
        if (!FILLER.contains(w)) rest.add(Tokens.american(w));
        continue;
      }
      out.add(RENAMED.getOrDefault(w, w));
    }
    if (out.isEmpty() && rest.size() > 1) out.add("=" + String.join(" ", rest));
    return out;
  }
}
