package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aigov.observatory.filings.Accounts;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Owned by the filings module. E-mails are kept in one form (NFKC, trimmed, lower case) since 2026-12-03; an account
 * stored before under a full-width or padded address no longer matched at sign-in. Each such address takes its one
 * form, unless another account already holds it: then both stay as they are (an admin decides) and the history says so.
 * Java, not SQL: the form is computed as the product computes it.
 */
public class V3_5__filings_email_nfkc extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    Map<Long, String> stored = new LinkedHashMap<>();
    try (PreparedStatement sel = c.prepareStatement("SELECT id, email FROM filing_accounts ORDER BY id");
         ResultSet rs = sel.executeQuery()) {
      while (rs.next()) stored.put(rs.getLong(1), rs.getString(2));
    }
    java.util.Set<String> taken = new java.util.HashSet<>(stored.values());
    try (PreparedStatement up = c.prepareStatement("UPDATE filing_accounts SET email = ? WHERE id = ?")) {
      for (Map.Entry<Long, String> a : stored.entrySet()) {
        String now = Accounts.normEmail(a.getValue());
        if (now.equals(a.getValue())) continue;
        boolean clash = taken.contains(now);
        if (!clash) {
          up.setString(1, now);
          up.setLong(2, a.getKey());
          up.executeUpdate();
          taken.remove(a.getValue());
          taken.add(now);
        }
        if (clash) Accounts.audit(c, "account_email_kept", null, a.getValue(), null, "another account is " + now + "; both kept as they are");
        else Accounts.audit(c, "account_email_normalized", null, now, null, "was " + a.getValue());
      }
    }
  }
}
