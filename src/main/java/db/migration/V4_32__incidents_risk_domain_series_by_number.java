package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aigov.observatory.incidents.Trends;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Owned by the incidents module. A series names its risk domain by number ("risk_domain=4"), however it was given: a
 * subscription by the label ("risk_domain=4. malicious actors & misuse") was a second series beside the number's, and
 * each spike was raised and delivered twice. Re-keys subscriptions and alerts; an alert whose number-keyed twin exists
 * (same period) keeps its old key, so no alert and no delivery is lost. Java, not SQL: the key is the product's.
 */
public class V4_32__incidents_risk_domain_series_by_number extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    for (String table : new String[] {"incident_subscriptions", "incident_alerts"}) {
      Map<Long, String> rekey = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, series_key FROM " + table + " WHERE series_key LIKE '%risk_domain=%'");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String before = rs.getString(2), after = rekeyed(before);
          if (!after.equals(before)) rekey.put(rs.getLong(1), after);
        }
      }
      boolean alerts = table.equals("incident_alerts");
      try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET series_key = ? WHERE id = ?" + (alerts
          ? " AND NOT EXISTS (SELECT 1 FROM incident_alerts t WHERE t.series_key = ? AND t.granularity = incident_alerts.granularity AND t.period = incident_alerts.period)"
          : ""))) {
        for (Map.Entry<Long, String> e : rekey.entrySet()) {
          up.setString(1, e.getValue());
          up.setLong(2, e.getKey());
          if (alerts) up.setString(3, e.getValue());
          up.executeUpdate(); // one by one: two old alerts that become one key must not both take it
        }
      }
    }
  }

  public static String rekeyed(String key) {
    StringBuilder out = new StringBuilder();
    for (String part : key.split(";")) {
      if (out.length() > 0) out.append(';');
      out.append(part.startsWith("risk_domain=") ? "risk_domain=" + Trends.riskDomainKey(part.substring("risk_domain=".length())) : part);
    }
    return out.toString();
  }
}
