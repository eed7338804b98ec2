package org.aigov.observatory.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Http;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Text;

/** The profile questions (rules/profile-schema.yaml) and strict parsing of a profile against them. */
public final class ProfileSchema {
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  static final long MIN_DAY = LocalDate.of(1950, 1, 1).toEpochDay();
  static final long MAX_DAY = LocalDate.of(2100, 12, 31).toEpochDay();

  final Map<String, Field> byName = new LinkedHashMap<>();
  final List<Field> fields = new ArrayList<>();

  static ProfileSchema load(YamlDoc doc) {
    ProfileSchema s = new ProfileSchema();
    doc.only(doc.root, "fields", "checks", "id", "version");
    ArrayNode fs = doc.arr(doc.root, "fields", true);
    for (JsonNode f : fs) {
      doc.only(f, "name", "type", "options", "question", "label", "help", "group", "min", "not_before", "presume", "non_empty", "only_if");
      String name = doc.str(f, "name", true);
      if (s.byName.containsKey(name)) throw doc.fail(f, "name", "duplicate field " + name);
      Field.Type type;
      try {
        type = Field.Type.valueOf(doc.str(f, "type", true).toUpperCase());
      } catch (IllegalArgumentException e) {
        throw doc.fail(f, "type", "unknown type (bool, string, enum, enum_list, number, date, meta)");
      }
      List<String> options = List.of();
      if (type == Field.Type.ENUM || type == Field.Type.ENUM_LIST) {
        ArrayNode o = doc.arr(f, "options", true);
        List<String> opts = new ArrayList<>();
        for (JsonNode x : o) opts.add(x.asText());
        if (opts.isEmpty() || opts.size() > 63) throw doc.fail(f, "options", "needs 1..63 options");
        options = Collections.unmodifiableList(opts);
      }
      Text q = text(doc, f, "question", type != Field.Type.META);
      Text help = text(doc, f, "help", false);
      Double min = f.has("min") ? f.get("min").asDouble() : null;
      Field fd = new Field(name, type, s.fields.size(), options, q, help, doc.str(f, "group", false), min,
          doc.str(f, "not_before", false));
      // optional here so a field added on another branch cannot stop the start; ProfileLabelsTest requires it
      fd.label = text(doc, f, "label", false);
      if (f.has("only_if") && type != Field.Type.BOOL) throw doc.fail(f, "only_if", "only a yes/no question can be implied \"no\"");
      if (f.has("non_empty")) {
        if (type != Field.Type.ENUM_LIST || !f.get("non_empty").isBoolean()) throw doc.fail(f, "non_empty", "true or false, for a list field only");
        fd.nonEmpty = f.get("non_empty").booleanValue();
      }
      if (f.has("presume")) {
        try {
          fd.presumed = value(fd, f.get("presume"));
        } catch (ApiException e) {
          throw doc.fail(f, "presume", "not a valid value for " + name + ": " + e.getMessage());
        }
      }
      s.fields.add(fd);
      s.byName.put(name, fd);
    }
    for (Field f : s.fields) {
      if (f.notBefore != null && (!s.byName.containsKey(f.notBefore) || s.byName.get(f.notBefore).type != Field.Type.DATE))
        throw new RuleLoadException(doc.file, 0, "field " + f.name + ": not_before must name a date field");
    }
    return s;
  }

  static Text text(YamlDoc doc, JsonNode parent, String key, boolean required) {
    ObjectNode o = doc.obj(parent, key, required);
    if (o == null) return null;
    doc.only(o, "en", "zh");
    String en = doc.str(o, "en", true);
    String zh = doc.str(o, "zh", true);
    return new Text(zh.strip(), en.strip());
  }

  public Field field(String name) {
    return byName.get(name);
  }

  public List<Field> fields() {
    return fields;
  }

  /** Strict parse: unknown fields, wrong types, unknown options and impossible dates are refused by name. */
  public Profile parse(JsonNode p) {
    if (p == null || !p.isObject()) throw ApiException.badRequest("profile", "must be a JSON object");
    Object[] v = new Object[fields.size()];
    String name = null;
    Iterator<Map.Entry<String, JsonNode>> it = p.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode n = e.getValue();
      Field f = byName.get(k);
      if (f == null) throw ApiException.badRequest(k, "unknown field; known fields are listed by GET /api/rules/questionnaire");
      if (n == null || n.isNull()) continue; // explicit null = "not answered yet"
      v[f.idx] = value(f, n);
      if (k.equals("name")) name = n.asText();
    }
    checkValues(v);
    return new Profile(v, name);
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

