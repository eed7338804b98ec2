package org.aigov.observatory.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers from RFC 8785 (§3.2.2, §3.2.3 and Appendix B). */
class CanonicalJsonTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0000000000000000, 0",
      "8000000000000000, 0",
      "0000000000000001, 5e-324",
      "8000000000000001, -5e-324",
      "7fefffffffffffff, 1.7976931348623157e+308",
      "ffefffffffffffff, -1.7976931348623157e+308",
      "4340000000000000, 9007199254740992",
      "c340000000000000, -9007199254740992",
      "4430000000000000, 295147905179352830000",
      "44b52d02c7e14af5, 9.999999999999997e+22",
      "44b52d02c7e14af6, 1e+23",
      "44b52d02c7e14af7, 1.0000000000000001e+23",
      "444b1ae4d6e2ef4e, 999999999999999700000",
      "444b1ae4d6e2ef4f, 999999999999999900000",
      "444b1ae4d6e2ef50, 1e+21",
      "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
      "3eb0c6f7a0b5ed8d, 0.000001",
      "41b3de4355555553, 333333333.3333332",
      "41b3de4355555554, 333333333.33333325",
      "41b3de4355555555, 333333333.3333333",
      "41b3de4355555556, 333333333.3333334",
      "41b3de4355555557, 333333333.33333343",
      "becbf647612f3696, -0.0000033333333333333333",
      "43143ff3c1cb0959, 1424953923781206.2"
  })
  void appendixBNumbers(String bits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertEquals(expected, CanonicalJson.number(d));
    assertEquals(expected, CanonicalJson.of(JsonNodeFactory.instance.numberNode(d)));
  }

  @Test
  void shortestDigitsWhereJdk17DoubleToStringIsLong() {
    // JDK 17 Double.toString gives 1.9999999999999998E23 and 9.999999999999999E22 for these two
    assertEquals("2e+23", CanonicalJson.number(2e23));
    assertEquals("1e+23", CanonicalJson.number(1e23));
    assertEquals("0.002", CanonicalJson.number(2e-3));
    assertEquals("5e-7", CanonicalJson.number(5e-7));
    assertEquals("123456789012345680000", CanonicalJson.number(123456789012345678901.0));
  }

  @Test
  void nonFiniteNumbersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(Double.POSITIVE_INFINITY));
  }

  @Test
  void section322Example() {
    String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n}";
    String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertEquals(expected, CanonicalJson.of(Json.read(input)));
  }

  @Test
  void section323SortingByUtf16CodeUnits() {
    String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
        + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String out = CanonicalJson.of(Json.read(input));
    String expectedOrder = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
        + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
    assertEquals(expectedOrder, out);
  }

  @Test
  void largeIntegersBecomeDoubles() {
    assertEquals("9007199254740992", CanonicalJson.of(JsonNodeFactory.instance.numberNode(9007199254740992L)));
    // 2^53+1 is not a double; ECMAScript reads it as 2^53
    assertEquals("9007199254740992", CanonicalJson.of(JsonNodeFactory.instance.numberNode(9007199254740993L)));
    assertEquals("1e+30", CanonicalJson.of(JsonNodeFactory.instance.numberNode(BigInteger.TEN.pow(30))));
  }

  @Test
  void unpairedSurrogateIsRefused() {
    var n = JsonNodeFactory.instance.textNode("a\ud800b");
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of(n));
  }

  @Test
  void controlCharactersUseLowerCaseHex() {
    assertEquals("\"\\u001f\\u0000\\t\"", CanonicalJson.of(JsonNodeFactory.instance.textNode("\u001f\u0000\t")));
  }
}
