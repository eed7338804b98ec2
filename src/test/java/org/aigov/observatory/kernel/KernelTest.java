package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class KernelTest {
  @Test
  void partialDatesKeepTheirPrecision() {
    assertEquals("year", PartialDate.parse("2023", "d").precision());
    assertEquals("2023-10", PartialDate.parse("2023-10", "d").toString());
    assertEquals("2023-10-30", PartialDate.parse("2023-10-30", "d").toString());
    assertTrue(PartialDate.parse("2023", "d").compareTo(PartialDate.parse("2023-02", "d")) < 0);
  }

  @Test
  void badDatesNameTheField() {
    ApiException e = assertThrows(ApiException.class, () -> PartialDate.parse("2023-02-30", "date_effective"));
    assertEquals("date_effective", e.field);
    assertEquals(400, e.status);
    assertThrows(ApiException.class, () -> PartialDate.parse("30/10/2023", "date"));
    assertThrows(ApiException.class, () -> PartialDate.parse("2023-13", "date"));
  }

  @Test
  void canonicalJsonSortsKeysAndFormatsNumbersLikeEcmaScript() {
    assertEquals("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":\"\\n\"}}",
        CanonicalJson.of(Json.read("{\"c\":{\"d\":\"\\n\"},\"b\":[true,null,\"x\"],\"a\":1}")));
    assertEquals("1e+21", CanonicalJson.number(1e21));
    assertEquals("0.000001", CanonicalJson.number(0.000001));
    assertEquals("1e-7", CanonicalJson.number(1e-7));
    assertEquals("123.456", CanonicalJson.number(123.456));
    assertEquals("-0.5", CanonicalJson.number(-0.5));
    // RFC 8785 sorts by UTF-16 code units: "\u20ac" (euro) before "\ud83d\ude00" (emoji) and after "\r"
    assertEquals("{\"\\r\":1,\"€\":2,\"😀\":3}", CanonicalJson.of(Json.read("{\"😀\":3,\"€\":2,\"\\r\":1}")));
  }

  /** A command given --jdbc-url but no --data must not read the embedded store's search index beside it. */
  @Test
  void eachStoreHasItsOwnIndexFolder() {
    DataOptions embedded = new DataOptions(), pg = new DataOptions(), other = new DataOptions();
    embedded.data = pg.data = other.data = java.nio.file.Path.of("/srv/obs/data");
    pg.jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/obs?user=postgres";
    other.jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/other?user=postgres";
    assertEquals(java.nio.file.Path.of("/srv/obs/data"), embedded.indexDir());
    assertEquals(java.nio.file.Path.of("/srv/obs/data"), pg.indexDir().getParent());
    assertNotEquals(embedded.indexDir(), pg.indexDir());
    assertNotEquals(pg.indexDir(), other.indexDir());
    assertEquals(pg.indexDir(), DataOptions.indexDir(pg.dataDir(), " " + pg.jdbcUrl), "the same database, the same folder");
  }

  /** `admin-token`: a leaked first-start token (it never expires) stops working, and the new one works. */
  @Test
  void rotatingTheAdminTokenRevokesEveryEarlierOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String first;
    try (Db db = Db.embedded(dir)) {
      first = new Tokens(db).ensureAdmin().orElseThrow();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream was = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    int rc;
    try {
      rc = org.aigov.observatory.cli.Main.commandLine().execute("admin-token", "--data", dir.toString());
    } finally {
      System.setOut(was);
    }
    assertEquals(0, rc);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(obs_\\S+)").matcher(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(m.find(), out.toString());
    try (Db db = Db.embedded(dir)) {
      Tokens t = new Tokens(db);
      assertTrue(t.verify(first).isEmpty(), "the first start's token is revoked");
      assertEquals("admin", t.verify(m.group(1)).orElseThrow().role());
      assertTrue(t.ensureAdmin().isEmpty(), "a restart does not print another");
    }
  }

  @Test
  void tokensAreStoredAsHashesAndCanBeRevoked() throws Exception {
    try (Db db = TestStores.h2()) {
      Tokens t = new Tokens(db);
      String admin = t.ensureAdmin().orElseThrow();
      assertTrue(t.ensureAdmin().isEmpty(), "a second admin token must not be made");
      assertEquals("admin", t.verify(admin).orElseThrow().role());
      assertTrue(t.verify(admin + "x").isEmpty());
      assertTrue(t.verify("obs_forged").isEmpty());
      String stored = db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT token_hash FROM api_tokens")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertNotEquals(admin, stored);
      assertEquals(Hashing.sha256Hex(admin), stored);
      assertTrue(t.revoke(admin));
      assertTrue(t.verify(admin).isEmpty());
      String expired = t.create("old", "reviewer", null, java.time.Instant.now().minusSeconds(5));
      assertTrue(t.verify(expired).isEmpty());
    }
  }
}
