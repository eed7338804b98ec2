package org.aigov.observatory.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML (or JSON) document read into a Jackson tree while remembering where each object and each
 * of its keys started, so that validation errors can name the line. Jackson's tree model drops
 * {@link JsonLocation}s, hence this small streaming builder.
 */
final class YamlDoc {
  private static final YAMLFactory YAML = (YAMLFactory) new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  final String file;
  final JsonNode root;
  private final Map<JsonNode, Integer> startLine = new IdentityHashMap<>();
  private final Map<JsonNode, Map<String, Integer>> keyLine = new IdentityHashMap<>();

  private YamlDoc(String file, String text) {
    this.file = file;
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) throw new RuleLoadException(file, 1, "empty document");
      root = read(p, t);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new RuleLoadException(file, l == null ? 0 : l.getLineNr(), "malformed YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RuleLoadException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  static YamlDoc parse(String file, String text) {
    return new YamlDoc(file, text);
  }

  private JsonNode read(JsonParser p, JsonToken t) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = F.objectNode();
        startLine.put(o, line);
        Map<String, Integer> keys = new LinkedHashMap<>();
        keyLine.put(o, keys);
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String name = p.currentName();
          keys.put(name, p.currentTokenLocation().getLineNr());
          o.set(name, read(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = F.arrayNode();
        startLine.put(a, line);
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) a.add(read(p, t));
        return a;
      }
      case VALUE_STRING -> { return F.textNode(p.getText()); }
      case VALUE_NUMBER_INT -> { return F.numberNode(p.getLongValue()); }
      case VALUE_NUMBER_FLOAT -> { return F.numberNode(p.getDoubleValue()); }
      case VALUE_TRUE -> { return F.booleanNode(true); }
      case VALUE_FALSE -> { return F.booleanNode(false); }
      case VALUE_NULL -> { return F.nullNode(); }
      default -> throw new RuleLoadException(file, line, "unexpected YAML token " + t);
    }
  }

  /** Line of a key in an object, or of the object itself. */
  int line(JsonNode node, String key) {
    Map<String, Integer> k = keyLine.get(node);
    if (key != null && k != null && k.containsKey(key)) return k.get(key);
    Integer l = startLine.get(node);
    return l == null ? 0 : l;
  }

  int line(JsonNode node) {
    return line(node, null);
  }

  RuleLoadException fail(JsonNode node, String key, String reason) {
    return new RuleLoadException(file, line(node, key), (key == null ? "" : "'" + key + "': ") + reason);
  }

  // ---- typed accessors that refuse with file:line ----

  ObjectNode obj(JsonNode parent, String key, boolean required) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      if (required) throw fail(parent, key, "required object is missing");
      return null;
    }
    if (!n.isObject()) throw fail(parent, key, "must be a mapping");
    return (ObjectNode) n;
  }

  ArrayNode arr(JsonNode parent, String key, boolean required) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      if (required) throw fail(parent, key, "required list is missing");
      return null;
    }
    if (!n.isArray()) throw fail(parent, key, "must be a list");
    return (ArrayNode) n;
  }

  String str(JsonNode parent, String key, boolean required) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      if (required) throw fail(parent, key, "required value is missing");
      return null;
    }
    if (!n.isValueNode() || n.isBoolean()) throw fail(parent, key, "must be a string");
    String s = n.asText();
    if (required && s.isBlank()) throw fail(parent, key, "must not be blank");
    return s;
  }

  /** Refuses keys outside the allowed set, naming the first stray key. */
  void only(JsonNode obj, String... allowed) {
    Iterator<String> it = obj.fieldNames();
    outer:
    while (it.hasNext()) {
      String k = it.next();
      for (String a : allowed) if (a.equals(k)) continue outer;
      throw fail(obj, k, "unknown key (allowed: " + String.join(", ", allowed) + ")");
    }
  }
}
