package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook targets must be public addresses unless the operator allows private ones. */
class WebhookTargetsTest {
  private String saved;

  @BeforeEach
  void enforce() {
    saved = System.getProperty("obs.webhook.allowPrivate");
    System.setProperty("obs.webhook.allowPrivate", "false");
  }

  @AfterEach
  void restore() {
    if (saved == null) System.clearProperty("obs.webhook.allowPrivate");
    else System.setProperty("obs.webhook.allowPrivate", saved);
  }

  @Test
  void internalAddressesAreRefused() {
    for (String url : new String[] {"http://127.0.0.1:5432/", "http://localhost/hook", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::1]/", "http://[fc00::1]/", "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://255.255.255.255/", "http://224.0.0.1/"}) {
      String why = WebhookTargets.problem(url);
      assertNotNull(why, url);
      assertTrue(why.contains("non-public"), url + ": " + why);
    }
  }

  @Test
  void publicAddressesAndMalformedUrls() {
    assertNull(WebhookTargets.problem("https://93.184.216.34/hook"));
    assertNull(WebhookTargets.problem("http://[2606:2800:220:1:248:1893:25c8:1946]:8443/x"));
    assertEquals("expected an http(s) URL", WebhookTargets.problem("ftp://93.184.216.34/"));
    assertEquals("expected an http(s) URL", WebhookTargets.problem("file:///etc/passwd"));
    assertEquals("credentials in the URL are not accepted", WebhookTargets.problem("http://u:p@93.184.216.34/"));
    assertEquals("not a valid URL", WebhookTargets.problem("http://93.184.216.34/a b"));
    assertEquals("required: an http(s) URL", WebhookTargets.problem(" "));
    ApiException e = assertThrows(ApiException.class, () -> WebhookTargets.check("webhook_url", "http://127.0.0.1/"));
    assertEquals(400, e.status);
    assertEquals("webhook_url", e.field);
  }

  @Test
  void theOperatorCanAllowPrivateTargets() {
    System.setProperty("obs.webhook.allowPrivate", "true");
    assertNull(WebhookTargets.problem("http://127.0.0.1:9/hook"));
    assertEquals("expected an http(s) URL", WebhookTargets.problem("gopher://127.0.0.1/"));
  }
}
