package org.aigov.observatory.kernel;

import io.javalin.http.Context;

/** Small helpers every module's routes share. */
public final class Http {
  private Http() {}

  /**
   * A yes/no parameter: absent is no; present with no value, true, 1, yes or on is yes; false, 0, no or off is no;
   * anything else is a 400 naming it ("spikes=0" had turned spikes on).
   */
  public static boolean flag(String field, String v) {
    if (v == null) return false;
    return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "", "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw ApiException.badRequest(field, "expected true or false, got '" + v + "'");
    };
  }

  /** UTF-8's byte-order mark, which Excel needs to read a double-clicked CSV file as UTF-8 (else Chinese is garbled). */
  public static final String BOM = "\uFEFF";

  /**
   * Starts a CSV answer: content type, a download name when {@code filename} is given, and with {@code bom=true} the
   * byte-order mark (the web pages' download links ask for it; scripts read the header as written without it).
   */
  public static boolean csv(Context ctx, String filename) {
    boolean bom = flag("bom", ctx.queryParam("bom"));
    ctx.contentType("text/csv; charset=utf-8");
    if (filename != null) ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    return bom;
  }

  /**
   * A query naming only the parameters this route reads, each once: a typo (`date=` for `on=`) was answered with the
   * defaults, and a repeated one with its first value, both as if asked.
   */
  public static void onlyParams(Context ctx, String... allowed) {
    onlyParams(ctx, java.util.List.of(), allowed);
  }

  /** The same, where the parameters in {@code repeatable} may be given more than once (each a value of a list). */
  public static void onlyParams(Context ctx, java.util.List<String> repeatable, String... allowed) {
    java.util.List<String> ok = java.util.List.of(allowed);
    ctx.queryParamMap().forEach((name, vals) -> {
      if (emptyPart(name, vals)) return;
      if (!ok.contains(name))
        throw ApiException.badRequest(name, "unknown parameter; this address takes " + (ok.isEmpty() ? "no parameters" : String.join(", ", ok)));
      if (vals.size() > 1 && !repeatable.contains(name)) throw ApiException.badRequest(name, "given " + vals.size() + " times; give it once");
    });
  }

  /** The nothing between two '&' ("?a=1&&b=2", a trailing '&'): no parameter, as browsers read it too. */
  public static boolean emptyPart(String name, java.util.List<String> vals) {
    return name.isEmpty() && vals.stream().allMatch(String::isEmpty);
  }

  /**
   * Whether an If-None-Match header matches {@code etag} (RFC 9110 §13.1.2): "*", or any tag of its list compared
   * weakly (W/ ignored). The registry's records and the shared records feed answer 304 by it.
   */
  public static boolean noneMatch(String header, String etag) {
    if (header == null) return false;
    if (header.strip().equals("*")) return true;
    java.util.regex.Matcher m = ENTITY_TAG.matcher(header);
    while (m.find()) if (m.group().replaceFirst("^W/", "").equals(etag.replaceFirst("^W/", ""))) return true;
    return false;
  }

  /** An entity tag as written in a header's list, weak or strong (If-None-Match here, If-Match in the registry). */
  public static final java.util.regex.Pattern ENTITY_TAG = java.util.regex.Pattern.compile("(W/)?\"[^\"]*\"");

  /** The entity tags of a header's list as written (W/ kept), or an empty list when anything else is in it. */
  public static java.util.List<String> entityTags(String header) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = ENTITY_TAG.matcher(header);
    while (m.find()) out.add(m.group());
    return ENTITY_TAG.matcher(header).replaceAll("").replaceAll("[\\s,]", "").isEmpty() ? out : java.util.List.of();
  }

  /** A whole CSV answer held in a string. */
  public static void csv(Context ctx, String filename, String body) {
    ctx.result(csv(ctx, filename) ? BOM + body : body);
  }

  /** The request body decoded as strict UTF-8; malformed bytes are a 400 naming the offset. */
  public static String body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    try {
      return Utf8.decode(bytes);
    } catch (Utf8.Malformed e) {
      throw ApiException.badRequest("body", "invalid UTF-8 at byte " + e.offset);
    }
  }

  /**
   * 415 unless the body is declared application/json. A cross-site HTML form can send only form types and text/plain,
   * and a script sending JSON cross-site is stopped by CORS's preflight: so a page elsewhere cannot post as a visitor.
   */
  public static void requireJsonType(Context ctx) {
    String ct = ctx.contentType();
    // the media type itself, parameters (charset) aside: "application/jsonp" or "application/json-seq" is not JSON
    String type = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (!type.equals("application/json"))
      throw new ApiException(415, "Unsupported Media Type", "Content-Type", "Content-Type: application/json required");
  }

  /** Reads the body as JSON into {@code type}; type errors name the field. */
  public static <T> T json(Context ctx, Class<T> type) {
    String text = body(ctx);
    if (text.isBlank()) throw ApiException.badRequest("body", "empty; expected a JSON object");
    try {
      // each key once and one value: a second "binding" silently won, and a second object after the first was ignored
      T value = Json.MAPPER.readerFor(type)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).readValue(text);
      if (value == null) throw ApiException.badRequest("body", "null; expected a JSON object"); // a bare `null` reads as no value
      return value;
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      throw ApiException.badRequest(path(e), "unknown field");
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token"))
        throw ApiException.badRequest("body", "trailing content after the JSON object");
      // Jackson's own words name Java classes; the caller needs the JSON type that was expected
      // at the top ([] where an object belongs) there is no path: the body itself is the field
      throw ApiException.badRequest(java.util.Objects.requireNonNullElse(path(e), "body"), wrongType(e.getTargetType()));
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      String path = path(e);
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      if (root instanceof ApiException ae) { // raised while reading a field (a date, a code): keep its words, name the field once
        String detail = ae.field != null && ae.getMessage().startsWith(ae.field + ": ") ? ae.getMessage().substring(ae.field.length() + 2) : ae.getMessage();
        throw ApiException.badRequest(path != null ? path : ae.field, detail);
      }
      throw ApiException.badRequest(java.util.Objects.requireNonNullElse(path, "body"), limits(e.getOriginalMessage()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("body", malformedJson(e));
    }
  }

  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
  }

  /** Names the JSON type a field needs; Jackson's own words name Java classes. One whole message per type (ProblemText). */
  static String wrongType(Class<?> t) {
    if (t == null) return "wrong type: expected another JSON type";
    if (t == String.class || t.isEnum() || t == Character.class || t == char.class || t == PartialDate.class) return "wrong type: expected a string";
    if (t == Boolean.class || t == boolean.class) return "wrong type: expected true or false";
    if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != void.class)) return "wrong type: expected a number";
    if (t.isArray() || java.util.Collection.class.isAssignableFrom(t)) return "wrong type: expected a list";
    return "wrong type: expected a JSON object";
  }

  /** "malformed JSON at line L, column C: …"; a nesting-depth or size limit reports no location. */
  public static String malformedJson(com.fasterxml.jackson.core.JsonProcessingException e) {
    String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return "malformed JSON" + at + ": " + limits(e.getOriginalMessage());
  }

  /** Jackson's limits in the caller's terms: its own words name a Java method (StreamReadConstraints.getMaxNestingDepth()). */
  private static final java.util.regex.Pattern NESTING =
      java.util.regex.Pattern.compile("(?s)Document nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*");

  static String limits(String jackson) {
    if (jackson == null) return null;
    java.util.regex.Matcher m = NESTING.matcher(jackson);
    if (m.matches()) return "nested deeper than " + m.group(2) + " levels";
    // Jackson's asides about its own settings and sources mean nothing to a client (outside QA: "[Source: REDACTED
    // (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)…", "Feature 'ALLOW_COMMENTS' not enabled")
    return jackson.replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
        .replaceAll("\\s*\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)", " (JSON has none)");
  }

  /**
   * A whole number written in ASCII digits, with a minus sign or none: Integer.parseInt also takes "+5" and full-width or
   * Arabic-Indic digits ("１"), which ids refuse (outside QA, 2026-12-07).
   */
  public static int asciiInt(String v) {
    if (v == null || !ASCII_INT.matcher(v).matches()) throw new NumberFormatException(v);
    return Integer.parseInt(v);
  }

  private static final java.util.regex.Pattern ASCII_INT = java.util.regex.Pattern.compile("-?[0-9]{1,10}");

  /** {@link #asciiInt} for longs (log sizes, versions, ids in a path). */
  public static long asciiLong(String v) {
    if (v == null || !ASCII_LONG.matcher(v).matches()) throw new NumberFormatException(v);
    return Long.parseLong(v);
  }

  private static final java.util.regex.Pattern ASCII_LONG = java.util.regex.Pattern.compile("-?[0-9]{1,19}");

  /** A decimal number in ASCII ("0.01", "1e-3"): Double.parseDouble also takes "0x1p-4", "1d" and "Infinity". */
  public static double asciiDecimal(String v) {
    if (v == null || !ASCII_DECIMAL.matcher(v).matches()) throw new NumberFormatException(v);
    return Double.parseDouble(v);
  }

  private static final java.util.regex.Pattern ASCII_DECIMAL =
      java.util.regex.Pattern.compile("-?([0-9]{1,30}(\\.[0-9]{0,30})?|\\.[0-9]{1,30})([eE][-+]?[0-9]{1,3})?");

  public static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) return dflt;
    try {
      int i = asciiInt(v.trim());
      if (i < min || i > max) throw ApiException.badRequest(name, "must be between " + min + " and " + max);
      return i;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, "not an integer: '" + v + "'");
    }
  }
}
