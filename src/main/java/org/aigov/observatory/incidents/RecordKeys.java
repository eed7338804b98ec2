package org.aigov.observatory.incidents;

/**
 * The look-up table of records by URL key and content hash ({@code incident_record_keys}, migration
 * V4_15): one narrow row (64-bit key, record id) per key instead of two indexes on the wide records
 * table. After a bulk load H2 builds an index by scanning every row of its table; here that is 16
 * bytes a row instead of the whole record, which halved the two builds (docs/benchmarks.md). A key
 * can match records whose full key differs, so every look-up compares the full key on the record.
 */
public final class RecordKeys {
  private RecordKeys() {}

  static final String INDEX = "incident_record_keys_k";
  static final String CREATE_INDEX = "CREATE INDEX IF NOT EXISTS " + INDEX + " ON incident_record_keys (k, record_id)";

  /**
   * The key of a SHA-256 hex value: its first 64 bits; any other text (never written by the product) is
   * hashed; null is 0. Also the 64-bit prefixes of the ingest's in-memory key sets.
   */
  public static long of(String value) {
    if (value == null) return 0;
    if (value.length() >= 16) {
      try {
        return Long.parseUnsignedLong(value.substring(0, 16), 16);
      } catch (NumberFormatException notHex) {
        // fall through
      }
    }
    return Tokens.hash64(value);
  }
}
