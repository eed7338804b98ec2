package org.aigov.observatory.kernel;

import java.sql.Connection;

/**
 * Receives every published change inside the writer's transaction, so that the change and what the
 * sink records (the transparency log entry) commit or roll back together.
 */
@FunctionalInterface
public interface PublishedChangeSink {
  void published(Connection tx, PublishedChange change) throws Exception;

  PublishedChangeSink NONE = (tx, change) -> {};
}
