package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private static final ClientAddress.Trusted PROXIES = ClientAddress.Trusted.parse("10.0.0.0/8, 192.0.2.1, 2001:db8::/32");
  private static final ClientAddress.Trusted NONE = ClientAddress.Trusted.parse("");

  @Test
  void onlyATrustedProxysForwardedForIsRead() {
    assertEquals("203.0.113.9", ClientAddress.client("203.0.113.9", List.of("198.51.100.1"), PROXIES), "a client cannot name its own address");
    assertEquals("10.1.2.3", ClientAddress.client("10.1.2.3", List.of("198.51.100.1"), NONE), "no proxies configured: the header is ignored");
    assertEquals("198.51.100.1", ClientAddress.client("10.1.2.3", List.of("198.51.100.1"), PROXIES));
    assertEquals("10.1.2.3", ClientAddress.client("10.1.2.3", List.of(), PROXIES), "no header: the proxy itself");
  }

  @Test
  void theChainIsReadFromTheRightAndStopsAtTheFirstUntrustedHop() {
    // the client wrote "1.1.1.1" itself; the proxies appended what they saw
    assertEquals("198.51.100.7", ClientAddress.client("10.0.0.5", List.of("1.1.1.1, 198.51.100.7, 192.0.2.1"), PROXIES));
    assertEquals("198.51.100.7", ClientAddress.client("10.0.0.5", List.of("1.1.1.1", "198.51.100.7,192.0.2.1"), PROXIES), "repeated headers are one list");
    assertEquals("10.9.9.9", ClientAddress.client("10.0.0.5", List.of("10.9.9.9"), PROXIES), "every hop trusted: the leftmost");
    assertEquals("2001:db9:0:0:0:0:0:1", ClientAddress.client("2001:db8::5", List.of("[2001:db9::1]"), PROXIES));
  }

  @Test
  void whatIsNotAnAddressEndsTheChainWithoutALookUp() {
    assertEquals("10.0.0.5", ClientAddress.client("10.0.0.5", List.of("evil.example.org"), PROXIES));
    assertEquals("192.0.2.1", ClientAddress.client("10.0.0.5", List.of("198.51.100.7 ; drop, 192.0.2.1"), PROXIES));
    for (String s : new String[] {"256.1.1.1", "01.2.3.4", "1.2.3", "localhost", "::g", "1.2.3.4:80", "", "[]", "%00", "1.2.3.4\n"})
      assertNull(ClientAddress.literal(s), s);
    assertEquals("1.2.3.4", ClientAddress.literal("[1.2.3.4]"));
    assertEquals("1.2.3.4", ClientAddress.literal("::ffff:1.2.3.4"), "an IPv4-mapped address is the IPv4 one");
  }

  @Test
  void aLongChainIsReadOnlyAsFarAsTheHopLimit() {
    List<String> hops = new ArrayList<>();
    hops.add("198.51.100.7");
    for (int i = 0; i < 1000; i++) hops.add("10.0." + (i / 250) + "." + (i % 250));
    String got = ClientAddress.client("10.0.0.5", List.of(String.join(",", hops)), PROXIES);
    assertTrue(got.startsWith("10.0."), got);
  }

  @Test
  void cidrBlocksMatchByPrefix() {
    assertTrue(PROXIES.contains("10.255.255.255"));
    assertFalse(PROXIES.contains("11.0.0.0"));
    assertTrue(PROXIES.contains("192.0.2.1"));
    assertFalse(PROXIES.contains("192.0.2.2"));
    assertTrue(PROXIES.contains("2001:db8:ffff::1"));
    assertFalse(PROXIES.contains("2001:db9::1"));
    assertFalse(PROXIES.contains("not an address"));
    ClientAddress.Trusted all = ClientAddress.Trusted.parse("0.0.0.0/0");
    Random r = new Random(42);
    for (int i = 0; i < 1000; i++) {
      String a = r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
      assertTrue(all.contains(a), a);
      ClientAddress.Trusted one = ClientAddress.Trusted.parse(a + "/24");
      String[] p = a.split("\\.");
      assertTrue(one.contains(p[0] + "." + p[1] + "." + p[2] + "." + r.nextInt(256)));
      assertFalse(one.contains(p[0] + "." + p[1] + "." + ((Integer.parseInt(p[2]) + 1) % 256) + "." + p[3]));
    }
  }

  @Test
  void aBadSettingNamesTheItem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientAddress.Trusted.parse("10.0.0.0/8, proxy.internal"));
    assertTrue(e.getMessage().contains("'proxy.internal'"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientAddress.Trusted.parse("10.0.0.0/33")).getMessage().contains("prefix"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientAddress.Trusted.parse("10.0.0.0/x")).getMessage().contains("prefix"));
  }
}
