package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LibraryNotesTest {
  @Test
  void lucenesStartUpNotesAreQuietButItsWarningsAreNot() {
    Main.quietLibraryNotes();
    Logger store = Logger.getLogger("org.apache.lucene.store.MemorySegmentIndexInputProvider");
    Logger vectors = Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");
    assertFalse(store.isLoggable(Level.INFO), "the MemorySegment note is an INFO line on every command");
    assertTrue(store.isLoggable(Level.WARNING), "a warning about the index still reaches the user");
    assertFalse(vectors.isLoggable(Level.WARNING), "'please update Apache Lucene' is not the user's to act on");
    assertTrue(vectors.isLoggable(Level.SEVERE));
  }
}
