package org.aigov.observatory.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command checks what the API checks: a jurisdiction as the registry spells it, or an error naming it. */
class AnalyzeCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out) {}

  private Run run(String... args) {
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--data";
      all[args.length + 1] = tmp.resolve("store").toString();
      return new Run(org.aigov.observatory.cli.Main.commandLine().execute(all), printed.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void pathsTakeJurisdictionsAsTheRegistrySpellsThem() {
    Run us = run("analyze", "paths", "--jurisdictions", "us", "--format", "csv", "--table", "paths_profiles");
    assertEquals(0, us.code(), us.out());
    assertTrue(us.out().lines().anyMatch(l -> l.startsWith("US,")), us.out());
    assertEquals(2, run("analyze", "paths", "--jurisdictions", "XX,us", "--format", "csv").code(), "an unknown code is an error, not zeros");
    assertEquals(2, run("analyze", "paths", "--table", "paths_profiles").code(), "--table needs --format csv");
  }
}
