package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.aigov.observatory.incidents.Alerts;
import org.junit.jupiter.api.Test;

/** OBS_WEBHOOK_MAX_BACKOFF: the longest wait between attempts at a receiver that is down, for both senders. */
class WebhookBackoffTest {
  @Test
  void settingIsParsedAndBadValuesNameIt() {
    assertEquals(Duration.ofHours(1), WebhookQueues.parseBackoff(null));
    assertEquals(Duration.ofSeconds(90), WebhookQueues.parseBackoff("90s"));
    assertEquals(Duration.ofMinutes(15), WebhookQueues.parseBackoff(" 15m "));
    assertEquals(Duration.ofHours(6), WebhookQueues.parseBackoff("6h"));
    assertEquals(Duration.ofMinutes(15), WebhookQueues.parseBackoff("PT15M"));
    for (String bad : new String[] {"soon", "-5m", "0s", "25h", "PT0.5S", "1e3s", "99999999999s"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookQueues.parseBackoff(bad), bad);
      assertTrue(e.getMessage().startsWith("OBS_WEBHOOK_MAX_BACKOFF: expected"), e.getMessage());
    }
  }

  @Test
  void alertWebhooksWaitAtMostTheSettingAndAnHourByDefault() {
    try {
      System.setProperty("obs.webhook.maxBackoff", "2m");
      WebhookQueues.reload();
      assertEquals(Duration.ofMinutes(2), new Alerts.DeliveryOptions().maxDelay);
      assertEquals(Duration.ofMinutes(2), WebhookQueues.backoff(Duration.ofSeconds(30), new Alerts.DeliveryOptions().maxDelay, 8));
    } finally {
      System.clearProperty("obs.webhook.maxBackoff");
      WebhookQueues.reload();
    }
    // a receiver down for a day was tried only every 6 h, so an alert could arrive hours after it came back
    assertEquals(Duration.ofHours(1), new Alerts.DeliveryOptions().maxDelay);
  }

  @Test
  void aBadSettingStopsTheServerStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    try {
      System.setProperty("obs.webhook.maxBackoff", "soon");
      WebhookQueues.reload();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.io.PrintStream old = System.err;
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      int code;
      try {
        code = org.aigov.observatory.cli.Main.commandLine().execute("serve", "--port", "0", "--data", tmp.resolve("d").toString());
      } finally {
        System.setErr(old);
      }
      assertEquals(2, code);
      assertTrue(!java.nio.file.Files.exists(tmp.resolve("d")), "no store was opened");
      assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("OBS_WEBHOOK_MAX_BACKOFF"), err.toString());
    } finally {
      System.clearProperty("obs.webhook.maxBackoff");
      WebhookQueues.reload();
    }
  }
}
