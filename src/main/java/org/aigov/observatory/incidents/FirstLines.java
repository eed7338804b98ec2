package org.aigov.observatory.incidents;

/**
 * The line on which each id of a file was first seen, kept as a 64-bit hash of the id and an int (12 bytes a slot, where
 * a HashMap of strings took about 120 bytes a row: a 2-million-row reports.csv ran out of a 384 MiB heap, and fits now).
 */
final class FirstLines {
  private long[] keys = new long[1 << 10];
  private int[] lines = new int[1 << 10];
  private int size;

  /** The line {@code id} was first seen on, or 0 when it was not (and {@code line} is recorded as its first). */
  long putIfAbsent(String id, long line) {
    long k = Tokens.hash64(id);
    if (k == 0) k = 1; // 0 marks an empty slot
    if ((size + 1) * 2 > keys.length) grow();
    int mask = keys.length - 1;
    for (int i = (int) Tokens.mix(k) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        keys[i] = k;
        lines[i] = (int) Math.min(Integer.MAX_VALUE, Math.max(1, line));
        size++;
        return 0;
      }
      if (keys[i] == k) return lines[i];
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldLines = lines;
    keys = new long[oldKeys.length * 2];
    lines = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long k = oldKeys[j];
      if (k == 0) continue;
      int i = (int) Tokens.mix(k) & mask;
      while (keys[i] != 0) i = (i + 1) & mask;
      keys[i] = k;
      lines[i] = oldLines[j];
    }
  }
}
