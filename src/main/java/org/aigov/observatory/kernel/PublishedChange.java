package org.aigov.observatory.kernel;

import java.time.Instant;

/**
 * One change made public: a record reaching a new version. {@code contentHash} is the lower-case
 * hex SHA-256 of the canonical JSON (RFC 8785) of the new version. {@code action} is one of
 * create, update, delete, publish.
 */
public record PublishedChange(String recordId, long version, String contentHash, String actor, Instant time,
    String action) {}
