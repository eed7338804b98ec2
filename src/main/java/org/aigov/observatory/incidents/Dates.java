package org.aigov.observatory.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lenient date parsing for the formats seen in incident data and feeds; throws with the offending text otherwise. */
final class Dates {
  private Dates() {}

  private static final Pattern ISO = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ].*)?$");
  private static final Pattern SLASH = Pattern.compile("^(\\d{4})/(\\d{1,2})/(\\d{1,2})$");
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})(?:-(\\d{2}))?$");
  /**
   * RFC 822 / 2822 as feeds write it: optional day name (not checked: feeds get it wrong), day, month name, 2-4 digit
   * year, optional time with optional seconds, optional zone (numeric, with or without a colon, or a name), optional comment.
   */
  private static final Pattern RFC822 = Pattern.compile("^(?:[A-Za-z]{2,9}\\.?\\s*,?\\s*)?(\\d{1,2})[\\s-]+([A-Za-z]{3,9})\\.?[\\s-]+(\\d{2,4})"
      + "(?:\\s*,?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?"
      + "(?:\\s*(?:(?:GMT|UTC|UT)?\\s*([+-])(\\d{2}):?(\\d{2})|([A-Za-z]{1,5})))?(?:\\s*\\([^)]*\\))?$");
  private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");
  /** Zone names, in minutes east of UTC: RFC 822's and a few common unambiguous ones. Others count as UTC (RFC 2822 §4.3). */
  private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0),
      Map.entry("Z", 0), Map.entry("EST", -300), Map.entry("EDT", -240), Map.entry("CST", -360), Map.entry("CDT", -300),
      Map.entry("MST", -420), Map.entry("MDT", -360), Map.entry("PST", -480), Map.entry("PDT", -420), Map.entry("AKST", -540),
      Map.entry("AKDT", -480), Map.entry("HST", -600), Map.entry("WET", 0), Map.entry("WEST", 60), Map.entry("BST", 60),
      Map.entry("CET", 60), Map.entry("CEST", 120), Map.entry("EET", 120), Map.entry("EEST", 180), Map.entry("MSK", 180),
      Map.entry("HKT", 480), Map.entry("SGT", 480), Map.entry("AWST", 480), Map.entry("JST", 540), Map.entry("KST", 540),
      Map.entry("ACST", 570), Map.entry("AEST", 600), Map.entry("AEDT", 660), Map.entry("NZST", 720), Map.entry("NZDT", 780));

  /** Incidents before this are not AI incidents; a year such as 0001 or 1019 is a typo. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

  /**
   * A report's date: parsed as {@link #parse} does, and refused outside 1900 – tomorrow (UTC; a day's slack for time
   * zones). A far date would stretch every trend to thousands of periods and count as a burst in an empty baseline.
   */
  static LocalDate reported(String s) {
    LocalDate d = parse(s);
    if (d == null) return null;
    LocalDate latest = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    if (d.isBefore(EARLIEST) || d.isAfter(latest))
      throw new IllegalArgumentException("date " + d + " is out of range: expected " + EARLIEST + " to " + latest);
    return d;
  }

  static LocalDate parse(String s) {
    if (s == null || s.isBlank()) return null;
    String t = s.strip();
    try {
      Matcher m = ISO.matcher(t);
      if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      m = SLASH.matcher(t);
      if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      m = YEAR.matcher(t);
      if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)), 1);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("invalid date '" + t + "': " + e.getMessage());
    }
    LocalDate rfc = rfc822(t);
    if (rfc != null) return rfc;
    try {
      return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException ignored) {
      // try the next format
    }
    if (t.matches("^\\d{9,13}$")) {
      long v = Long.parseLong(t);
      Instant i = v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
      return i.atZone(ZoneOffset.UTC).toLocalDate();
    }
    throw new IllegalArgumentException("unrecognised date '" + (t.length() > 60 ? t.substring(0, 60) + "…" : t) + "'");
  }

  /** The UTC day of an RFC 822/2822 date-time, null when {@code t} is not one; throws when it is one but impossible. */
  static LocalDate rfc822(String t) {
    Matcher m = RFC822.matcher(t);
    if (!m.matches()) return null;
    String name = m.group(2).toLowerCase(Locale.ROOT);
    int month = 0;
    for (int k = 0; k < 12 && month == 0; k++) if (MONTHS.get(k).startsWith(name)) month = k + 1; // "Dec", "Sept", "December"
    if (month == 0) return null;
    try {
      int year = Integer.parseInt(m.group(3));
      // RFC 2822 §4.3: 00-49 are 2000-2049, 50-99 and three digits are 19xx
      if (m.group(3).length() == 2) year += year < 50 ? 2000 : 1900;
      else if (m.group(3).length() == 3) year += 1900;
      int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Math.min(59, Integer.parseInt(m.group(6))); // 60: a leap second
      int offset = 0;
      if (m.group(7) != null) {
        int hh = Integer.parseInt(m.group(8)), mm = Integer.parseInt(m.group(9));
        if (mm > 59) throw new java.time.DateTimeException("zone offset minutes " + mm);
        offset = (m.group(7).equals("-") ? -1 : 1) * (hh * 60 + mm);
      } else if (m.group(10) != null) {
        // military letters and unknown names: RFC 2822 §4.3 says treat them as -0000 (RFC 822 had the signs reversed)
        offset = ZONES.getOrDefault(m.group(10).toUpperCase(Locale.ROOT), 0);
      }
      LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(m.group(1)), hour, minute, second);
      return local.atOffset(ZoneOffset.ofTotalSeconds(offset * 60)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("invalid date '" + t + "': " + e.getMessage());
    }
  }
}
