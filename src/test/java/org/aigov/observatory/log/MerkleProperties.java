package org.aigov.observatory.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MerkleProperties {
  static final int MAX = 2000;
  static final List<byte[]> ENTRIES = new ArrayList<>();
  static final Merkle.MemoryTree TREE = new Merkle.MemoryTree();

  static {
    for (int i = 0; i < MAX; i++) {
      byte[] e = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      ENTRIES.add(e);
      TREE.appendEntry(e);
    }
  }

  // ---- independent reference: RFC 9162 §2.1.3.1 / §2.1.4.1 recursions over the leaf list
  static byte[] mth(List<byte[]> leaves) {
    if (leaves.size() == 1) return leaves.get(0);
    int k = Integer.highestOneBit(leaves.size() - 1);
    return Merkle.nodeHash(mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
  }

  static List<byte[]> refPath(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    if (d.size() == 1) return out;
    int k = Integer.highestOneBit(d.size() - 1);
    if (m < k) {
      out.addAll(refPath(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(refPath(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> refSubproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> out = new ArrayList<>();
    if (m == d.size()) {
      if (!b) out.add(mth(d));
      return out;
    }
    int k = Integer.highestOneBit(d.size() - 1);
    if (m <= k) {
      out.addAll(refSubproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(refSubproof(m - k, d.subList(k, d.size()), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> leaves(int n) {
    List<byte[]> l = new ArrayList<>();
    for (int i = 0; i < n; i++) l.add(TREE.leaf(i));
    return l;
  }

  static List<String> hex(List<byte[]> l) {
    return l.stream().map(Merkle::hex).toList();
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void everySizeHasTheRfcRootAndVerifiableInclusionProofs(@ForAll @IntRange(min = 1, max = MAX) int n) {
    byte[] root = TREE.root(n);
    assertArrayEquals(Merkle.referenceRoot(ENTRIES.subList(0, n)), root);
    Random r = new Random(n);
    List<Integer> idx = new ArrayList<>();
    if (n <= 64) {
      for (int i = 0; i < n; i++) idx.add(i);
    } else {
      idx.addAll(List.of(0, 1, n / 2, n - 2, n - 1));
      for (int i = 0; i < 6; i++) idx.add(r.nextInt(n));
    }
    for (int m : idx) {
      List<byte[]> proof = TREE.inclusionProof(m, n);
      assertTrue(Merkle.verifyInclusion(m, n, TREE.leaf(m), proof, root), "leaf " + m + " of " + n);
      assertTrue(proof.size() <= 64 - Long.numberOfLeadingZeros(n - 1), "proof length is at most ceil(log2 n)");
      if (m + 1 < n) assertFalse(Merkle.verifyInclusion(m + 1, n, TREE.leaf(m), proof, root), "wrong index");
    }
  }

  @Property(tries = 300)
  void inclusionMatchesReferenceRecursion(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 0, max = 299) int m0) {
    int m = m0 % n;
    assertEquals(hex(refPath(m, leaves(n))), hex(TREE.inclusionProof(m, n)));
  }

  @Property(tries = 1500)
  void consistencyProofsVerify(@ForAll @IntRange(min = 1, max = MAX) int a, @ForAll @IntRange(min = 1, max = MAX) int b) {
    int m = Math.min(a, b);
    int n = Math.max(a, b);
    List<byte[]> proof = m == n ? List.of() : TREE.consistencyProof(m, n);
    assertTrue(Merkle.verifyConsistency(m, n, TREE.root(m), TREE.root(n), proof), m + " -> " + n);
    if (m < n) {
      assertFalse(Merkle.verifyConsistency(m, n, TREE.root(n), TREE.root(m), proof), "swapped roots");
      if (n <= 300) assertEquals(hex(refSubproof(m, leaves(n), true)), hex(proof));
    }
  }

  @Property(tries = 1000)
  void flippingAnyBitOfInclusionProofLeafOrRootFails(@ForAll @IntRange(min = 1, max = MAX) int n,
      @ForAll @IntRange(min = 0, max = MAX - 1) int m0, @ForAll @IntRange(min = 0, max = 1 << 20) int bitSeed) {
    int m = m0 % n;
    List<byte[]> proof = TREE.inclusionProof(m, n);
    byte[] leaf = TREE.leaf(m);
    byte[] root = TREE.root(n);
    assertTrue(Merkle.verifyInclusion(m, n, leaf, proof, root));
    int bit = bitSeed % 256;
    assertFalse(Merkle.verifyInclusion(m, n, flip(leaf, bit), proof, root), "flipped leaf bit " + bit);
    assertFalse(Merkle.verifyInclusion(m, n, leaf, proof, flip(root, bit)), "flipped root bit " + bit);
    if (!proof.isEmpty()) {
      int which = (bitSeed >>> 8) % proof.size();
      List<byte[]> bad = new ArrayList<>(proof);
      bad.set(which, flip(proof.get(which), bit));
      assertFalse(Merkle.verifyInclusion(m, n, leaf, bad, root), "flipped proof[" + which + "] bit " + bit);
    }
  }

  @Property(tries = 1000)
  void flippingAnyBitOfConsistencyProofOrRootsFails(@ForAll @IntRange(min = 1, max = MAX) int a,
      @ForAll @IntRange(min = 1, max = MAX) int b, @ForAll @IntRange(min = 0, max = 1 << 20) int bitSeed) {
    int m = Math.min(a, b);
    int n = Math.max(a, b);
    if (m == n) n = Math.min(MAX, n + 1);
    if (m == n) m = n - 1;
    List<byte[]> proof = TREE.consistencyProof(m, n);
    byte[] r1 = TREE.root(m);
    byte[] r2 = TREE.root(n);
    assertTrue(Merkle.verifyConsistency(m, n, r1, r2, proof));
    int bit = bitSeed % 256;
    assertFalse(Merkle.verifyConsistency(m, n, flip(r1, bit), r2, proof), "flipped first root");
    assertFalse(Merkle.verifyConsistency(m, n, r1, flip(r2, bit), proof), "flipped second root");
    int which = (bitSeed >>> 8) % proof.size();
    List<byte[]> bad = new ArrayList<>(proof);
    bad.set(which, flip(proof.get(which), bit));
    assertFalse(Merkle.verifyConsistency(m, n, r1, r2, bad), "flipped proof[" + which + "] bit " + bit);
  }

  static byte[] flip(byte[] h, int bit) {
    byte[] c = h.clone();
    c[bit / 8] ^= (byte) (1 << (bit % 8));
    return c;
  }
}
