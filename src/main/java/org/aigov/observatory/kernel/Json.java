package org.aigov.observatory.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one shared ObjectMapper; JSON is the lingua franca of the API, the store's documents and exports. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("stable-maps").addSerializer(new KeyOrderedMapSerializer()));

  private Json() {}

  /**
   * {@code Map.of(…)} with two or more entries iterates in an order salted per JVM, so the same answer came out in
   * different byte orders from one run to the next (an outside QA pass diffed two stores' trends and found only that).
   * Such maps are written with their keys sorted; ordered maps (LinkedHashMap, TreeMap) keep their own order.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class KeyOrderedMapSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<java.util.Map> {
    KeyOrderedMapSerializer() {
      super((Class) java.util.Map.of("a", 1, "b", 2).getClass());
    }

    @Override
    public void serialize(java.util.Map m, com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p)
        throws java.io.IOException {
      java.util.List<java.util.Map.Entry> entries = new java.util.ArrayList<>(m.entrySet());
      entries.sort(java.util.Comparator.comparing(e -> String.valueOf(e.getKey())));
      g.writeStartObject(m);
      for (java.util.Map.Entry e : entries) {
        p.findKeySerializer(e.getKey().getClass(), null).serialize(e.getKey(), g, p);
        p.defaultSerializeValue(e.getValue(), g);
      }
      g.writeEndObject();
    }
  }

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pretty(Object o) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Request bodies and stored documents: one JSON value, each key once (a second "title" is an error, not a choice). */
  public static final com.fasterxml.jackson.databind.ObjectReader STRICT = MAPPER.reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

  public static JsonNode read(String s) {
    try {
      return STRICT.readTree(s);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body", "malformed JSON: " + Http.limits(e.getOriginalMessage()));
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A node's JSON type in words, for "expected a string, found a number" (ProblemText knows each). */
  public static String kind(JsonNode v) {
    return v.isArray() ? "an array" : v.isObject() ? "an object" : v.isBoolean() ? "true or false" : v.isNumber() ? "a number"
        : v.isTextual() ? "a string" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
