package org.aigov.observatory.rules;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line names its own commands in errors, not the API's addresses. */
class ClassifyCommandTest {
  @TempDir Path tmp;

  @Test
  void anUnknownProfileFieldPointsToRulesSchema() throws Exception {
    Path profile = Files.writeString(tmp.resolve("p.json"), "{\"jurisdictions\":[\"EU\"],\"profilng\":true}");
    PrintStream e = System.err, o = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      rc = new CommandLine(new ClassifyCommand()).execute(profile.toString());
    } finally {
      System.setErr(e);
      System.setOut(o);
    }
    assertEquals(2, rc, err.toString(StandardCharsets.UTF_8));
    assertEquals("error: " + profile + ": profilng: unknown field; ./observatory rules schema lists the known fields",
        err.toString(StandardCharsets.UTF_8).strip());
  }
}
