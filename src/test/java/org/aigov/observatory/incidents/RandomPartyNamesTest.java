package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random party names, built from the pieces the monitors write (kinds of body, places, corporate suffixes, brackets,
 * slashes, hyphens, digits, Chinese, stray punctuation and broken surrogates), against the contracts {@link PartyNames}
 * documents: no input throws, every key is compact (lower-case letters and digits), an alias is never a crowd or a
 * generic word, and the same name written with other case and hyphens gets the same keys. The seed is in the failure
 * message; -Dtests.seed=N replays one run.
 */
class RandomPartyNamesTest {
  private static final String[] PIECES = {"New", "York", "Police", "Department", "City", "of", "the", "US", "UK", "United",
      "States", "Government", "government", "Chinese", "Inc", "Inc.", "Corp", "LLC", "AI", "Clearview", "ByteDance", "TikTok",
      "Cruise", "Medak", "District", "School", "student", "users", "Unknown", "unnamed", "Tesla", "Autopilot", "GPT-4",
      "Vedal987", "@shahv4012", "Life360", "Ever", "Paravision", "(NYPD)", "(x)", "()", "(", ")", "/", "//", "-", "--", " ", "", "Ministry", "Home",
      "Office", "人脸识别", "北京", "Zoë", "Ünited", "ß", "\uD800", "\uDC00x", "a", "ab", "Q", "Jr.", "O'Neil", "&", "3", "2024",
      "Meta", "Facebook", "Alphabet", "Government of China", "chinese-government", "Kenyan state", "ByteDance/TikTok",
      "X/Twitter", "General Motors/Cruise LLC", "Jordan", "National", "Aid", "Fund", "ﬁ", "İstanbul", "\t", "\u00a0",
      "Germany", "KFC", "South Korea", "Wales", "uganda", "from", "Western"};

