package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README §Settings, "The embedded store": the URL it gives is the one the code opens, and its read-only shell URL reads and never writes. */
class EmbeddedStoreDocTest {
  @TempDir
  Path dir;

  @Test
  void theReadmesEmbeddedStoreUrlsMatchTheCodeAndTheShellUrlOnlyReads() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("### The embedded store");
    assertTrue(at > 0, "README has no section on the embedded store");
    String section = readme.substring(at);
    Matcher own = Pattern.compile("\n(jdbc:h2:file:<data>/observatory;[^\\s`]+)\n").matcher(section);
    assertTrue(own.find(), "the server's URL is in the section");
    Matcher shell = Pattern.compile("-url '(jdbc:h2:file:\\./data/observatory;[^']+)'").matcher(section);
    assertTrue(shell.find(), "the shell command is in the section");
    assertTrue(section.contains("-user sa -password ''"), "user and password as the code has them");

    Path data = dir.resolve("data");
    String made;
    try (Db db = Db.embedded(data)) {
      made = db.url;
      db.tx(c -> Sql.update(c, "INSERT INTO settings (name, value) VALUES (?, ?)", "doc-test", "1"));
    }
    assertEquals(own.group(1).replace("<data>", data.toAbsolutePath().toString()), made, "README gives the URL Db.embedded opens");

    Path store = data.resolve("observatory.mv.db");
    byte[] before = Files.readAllBytes(store);
    String url = shell.group(1).replace("./data", data.toAbsolutePath().toString());
    try (var c = DriverManager.getConnection(url, "sa", ""); var st = c.createStatement()) {
      try (var rs = st.executeQuery("SELECT value FROM settings WHERE name = 'doc-test'")) {
        assertTrue(rs.next());
        assertEquals("1", rs.getString(1));
      }
      SQLException refused = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE settings SET value = '2' WHERE name = 'doc-test'"));
      assertNotNull(refused.getMessage());
      assertTrue(refused.getMessage().contains("read only"), refused.getMessage());
    }
    assertEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(Files.readAllBytes(store)), "the read-only shell leaves the file as it was");
  }
  /** The store's folder holds the log's private key: a new one is made 700, a shared one (755) is tightened to 700 with a note. */
  @Test
  void theDataDirectoryIsOwnerOnly() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class));
    Path made = dir.resolve("new/data");
    try (Db db = Db.embedded(made)) {
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
    }
    Path shared = dir.resolve("shared");
    Files.createDirectory(shared);
    Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Db db = Db.embedded(shared)) {
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
    }
    Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    String note = Db.privateDirectory(shared);
    assertNotNull(note);
    assertTrue(note.contains("rwxr-x---") && note.contains("700"), note);
    assertEquals(null, Db.privateDirectory(shared), "an owner-only folder is left alone, without a note");
  }
}
