package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PublicUrlTest {
  @Test
  void aPublicAddressIsSchemeHostAndPrefixOrItIsRefusedNamingTheSetting() {
    assertEquals("", PublicUrl.parse(null));
    assertEquals("", PublicUrl.parse("  "));
    assertEquals("https://obs.example.org", PublicUrl.parse("https://obs.example.org/"));
    assertEquals("http://10.0.0.5:8080/observatory", PublicUrl.parse(" http://10.0.0.5:8080/observatory// "));
    for (String bad : new String[] {"obs.example.org", "ftp://obs.example.org", "https://obs.example.org/?a=1", "https://u:p@obs.example.org",
        "https://obs.example.org/#x", "https:///path", "http://bad host/"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicUrl.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("OBS_PUBLIC_URL: "), e.getMessage());
    }
  }
}
