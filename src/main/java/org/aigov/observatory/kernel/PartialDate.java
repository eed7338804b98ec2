package org.aigov.observatory.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A date known to a year, a year-month or a day: "2023", "2023-10", "2023-10-30". */
public record PartialDate(int year, Integer month, Integer day) implements Comparable<PartialDate> {
  private static final Pattern P = Pattern.compile("^(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?$");

  public PartialDate {
    if (year < 1000 || year > 9999) throw new IllegalArgumentException("year out of range: " + year);
    if (month == null && day != null) throw new IllegalArgumentException("day without month");
    if (month != null && (month < 1 || month > 12)) throw new IllegalArgumentException("month out of range: " + month);
    if (day != null) {
      int max = YearMonth.of(year, month).lengthOfMonth();
      if (day < 1 || day > max) throw new IllegalArgumentException("day out of range: " + year + "-" + month + "-" + day);
    }
  }

  /** Parses, throwing {@link ApiException} naming {@code field} when the text is not a partial date. */
  public static PartialDate parse(String text, String field) {
    if (text == null || text.isBlank()) return null;
    Matcher m = P.matcher(text.trim());
    if (!m.matches()) throw ApiException.badRequest(field, "expected YYYY, YYYY-MM or YYYY-MM-DD, got '" + text + "'");
    try {
      return new PartialDate(Integer.parseInt(m.group(1)), m.group(2) == null ? null : Integer.parseInt(m.group(2)),
          m.group(3) == null ? null : Integer.parseInt(m.group(3)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(field, e.getMessage());
    }
  }

  @JsonCreator
  public static PartialDate parse(String text) {
    return parse(text, "date");
  }

  public String precision() {
    return day != null ? "day" : month != null ? "month" : "year";
  }

  /** Earliest day the value can denote; used for sorting and range filters. */
  public LocalDate start() {
    return LocalDate.of(year, month == null ? 1 : month, day == null ? 1 : day);
  }

  @JsonValue
  @Override
  public String toString() {
    // Built by hand: String.format showed up in import profiles (it runs for every stored document).
    StringBuilder sb = new StringBuilder(10).append(year); // 1000..9999: always four digits
    if (month != null) sb.append(month < 10 ? "-0" : "-").append(month.intValue());
    if (day != null) sb.append(day < 10 ? "-0" : "-").append(day.intValue());
    return sb.toString();
  }

  @Override
  public int compareTo(PartialDate o) {
    int c = start().compareTo(o.start());
    return c != 0 ? c : precision().compareTo(o.precision());
  }
}
