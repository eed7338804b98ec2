package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** search's --filter reads as the API's filters: a field twice is either value (it kept the last), a typo is an error (it was 0 hits). */
class SearchCommandTest {
  @TempDir Path tmp;

  @Test
  void filtersAreReadAsTheApiReadsThem() {
    assertEquals(Map.of("binding", List.of("hard", "soft")), SearchCommand.filters(List.of("binding=hard", "binding=soft", "binding=hard")));
    ApiException value = assertThrows(ApiException.class, () -> SearchCommand.filters(List.of("kind=instrumnet")));
    assertEquals("kind", value.field);
    assertTrue(value.getMessage().contains("instrumnet"), value.getMessage());
    ApiException field = assertThrows(ApiException.class, () -> SearchCommand.filters(List.of("kidn=instrument")));
    assertEquals("--filter", field.field);
    assertTrue(field.getMessage().contains("kidn"), field.getMessage());
    assertEquals("--filter", assertThrows(ApiException.class, () -> SearchCommand.filters(List.of("binding"))).field);
  }

  @Test
  void aFieldGivenTwiceMatchesEitherValue() throws Exception {
    String data = tmp.resolve("store").toString();
    Path seed = tmp.resolve("seed.json");
    try (var in = getClass().getResourceAsStream("/registry/seed/registry-seed.json")) {
      java.nio.file.Files.copy(in, seed);
    }
    assertEquals(0, Main.commandLine().execute("import", "seed", seed.toString(), "--data", data));
    long hard = total(data, "binding=hard"), soft = total(data, "binding=soft"), both = total(data, "binding=hard", "binding=soft");
    assertTrue(hard > 0 && soft > 0, hard + " " + soft);
    assertEquals(hard + soft, both, "a record is hard or soft, never both");
    // signs alone are nothing to search for, as in the API: no hits (every record was listed)
    assertTrue(query(data, "") > 0);
    for (String signs : List.of("\\", "/.*/")) assertEquals(0, query(data, signs), signs);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = Main.commandLine().execute("search", "AI", "--data", data, "--filter", "binding=hrad");
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, rc);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("binding: unknown value 'hrad'"), err.toString(StandardCharsets.UTF_8));
  }

  /** The API's notes (relaxed, near matches, ignored parts, hidden copies) and the jurisdiction were not printed. */
  @Test
  void theAnswersNotesAndJurisdictionArePrinted() {
    var hit = new org.aigov.observatory.registry.SearchIndex.Hit("eu_ai_act", "instrument", "law", Map.of("en", "EU Artificial Intelligence Act"),
        "2024-03-13", "EU", 1f, null, null);
    var r = new org.aigov.observatory.registry.SearchIndex.Result(1, List.of(hit), Map.of(), null, 3L, true, true, List.of("title:", "OR"), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SearchCommand.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("1 hits\n"), text);
    for (String s : List.of("all but one", "near matches", "ignored (not supported): title:, OR", "3 hidden as copies"))
      assertTrue(text.contains(s), s + " in " + text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("eu_ai_act") && l.contains(" EU ") && l.contains("2024-03-13")), text);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    SearchCommand.print(new org.aigov.observatory.registry.SearchIndex.Result(1, List.of(hit), Map.of(), null, 0L),
        new PrintStream(plain, true, StandardCharsets.UTF_8));
    assertFalse(plain.toString(StandardCharsets.UTF_8).contains("note:"), "an exact answer has no notes");
  }

  private static long total(String data, String... filters) {
    return query(data, "", filters);
  }

  private static long query(String data, String q, String... filters) {
    List<String> args = new java.util.ArrayList<>(List.of("search", q, "--data", data, "--json", "--limit", "1"));
    for (String f : filters) {
      args.add("--filter");
      args.add(f);
    }
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.commandLine().execute(args.toArray(new String[0])));
    } finally {
      System.setOut(saved);
    }
    return Json.read(out.toString(StandardCharsets.UTF_8)).get("total").asLong();
  }
}
