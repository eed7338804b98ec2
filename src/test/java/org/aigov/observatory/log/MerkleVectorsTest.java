package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of transparency-dev/merkle's testdata (copied with its licence into
 * src/test/resources/log/merkle-test-vectors) is accepted or refused exactly as it says.
 */
class MerkleVectorsTest {
  static Path root() {
    try {
      return Path.of(MerkleVectorsTest.class.getResource("/log/merkle-test-vectors/PROVENANCE.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> files(String sub) throws Exception {
    try (Stream<Path> s = Files.walk(root().resolve(sub))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static byte[] b64(JsonNode n) {
    return n == null || n.isNull() ? null : Base64.getDecoder().decode(n.asText());
  }

  static List<byte[]> proof(JsonNode n) {
    List<byte[]> out = new ArrayList<>();
    if (n != null && !n.isNull()) for (JsonNode p : n) out.add(b64(p));
    return out;
  }

  static JsonNode read(Path p) {
    try {
      return Json.read(Files.readString(p));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> inclusion() throws Exception {
    List<Path> fs = files("inclusion");
    assertTrue(fs.size() > 60, "inclusion vectors present");
    return fs.stream().map(p -> DynamicTest.dynamicTest(root().relativize(p).toString(), () -> {
      JsonNode v = read(p);
      boolean ok = Merkle.verifyInclusion(v.get("leafIdx").asLong(), v.get("treeSize").asLong(), b64(v.get("leafHash")),
          proof(v.get("proof")), b64(v.get("root")));
      assertEquals(!v.get("wantErr").asBoolean(), ok, v.get("desc").asText());
    }));
  }

  @TestFactory
  Stream<DynamicTest> consistency() throws Exception {
    List<Path> fs = files("consistency");
    assertTrue(fs.size() > 60, "consistency vectors present");
    return fs.stream().map(p -> DynamicTest.dynamicTest(root().relativize(p).toString(), () -> {
      JsonNode v = read(p);
      boolean ok = Merkle.verifyConsistency(v.get("size1").asLong(), v.get("size2").asLong(), b64(v.get("root1")),
          b64(v.get("root2")), proof(v.get("proof")));
      assertEquals(!v.get("wantErr").asBoolean(), ok, v.get("desc").asText());
    }));
  }

  /** The happy-path vectors are also proofs our generator must reproduce, given the leaves they imply. */
  @TestFactory
  Stream<DynamicTest> happyPathRootsMatchRfcLeaves() throws Exception {
    // transparency-dev builds its test trees from these eight leaves (RFC 6962 test data)
    String[] leaves = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
    Merkle.MemoryTree t = new Merkle.MemoryTree();
    for (String l : leaves) t.appendEntry(Merkle.unhex(l));
    List<Path> fs = new ArrayList<>(files("inclusion"));
    fs.removeIf(p -> !p.getFileName().toString().equals("happy-path.json"));
    return fs.stream().map(p -> DynamicTest.dynamicTest(root().relativize(p).toString(), () -> {
      JsonNode v = read(p);
      long idx = v.get("leafIdx").asLong();
      long size = v.get("treeSize").asLong();
      assertEquals(Merkle.hex(b64(v.get("root"))), Merkle.hex(t.root(size)));
      assertEquals(Merkle.hex(b64(v.get("leafHash"))), Merkle.hex(t.leaf(idx)));
      List<String> want = proof(v.get("proof")).stream().map(Merkle::hex).toList();
      assertEquals(want, t.inclusionProof(idx, size).stream().map(Merkle::hex).toList());
    }));
  }
}
