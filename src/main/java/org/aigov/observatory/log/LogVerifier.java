package org.aigov.observatory.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aigov.observatory.kernel.CanonicalJson;
import org.aigov.observatory.kernel.Json;

/**
 * Offline verification of exported entries against signed heads: recomputes every leaf and the
 * root at each head's size, and checks head signatures. Needs nothing but the entries, the heads
 * and (optionally) the public key.
 */
public final class LogVerifier {
  private LogVerifier() {}

  /**
   * One exported entry. {@code leafHash} and {@code treeRoot} (root of the tree ending with this
   * entry) are what the server recorded, when the export carries them; they let the verifier name
   * the exact first bad index instead of a range between heads.
   */
  public record ExportedEntry(long index, String entry, String leafHash, String treeRoot) {
    public ExportedEntry(long index, String entry, String leafHash) {
      this(index, entry, leafHash, null);
    }
  }

  public static final class Result {
    public final List<String> problems = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    public long firstBadIndex = -1;
    /** When only a range is known (no leaf hashes, a head's root differs): its last index; -1 when firstBadIndex is exact. */
    public long firstBadEnd = -1;
    public long entries;
    public String root;

    public boolean ok() {
      return problems.isEmpty();
    }

    void bad(long index, String msg) {
      badRange(index, -1, msg);
    }

    void badRange(long index, long end, String msg) {
      // the narrowest: an earlier index, or the same one known exactly or within a shorter range
      if (index >= 0 && (firstBadIndex < 0 || index < firstBadIndex
          || index == firstBadIndex && firstBadEnd >= 0 && (end < 0 || end < firstBadEnd))) {
        firstBadIndex = index;
        firstBadEnd = end;
      }
      problems.add(msg);
    }

    /** "first bad index 13", or "the first bad index lies in 0..19" when only a range is known. */
    public String firstBad() {
      if (firstBadIndex < 0) return null;
      return firstBadEnd >= 0 ? "the first bad index lies in " + firstBadIndex + ".." + firstBadEnd : "first bad index " + firstBadIndex;
    }
  }

  public static Result verify(List<ExportedEntry> entries, List<SignedHead> heads, PublicKey key) {
    Result r = new Result();
    List<ExportedEntry> es = new ArrayList<>(entries);
    es.sort(Comparator.comparingLong(ExportedEntry::index));
    List<SignedHead> hs = new ArrayList<>(heads);
    hs.sort(Comparator.comparingLong(SignedHead::treeSize));
    for (SignedHead h : hs) {
      if (key == null) {
        r.notes.add("no public key given: signature of head tree_size " + h.treeSize() + " not checked");
      } else if (!LogKeys.verifyHead(key, h)) {
        String own = LogKeys.keyId(LogKeys.rawPublic(key));
        r.bad(-1, h.keyId() != null && !h.keyId().equals(own)
            ? "the head for tree_size " + h.treeSize() + " names key_id " + h.keyId() + " but the given key's id is " + own + " (the key ids differ)"
            : "signature of the head for tree_size " + h.treeSize() + " does not verify with the given key");
      }
    }
    Merkle.Frontier f = new Merkle.Frontier();
    int hi = 0;
    long goodSize = 0;
    long leafEvidence = -1;
    while (hi < hs.size() && hs.get(hi).treeSize() == 0) {
      if (!hs.get(hi).rootHash().equals(Merkle.hex(Merkle.emptyRoot()))) r.bad(0, "head for tree_size 0 does not carry the empty-tree root");
      hi++;
    }
    ExportedEntry previous = null;
    long repeated = 0;
    boolean stopped = false;
    for (ExportedEntry e : es) {
      // overlapping pages give some entries twice: the same entry twice is read once; two different texts are a mismatch
      if (previous != null && e.index() == previous.index() && e.equals(previous)) {
        repeated++;
        continue;
      }
      previous = e;
      if (e.index() != f.size()) {
        if (e.index() < f.size()) r.bad(e.index(), "index " + e.index() + " appears twice, with different contents");
        else r.bad(f.size(), "entry " + f.size() + " is missing (next given index is " + e.index() + ")");
        stopped = true;
        break;
      }
      byte[] leaf = Merkle.leafHash(e.entry().getBytes(StandardCharsets.UTF_8));
      if (e.leafHash() != null && !e.leafHash().equals(Merkle.hex(leaf))) {
        r.bad(e.index(), "index " + e.index() + ": entry text does not hash to the leaf hash the log committed to");
        if (leafEvidence < 0) leafEvidence = e.index();
      }
      try {
        if (!CanonicalJson.of(Json.MAPPER.readTree(e.entry())).equals(e.entry())) r.notes.add("index " + e.index() + ": entry is not RFC 8785 canonical");
      } catch (Exception ex) {
        r.notes.add("index " + e.index() + ": entry is not JSON");
      }
      f.append(leaf, null);
      if (e.treeRoot() != null && leafEvidence < 0 && !e.treeRoot().equals(Merkle.hex(f.root()))) {
        leafEvidence = e.index();
        r.bad(e.index(), "index " + e.index() + ": the root of the first " + f.size() + " entries differs from the root the log recorded for this entry");
      }
      while (hi < hs.size() && hs.get(hi).treeSize() == f.size()) {
        SignedHead h = hs.get(hi++);
        String root = Merkle.hex(f.root());
        if (!root.equals(h.rootHash())) {
          if (leafEvidence < 0 || leafEvidence < goodSize) {
            r.badRange(goodSize, h.treeSize() - 1, "root of the first " + h.treeSize() + " entries is " + root + " but the signed head says " + h.rootHash()
                + ": the first bad index lies in " + goodSize + ".." + (h.treeSize() - 1)
                + (goodSize > 0 ? " (the first " + goodSize + " entries match an earlier head)" : ""));
          } else {
            r.bad(leafEvidence, "root of the first " + h.treeSize() + " entries differs from the signed head " + h.rootHash());
          }
        } else {
          goodSize = h.treeSize();
        }
      }
    }
    if (repeated > 0) r.notes.add(repeated + (repeated == 1 ? " entry was" : " entries were") + " given twice, identical (overlapping pages): read once");
    r.entries = f.size();
    r.root = Merkle.hex(f.root());
    long covered = hs.isEmpty() ? f.size() : hs.get(hs.size() - 1).treeSize();
    if (f.size() > covered) // anyone can append lines to a file: what no signed head covers is not verified, so not "OK"
      r.bad(covered, "entries " + covered + ".." + (f.size() - 1) + " lie past every signed head (the largest covers " + covered
          + "): nothing vouches for them; give a newer head, or only the entries below " + covered);
    // reading stopped at a bad index: the entries after it were given but not read, so none is "missing"
    if (stopped && hi < hs.size()) r.notes.add("reading stopped at index " + f.size() + "; the entries after it were not checked against the signed head");
    for (; hi < hs.size() && !stopped; hi++) {
      r.bad(f.size(), "the signed head covers " + hs.get(hi).treeSize() + " entries but only " + f.size()
          + " were given: first missing index " + f.size());
    }
    return r;
  }