  @Test
  void randomNamesKeepEveryKeyFunctionsContract() {
    long seed = org.aigov.observatory.kernel.TestStores.seed(20261206L);
    Random rnd = new Random(seed);
    int aliases = 0, slashKeys = 0, partyWordCount = 0, gov = 0, national = 0, acronyms = 0, handles = 0, arms = 0;
    for (int run = 0; run < 4000; run++) {
      String name = randomName(rnd);
      String ctx = "seed " + seed + ", run " + run + ", name '" + name + "'";

      String c = PartyNames.compact(name);
      assertTrue(c.chars().allMatch(ch -> Character.isLetterOrDigit(ch) && Character.toLowerCase(ch) == ch), ctx + ": compact " + c);
      assertEquals(c, PartyNames.compact(c), ctx + ": compact is idempotent");

      boolean generic = PartyNames.generic(name);
      if (c.length() < 3) assertTrue(generic, ctx + ": fewer than three letters or digits name nobody");

      String bare = PartyNames.withoutBracket(name);
      assertTrue(PartyNames.compact(bare).length() >= 3 || bare.equals(name.strip()), ctx + ": withoutBracket left too little: '" + bare + "'");
      String acronym = PartyNames.bracketAcronym(name);
      if (acronym != null) {
        acronyms++;
        assertTrue(name.contains("(" + acronym) && acronym.matches("[\\p{Lu}][\\p{Lu}\\p{N}&.-]{2,9}"), ctx + ": acronym " + acronym);
      }

      String alias = PartyNames.corporateAlias(name);
      if (alias != null) {
        aliases++;
        assertTrue(PartyNames.compact(alias).length() >= 4 && !PartyNames.generic(alias), ctx + ": alias " + alias);
        List<String> aliasWords = List.of(alias.split("\\s+")), nameWords = List.of(name.replace('-', ' ').strip().split("\\s+"));
        assertTrue(aliasWords.size() < nameWords.size() && nameWords.subList(0, aliasWords.size()).equals(aliasWords),
            ctx + ": the alias is the name's first words, " + alias);
      }
      String nat = PartyNames.nationalAlias(name);
      if (nat != null) {
        national++;
        assertTrue(nat.replace('-', ' ').strip().split("\\s+").length >= 2 && PartyNames.compact(nat).length() >= 6, ctx + ": national " + nat);
      }
      String g = PartyNames.govKey(name);
      if (g != null) {
        gov++;
        assertTrue(g.matches("gov[a-z]{2}"), ctx + ": government key " + g);
      }
      String first = PartyNames.firstWordKey(name);
      if (first != null) assertTrue(first.length() >= 4 && first.equals(PartyNames.compact(first)), ctx + ": first word " + first);

      String handle = PartyNames.handleAlias(name);
      if (handle != null) {
        handles++;
        assertTrue(handle.matches("[a-z]{4,}") && c.startsWith(handle) && c.substring(handle.length()).matches("[0-9]{2,}")
            && !name.strip().contains(" "), ctx + ": handle " + handle);
      }

      String arm = PartyNames.countrySuffixAlias(name);
      if (arm != null) {
        arms++;
        String[] w = PartyNames.withoutBracket(name).replace('-', ' ').strip().split("\\s+"), a = arm.split("\\s+");
        assertTrue(a.length < w.length && List.of(w).subList(0, a.length).equals(List.of(a)), ctx + ": the arm's brand is the name's first words, " + arm);
        assertTrue(!PartyNames.generic(arm) && (PartyNames.compact(arm).length() >= 4 || arm.equals(arm.toUpperCase(java.util.Locale.ROOT))),
            ctx + ": brand " + arm);
      }

      List<String> parts = PartyNames.slashParts(name);
      if (name.indexOf('/') < 0) assertTrue(parts.isEmpty(), ctx + ": no slash, no parts " + parts);
      assertEquals(parts.size(), new HashSet<>(parts).size(), ctx + ": parts are distinct " + parts);
      for (String p : parts) {
        slashKeys++;
        assertTrue(p.equals(PartyNames.compact(p)) && p.length() >= 3 && p.chars().anyMatch(Character::isLetter), ctx + ": part " + p);
      }

      for (String w : PartyNames.partyWords(name)) {
        partyWordCount++;
        if (w.startsWith("=")) continue; // a body named only by places and kinds of body: one token of those words
        assertFalse(PartyNames.ORG_WORDS.contains(w) || PartyNames.CORPORATE.contains(w) || PartyNames.GENERIC.contains(w), ctx + ": party word " + w);
        assertTrue(w.length() >= 3 || w.equals("us") || w.equals("uk"), ctx + ": party word " + w);
        assertEquals(w, w.toLowerCase(java.util.Locale.ROOT), ctx + ": party word " + w);
      }
      for (String k : PartyNames.capitalisedNames(name)) assertTrue(!k.isEmpty() && k.chars().allMatch(Character::isLetter), ctx + ": name key " + k);
      for (String k : PartyNames.harmedNames(name)) assertTrue(k.chars().allMatch(Character::isLetter), ctx + ": harmed key " + k);

      // the same name written in other case and with hyphens for spaces gets the same keys
      String other = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
      if (!other.equals(name) && name.equals(name.strip()) && !name.contains("-") && !name.contains("  ")
          && other.toUpperCase(java.util.Locale.ROOT).equals(name.toUpperCase(java.util.Locale.ROOT))) {
        assertEquals(c, PartyNames.compact(other), ctx + ": compact of '" + other + "'");
        assertEquals(PartyNames.slashParts(name), PartyNames.slashParts(other), ctx + ": slash parts of '" + other + "'");
      }
    }
    // the generator reaches every rule, or the contracts above were checked on nothing
    String counts = "aliases " + aliases + ", slash keys " + slashKeys + ", party words " + partyWordCount + ", government keys " + gov
        + ", national " + national + ", acronyms " + acronyms + ", handles " + handles + ", national arms " + arms;
    assertTrue(aliases > 50 && slashKeys > 200 && partyWordCount > 1000 && gov > 5 && national > 5 && acronyms > 5 && handles > 5 && arms > 5,
        "seed " + seed + ": " + counts);
  }

  private static String randomName(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int words = rnd.nextInt(6);
    for (int k = 0; k < words; k++) {
      if (k > 0) sb.append(rnd.nextInt(8) == 0 ? "-" : " ");
      if (rnd.nextInt(10) == 0) sb.append((char) rnd.nextInt(0x3000));
      else sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return rnd.nextInt(15) == 0 ? " " + sb + " " : sb.toString();
  }
}
