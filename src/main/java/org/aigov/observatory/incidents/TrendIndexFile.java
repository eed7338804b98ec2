package org.aigov.observatory.incidents;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The trend index of an embedded store, kept beside it ({@code trends-index.bin}) so that a new process (a {@code trends}
 * or {@code alerts} command, a restarted server) reads it instead of rebuilding it from the incidents table: 8.5 s of a
 * {@code trends} command's 10.5 s over 10^6 incidents went to the build. A file is used only when its generation is the
 * store's current one; a file that is truncated, corrupt or of another format is ignored (the index is rebuilt and the
 * file rewritten), so it can never change an answer.
 */
final class TrendIndexFile {
  static final String NAME = "trends-index.bin";
  private static final long MAGIC = 0x4f42535452454e44L; // "OBSTREND"
  // 2: month-only dates; 3: joined facet cells split (both 2026-12-06); 4: the glossary's variants named (2026-12-07).
  // An older file is rebuilt, and so is one built under another canonical column (its counts merged other spellings).
  private static final int FORMAT = 4;
  private TrendIndexFile() {}

  /** Writes {@code idx} to a temporary file in {@code dir}, then moves it over the old one. */
  static void save(Path dir, Trends.Index idx) throws IOException {
    removeAbandoned(dir);
    Path tmp = Files.createTempFile(dir, NAME + ".", ".tmp");
    try {
      CRC32 crc = new CRC32();
      try (OutputStream raw = Files.newOutputStream(tmp);
           DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 20), crc))) {
        out.writeLong(MAGIC);
        out.writeInt(FORMAT);
        out.writeLong(idx.generation);
        out.writeLong(FacetLabels.vocabulary());
        ints(out, idx.day, idx.n);
        ints(out, idx.days, idx.days.length);
        for (java.util.BitSet bits : new java.util.BitSet[] {idx.yearOnly, idx.monthOnly}) {
          long[] words = bits.toLongArray();
          out.writeInt(words.length);
          for (long w : words) out.writeLong(w);
        }
        out.writeInt(Trends.FACETS.size());
        for (String f : Trends.FACETS) {
          string(out, f);
          String[] values = idx.values.get(f);
          out.writeInt(values.length);
          for (String v : values) string(out, v);
          ints(out, idx.offsets.get(f), idx.offsets.get(f).length);
          ints(out, idx.codes.get(f), idx.codes.get(f).length);
        }
        out.writeLong(crc.getValue()); // of every byte before it
      }
      try {
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Temporary files of a writer that was killed (a write takes well under a second): each could be as large as the index. */
  static void removeAbandoned(Path dir) throws IOException {
    long before = System.currentTimeMillis() - 10 * 60_000L;
    try (var tmps = Files.newDirectoryStream(dir, NAME + ".*.tmp")) {
      for (Path p : tmps) {
        try {
          if (Files.getLastModifiedTime(p).toMillis() < before) Files.deleteIfExists(p);
        } catch (IOException e) {
          // another process removed it first
        }
      }
    }
  }

  /** The index stored in {@code dir} if it is whole and of generation {@code gen}; else null. */
  static Trends.Index load(Path dir, long gen) {
    return load(dir, gen, FacetLabels.vocabulary());
  }

  static Trends.Index load(Path dir, long gen, long vocabulary) {
    Path file = dir.resolve(NAME);
    if (!Files.isRegularFile(file)) return null;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 36 || size > Integer.MAX_VALUE) return null;
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      if (map.getLong(0) != MAGIC || map.getInt(8) != FORMAT || map.getLong(12) != gen || map.getLong(20) != vocabulary) return null;
      CRC32 crc = new CRC32();
      crc.update(map.duplicate().limit((int) size - 8));
      if (crc.getValue() != map.getLong((int) size - 8)) return null;
      ByteBuffer in = map.duplicate().position(28).limit((int) size - 8);
      Trends.Index idx = new Trends.Index(gen);
      idx.day = ints(in);
      idx.n = idx.day.length;
      idx.days = ints(in);
      for (int i = 1; i < idx.days.length; i++) if (idx.days[i - 1] >= idx.days[i]) return null;
      idx.yearOnly = bits(in);
      idx.monthOnly = bits(in);
      if (len(in, 1) != Trends.FACETS.size()) return null;
      for (String f : Trends.FACETS) {
        if (!f.equals(string(in))) return null;
        String[] values = new String[len(in, 4)];
        for (int i = 0; i < values.length; i++) values[i] = string(in);
        int[] off = ints(in), codes = ints(in);
        if (off.length != idx.n + 1 || off[0] != 0 || off[idx.n] != codes.length) return null;
        for (int i = 0; i < idx.n; i++) if (off[i] > off[i + 1]) return null;
        for (int c : codes) if (c < 0 || c >= values.length) return null;
        idx.values.put(f, values);
        idx.offsets.put(f, off);
        idx.codes.put(f, codes);
      }
      if (in.hasRemaining()) return null;
      return Trends.derive(idx) ? idx : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable: rebuilt from the store
    }
  }

  private static java.util.BitSet bits(ByteBuffer in) {
    long[] words = new long[len(in, 8)];
    in.asLongBuffer().get(words);
    in.position(in.position() + 8 * words.length);
    return java.util.BitSet.valueOf(words);
  }

  private static void ints(DataOutputStream out, int[] a, int n) throws IOException {
    out.writeInt(n);
    byte[] buf = new byte[4 * Math.min(n, 1 << 14)];
    for (int i = 0; i < n; ) {
      int m = Math.min(n - i, buf.length / 4);
      ByteBuffer.wrap(buf).asIntBuffer().put(a, i, m);
      out.write(buf, 0, 4 * m);
      i += m;
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** A count of items of {@code unit} bytes or more each; never more than the rest of the file holds, whatever it says. */
  private static int len(ByteBuffer in, int unit) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / unit) throw new IllegalStateException("length " + n);
    return n;
  }

  private static int[] ints(ByteBuffer in) {
    int[] a = new int[len(in, 4)];
    in.asIntBuffer().get(a);
    in.position(in.position() + 4 * a.length);
    return a;
  }

  private static String string(ByteBuffer in) {
    byte[] b = new byte[len(in, 1)];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
