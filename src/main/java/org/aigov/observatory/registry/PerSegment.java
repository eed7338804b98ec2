package org.aigov.observatory.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;

/** Values derived once from an immutable segment, kept while the segment is open and dropped with it. */
final class PerSegment<T> {
  interface Decoder<T> {
    T decode(LeafReader reader) throws IOException;
  }

  private final Map<Object, T> cache = new ConcurrentHashMap<>();
  private final Decoder<T> decoder;

  PerSegment(Decoder<T> decoder) {
    this.decoder = decoder;
  }

  T get(LeafReader reader) throws IOException {
    IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
    if (helper == null) return decoder.decode(reader);
    Object key = helper.getKey();
    T value = cache.get(key);
    if (value == null) {
      value = decoder.decode(reader);
      T raced = cache.putIfAbsent(key, value);
      if (raced != null) return raced;
      helper.addClosedListener(cache::remove);
    }
    return value;
  }

  int size() {
    return cache.size();
  }
}
