package org.aigov.observatory.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Text;

/**
 * Bilingual titles, seed-paper citation, Chinese variable names and documentation, and parameter ranges of a bundled
 * model, from {@code <id>.labels.json} next to its XMILE (kept out of the XMILE so the files stay
 * plain XMILE that other tools read unchanged).
 */
public final class ModelLabels {
  private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();
  private static final JsonNode NONE = Json.object();

  private ModelLabels() {}

  /** The labels of a bundled model, or an empty object for any other id. */
  public static JsonNode of(String id) {
    String res = ScenarioStore.BUNDLED.get(id);
    if (res == null) return NONE;
    return CACHE.computeIfAbsent(id, k -> {
      try (InputStream in = ModelLabels.class.getResourceAsStream(res.replace(".xmile", ".labels.json"))) {
        return in == null ? NONE : Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A variable's labels, found by its canonical name ("rule_ambiguity" = "Rule Ambiguity"); missing when none. */
  public static JsonNode variable(String id, String name) {
    String c = Names.canon(name);
    var it = of(id).path("variables").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (Names.canon(e.getKey()).equals(c)) return e.getValue();
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** {"en", "zh"} from a node, or the English text in both when there is no Chinese. */
  static Map<String, String> text(JsonNode n, String en) {
    if (n == null || n.isMissingNode() || n.isNull()) return Text.enZh(en, en);
    return Text.enZh(n.path("en").asText(en), n.path("zh").asText(n.path("en").asText(en)));
  }

  /** A scenario label written "中文 / English" in the XMILE, as {"en", "zh"}. */
  static Map<String, String> splitLabel(String label, String name) {
    if (label == null || label.isBlank()) return Text.enZh(name, name);
    int i = label.indexOf(" / ");
    if (i < 0) return Text.enZh(label, label);
    return Text.enZh(label.substring(i + 3).trim(), label.substring(0, i).trim());
  }
}
