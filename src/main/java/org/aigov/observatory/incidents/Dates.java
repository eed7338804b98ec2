package org.aigov.observatory.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lenient date parsing for the formats seen in incident data and feeds; throws with the offending text otherwise. */
final class Dates {
  private Dates() {}

  /** A day, optionally with a time of day and a zone, which are checked but do not move the day (the written day is kept). */
  private static final Pattern ISO = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})"
      + "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?\\s*(?:[Zz]|UTC|GMT|[+-](\\d{2}):?(\\d{2})?)?)?$");
  private static final Pattern SLASH = Pattern.compile("^(\\d{4})/(\\d{1,2})/(\\d{1,2})$");
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})(?:-(\\d{2}))?$");
  /**
   * RFC 822 / 2822 as feeds write it: optional day name (not checked: feeds get it wrong), day, month name, 2-4 digit
   * year, optional time with optional seconds, optional zone (numeric, with or without a colon, or a name), optional comment.
   */
  private static final Pattern RFC822 = Pattern.compile("^(?:[A-Za-z]{2,9}\\.?\\s*,?\\s*)?(\\d{1,2})[\\s-]+([A-Za-z]{3,9})\\.?[\\s-]+(\\d{2,4})"
      + "(?:\\s*,?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?"
      + "(?:\\s*(?:(?:GMT|UTC|UT)?\\s*([+-])(\\d{2}):?(\\d{2})|([A-Za-z]{1,5})))?(?:\\s*\\([^)]*\\))?$");
  /**
   * A Chinese date as Chinese sites write it in their feeds: 2024年4月1日 (or 号), an optional weekday, an optional time
   * (10:30, 10:30:05, 10时30分) and zone (+08:00, 北京时间). The written day is kept, as for the other formats.
   */
  private static final Pattern CJK = Pattern.compile("^(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]"
      + "(?:\\s*[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"
      + "(?:\\s*(?:上午|下午|晚上|凌晨|中午)?\\s*(\\d{1,2})\\s*[:：时]\\s*(\\d{1,2})\\s*分?(?:\\s*[:：]?\\s*(\\d{1,2})\\s*秒?)?)?"
      + "(?:\\s*(?:[(（]?北京时间[)）]?|(?:GMT|UTC)?\\s*[+-]\\d{2}:?\\d{2}|GMT|UTC|CST))?$");
  /** A bare year or year-month written the Chinese way: 2024年, 2024年2月 (2024年2月份). */
  private static final Pattern CJK_YEAR = Pattern.compile("^(\\d{4})\\s*年(?:\\s*(\\d{1,2})\\s*月份?)?$");

  /**
   * {@code t} (stripped) with a Chinese bare year or year-month rewritten as 2024 or 2024-02, so that it is read, and its
   * precision judged, as those are; any other text as it is.
   */
  static String yearMonth(String t) {
    Matcher m = CJK_YEAR.matcher(t);
    if (!m.matches()) return t;
    return m.group(2) == null ? m.group(1) : m.group(1) + "-" + (m.group(2).length() == 1 ? "0" : "") + m.group(2);
  }

  private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");
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

  /** As {@link #parse}, but a bare year or year-month is its last day: the end of a range given as "to 2024". */
  static LocalDate parseEnd(String s) {
    LocalDate d = parse(s);
    Matcher m = s == null ? null : YEAR.matcher(yearMonth(s.strip()));
    if (d == null || m == null || !m.matches()) return d;
    return m.group(2) == null ? d.withDayOfYear(d.lengthOfYear()) : d.withDayOfMonth(d.lengthOfMonth());
  }

  static LocalDate parse(String s) {
    if (s == null || s.isBlank()) return null;
    String t = s.strip();
    try {
      Matcher m = ISO.matcher(t);
      if (m.matches()) {
        if (m.group(4) != null) {
          int h = Integer.parseInt(m.group(4)), min = Integer.parseInt(m.group(5)), sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
          if (h > 24 || min > 59 || sec > 60) throw new java.time.DateTimeException("time of day " + m.group(4) + ":" + m.group(5) + " out of range");
          if (m.group(7) != null && (Integer.parseInt(m.group(7)) > 18 || m.group(8) != null && Integer.parseInt(m.group(8)) > 59))
            throw new java.time.DateTimeException("zone offset out of range");
        }
        return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      }
      m = CJK.matcher(t);
      if (m.matches()) {
        if (m.group(4) != null && (Integer.parseInt(m.group(4)) > 24 || Integer.parseInt(m.group(5)) > 59 || m.group(6) != null && Integer.parseInt(m.group(6)) > 60))
          throw new java.time.DateTimeException("time of day " + m.group(4) + ":" + m.group(5) + " out of range");
        return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      }
      m = SLASH.matcher(t);
      if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      m = YEAR.matcher(yearMonth(t));
      if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)), 1);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("invalid date '" + t + "': " + e.getMessage());
    }
    LocalDate rfc = rfc822(t);
    if (rfc != null) return rfc;
    try {
      return OffsetDateTime.parse(t).toLocalDate(); // the written day, as for RFC 822 dates
    } catch (DateTimeParseException ignored) {
      // try the next format
    }
    if (t.matches("^\\d{9,13}$")) {
      long v = Long.parseLong(t);
      Instant i = v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
      return i.atZone(ZoneOffset.UTC).toLocalDate();
    }
    // a year of five digits or more is a date, only far off: said as 3024-05-05 is, not as a format not understood (outside QA)
    if (BIG_YEAR.matcher(t).matches()) throw new FarYear(t.length() > 40 ? t.substring(0, 40) + "…" : t, LocalDate.now(ZoneOffset.UTC).plusDays(1));
    throw new IllegalArgumentException("unrecognised date '" + (t.length() > 60 ? t.substring(0, 60) + "…" : t) + "'");
  }

  /** A date whose year has five digits or more; said with the range of the reader that meets it (a report's, a query's). */
  static final class FarYear extends IllegalArgumentException {
    final String text;

    FarYear(String text, LocalDate latest) {
      super(range(text, latest));
      this.text = text;
    }

    static String range(String text, LocalDate latest) {
      return "date " + text + " is out of range: expected " + EARLIEST + " to " + latest;
    }
  }

  private static final java.util.regex.Pattern BIG_YEAR = java.util.regex.Pattern.compile("[+-]?\\d{5,}-\\d{1,2}(?:-\\d{1,2})?(?:[T ].*)?");

  /** The written day of an RFC 822/2822 date-time, null when {@code t} is not one; throws when it is one but impossible. */
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
      if (m.group(7) != null && Integer.parseInt(m.group(9)) > 59) throw new java.time.DateTimeException("zone offset minutes " + m.group(9));
      // the day as written, whatever the zone: an ISO timestamp keeps its written day too (docs/decisions.md)
      return LocalDateTime.of(year, month, Integer.parseInt(m.group(1)), hour, minute, second).toLocalDate();
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("invalid date '" + t + "': " + e.getMessage());
    }
  }
}
