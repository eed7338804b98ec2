package org.aigov.observatory.kernel;

import java.sql.Connection;

/**
 * Receives every published change inside the writer's transaction, so that the change and what the
 * sink records (the transparency log entry) commit or roll back together.
 */
@FunctionalInterface
public interface PublishedChangeSink {
  void published(Connection tx, PublishedChange change) throws Exception;

  /** Many changes of one transaction, in order; sinks that can batch (the log) override this. */
  default void publishedAll(Connection tx, java.util.List<PublishedChange> changes) throws Exception {
    for (PublishedChange c : changes) published(tx, c);
  }

  PublishedChangeSink NONE = (tx, change) -> {};
}
