package org.aigov.observatory.filings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** V3_5: an account stored under a full-width or padded e-mail before e-mails had one form signs in again. */
class EmailMigrationTest {
  @ParameterizedTest
  @ValueSource(strings = {"h2", "pg"})
  void storedAddressesTakeTheirOneFormUnlessAnotherAccountHoldsIt(String kind) throws Exception {
    try (var old = TestStores.atVersion(kind, "3.4")) {
      String hash = Passwords.hash("correct horse battery");
      try (Connection c = old.connection();
           PreparedStatement ps = c.prepareStatement("INSERT INTO filing_accounts (email, role, password_hash, created_at) VALUES (?,?,?,?)")) {
        for (String email : new String[] {"ｒｅｐ@Example.org ", "ＡＤＭ@example.org", "adm@example.org", "plain@example.org"}) {
          ps.setString(1, email);
          ps.setString(2, "analyst");
          ps.setString(3, hash);
          ps.setTimestamp(4, Timestamp.from(Instant.now()));
          ps.executeUpdate();
        }
      }
      try (Db db = old.open()) {
        assertEquals(java.util.List.of("adm@example.org", "plain@example.org", "rep@example.org", "ＡＤＭ@example.org"),
            db.read(c -> Sql.rows(c, "SELECT email FROM filing_accounts ORDER BY email").stream().map(r -> r.get("email")).toList()));
        Accounts accounts = new Accounts(db, Throttle.standard());
        assertNotNull(accounts.login("ｒｅｐ@example.org", "correct horse battery", "192.0.2.1", null), "the full-width spelling reaches it too");
        assertNotNull(accounts.login("rep@example.org", "correct horse battery", "192.0.2.1", null));
        assertEquals("was ｒｅｐ@Example.org ", db.read(c -> Sql.one(c,
            "SELECT detail FROM filing_audit WHERE event = 'account_email_normalized' AND subject = 'rep@example.org'")).get("detail"));
        assertEquals("another account is adm@example.org; both kept as they are", db.read(c -> Sql.one(c,
            "SELECT detail FROM filing_audit WHERE event = 'account_email_kept' AND subject = 'ＡＤＭ@example.org'")).get("detail"));
        assertEquals(2L, ((Number) db.read(c -> Sql.value(c, "SELECT COUNT(*) FROM filing_audit WHERE event LIKE 'account_email%'"))).longValue());
      }
    }
  }
}
