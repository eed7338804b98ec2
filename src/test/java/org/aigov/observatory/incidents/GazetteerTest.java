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

  /** AIID 288 and others: "New Jersey" was Jersey (JE), "New England" Britain, and the entity slug chad-kultgen Chad. */
  @Test
  void placesAndPeopleNamedLikeCountriesAreNotThem() {
    Gazetteer g = Gazetteer.get();
    assertEquals(Set.of(), g.inText("A New Jersey man was misidentified by police in Jersey City"));
    assertEquals(Set.of(), g.inText("Hospitals across New England and New Mexico used the model"));
    assertEquals(Set.of(), g.inText("chad-kultgen jordan-peele"));
    assertEquals(Set.of("JE", "US"), g.inText("Police in Jersey and in New Jersey, USA"), "the island itself still counts");
    assertEquals(Set.of("GB"), g.inText("Schools in England and New England"));
    assertEquals(Set.of("TD", "JO"), g.inText("Chadian and Jordanian officials"));
    assertEquals("TD", g.code("Chad"), "a country column means the country");
  }
}
