package org.aigov.observatory.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lenient date parsing for the formats seen in incident data and feeds; throws with the offending text otherwise. */
final class Dates {
  private Dates() {}

  private static final Pattern ISO = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ].*)?$");
  private static final Pattern SLASH = Pattern.compile("^(\\d{4})/(\\d{1,2})/(\\d{1,2})$");
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})(?:-(\\d{2}))?$");

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
    try {
      return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException ignored) {
      // try the next format
    }
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
}
