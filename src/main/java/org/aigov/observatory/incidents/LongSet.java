package org.aigov.observatory.incidents;

/** Open-addressing set of longs (64-bit key prefixes): 8 bytes a key instead of a String per key. */
final class LongSet {
  private long[] keys = new long[1 << 12];
  private boolean hasZero;
  private int size;

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  boolean contains(long k) {
    if (k == 0) return hasZero;
    int mask = keys.length - 1;
    for (int i = (int) Tokens.mix(k) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0) return false;
      if (keys[i] == k) return true;
    }
  }

  void add(long k) {
    if (k == 0) {
      hasZero = true;
      return;
    }
    if ((size + 1) * 2 > keys.length) grow();
    int mask = keys.length - 1;
    for (int i = (int) Tokens.mix(k) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        keys[i] = k;
        size++;
        return;
      }
      if (keys[i] == k) return;
    }
  }

  private void grow() {
    long[] old = keys;
    keys = new long[old.length * 2];
    size = 0;
    for (long k : old) if (k != 0) add(k);
  }
}
