package org.aigov.observatory.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.aigov.observatory.kernel.Json;

/**
 * A signed tree head. The Ed25519 signature covers exactly the UTF-8 bytes of {@link #message()}:
 *
 * <pre>
 * aigov-observatory/transparency-log/v1\n
 * &lt;tree_size, decimal&gt;\n
 * &lt;root_hash, 64 lower-case hex digits&gt;\n
 * &lt;timestamp, milliseconds since 1970-01-01T00:00:00Z, decimal&gt;\n
 * </pre>
 */
public record SignedHead(long treeSize, String rootHash, long timestampMs, String keyId, String signature) {
  public static final String PREFIX = "aigov-observatory/transparency-log/v1";

  public static byte[] message(long treeSize, String rootHash, long timestampMs) {
    return (PREFIX + "\n" + treeSize + "\n" + rootHash + "\n" + timestampMs + "\n").getBytes(StandardCharsets.UTF_8);
  }

  public byte[] message() {
    return message(treeSize, rootHash, timestampMs);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("tree_size", treeSize);
    o.put("root_hash", rootHash);
    o.put("timestamp", timestampMs);
    o.put("time", Instant.ofEpochMilli(timestampMs).toString());
    o.put("key_id", keyId);
    o.put("algorithm", "Ed25519");
    o.put("signature", signature);
    o.put("signed_message_format", PREFIX + "\\n<tree_size>\\n<root_hash>\\n<timestamp>\\n");
    return o;
  }

  /** Reads a head as served by GET /api/log/head; names the missing or malformed field. */
  public static SignedHead fromJson(JsonNode n) {
    if (n == null || !n.isObject()) throw new IllegalArgumentException("head: expected a JSON object");
    JsonNode size = n.get("tree_size");
    if (size == null || !size.canConvertToLong() || size.asLong() < 0) throw new IllegalArgumentException("head.tree_size: missing or not a non-negative integer");
    String root = text(n, "root_hash");
    if (!root.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("head.root_hash: expected 64 lower-case hex digits");
    JsonNode alg = n.get("algorithm"); // absent: older heads; present, it must be the log's
    if (alg != null && !alg.isNull() && !"Ed25519".equals(alg.asText()))
      throw new IllegalArgumentException("head.algorithm: " + alg.asText() + " is not the log's algorithm (Ed25519)");
    JsonNode ts = n.get("timestamp");
    if (ts == null || !ts.canConvertToLong()) throw new IllegalArgumentException("head.timestamp: missing or not an integer (milliseconds)");
    return new SignedHead(size.asLong(), root, ts.asLong(), n.hasNonNull("key_id") ? n.get("key_id").asText() : null,
        n.hasNonNull("signature") ? n.get("signature").asText() : null);
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || !v.isTextual()) throw new IllegalArgumentException("head." + f + ": missing or not a string");
    return v.asText();
  }
}
