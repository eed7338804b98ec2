package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class XmlTest {
  @Test
  void anyStringMakesWellFormedXmlAndKeepsEveryAllowedCharacter() throws Exception {
    Random rnd = new Random(42);
    char[] pool = {'<', '>', '&', '"', '\'', '\u0000', '\u0001', '\u001f', '\t', '\n', 'a', '中', '\uFFFE', '\uFFFF', '\uD83D', '\uDE00', ']', 'é'};
    for (int round = 0; round < 2000; round++) {
      StringBuilder s = new StringBuilder();
      int n = rnd.nextInt(40);
      for (int i = 0; i < n; i++) s.append(rnd.nextInt(4) == 0 ? (char) rnd.nextInt(0x10000) : pool[rnd.nextInt(pool.length)]);
      String in = s.toString();
      String doc = "<r a=\"" + Xml.text(in) + "\">" + Xml.text(in) + "</r>";
      var el = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
      String expected = allowedOnly(in);
      assertEquals(expected.replace("\r\n", "\n").replace('\r', '\n'), el.getTextContent(), "round " + round);
    }
  }

  @Test
  void examples() {
    assertEquals("a&lt;b&gt;&amp;&quot;&apos;c", Xml.text("a<b>&\"'c"));
    assertEquals("bell", Xml.text("\u0007bell"));
    assertEquals("\uD83D\uDE00", Xml.text("\uD83D\uDE00"), "a pair is kept");
    assertEquals("x", Xml.text("\uD83Dx"), "a lone high surrogate is dropped");
    assertEquals("", Xml.text(null));
  }

  private static String allowedOnly(String s) {
    StringBuilder o = new StringBuilder();
    s.codePoints().forEach(cp -> {
      boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
      if (ok) o.appendCodePoint(cp);
    });
    return o.toString();
  }
}
