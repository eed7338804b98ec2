package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by an outside QA pass of the command line on 2026-12-06: each of these was taken without a word (exit 0) and
 * changed the store, or failed with a stack trace. Now each is refused in one line naming the option, exit 2 (1 for a
 * database that cannot be reached), and nothing is written.
 */
class IncidentCommandOptionsTest {
  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.commandLine().execute(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void outOfRangeSettingsAreRefusedBeforeAnyStoreIsTouched() {
    String data = tmp.resolve("none").toString();
    String[][] bad = {
        {"cluster", "--threshold", "-1"}, {"cluster", "--threshold", "5"}, {"cluster", "--window-days", "-10"},
        {"cluster", "--embedding-neighbours", "-2"}, {"cluster", "--embedding-weight", "-0.5"},
        {"monitor", "--once", "--alpha", "5"}, {"alerts", "--watch", "-5"}, {"alerts", "--list", "--limit", "0"},
        {"alerts", "--webhook", "https://example.org/hook"}, {"alerts", "--list", "--watch", "5"}};
    for (String[] args : bad) {
      String[] full = java.util.Arrays.copyOf(args, args.length + 2);
      full[args.length] = "--data";
      full[args.length + 1] = data;
      Run r = run(full);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      String option = args[args.length - 2].startsWith("--") ? args[args.length - 2] : args[args.length - 1];
      assertTrue(r.err().contains(option.replace("--", "")), String.join(" ", args) + " names its option: " + r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
      assertFalse(Files.exists(Path.of(data)), String.join(" ", args) + ": no store was made");
    }
  }

  /** Found by the outside QA pass of 2026-12-07: crashes, settings taken that `cluster` refuses, and usage pages after an error. */
  @Test
  void evalSettingsAreCheckedAndUsageMistakesAreOneLine() throws Exception {
    String[][] bad = {{"eval", "--folds", "0"}, {"eval", "--folds", "1"}, {"eval", "--folds", "-1"}, {"eval", "--threshold", "-5"},
        {"eval", "--embedding-weight", "-3"}, {"trends", "--alpha", "abc"}, {"trends", "--bogus"}, {"alerts", "--limit", "x"}};
    for (String[] args : bad) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().startsWith("error: ") && r.err().contains(args[1].replace("--", "")), String.join(" ", args) + ": " + r.err());
      assertFalse(r.err().contains("Usage:") || r.err().contains("\tat "), "one line and a pointer, no usage page: " + r.err());
      assertTrue(r.err().strip().endsWith("see: observatory " + args[0] + " --help"), r.err());
    }
    Run nothing = run("eval", "--skip-linkage", "--skip-classifier");
    assertEquals(2, nothing.code(), nothing.err());
    assertTrue(nothing.err().contains("leave nothing to evaluate"), nothing.err());
    // a store to read: a misspelt topic in --series is refused as the API refuses it, not listed as no alerts
    Path data = tmp.resolve("store");
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(data)) {
      db.read(c -> null);
    }
    Run typo = run("alerts", "--list", "--series", "topic=militray&granularity=month", "--data", data.toString());
    assertEquals(2, typo.code(), typo.err());
    assertTrue(typo.err().contains("militray"), typo.err());
    assertEquals(0, run("alerts", "--list", "--series", "topic=military&granularity=month", "--data", data.toString()).code());
    // an export to a folder, or into a folder that is not there, says so in words
    Run folder = run("export", "incidents", "--out", tmp.toString(), "--data", data.toString());
    assertEquals(2, folder.code(), folder.err());
    assertTrue(folder.err().contains("it is a folder"), folder.err());
    Run missing = run("export", "incidents", "--out", tmp.resolve("no/such/x.csv").toString(), "--data", data.toString());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    Run extra = run("feeds", "list", "extra", "--data", data.toString());
    assertEquals(2, extra.code(), extra.err());
    assertTrue(extra.err().contains("takes no argument, got 'extra'"), extra.err());
  }

  /** `feeds list` says when a feed is catching up through its older pages, and which one it reads next. */
  @Test
  void feedsListSaysWhenAFeedIsCatchingUp() throws Exception {
    Path data = tmp.resolve("feeds");
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(data)) {
      org.aigov.observatory.incidents.Feeds.add(db, "https://peer.example/api/incidents/records.atom?limit=200", "Peer 同行", 900, "t");
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE incident_feeds SET next_page = 'https://peer.example/api/incidents/records.atom?limit=200&before=4711'"));
    }
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.commandLine().execute("feeds", "list", "--data", data.toString());
    } finally {
      System.setOut(out);
    }
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, printed);
    assertTrue(printed.contains("Peer 同行"), printed);
    assertTrue(printed.contains("    catching up: the next round reads its older page https://peer.example/api/incidents/records.atom?limit=200&before=4711;"
        + " its own URL next at 20"), printed);
  }

  /** A store another build migrated (a migration changed since) is one line naming the mismatch, not a stack trace. */
  @Test
  void aStoreWhoseMigrationsDoNotMatchIsOneLine() throws Exception {
    Path data = tmp.resolve("other-build");
    try (org.aigov.observatory.kernel.Db db = org.aigov.observatory.kernel.Db.embedded(data)) {
      db.tx(c -> org.aigov.observatory.kernel.Sql.update(c, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '4.27'"));
    }
    Run r = run("cluster", "--data", data.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: cannot open the store: its schema does not match this build's migrations (")
        && r.err().contains("4.27"), r.err());
  }

  @Test
  void clusterOnAMistypedDataFolderMakesNoStore() {
    Run r = run("cluster", "--data", tmp.resolve("typo").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("no store at"), r.err());
    assertFalse(Files.exists(tmp.resolve("typo")));
    Run scan = run("alerts", "--no-deliver", "--data", tmp.resolve("typo2").toString());
    assertEquals(2, scan.code(), scan.err());
    assertFalse(Files.exists(tmp.resolve("typo2")), "a scan of a mistyped folder makes no store either");
  }

  @Test
  void aJdbcUrlIsPostgresAndAFailureIsOneLineWithoutThePassword() {
    Run h2 = run("trends", "--jdbc-url", "jdbc:h2:" + tmp.resolve("x"), "--data", tmp.toString());
    assertEquals(2, h2.code(), h2.err());
    assertTrue(h2.err().contains("--jdbc-url") && h2.err().contains("PostgreSQL"), h2.err());
    // a port nothing listens on: one line, the password hidden
    Run down = run("trends", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?user=u&password=s3cret", "--data", tmp.toString());
    assertEquals(1, down.code(), down.err());
    assertTrue(down.err().startsWith("error: cannot use the database jdbc:postgresql://127.0.0.1:1/none?user=u&password=***"), down.err());
    assertFalse(down.err().contains("s3cret") || down.err().contains("\tat "), down.err());
    assertEquals(1, down.err().strip().lines().count(), down.err());
    // user:password@ is no PostgreSQL URL: said so, and the password is not printed (the driver's failure had shown it)
    Run authority = run("trends", "--jdbc-url", "jdbc:postgresql://alice:S3cretPw@127.0.0.1:5432/qa", "--data", tmp.toString());
    assertEquals(2, authority.code(), authority.err());
    assertTrue(authority.err().contains("does not read user:password@") && authority.err().contains("alice:***@127.0.0.1"), authority.err());
    assertFalse(authority.err().contains("S3cretPw"), authority.err());
    Run unknown = run("trends", "--jdbc-url", "jdbc:postgresql://nosuchhost.invalid:5432/qa?user=postgres", "--data", tmp.toString());
    assertEquals(1, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains(": unknown host nosuchhost.invalid"), unknown.err());
  }
}
