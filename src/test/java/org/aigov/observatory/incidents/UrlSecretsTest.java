package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class UrlSecretsTest {
  @Test
  void credentialLikeValuesAreHashedAndTheRestKept() {
    String u = "http://127.0.0.1:18090/dep.atom?api_key=SECRETKEY456&topic=military&Signature=abc%2Fdef&keyword=robot&author=Li";
    String r = UrlSecrets.redact(u);
    assertFalse(r.contains("SECRETKEY456") || r.contains("abc%2Fdef"), r);
    assertTrue(r.matches("http://127\\.0\\.0\\.1:18090/dep\\.atom\\?api_key=~[0-9a-f]{8}&topic=military&Signature=~[0-9a-f]{8}&keyword=robot&author=Li"), r);
    assertEquals(r, UrlSecrets.redact(r), "redacting twice changes nothing");
    assertEquals(r, UrlSecrets.redact(u), "the same key reads the same: ids built from it stay stable");
    assertNotEquals(r, UrlSecrets.redact(u.replace("SECRETKEY456", "OTHERKEY")), "two keys stay apart");
    // inside a feed item's id and inside an error message alike
    String id = "http://x.example/f.xml?token=t0p%20s3cret urn:dep:3000";
    assertTrue(UrlSecrets.redact(id).matches("http://x\\.example/f\\.xml\\?token=~[0-9a-f]{8} urn:dep:3000"), UrlSecrets.redact(id));
    String err = "feed http://x.example/f.xml?access_token=abc&x=1 answered HTTP 500";
    assertFalse(UrlSecrets.redact(err).contains("abc"), UrlSecrets.redact(err));
    for (String same : new String[] {null, "", "Reuters", "https://example.org/news?id=5&page=2", "a=b", "https://e.example/?key="})
      assertEquals(same, UrlSecrets.redact(same));
  }
}
