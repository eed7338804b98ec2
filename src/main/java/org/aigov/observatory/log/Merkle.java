package org.aigov.observatory.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.aigov.observatory.kernel.Hashing;

/**
 * RFC 9162 §2.1 Merkle tree arithmetic: hashing, tree shape, proof plans and proof verification.
 *
 * <p>A "perfect node" (level, index) is the root of the complete subtree over leaves
 * [index·2^level, (index+1)·2^level). Every hash an RFC 9162 proof needs is either such a node or
 * the hash of a right-edge range, which folds a few perfect nodes right to left. Proof generation
 * is therefore split into a plan (pure arithmetic, see {@link #inclusionPlan}) and a lookup of the
 * stored perfect nodes, so a stored log answers a proof with O(log n) point reads and no rehashing
 * of leaves.
 */
public final class Merkle {
  public static final int HASH_LEN = 32;
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(Hashing::sha256);

  private Merkle() {}

  /** Coordinates of a complete subtree. */
  public record Node(int level, long index) {
    public long firstLeaf() {
      return index << level;
    }
  }

  /** MTH({}) = SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return SHA.get().digest(new byte[0]);
  }

  /** Leaf hash: SHA-256(0x00 || entry). */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest d = SHA.get();
    d.update((byte) 0);
    return d.digest(entry);
  }

  /** Interior node hash: SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = SHA.get();
    d.update((byte) 1);
    d.update(left);
    return d.digest(right);
  }

  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  public static byte[] unhex(String s) {
    return HEX.parseHex(s);
  }

  /** Largest power of two strictly smaller than n (n ≥ 2). */
  static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }

  /**
   * The perfect nodes whose right-to-left fold is MTH(D[start:end]) for a range that occurs in the
   * RFC 9162 recursion (start is aligned to the largest power of two not exceeding end-start).
   */
  public static List<Node> rangeNodes(long start, long end) {
    if (end <= start) throw new IllegalArgumentException("empty range " + start + ".." + end);
    List<Node> out = new ArrayList<>(4);
    long a = start;
    while (a < end) {
      long size = end - a;
      long k = Long.highestOneBit(size);
      // the RFC splits at the largest power of two < size; for a perfect size that is the whole range
      int level = Long.numberOfTrailingZeros(k);
      out.add(new Node(level, a >>> level));
      a += k;
    }
    return out;
  }

  /** Fold perfect-node hashes of a range (left to right order) into the range hash. */
  public static byte[] fold(List<byte[]> hashes) {
    byte[] r = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) r = nodeHash(hashes.get(i), r);
    return r;
  }

  /**
   * Inclusion proof plan for leaf m in a tree of n leaves (RFC 9162 §2.1.3.1), ordered from the
   * leaf upwards. Each element is one proof hash: the fold of the listed perfect nodes.
   */
  public static List<List<Node>> inclusionPlan(long m, long n) {
    if (n <= 0 || m < 0 || m >= n) throw new IllegalArgumentException("leaf index " + m + " outside tree of size " + n);
    List<List<Node>> out = new ArrayList<>();
    path(m, 0, n, out);
    return out;
  }

  private static void path(long m, long start, long end, List<List<Node>> out) {
    long n = end - start;
    if (n == 1) return;
    long k = splitPoint(n);
    if (m < k) {
      path(m, start, start + k, out);
      out.add(rangeNodes(start + k, end));
    } else {
      path(m - k, start + k, end, out);
      out.add(rangeNodes(start, start + k));
    }
  }

  /** Consistency proof plan between sizes m and n, 0 &lt; m &lt; n (RFC 9162 §2.1.4.1). */
  public static List<List<Node>> consistencyPlan(long m, long n) {
    if (m <= 0 || m >= n) throw new IllegalArgumentException("consistency needs 0 < first < second, got " + m + ", " + n);
    List<List<Node>> out = new ArrayList<>();
    subproof(m, 0, n, true, out);
    return out;
  }

  private static void subproof(long m, long start, long end, boolean b, List<List<Node>> out) {
    long n = end - start;
    if (m == n) {
      if (!b) out.add(rangeNodes(start, end));
      return;
    }
    long k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, start + k, b, out);
      out.add(rangeNodes(start + k, end));
    } else {
      subproof(m - k, start + k, end, false, out);
      out.add(rangeNodes(start, start + k));
    }
  }

  /** Resolves perfect nodes to their hashes (from memory or a store). */
  @FunctionalInterface
  public interface NodeSource {
    /** Hashes of {@code nodes}, in the same order. */
    List<byte[]> hashes(List<Node> nodes);
  }

  /** Materialises a plan: one hash per plan element. */
  public static List<byte[]> resolve(List<List<Node>> plan, NodeSource src) {
    List<Node> all = new ArrayList<>();
    for (List<Node> e : plan) all.addAll(e);
    List<byte[]> hs = all.isEmpty() ? List.of() : src.hashes(all);
    List<byte[]> out = new ArrayList<>(plan.size());
    int p = 0;
    for (List<Node> e : plan) {
      out.add(fold(hs.subList(p, p + e.size())));
      p += e.size();
    }
    return out;
  }

  // ---------------------------------------------------------------- verification (RFC 9162 §2.1.3.2, §2.1.4.2)

  /** Root implied by an inclusion proof, or null when the proof's shape cannot fit (index, size). */
  public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
    if (size <= 0 || index < 0 || index >= size || leafHash == null || leafHash.length != HASH_LEN) return null;
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0 || p == null || p.length != HASH_LEN) return null;
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 ? r : null;
  }

  public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    byte[] r = rootFromInclusion(index, size, leafHash, proof);
    return r != null && root != null && MessageDigest.isEqual(r, root);
  }

  /**
   * Consistency verification. Equal sizes need an empty proof and equal roots (for size 0 the roots
   * must also be the empty-tree hash); 0 &lt; first &lt; second follows the RFC algorithm.
   */
  public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
    if (first < 0 || second < first || firstRoot == null || secondRoot == null || proof == null) return false;
    if (first == second) {
      if (!proof.isEmpty() || !Arrays.equals(firstRoot, secondRoot)) return false;
      return first != 0 || Arrays.equals(firstRoot, emptyRoot());
    }
    if (first == 0 || proof.isEmpty()) return false;
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(first) == 1) path.add(firstRoot);
    path.addAll(proof);
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) return false;
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
  }

  // ---------------------------------------------------------------- incremental root (compact range)

  /**
   * The right frontier of a growing tree: the roots of the perfect subtrees that make up the first
   * {@code size} leaves, largest first (one per set bit of size). Appending costs amortised one
   * node hash and yields the perfect nodes completed by the append.
   */
  public static final class Frontier {
    private long size;
    private final ArrayList<byte[]> stack = new ArrayList<>();

    public Frontier() {}

    public Frontier(long size, List<byte[]> hashes) {
      if (Long.bitCount(size) != hashes.size()) throw new IllegalArgumentException("frontier of size " + size + " needs " + Long.bitCount(size) + " hashes, got " + hashes.size());
      this.size = size;
      stack.addAll(hashes);
    }

    public long size() {
      return size;
    }

    public List<byte[]> hashes() {
      return List.copyOf(stack);
    }

    /** Appends a leaf hash; {@code completed} receives each perfect node (level ≥ 1) it completes. */
    public void append(byte[] leaf, NodeSink completed) {
      byte[] h = leaf;
      long idx = size;
      int level = 0;
      while ((idx & 1) == 1) {
        byte[] left = stack.remove(stack.size() - 1);
        h = nodeHash(left, h);
        idx >>>= 1;
        level++;
        if (completed != null) completed.node(level, idx, h);
      }
      stack.add(h);
      size++;
    }

    /** MTH of the first {@code size} leaves. */
    public byte[] root() {
      if (size == 0) return emptyRoot();
      byte[] r = stack.get(stack.size() - 1);
      for (int i = stack.size() - 2; i >= 0; i--) r = nodeHash(stack.get(i), r);
      return r;
    }

    public String encode() {
      StringBuilder sb = new StringBuilder();
      for (byte[] h : stack) {
        if (sb.length() > 0) sb.append(',');
        sb.append(hex(h));
      }
      return sb.toString();
    }

    public static Frontier decode(long size, String text) {
      List<byte[]> hs = new ArrayList<>();
      if (text != null && !text.isEmpty()) for (String s : text.split(",")) hs.add(unhex(s));
      return new Frontier(size, hs);
    }
  }

  @FunctionalInterface
  public interface NodeSink {
    void node(int level, long index, byte[] hash);
  }

  // ---------------------------------------------------------------- in-memory tree (tests, verifier, bench)

  /** A whole tree in memory: every perfect node per level. Used by the offline verifier and tests. */
  public static final class MemoryTree implements NodeSource {
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final Frontier frontier = new Frontier();

    public MemoryTree() {
      levels.add(new ArrayList<>());
    }

    public long size() {
      return frontier.size();
    }

    public void appendEntry(byte[] entry) {
      appendLeafHash(leafHash(entry));
    }

    public void appendLeafHash(byte[] leaf) {
      levels.get(0).add(leaf);
      frontier.append(leaf, (level, index, hash) -> {
        while (levels.size() <= level) levels.add(new ArrayList<>());
        levels.get(level).add(hash);
      });
    }

    public byte[] leaf(long i) {
      return levels.get(0).get((int) i);
    }

    public byte[] root() {
      return frontier.root();
    }

    /** Root of the first n leaves. */
    public byte[] root(long n) {
      if (n == 0) return emptyRoot();
      if (n > size()) throw new IllegalArgumentException("tree has only " + size() + " leaves");
      return fold(hashes(rangeNodes(0, n)));
    }

    @Override
    public List<byte[]> hashes(List<Node> nodes) {
      List<byte[]> out = new ArrayList<>(nodes.size());
      for (Node nd : nodes) out.add(levels.get(nd.level()).get((int) nd.index()));
      return out;
    }

    public List<byte[]> inclusionProof(long m, long n) {
      if (n > size()) throw new IllegalArgumentException("tree has only " + size() + " leaves");
      return resolve(inclusionPlan(m, n), this);
    }

    public List<byte[]> consistencyProof(long m, long n) {
      if (n > size()) throw new IllegalArgumentException("tree has only " + size() + " leaves");
      return resolve(consistencyPlan(m, n), this);
    }
  }

  /** Reference MTH straight from the RFC definition (recursive; for tests). */
  public static byte[] referenceRoot(List<byte[]> entries) {
    if (entries.isEmpty()) return emptyRoot();
    if (entries.size() == 1) return leafHash(entries.get(0));
    int k = (int) splitPoint(entries.size());
    return nodeHash(referenceRoot(entries.subList(0, k)), referenceRoot(entries.subList(k, entries.size())));
  }
}
