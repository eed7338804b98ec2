package org.aigov.observatory.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `serve` on a port another process holds: one line naming the port, exit 2, no token, no store opened. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void aPortInUseIsOneLineAndExitTwoBeforeTheStoreOpens() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    PrintStream o = System.out, e = System.err;
    int rc;
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        rc = Main.commandLine().execute("serve", "--data", data.toString(), "--port", String.valueOf(taken.getLocalPort()),
            "--host", "127.0.0.1", "--no-bundled", "--monitor-every", "0");
      } finally {
        System.setOut(o);
        System.setErr(e);
      }
      String said = err.toString(StandardCharsets.UTF_8).strip();
      assertEquals(2, rc, said);
      assertEquals(1, said.lines().count(), said);
      assertTrue(said.startsWith("error: port " + taken.getLocalPort() + " is in use: "), said);
      assertTrue(said.contains("--port"), said);
    }
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("token"), out.toString(StandardCharsets.UTF_8));
    try (var files = Files.list(data)) {
      assertEquals(0, files.count(), "no store was created");
    }
  }

  @Test
  void aPortOutOfRangeNamesTheOption() {
    assertEquals("--port: expected 0 to 65535, found 70000", check("70000"));
  }

  private static String check(String port) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.commandLine().execute("serve", "--port", port));
    } finally {
      System.setErr(e);
    }
    return err.toString(StandardCharsets.UTF_8).strip().replaceFirst("^error: ", "");
  }
}
