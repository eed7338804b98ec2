package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GazetteerTest {
  /** AIID 1952: a man arrested in Georgia (the US state) was tagged as the country Georgia. */
  @Test
  void georgiaInRunningTextIsNotTheCountryButACellStillIs() {
    Gazetteer g = Gazetteer.get();
    assertEquals(Set.of(), g.inText("Facial recognition led to the wrongful arrest of a man in Georgia"));
    assertEquals(Set.of("GE"), g.inText("Protesters in Tbilisi were identified by cameras"));
    assertEquals(Set.of("GE"), g.inText("The Republic of Georgia deployed the system"));
    assertEquals("GE", g.code("Georgia"), "a country column means the country");
    assertEquals(Set.of("FR"), g.inText("French police used the system"));
  }
}
