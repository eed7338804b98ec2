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

  /** A host whose last label is a number is an IPv4 address and must be written a.b.c.d; host names are untouched. */
  @Test
  void numericHostsAreFourPlainNumbers() {
    for (String url : new String[] {"https://hooks.example.org/x", "http://93.184.216.34:8080/a?b=1", "https://a1.example.com/", "https://xn--fiqs8s.example/",
        "http://0x.example/", "https://123.example.com/", "http://[2606:2800:220:1:248:1893:25c8:1946]:8443/x", "https://u@hooks.example.org/"})
      assertNull(WebhookTargets.spelling(url), url);
    for (String url : new String[] {"http://0x7f000001/", "http://0x7F.1/", "http://2130706433/", "http://0177.0.0.1/", "http://127.1/",
        "http://hooks.example.0x10/", "http://hooks.example.10/", "http://127.0.0.1./", "http://1.2.3.256/"})
      assertTrue(String.valueOf(WebhookTargets.spelling(url)).endsWith("is not an IPv4 address as written: four numbers 0 to 255 without leading zeros"), url);
  }

  /**
   * The address rule holds at connection time, not only when a URL is checked: the guarded client is handed a loopback
   * URL directly (as if a DNS answer had changed after the check) and makes no connection; the open client does.
   */
  @Test
  void theGuardedClientConnectsOnlyToPublicAddresses() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    server.createContext("/", ex -> {
      hits.incrementAndGet();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      for (String host : new String[] {"127.0.0.1", "localhost"}) {
        java.net.URI uri = java.net.URI.create("http://" + host + ":" + port + "/hook");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> OutboundHttp.post(OutboundHttp.guarded(), uri, java.util.Map.of(),
            "application/json", "{}".getBytes(), java.time.Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("address rule") && e.getMessage().contains("non-public"), e.getMessage());
        java.io.IOException g = assertThrows(java.io.IOException.class, () -> OutboundHttp.get(OutboundHttp.guarded(), uri, java.util.Map.of(), java.time.Duration.ofSeconds(5)));
        assertTrue(g.getMessage().contains("address rule"), g.getMessage());
      }
      assertEquals(0, hits.get(), "no request reached the loopback receiver");
      assertEquals(204, OutboundHttp.post(OutboundHttp.open(), java.net.URI.create("http://127.0.0.1:" + port + "/hook"), java.util.Map.of(),
          "application/json", "{}".getBytes(), java.time.Duration.ofSeconds(5)));
      assertEquals(1, hits.get());
      System.setProperty("obs.webhook.allowPrivate", "true"); // read at each connection: the operator's setting applies at once
      assertEquals(204, OutboundHttp.post(OutboundHttp.guarded(), java.net.URI.create("http://127.0.0.1:" + port + "/hook"), java.util.Map.of(),
          "application/json", "{}".getBytes(), java.time.Duration.ofSeconds(5)));
      assertEquals(2, hits.get());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theOperatorCanAllowPrivateTargets() {
    System.setProperty("obs.webhook.allowPrivate", "true");
    assertNull(WebhookTargets.problem("http://127.0.0.1:9/hook"));
    assertEquals("expected an http(s) URL", WebhookTargets.problem("gopher://127.0.0.1/"));
  }

  @Test
  void ipv6FormsEmbeddingAPrivateIPv4AreRefused() {
    for (String url : new String[] {"http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "http://[64:ff9b::10.0.0.1]/",
        "http://[64:ff9b:1::7f00:1]/", "http://[64:ff9b:1:7f00:0:100::]/", "http://[64:ff9b:1::a9fe:a9fe]/",
        "http://[2002:7f00:1::1]/", "http://[2002:a9fe:a9fe::]/", "http://[2002:c0a8:101::1]/",
        "http://[::127.0.0.1]/", "http://[::10.0.0.1]/", "http://[::a9fe:a9fe]/", "http://[::ffff:0:127.0.0.1]/",
        "http://[2001:0000:4136:e378:8000:63bf:80ff:fffe]/", // Teredo, client 127.0.0.1 (inverted), public server
        "http://[2001:0:a00:1:8000:63bf:3fff:fdd2]/", // Teredo, server 10.0.0.1
        "http://[64:ff9b::6440:1]/", "http://[2002:e000:1::]/", // CGNAT and multicast behind the prefix
        "http://[2606:4700:1:2:0:5efe:a9fe:a9fe]/", "http://[2606:4700:1:2:200:5efe:7f00:1]/"}) { // ISATAP: metadata, loopback
      String why = WebhookTargets.problem(url);
      assertNotNull(why, url);
      assertTrue(why.contains("non-public"), url + ": " + why);
      assertThrows(IllegalStateException.class, () -> WebhookTargets.forDelivery(url), url);
    }
    ApiException e = assertThrows(ApiException.class, () -> WebhookTargets.check("url", "http://[64:ff9b::a9fe:a9fe]/"));
    assertEquals(400, e.status);
    assertEquals("url", e.field);
  }

  @Test
  void publicIPv6AndEmbeddedPublicIPv4AreAccepted() {
    for (String url : new String[] {"http://[2606:4700:4700::1111]/", "https://[2001:4860:4860::8888]:8443/hook", "http://[64:ff9b::808:808]/",
        "http://[64:ff9b::8.8.8.8]/", "http://[2002:808:808::1]/", "http://[::ffff:8.8.8.8]/",
        "http://[2001:0000:4136:e378:8000:63bf:f7f7:f7f7]/", // Teredo, server 65.54.227.120, client 8.8.8.8
        "http://[2606:4700:1:2:0:5efe:808:808]/"}) { // ISATAP with a public IPv4
      assertNull(WebhookTargets.problem(url), url);
    }
  }

  @Test
  void resolvedNamesAreJudgedByTheEmbeddedIPv4() throws Exception {
    // problem() checks every resolved address with isPublic; a name whose AAAA record is NAT64/6to4 into the intranet must fail.
    byte[] nat64Metadata = java.net.InetAddress.getByName("64:ff9b::a9fe:a9fe").getAddress();
    assertTrue(!WebhookTargets.isPublic(java.net.InetAddress.getByAddress("hooks.example.com", nat64Metadata)));
    byte[] sixToFourLoopback = java.net.InetAddress.getByName("2002:7f00:1::1").getAddress();
    assertTrue(!WebhookTargets.isPublic(java.net.InetAddress.getByAddress("hooks.example.com", sixToFourLoopback)));
    byte[] nat64Public = java.net.InetAddress.getByName("64:ff9b::808:808").getAddress();
    assertTrue(WebhookTargets.isPublic(java.net.InetAddress.getByAddress("hooks.example.com", nat64Public)));
  }

  @Test
  void theOperatorCanAllowEmbeddedPrivateTargetsToo() {
    System.setProperty("obs.webhook.allowPrivate", "true");
    assertNull(WebhookTargets.problem("http://[64:ff9b::7f00:1]:9/hook"));
  }
}
