package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OBS_SECURE_COOKIE is read strictly: "maybe" had silently meant true. */
class SecureCookieSettingTest {
  @Test
  void valuesAreTrueFalseOrAnError() {
    assertTrue(FilingsRoutes.Config.secureCookie(null));
    assertTrue(FilingsRoutes.Config.secureCookie(" TRUE "));
    assertFalse(FilingsRoutes.Config.secureCookie("false"));
    assertFalse(FilingsRoutes.Config.secureCookie("0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilingsRoutes.Config.secureCookie("maybe"));
    assertEquals("OBS_SECURE_COOKIE: expected true or false, got 'maybe'", e.getMessage());
  }

  @Test
  void aBadValueStopsTheServerStartBeforeTheStoreOpens(@TempDir Path tmp) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setProperty("obs.secureCookie", "maybe");
      FilingsRoutes.Config.SECURE_COOKIE.reload();
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = org.aigov.observatory.cli.Main.commandLine().execute("serve", "--port", "0", "--data", tmp.resolve("d").toString());
      assertEquals(2, code);
      assertFalse(Files.exists(tmp.resolve("d")), "no store was opened");
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("error: OBS_SECURE_COOKIE: expected true or false, got 'maybe'"), err.toString());
    } finally {
      System.setErr(old);
      System.clearProperty("obs.secureCookie");
      FilingsRoutes.Config.SECURE_COOKIE.reload();
    }
  }
}