  /**
   * Streaming parse of a profile from JSON text, same rules and messages as {@link #parse(JsonNode)}
   * but without building a tree (the API's hot path).
   */
  public Profile parse(String json) {
    Object[] v = new Object[fields.size()];
    boolean[] given = new boolean[fields.size()];
    String name = null;
    try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT)
        throw ApiException.badRequest("profile", "must be a JSON object");
      com.fasterxml.jackson.core.JsonToken t;
      while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String k = p.currentName();
        Field f = byName.get(k);
        if (f == null) throw ApiException.badRequest(k, "unknown field; known fields are listed by GET /api/rules/questionnaire");
        if (given[f.idx]) throw ApiException.badRequest(k, "given twice; a profile answers each question once");
        given[f.idx] = true;
        t = p.nextToken();
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) continue;
        if (f.type == Field.Type.ENUM_LIST && t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
          long mask = 0;
          while ((t = p.nextToken()) != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
            if (t != com.fasterxml.jackson.core.JsonToken.VALUE_STRING)
              throw ApiException.badRequest(f.name, "must be a list of strings from " + f.options);
            int i = f.option(p.getText());
            if (i < 0) throw ApiException.badRequest(f.name, "'" + p.getText() + "' is not one of " + f.options);
            if ((mask & 1L << i) != 0) throw twice(f, p.getText());
            mask |= 1L << i;
          }
          v[f.idx] = mask;
        } else if (t.isScalarValue()) {
          Object fast = fastValue(f, p, t);
          v[f.idx] = fast != null ? fast : value(f, scalar(p, t));
          if (k.equals("name")) name = p.getText();
        } else {
          v[f.idx] = value(f, Json.MAPPER.readTree(p)); // objects/arrays where a scalar is due: refused with the usual message
        }
      }
      if (p.nextToken() != null) throw ApiException.badRequest("profile", "trailing content after the JSON object");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("body", Http.malformedJson(e));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    checkValues(v);
    return new Profile(v, name);
  }

  private static JsonNode scalar(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t) throws java.io.IOException {
    var nf = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    return switch (t) {
      case VALUE_TRUE -> nf.booleanNode(true);
      case VALUE_FALSE -> nf.booleanNode(false);
      case VALUE_STRING -> nf.textNode(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> nf.numberNode(p.getDoubleValue());
      default -> nf.textNode(p.getText());
    };
  }

  /** Common well-typed cases straight from the token; null means "take the general path" (which also reports errors). */
  private static Object fastValue(Field f, com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t)
      throws java.io.IOException {
    switch (f.type) {
      case BOOL:
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE) return Boolean.TRUE;
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE) return Boolean.FALSE;
        return null;
      case ENUM:
        if (t != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) return null;
        int i = f.option(p.getText());
        return i < 0 ? null : (Object) i;
      case NUMBER:
        if (t != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT && t != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) return null;
        double d = p.getDoubleValue();
        return Double.isFinite(d) && (f.min == null || d >= f.min) ? (Object) d : null;
      case DATE:
        if (t != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) return null;
        long day = fastDay(p.getText());
        return day == Long.MIN_VALUE ? null : (Object) day;
      case STRING:
      case META:
        if (t != com.fasterxml.jackson.core.JsonToken.VALUE_STRING || p.getTextLength() > 4000) return null;
        return p.getText();
      default:
        return null;
    }
  }

  /** YYYY-MM-DD without a formatter; Long.MIN_VALUE when not a plain valid date in range (the slow path then explains why). */
  static long fastDay(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return Long.MIN_VALUE;
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 10; i++) {
      if (i == 4 || i == 7) continue;
      char c = s.charAt(i);
      if (c < '0' || c > '9') return Long.MIN_VALUE;
      if (i < 4) y = y * 10 + (c - '0');
      else if (i < 7) m = m * 10 + (c - '0');
      else d = d * 10 + (c - '0');
    }
    if (m < 1 || m > 12 || d < 1 || d > java.time.YearMonth.of(y, m).lengthOfMonth()) return Long.MIN_VALUE;
    long day = LocalDate.of(y, m, d).toEpochDay();
    return day < MIN_DAY || day > MAX_DAY ? Long.MIN_VALUE : day;
  }

  private void checkValues(Object[] v) {
    for (Field f : fields) {
      // an empty list of jurisdictions asks for no result at all: refused rather than answered with nothing
      if (f.nonEmpty && v[f.idx] != null && (Long) v[f.idx] == 0L)
        throw ApiException.badRequest(f.name, "choose at least one of " + f.options);
      if (f.notBefore == null) continue;
      Field o = byName.get(f.notBefore);
      if (v[f.idx] != null && v[o.idx] != null && (Long) v[f.idx] < (Long) v[o.idx])
        throw ApiException.unprocessable(f.name, "impossible date: " + LocalDate.ofEpochDay((Long) v[f.idx])
            + " is before " + o.name + " " + LocalDate.ofEpochDay((Long) v[o.idx]));
    }
  }

  private static Object value(Field f, JsonNode n) {
    switch (f.type) {
      case BOOL -> {
        if (!n.isBoolean()) throw ApiException.badRequest(f.name, "must be true or false (or null if not known)");
        return n.booleanValue();
      }
      case STRING, META -> {
        if (!n.isTextual()) throw ApiException.badRequest(f.name, "must be a string");
        if (n.asText().length() > 4000) throw ApiException.badRequest(f.name, "longer than 4000 characters");
        return n.asText();
      }
      case ENUM -> {
        if (!n.isTextual()) throw ApiException.badRequest(f.name, "must be one of " + f.options);
        int i = f.option(n.asText());
        if (i < 0) throw ApiException.badRequest(f.name, "'" + n.asText() + "' is not one of " + f.options);
        return i;
      }
      case ENUM_LIST -> {
        long mask = 0;
        if (n.isTextual()) return 1L << opt(f, n);
        if (!n.isArray()) throw ApiException.badRequest(f.name, "must be a list of " + f.options);
        for (JsonNode x : n) {
          if (!x.isTextual()) throw ApiException.badRequest(f.name, "must be a list of strings from " + f.options);
          long bit = 1L << opt(f, x);
          if ((mask & bit) != 0) throw twice(f, x.asText());
          mask |= bit;
        }
        return mask;
      }
      case NUMBER -> {
        double d;
        if (n.isNumber()) d = n.doubleValue();
        else if (n.isTextual()) {
          String t = n.asText().strip();
          try {
            // a JSON number's syntax only: Java's own also took "3e25d", "1e25f" and hex floats ("0x1.0p84")
            if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) throw new NumberFormatException();
            d = Double.parseDouble(t);
          } catch (NumberFormatException e) {
            throw ApiException.badRequest(f.name, "must be a number, got '" + n.asText() + "'");
          }
        } else throw ApiException.badRequest(f.name, "must be a number");
        if (!Double.isFinite(d)) throw ApiException.badRequest(f.name, "must be finite");
        if (f.min != null && d < f.min) throw ApiException.unprocessable(f.name, "impossible value " + n.asText() + " (minimum " + f.min + ")");
        return d;
      }
      case DATE -> {
        if (!n.isTextual()) throw ApiException.badRequest(f.name, "must be a date YYYY-MM-DD");
        long day = parseDay(f.name, n.asText());
        return day;
      }
      default -> throw new IllegalStateException();
    }
  }

  static long parseDay(String field, String s) {
    LocalDate d;
    try {
      d = LocalDate.parse(s.strip(), DATE);
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field, "impossible or malformed date '" + s + "' (expected a real calendar date YYYY-MM-DD)");
    }
    long day = d.toEpochDay();
    if (day < MIN_DAY || day > MAX_DAY) throw ApiException.unprocessable(field, "implausible date " + s + " (outside 1950–2100)");
    return day;
  }

  /** The published schema says uniqueItems: a repeat was folded in silently, so a client's list meant something else here. */
  private static ApiException twice(Field f, String option) {
    return ApiException.badRequest(f.name, "'" + option + "' is listed twice; each option once");
  }

  private static int opt(Field f, JsonNode x) {
    int i = f.option(x.asText());
    if (i < 0) throw ApiException.badRequest(f.name, "'" + x.asText() + "' is not one of " + f.options);
    return i;
  }

  /** Renders a stored value back to JSON-friendly form (for traces). */
  static Object render(Field f, Object o) {
    if (o == null) return null;
    return switch (f.type) {
      case ENUM -> f.options.get((Integer) o);
      case ENUM_LIST -> {
        List<String> l = new ArrayList<>();
        long m = (Long) o;
        for (int i = 0; i < f.options.size(); i++) if ((m & (1L << i)) != 0) l.add(f.options.get(i));
        yield l;
      }
      case DATE -> LocalDate.ofEpochDay((Long) o).toString();
      case STRING -> {
        String s = (String) o;
        yield s.length() > 120 ? s.substring(0, 117) + "..." : s;
      }
      default -> o;
    };
  }
}
