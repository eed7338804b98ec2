package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class QueryGlossaryTest {
  final QueryGlossary g = QueryGlossary.bundled();
  static final String FACE = "(人脸识别 | \"facial recognition\" | \"face recognition\")";

  @Test
  void chineseTermsGainTheirEnglishAndBack() {
    assertEquals(FACE, g.expand("人脸识别"));
    assertEquals("(致命性自主武器 | \"lethal autonomous weapon\" | \"lethal autonomous weapons\")", g.expand("致命性自主武器"), "longest term first");
    assertEquals(FACE + " (逮捕 | \"arrest\" | \"arrested\")", g.expand("人脸识别逮捕"), "two terms written together: two groups");
    assertEquals("(drone | \"无人机\")", g.expand("drone"));
    assertEquals("(Drones | \"无人机\")", g.expand("Drones"), "case-insensitive, the user's spelling kept");
  }

  @Test
  void syntaxIsKeptAndUnknownWordsPassThrough() {
    assertEquals("-(drone | \"无人机\") (police | \"警察\" | \"警方\")", g.expand("-drone police"));
    assertEquals("\"人脸识别\" zebra", g.expand("\"人脸识别\" zebra"), "a quoted phrase is the user's own");
    assertEquals("a|b (x)", g.expand("a|b (x)"), "tokens with operators are left as written");
    assertEquals("AI", g.expand("AI"), "short English words are not expanded to Chinese");
    assertEquals("-(" + FACE + " 某某)", g.expand("-人脸识别某某"), "a negated token stays one group");
    assertEquals("某某", g.expand("某某"));
    assertEquals(" unbalanced " + FACE, g.expand("\"unbalanced 人脸识别"), "an unmatched quote quotes nothing");
    // kept, the stray quote paired with the expansion's own quotes and the search found nothing
    for (String q : new String[] {"\"人脸识别", "a \"b\" \"人脸识别 police", "\"drone"})
      assertEquals(0, g.expand(q).chars().filter(c -> c == '"').count() % 2, g.expand(q));
  }

  @Test
  void aGlossaryFileIsReadByHeaderName() throws Exception {
    QueryGlossary own = QueryGlossary.read(new StringReader("en,zh\nx;yy,某某\nwords,某\n"));
    assertEquals("(某某 | \"x\" | \"yy\")", own.expand("某某"));
    assertEquals("某", own.expand("某"), "single characters are never terms of their own");
    assertEquals("yy", own.expand("yy"), "nor are English words under four letters, the other way");
  }
}
