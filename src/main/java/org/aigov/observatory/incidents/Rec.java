package org.aigov.observatory.incidents;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aigov.observatory.kernel.Hashing;

/** One source record as ingested: an AIID incident, an AIID report, an AIAAIC entry, a feed item, a posted report. */
public final class Rec {
  public String source;
  public String sourceId;
  public String url;
  public String title;
  public String body;
  public String language;
  public LocalDate date;
  public String dateText;
  /** The monitored feed whose poll brought the record in; null otherwise. */
  public Long feedId;
  public String outlet;
  public List<String> authors = new ArrayList<>();
  public List<String> deployers = new ArrayList<>();
  public List<String> developers = new ArrayList<>();
  public List<String> systems = new ArrayList<>();
  public List<String> harmed = new ArrayList<>();
  public List<String> countries = new ArrayList<>();
  public List<String> sectors = new ArrayList<>();
  public List<String> harmTypes = new ArrayList<>();
  public String riskDomainLabel;
  public Map<String, Object> taxonomy = new LinkedHashMap<>();
  /** AIID incidents: the report numbers they cite (links reports.csv rows to them). */
  public List<Long> aiidReports = new ArrayList<>();
  /** AIID reports.csv rows: the report number. */
  public Long aiidReportNumber;
  /** A row missing a field its source requires: stored when new, but a stored record is kept as it was, not blanked. */
  boolean keepIfStored;

  // compiled once: these run for every ingested record
  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
  private static final java.util.regex.Pattern WWW = java.util.regex.Pattern.compile("^www\\.");

  /** Normalised URL used for duplicate detection: scheme and "www." dropped, host lower-cased, no fragment, no trailing slash. */
  public static String urlKey(String url) {
    if (url == null || url.isBlank()) return null;
    String u = url.trim();
    int hash = u.indexOf('#');
    if (hash >= 0) u = u.substring(0, hash);
    u = SCHEME.matcher(u).replaceFirst("");
    // the host is case-insensitive, the path and query are not (youtube.com/watch?v=AbCdEf is not ?v=abcdef): V4_16
    int end = 0;
    while (end < u.length() && u.charAt(end) != '/' && u.charAt(end) != '?') end++;
    u = WWW.matcher(u.substring(0, end).toLowerCase(Locale.ROOT)).replaceFirst("") + u.substring(end);
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    if (u.isEmpty()) return null;
    return Hashing.sha256Hex(u);
  }

  /** Characters of title and text: what a batch counts to keep its memory bounded. */
  long textLength() {
    return (title == null ? 0 : title.length()) + (body == null ? 0L : body.length());
  }

  /**
   * Drops control characters (U+0000 to U+001F other than tab, line feed and carriage return, and U+007F), bidirectional
   * overrides and invisible characters inside words (U+00AD, U+200B, U+2060 to U+2064, U+FEFF) from every text field. They mean nothing in a report; PostgreSQL cannot store U+0000 in text (one aborted the whole batch written with
   * it), and the others went on into the CSV and JSON exports (an ANSI escape in a title colours an editor's terminal).
   * True when any was dropped (ingest warns).
   */
  boolean dropControls() {
    boolean any = false;
    for (String x : new String[] {title, body, url, outlet, dateText, language, source, sourceId, riskDomainLabel}) any |= hasControl(x);
    for (List<String> xs : List.of(authors, deployers, developers, systems, harmed, countries, sectors, harmTypes))
      for (String x : xs) any |= hasControl(x);
    if (!any) return false;
    source = noControls(source);
    sourceId = noControls(sourceId);
    url = noControls(url);
    title = noControls(title);
    body = noControls(body);
    language = noControls(language);
    dateText = noControls(dateText);
    outlet = noControls(outlet);
    riskDomainLabel = noControls(riskDomainLabel);
    authors = noControls(authors);
    deployers = noControls(deployers);
    developers = noControls(developers);
    systems = noControls(systems);
    harmed = noControls(harmed);
    countries = noControls(countries);
    sectors = noControls(sectors);
    harmTypes = noControls(harmTypes);
    return true;
  }

  // The characters dropped, in one place (dropped), and read in one pass (noControls):
  // with the bidirectional embeddings, overrides and isolates: a title's U+202E turned the rest of a public line around;
  // half characters (an unpaired surrogate from a "\\ud800" escape in a JSON line), which no UTF-8 export can write
  // and PostgreSQL stores as "?";
  // and invisible characters inside words (zero-width space, word joiners, soft hyphen): "Tes\u200bla" showed as Tesla
  // and matched no search, no name and no copy of the same title.
  static boolean hasControl(String s) {
    if (s == null) return false;
    for (int i = 0; i < s.length(); i++) {
      if (dropped(s, i)) return true;
      if (Character.isHighSurrogate(s.charAt(i))) i++; // a pair (dropped said so), read as one
    }
    return false;
  }

  /** Whether the char at i goes; a high surrogate stays only with its low half after it, a low one never alone. */
  private static boolean dropped(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
    if (c < 0x7F) return false;
    if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    if (Character.isLowSurrogate(c)) return true; // a pair's low half is skipped with its high half
    return c == 0x7F || c == 0xAD || c == 0x200B || c >= 0x202A && c <= 0x202E || c >= 0x2060 && c <= 0x2064
        || c >= 0x2066 && c <= 0x2069 || c == 0xFEFF;
  }

  /** The text without dropped characters; characters dropped between two spaces go with the first space. */
  static String noControls(String s) {
    if (!hasControl(s)) return s;
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (!dropped(s, i)) {
        char c = s.charAt(i++);
        out.append(c);
        if (Character.isHighSurrogate(c)) out.append(s.charAt(i++));
        continue;
      }
      int j = i;
      while (j < s.length() && dropped(s, j)) j++;
      // "scam \u200b hits" is "scam hits", not "scam  hits" (outside QA, 2026-12-07)
      if (i > 0 && s.charAt(i - 1) == ' ' && j < s.length() && s.charAt(j) == ' ') out.setLength(out.length() - 1);
      i = j;
    }
    return out.toString();
  }

  /** The list itself when it holds no control character (sources may hand in unmodifiable lists), else a cleaned copy. */
  private static List<String> noControls(List<String> xs) {
    for (String x : xs) {
      if (hasControl(x)) {
        List<String> out = new ArrayList<>(xs.size());
        for (String y : xs) {
          String z = noControls(y);
          if (z != null && !z.isBlank()) out.add(z.strip());
        }
        return out;
      }
    }
    return xs;
  }

  static String noNul(String s) {
    return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", "");
  }

  /** SHA-256 of the whitespace- and case-normalised title and text; equal texts from any source collide. */
  public String contentHash() {
    String t = norm(title) + "\n" + norm(body);
    if (t.isBlank()) t = source + "\n" + sourceId;
    return Hashing.sha256Hex(t);
  }

  /** Lower case, each run of the regex class {@code \s} (ASCII white space) as one space, stripped; a loop, not a regex: it runs per report. */
  static String norm(String s) {
    if (s == null) return "";
    String l = s.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(l.length());
    boolean inSpace = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
      if (!space) sb.append(c);
      else if (!inSpace) sb.append(' ');
      inSpace = space;
    }
    return sb.toString().strip();
  }

  public String text() {
    StringBuilder sb = new StringBuilder();
    if (title != null) sb.append(title);
    if (body != null) sb.append(". ").append(body);
    return sb.toString();
  }
}