  /**
   * Reads entries exported by GET /api/log/entries: one page object ({"entries":[...]}), an array of
   * entries, or JSON lines (each an entry object or a page object).
   */
  public static List<ExportedEntry> readEntries(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<ExportedEntry> out = new ArrayList<>();
    JsonNode whole = null;
    try {
      whole = Json.MAPPER.readTree(text);
      // readTree stops after the first value; JSON lines have more
      try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(text)) {
        it.next();
        if (it.hasNext()) whole = null;
      }
    } catch (Exception e) {
      whole = null;
    }
    if (whole != null) {
      addAll(whole, out, file.toString());
      return out;
    }
    int line = 0;
    for (String l : text.split("\n", -1)) {
      line++;
      if (l.isBlank()) continue;
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(l);
      } catch (Exception e) {
        throw new IllegalArgumentException(file + " line " + line + ": not JSON (" + e.getMessage().split("\n")[0] + ")");
      }
      addAll(n, out, file + " line " + line);
    }
    return out;
  }

  private static void addAll(JsonNode n, List<ExportedEntry> out, String where) {
    if (n.isObject() && n.has("entries")) n = n.get("entries");
    if (n.isArray()) {
      int i = 0;
      for (JsonNode e : n) out.add(one(e, where + " entries[" + i++ + "]"));
    } else {
      out.add(one(n, where));
    }
  }

  private static ExportedEntry one(JsonNode e, String where) {
    if (!e.isObject()) throw new IllegalArgumentException(where + ": expected an object with index and entry");
    JsonNode idx = e.get("index");
    JsonNode entry = e.get("entry");
    if (idx == null || !idx.canConvertToLong() || idx.asLong() < 0) throw new IllegalArgumentException(where + ".index: missing or not a non-negative integer");
    if (entry == null || !entry.isTextual()) throw new IllegalArgumentException(where + ".entry: missing or not a string (the exact canonical JSON text)");
    JsonNode lh = e.get("leaf_hash");
    JsonNode tr = e.get("tree_root");
    return new ExportedEntry(idx.asLong(), entry.asText(), lh == null || lh.isNull() ? null : lh.asText(),
        tr == null || tr.isNull() ? null : tr.asText());
  }

  public static SignedHead readHead(Path file) throws IOException {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")");
    }
    try {
      return SignedHead.fromJson(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }
}
