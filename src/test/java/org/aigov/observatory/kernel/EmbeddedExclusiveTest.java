package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Db#exclusive} on the embedded store holds across processes, as a command beside the server shares the store
 * (an editor's merge during another process's clustering write had been lost; outside QA, 2026-12-07).
 */
class EmbeddedExclusiveTest {
  static final long KEY = 0x6f62732d636c7573L;

  @Test
  void anotherProcessHoldingTheLockMakesThisOneWait(@TempDir Path dir) throws Exception {
    try (Db db = Db.embedded(dir)) {
      db.read(c -> c.isValid(1)); // the store exists before the other process opens it
      Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), Holder.class.getName(), dir.toString()).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("held")) {
          // the other JVM's start-up lines
        }
        assertEquals("held", line, "the other process took the lock");
        long t0 = System.nanoTime();
        long waitedMs = db.exclusive(KEY, () -> (System.nanoTime() - t0) / 1_000_000);
        assertTrue(waitedMs >= 1000, "waited for the other process's 2 s hold: " + waitedMs + " ms");
        assertEquals(0, other.waitFor());
        // nested on one thread: no second lock on the file, no deadlock
        assertEquals("inner", db.exclusive(KEY, () -> db.exclusive(KEY, () -> "inner")));
      } finally {
        other.destroyForcibly();
      }
    }
  }

  /** Opens the store beside the test's, takes the lock, says so, holds it 2 s. */
  public static final class Holder {
    public static void main(String[] args) {
      try (Db db = Db.embedded(Path.of(args[0]))) {
        db.exclusive(KEY, () -> {
          System.out.println("held");
          System.out.flush();
          try {
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
      }
    }
  }
}
