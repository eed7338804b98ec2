package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linkage rules added for AIID–AIAAIC matching: aliases, undated profile entries, year mismatch. */
class LinkageRulesTest {
  @TempDir Path tmp;

  static final String AIID_HEADER = "_id,incident_id,date,reports,Alleged deployer of AI system,Alleged developer of AI system,"
      + "Alleged harmed or nearly harmed parties,description,title\n";
  static final String AIAAIC_HEADER = "Incidents [ REPORT INCIDENT ],,,,,,,,,,,,,,,,,,,\n"
      + "AIAAIC ID#,Headline,Occurred,Country(ies),Sector(s),Deployer(s),Developer(s),System name(s),Technology(ies),Purpose(s),"
      + "News trigger(s),Issue(s),External harms,,,Internal impacts,,,,Summary/links\n"
      + ",,,,,,,,,,,,Individual,Societal ,Environmental,Strategic/reputational,Operational,Financial,Legal/regulatory,\n";

  static String aiid(int id, String date, String deployer, String developer, String description, String title) {
    return aiid(id, date, deployer, developer, List.of("public"), description, title);
  }

  /** An AIID row whose harmed parties are the given slugs. */
  static String aiid(int id, String date, String deployer, String developer, List<String> harmed, String description, String title) {
    return "ObjectId(" + Integer.toHexString(0x1000 + id) + ")," + id + "," + date + ",[],\"[\"\"" + deployer + "\"\"]\",\"[\"\"" + developer
        + "\"\"]\",\"[\"\"" + String.join("\"\",\"\"", harmed) + "\"\"]\",\"" + description + "\",\"" + title + "\"\n";
  }

  static String aiaaic(String id, String headline, String year, String deployer, String developer, String system) {
    return id + ",\"" + headline + "\"," + year + ",USA,Technology," + deployer + "," + developer + "," + system + ",Machine learning,,,,,,,,,,,\n";
  }

  Db load(String aiidRows, String aiaaicRows, String filler) throws Exception {
    Path snap = tmp.resolve("snap");
    Files.createDirectories(snap);
    Files.writeString(snap.resolve("incidents.csv"), AIID_HEADER + aiidRows + filler);
    Files.writeString(tmp.resolve("aiaaic.csv"), AIAAIC_HEADER + aiaaicRows);
    Db db = Fixtures.db();
    Ingest in = new Ingest(db, Classifier.bundled(), Progress.silent());
    in.run("aiid", snap.toString());
    in.run("aiaaic", tmp.resolve("aiaaic.csv").toString());
    return db;
  }

  /** Unrelated incidents so that word statistics resemble a corpus rather than three records. */
  static String filler() {
    String[] topics = {"chatbot gives wrong legal advice to tenants", "hiring algorithm rejects older applicants",
        "delivery robot blocks wheelchair user", "translation app mistranslates medical instructions",
        "credit model denies loans in rural areas", "voice assistant records private conversations",
        "image generator produces violent pictures", "exam proctoring software flags dark skinned students",
        "trading bot causes flash crash", "school surveillance cameras misidentify visitors"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < topics.length; i++) {
      sb.append(aiid(900 + i, "2020-0" + (1 + i % 9) + "-15", "company-" + i, "vendor-" + i, "Reports say the " + topics[i] + ".",
          "Company " + i + " " + topics[i]));
    }
    return sb.toString();
  }

  @Test
  void theLabelledSetsAreReadAndShareNoAiidIncident() throws Exception {
    List<Eval.Pair> dev = Eval.bundledPairs(null), check = Eval.checkPairs();
    assertEquals(314, dev.size());
    assertEquals(37, dev.stream().filter(Eval.Pair::same).count());
    assertEquals(317, check.size());
    assertEquals(41, check.stream().filter(Eval.Pair::same).count());
    java.util.Set<String> devIds = new java.util.HashSet<>();
    dev.forEach(p -> devIds.add(p.aiid()));
    assertTrue(check.stream().noneMatch(p -> devIds.contains(p.aiid())), "the second set draws other AIID incidents");
    assertTrue(check.stream().allMatch(p -> p.aiaaic().matches("AIAAIC\\d+")), "AIAAIC ids upper-cased");
    List<Eval.Pair> holdout = Eval.holdoutPairs();
    assertEquals(318, holdout.size());
    assertEquals(42, holdout.stream().filter(Eval.Pair::same).count());
    check.forEach(p -> devIds.add(p.aiid()));
    assertTrue(holdout.stream().noneMatch(p -> devIds.contains(p.aiid())), "the third set draws AIID incidents of neither");
    List<Eval.Pair> fourth = Eval.labelledPairs("linkage-fourth.csv");
    assertEquals(319, fourth.size());
    assertEquals(34, fourth.stream().filter(Eval.Pair::same).count());
    holdout.forEach(p -> devIds.add(p.aiid()));
    assertTrue(fourth.stream().noneMatch(p -> devIds.contains(p.aiid())), "the fourth set draws AIID incidents of none of the three");
    List<Eval.Pair> fifth = Eval.labelledPairs("linkage-fifth.csv");
    assertEquals(316, fifth.size());
    assertEquals(38, fifth.stream().filter(Eval.Pair::same).count());
    fourth.forEach(p -> devIds.add(p.aiid()));
    assertTrue(fifth.stream().noneMatch(p -> devIds.contains(p.aiid())), "the fifth set draws AIID incidents of none of the four");
    List<Eval.Pair> sixth = Eval.labelledPairs("linkage-sixth.csv");
    assertEquals(308, sixth.size());
    assertEquals(40, sixth.stream().filter(Eval.Pair::same).count());
    fifth.forEach(p -> devIds.add(p.aiid()));
    assertTrue(sixth.stream().noneMatch(p -> devIds.contains(p.aiid())), "the sixth set draws AIID incidents of none of the five");
    List<Eval.Pair> seventh = Eval.labelledPairs("linkage-seventh.csv");
    assertEquals(321, seventh.size());
    assertEquals(39, seventh.stream().filter(Eval.Pair::same).count());
    sixth.forEach(p -> devIds.add(p.aiid()));
    assertTrue(seventh.stream().noneMatch(p -> devIds.contains(p.aiid())), "the seventh set draws AIID incidents of none of the six");
    List<Eval.Pair> eighth = Eval.labelledPairs("linkage-eighth.csv");
    assertEquals(309, eighth.size());
    assertEquals(40, eighth.stream().filter(Eval.Pair::same).count());
    seventh.forEach(p -> devIds.add(p.aiid()));
    assertTrue(eighth.stream().noneMatch(p -> devIds.contains(p.aiid())), "the eighth set draws AIID incidents of none of the seven");
    List<Eval.Pair> ninth = Eval.labelledPairs("linkage-ninth.csv");
    assertEquals(316, ninth.size());
    assertEquals(39, ninth.stream().filter(Eval.Pair::same).count());
    eighth.forEach(p -> devIds.add(p.aiid()));
    assertTrue(ninth.stream().noneMatch(p -> devIds.contains(p.aiid())), "the ninth set draws AIID incidents of none of the eight");
    assertEquals(2838, Eval.pooled(List.of(dev, check, holdout, fourth, fifth, sixth, seventh, eighth, ninth)).size());
    assertEquals(List.of(dev, check, holdout, fourth, fifth, sixth, seventh, eighth, ninth), Eval.labelledSets().stream().map(Eval.LabelledSet::pairs).toList(),
        "eval scores every bundled set, the development set first");
  }

  @Test
  void governmentNamesAndCorporateSuffixesAreAliases() {
    assertEquals("govcn", PartyNames.govKey("Government of China"));
    assertEquals("govcn", PartyNames.govKey("chinese-government"));
    assertEquals("govru", PartyNames.govKey("Russian government"));
    assertNull(PartyNames.govKey("Louisiana State"), "not a country");
    assertNull(PartyNames.govKey("Google"));
    assertEquals("UnitedHealth", PartyNames.corporateAlias("UnitedHealth Group"));
    assertEquals("Clearview", PartyNames.corporateAlias("Clearview AI"));
    assertNull(PartyNames.corporateAlias("Google"), "nothing to drop");
    assertNull(PartyNames.corporateAlias("AI Group"), "the alias would be too short");
  }

  @Test
  void aBracketedShortFormAndALeadingCountryAreNotPartOfTheName() {
    assertEquals("New York Police Department", PartyNames.withoutBracket("New York Police Department (NYPD)"));
    assertEquals("Google", PartyNames.withoutBracket(" Google "));
    assertEquals("x-(twitter)", PartyNames.withoutBracket("x-(twitter)"), "AIID's X: one letter is no name");
    assertEquals("NYPD", PartyNames.bracketAcronym("New York Police Department (NYPD)"));
    assertEquals("ETS", PartyNames.bracketAcronym("Educational Testing Service (ETS)"));
    assertNull(PartyNames.bracketAcronym("Chu Yu-chen ('Xiao Yu')"), "a nickname is not a short form");
    assertNull(PartyNames.bracketAcronym("Wilmington (uncw)"), "lower case is not a short form");
    assertNull(PartyNames.bracketAcronym("Google"));
    assertEquals("Customs and Border Protection", PartyNames.nationalAlias("US Customs and Border Protection (CBP)"));
    assertEquals("customs-and-border-protection", PartyNames.nationalAlias("us-customs-and-border-protection"));
    assertEquals("Visas and Immigration", PartyNames.nationalAlias("UK Visas and Immigration"));
    assertEquals("Department of State", PartyNames.nationalAlias("United States Department of State"));
    assertNull(PartyNames.nationalAlias("US Navy"), "one word left says too little");
    assertNull(PartyNames.nationalAlias("USA Today"));
    assertNull(PartyNames.nationalAlias("u.s.-voters"));
    assertNull(PartyNames.nationalAlias("Uber Eats"), "a name that merely starts with the letters");
    assertNull(PartyNames.nationalAlias("Customs and Border Protection"));
  }

  /**
   * AIID 484 ~ AIAAIC1688 of the fifth labelled set: AIID lists "us-customs-and-border-protection", AIAAIC "Customs and
   * Border Protection"; as whole names they shared nothing, their deployers conflicted and the pair was refused.
   */
  @Test
  void oneBodyNamedWithAndWithoutItsCountryIsOneParty() throws Exception {
    String rows = aiid(484, "2023-01-18", "us-customs-and-border-protection", "us-customs-and-border-protection",
        "CBP One's facial recognition feature was reportedly disproportionately failing to detect faces of Black asylum seekers from Haiti and African countries, effectively blocking their asylum applications.",
        "US CBP App's Failure to Detect Black Faces Reportedly Blocked Asylum Applications");
    String entry = aiaaic("AIAAIC1688", "US CPB One asylum app fails to register Black people", "2023", "Customs and Border Protection",
        "Customs and Border Protection", "CPB One");
    try (Db db = load(rows, entry, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long a = EvalCommand.recordId(db, "aiid", "484"), b = EvalCommand.recordId(db, "aiaaic", "AIAAIC1688");
      assertFalse(cl.deployersConflict(a, b));
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:484"), inc.get("aiaaic:AIAAIC1688"), cl.explain(a, b));
    }
  }

  /**
   * "City of Bucheon" (AIAAIC) and "bucheon-city-government" (AIID) are one body. A name's first word is a key of its
   * own, but "city" or "university" names no party: such a name gives its first distinctive word instead.
   */
  @Test
  void aBodyWhoseNameStartsWithItsKindIsKeyedByItsDistinctiveWord() throws Exception {
    assertEquals("bucheon", PartyNames.firstWordKey("City of Bucheon"));
    assertEquals("bucheon", PartyNames.firstWordKey("bucheon-city-government"));
    assertEquals("clearview", PartyNames.firstWordKey("Clearview AI"));
    assertNull(PartyNames.firstWordKey("University of Miami"), "Miami is a place, not a party");
    assertNull(PartyNames.firstWordKey("Department of Education"), "only kinds of body");
    assertNull(PartyNames.firstWordKey("Google"), "one word is the name's own key already");
    assertNull(PartyNames.firstWordKey("Council of Ely"), "three letters are too few to stand alone");
    assertNull(PartyNames.firstWordKey("Inc. Magazine"), "three letters and a full stop are three letters");
    String rows = aiid(276, "2022-01-01", "bucheon-city-government", "unknown",
        "Bucheon government’s use of facial recognition in analyzing CCTV footage, despite gaining wide public support, was scrutinized by privacy advocates and some lawmakers for collecting data without consent, and retaining and misusing data beyond pandemic needs.",
        "Local South Korean Government’s Use of CCTV Footage Analysis via Facial Recognition to Track COVID Cases Raised Concerns about Privacy, Retention, and Potential Misuse");
    String entry = "AIAAIC0807,\"Bucheon COVID-19 facial recognition tracking pilot triggers privacy backlash\",2021,South Korea,Govt - health,"
        + "City of Bucheon,,,Facial recognition,,,,,,,,,,,\n";
    try (Db db = load(rows, entry, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long a = EvalCommand.recordId(db, "aiid", "276"), b = EvalCommand.recordId(db, "aiaaic", "AIAAIC0807");
      assertTrue(cl.eventScore(a, b) > 0, "they share an entity: " + cl.explain(a, b));
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:276"), inc.get("aiaaic:AIAAIC0807"), cl.explain(a, b));
    }
  }

  /** AIID's "Deepfake Recordings …" and AIAAIC's "Deepfake audio recording …" (the Slovak election) share a word. */
  @Test
  void aPluralOfAnIngNounStemsAsItsSingular() {
    assertEquals("record", Tokens.stem("recordings"));
    assertEquals(Tokens.stem("recording"), Tokens.stem("recordings"));
    assertEquals(Tokens.stem("killing"), Tokens.stem("killings"));
    assertEquals("king", Tokens.stem("kings"), "too short to hold a suffix");
    assertEquals(Tokens.stem("thing"), Tokens.stem("things"));
    assertEquals("weapon", Tokens.stem("weapons"));
  }

  /** AIAAIC joins a company and its brand in one name ("Everalbum/Ever AI/Paravision"); AIID lists "ever-ai". */
  @Test
  void eachPartOfASlashJoinedNameIsKeyedAsANameOfItsOwn() {
    assertEquals(List.of("everalbum", "everai", "ever", "paravision"), PartyNames.slashParts("Everalbum/Ever AI/Paravision"));
    assertTrue(PartyNames.slashParts("Everalbum/Ever AI/Paravision").contains(PartyNames.compact("ever-ai")));
    assertEquals(List.of("bytedance", "tiktok"), PartyNames.slashParts("ByteDance/TikTok"));
    assertTrue(PartyNames.slashParts("General Motors/Cruise LLC").contains("cruise"), "without its corporate suffix");
    assertEquals(List.of(), PartyNames.slashParts("Clearview AI"), "no slash, no parts");
    assertEquals(List.of(), PartyNames.slashParts("24/7"), "parts without a letter are no names");
  }

  /** AIAAIC writes British English, AIID American: the same words must stem alike ("hospitalises" and "hospitalized"). */
  @Test
  void britishAndAmericanSpellingsStemAlike() {
    String[][] same = {{"hospitalises", "hospitalized"}, {"criticised", "criticized"}, {"organisation", "organization"},
        {"organisations", "organizations"}, {"recognising", "recognizing"}, {"radicalisation", "radicalization"},
        {"neighbourhood", "neighborhood"}, {"favours", "favors"}, {"favourite", "favorite"}, {"labour", "labor"},
        {"behavioural", "behavioral"}, {"paedophile", "pedophile"}, {"paediatric", "pediatric"}, {"centre", "center"},
        {"centres", "centers"}, {"defence", "defense"}, {"licence", "license"}, {"programme", "program"},
        {"labelled", "labeled"}, {"travelling", "traveling"}, {"modellers", "modelers"}, {"analysed", "analyzed"},
        {"catalogue", "catalog"}, {"ageing", "aging"}, {"judgement", "judgment"}, {"tumours", "tumors"}};
    for (String[] p : same) assertEquals(Tokens.stem(p[1]), Tokens.stem(p[0]), p[0] + " / " + p[1]);
    // words that only look British stay as they are: no -our root, a stressed final l, too short a root before -ise
    String[][] apart = {{"four", "for"}, {"hour", "hor"}, {"journal", "jornal"}, {"controlled", "controled"},
        {"rise", "rize"}, {"crises", "crizes"}, {"noise", "noize"}, {"source", "sorce"}};
    for (String[] p : apart) assertNotEquals(Tokens.stem(p[1]), Tokens.stem(p[0]), p[0]);
    assertEquals("detroit", Tokens.american("detroit"));
    assertEquals("dysanalyzed", Tokens.american("dysanalysed"), "only the suffix's ys turns to yz");
    assertEquals(PartyNames.partyWords("New York State Department of Labor"), PartyNames.partyWords("New York State Department of Labour"));
  }

  @Test
  void aPartysDistinctiveWordsLeaveOutKindsOfBodyPlacesAndRenames() {
    assertEquals(List.of("medak"), PartyNames.partyWords("Medak District Police"));
    assertEquals(List.of("charlotte", "mecklenburg"), PartyNames.partyWords("charlotte-mecklenburg-school-district"));
    assertEquals(List.of("utica"), PartyNames.partyWords("Utica Schools Board"));
    assertEquals(List.of("meta"), PartyNames.partyWords("Facebook"));
    // a name made only of places and kinds of body is that place's body, as a whole
    assertEquals(List.of("=city new york"), PartyNames.partyWords("City of New York"));
    assertEquals(PartyNames.partyWords("City of New York"), PartyNames.partyWords("new-york-city-government"));
    assertNotEquals(PartyNames.partyWords("New York Police Department"), PartyNames.partyWords("New York State Department of Labor"));
    assertNotEquals(PartyNames.partyWords("Metropolitan Police Service"), PartyNames.partyWords("Metropolitan Police Department"));
    assertNotEquals(PartyNames.partyWords("South Wales Police"), PartyNames.partyWords("South Korean government"));
    assertNotEquals(PartyNames.partyWords("US Customs and Border Protection"), PartyNames.partyWords("UK Border Force"));
    assertEquals(List.of(), PartyNames.partyWords("Chinese Government"), "one word of a place and a body's kind names no one party");
  }

  /**
   * Two curated records whose deployers differ lose {@code deployerConflictPenalty}: Utica's board is not Charlotte's
   * district. Names written differently for one body ("medak-police", "Medak District Police") share a word and do not.
   */
  @Test
  void deployersNamedDifferentlyConflictUnlessTheyShareADistinctiveWord() throws Exception {
    String rows = aiid(349, "2022-03-22", "charlotte-mecklenburg-school-district", "evolv-technology",
        "Evolv's AI weapons detection system produced false positives, mistaking school items for weapons.",
        "Evolv's Gun Detection False Positives Created Problems for Schools")
        + aiid(483, "2023-02-09", "medak-police", "unknown",
            "Indian police allegedly tortured and killed a man after a facial recognition match.",
            "Indian Police Allegedly Tortured and Killed Innocent Man Following Facial Recognition Match");
    String entries = aiaaic("AIAAIC1027", "Student stabbed after Evolv weapons detection failure", "2022", "Utica Schools Board", "Evolv Technology", "Evolv Express")
        + aiaaic("AIAAIC0966", "Mohammed Khadeer facial recognition wrongful arrest", "2023", "Medak District Police", "", "");
    try (Db db = load(rows, entries, filler())) {
      Clusterer.Options words = new Clusterer.Options(), ids = new Clusterer.Options();
      ids.deployerWords = false;
      Clusterer byWords = new Clusterer(words, Progress.silent()), byIds = new Clusterer(ids, Progress.silent());
      byIds.run(db);
      byWords.run(db);
      long evolv = EvalCommand.recordId(db, "aiid", "349"), utica = EvalCommand.recordId(db, "aiaaic", "AIAAIC1027"),
          medak = EvalCommand.recordId(db, "aiid", "483"), khadeer = EvalCommand.recordId(db, "aiaaic", "AIAAIC0966");
      assertTrue(byWords.deployersConflict(evolv, utica));
      assertTrue(byIds.deployersConflict(evolv, utica));
      assertFalse(byWords.deployersConflict(medak, khadeer), "one police force, two spellings");
      assertTrue(byIds.deployersConflict(medak, khadeer), "as whole names they differ");
      assertEquals(0.15, words.deployerConflictPenalty);
    }
  }

  @Test
  void aCrowdIsNotAName() {
    for (String crowd : new String[] {"School student", "X users", "Bank employee", "doctors", "employers", "many", "tiktok-users"})
      assertTrue(PartyNames.generic(crowd), crowd);
    for (String name : new String[] {"Waymo Driver", "Stanford University", "Issaquah High School", "Evolv Express", "Uber"})
      assertFalse(PartyNames.generic(name), name);
  }

  /**
   * AIID 617 ~ AIAAIC1294 of the fourth labelled set: AIAAIC lists the deployer as "School student", which as an entity
   * tied the entry to another school's deepfake case (AIID 799, "Aledo High School Student …") and kept it from its own.
   */
  @Test
  void anEntryWhoseDeployerIsACrowdJoinsTheEventItNames() throws Exception {
    String rows = aiid(617, "2023-11-09", "unnamed-male-student", "unknown",
        "At a high school in Issaquah, Washington, a male student is reported to have used deepfake technology to alter pictures of several female classmates and then shared them.",
        "Male student allegedly used AI to generate nude photos of female classmates at a high school in Issaquah, Washington")
        + aiid(799, "2023-10-15", "unnamed-male-student", "unknown-deepfake-technology-developer",
            "In October 2023, an unnamed male student at Aledo High School outside of Fort Worth, Texas allegedly generated and distributed deepfake nude pictures of classmate Elliston Berry and six other female students.",
            "Aledo High School Student Allegedly Generates and Distributes Deepfake Nudes of Seven Female Classmates");
    try (Db db = load(rows, aiaaic("AIAAIC1294", "Teen distributes AI-generated nude pictures of Issaquah students", "2023", "School student",
        "Issaquah High School students", ""), filler())) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:617"), inc.get("aiaaic:AIAAIC1294"));
      assertNotEquals(inc.get("aiid:799"), inc.get("aiaaic:AIAAIC1294"));
    }
  }

  /**
   * A harmed party both monitors name, and rarely: AIID 265 lists `pa-edrissa-manjang`, AIAAIC0501's headline names
   * Pa Edrissa Manjang. The shared name adds {@link Clusterer.Options#nameShared} to the pair's score (and links it in
   * the shipped data) when their years are at most one apart; another named person in the headline takes
   * {@link Clusterer.Options#nameConflict} off instead.
   */
  @Test
  void aRareNameBothMonitorsGiveRaisesThePairAsMuchAsDifferentNamesLowerIt() throws Exception {
    String description = "A lawsuit by a former Uber Eats delivery driver alleged the company to have wrongfully dismissed him due to"
        + " frequent false mismatches of his verification selfies.";
    String title = "Black Uber Eats Driver Allegedly Subjected to Excessive Photo Checks and Dismissed via FRT Results";
    String rows = aiid(265, "2021-04-01", "uber-eats", "uber-eats", List.of("pa-edrissa-manjang", "uber-eats-black-delivery-drivers"),
        description, title);
    String same = aiaaic("AIAAIC0501", "Racist Uber Eats facial ID check gets Pa Edrissa Manjang fired", "2021", "Uber/Uber Eats", "Microsoft",
        "Real-Time ID Check");
    String other = same.replace("AIAAIC0501", "AIAAIC0502").replace("Pa Edrissa Manjang", "Imran Javaid Raja");
    // a name counts only when both monitors use it: AIID names Raja in an incident of its own
    String raja = aiid(266, "2021-04-01", "uber-eats", "uber-eats", List.of("imran-javaid-raja", "uber-eats-black-delivery-drivers"),
        description, title);
    // the same name two years later: one person's name is not one occurrence (Zelda Williams, 2023 and 2025)
    String later = same.replace("AIAAIC0501", "AIAAIC0503").replace("\",2021,", "\",2023,");
    try (Db db = load(rows + raja, same + other + later, filler())) {
      Clusterer.Options on = new Clusterer.Options(), off = new Clusterer.Options();
      off.nameShared = 0;
      off.nameConflict = 0;
      assertEquals(0.3, on.nameShared);
      assertEquals(on.nameConflict, on.nameShared, "the same weight for and against");
      Clusterer withNames = new Clusterer(on, Progress.silent()), without = new Clusterer(off, Progress.silent());
      withNames.run(db);
      without.run(db);
      long aiid = EvalCommand.recordId(db, "aiid", "265");
      long named = EvalCommand.recordId(db, "aiaaic", "AIAAIC0501"), otherNamed = EvalCommand.recordId(db, "aiaaic", "AIAAIC0502");
      double base = without.eventScore(aiid, named);
      assertTrue(base > 0, "the pair scores on its words and entities: " + base);
      assertEquals(base + 0.3, withNames.eventScore(aiid, named), 1e-9);
      assertEquals(without.eventScore(aiid, otherNamed) - 0.3, withNames.eventScore(aiid, otherNamed), 1e-9);
      long laterNamed = EvalCommand.recordId(db, "aiaaic", "AIAAIC0503");
      assertTrue(without.eventScore(aiid, laterNamed) > -1, "two years apart the pair is still scored");
      assertEquals(without.eventScore(aiid, laterNamed), withNames.eventScore(aiid, laterNamed), 1e-9, "no bonus two years apart");
    }
  }

  /** A record keeps six entity keys; the system's name takes one before a long list of developers fills them (BlenderBot 3). */
  @Test
  void aSystemsNameComesBeforeALongListOfDevelopers() throws Exception {
    String rows = aiid(313, "2022-08-26", "meta", "meta", List.of("marietje-schaake"),
        "Meta's conversational AI BlenderBot 3 when prompted who a terrorist is responded with an incumbent Dutch politician's name.",
        "BlenderBot 3 Cited Dutch Politician as a Terrorist");
    String entry = aiaaic("AIAAIC1070", "Blenderbot 3 accuses Marietje Schaake of being a 'terrorist'", "2022", "Facebook",
        "Beijing Academy of Artificial Intelligence; Bloomberg; DataBricks; EleutherAI; Facebook; Microsoft; OpenAI; Yandex", "Blenderbot 3");
    try (Db db = load(rows, entry, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long aiid = EvalCommand.recordId(db, "aiid", "313"), named = EvalCommand.recordId(db, "aiaaic", "AIAAIC1070");
      String why = cl.explain(aiid, named);
      // the entry's six keys: its deployer, the system and its first word, then the first developers
      String entryKeys = why.lines().filter(l -> l.contains(" ents=") && l.contains("beijing")).findFirst().orElseThrow();
      assertTrue(entryKeys.contains("blenderbot3") && !entryKeys.contains("databricks"), why);
      assertTrue(cl.eventScore(aiid, named) > 0, why);
      assertEquals(ClusterTest.incidentOf(db).get("aiid:313"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC1070"), why);
    }
  }

  /** An online handle is its name with digits after it: AIID lists the streamer Vedal, AIAAIC the handle Vedal987. */
  @Test
  void aHandleMeetsItsNameButAVersionDoesNot() throws Exception {
    assertEquals("vedal", PartyNames.handleAlias("Vedal987"));
    assertEquals("shahv", PartyNames.handleAlias("@shahv4012"));
    for (String version : List.of("iPhone 15", "GPT-4", "Model3", "mp3", "X2", "Windows-10", "vedal", "987", ""))
      assertNull(PartyNames.handleAlias(version), version);
    // AIID 448 ~ AIAAIC0909 (fifth set): without the alias the deployers differ and the pair is refused
    String rows = aiid(448, "2022-12-01", "vedal", "vedal",
        "An AI-powered VTuber streaming on Twitch made toxic remarks, including denying the Holocaust.",
        "AI-Powered VTuber and Virtual Streamer Made Toxic Remarks on Twitch");
    String handle = aiaaic("AIAAIC0909", "Neuro-sama AI v-tuber denies Holocaust, women's rights", "2022", "Vedal987", "Vedal987", "Neuro-sama");
    String digit = handle.replace("AIAAIC0909", "AIAAIC0910").replace("Vedal987", "Vedal9");
    try (Db db = load(rows, handle + digit, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long aiid = EvalCommand.recordId(db, "aiid", "448");
      long named = EvalCommand.recordId(db, "aiaaic", "AIAAIC0909"), versioned = EvalCommand.recordId(db, "aiaaic", "AIAAIC0910");
      assertTrue(cl.eventScore(aiid, named) > 0, cl.explain(aiid, named));
      assertFalse(cl.deployersConflict(aiid, named), "the handle's name is the deployer's");
      assertTrue(cl.deployersConflict(aiid, versioned), "Vedal9 is another deployer");
      assertEquals(-1.0, cl.eventScore(aiid, versioned), "one digit is no handle: no entity in common");
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:448"), inc.get("aiaaic:AIAAIC0909"));
    }
  }

  /**
   * AIID 410 ~ AIAAIC0878 (seventh set): AIID lists KFC, AIAAIC "KFC Germany", so the records shared no name. A trailing
   * country gives way to the brand, but only where the brand is listed on its own: "QXA Scotland" and "QXA Norway" (an
   * acronym, so the first-word key does not join them either) must not meet as "QXA" when no record lists QXA alone.
   */
  @Test
  void aNationalArmMeetsItsBrandWhereTheBrandIsListed() throws Exception {
    assertEquals("KFC", PartyNames.countrySuffixAlias("KFC Germany"));
    assertEquals("amazon", PartyNames.countrySuffixAlias("amazon-uk"), "an AIID slug");
    assertEquals("Deloitte", PartyNames.countrySuffixAlias("Deloitte Australia"));
    assertEquals("Meta Platforms", PartyNames.countrySuffixAlias("Meta Platforms South Korea"), "a two-word country");
    for (String name : List.of("Air Canada", "Bank of Canada", "Michael Jordan", "Jimmy Wales", "Tom Holland", "scammers from ghana",
        "University of Applied Sciences Western Switzerland", "Germany", "Police Scotland", "Meta AI", "Google", ""))
      assertNull(PartyNames.countrySuffixAlias(name), name);
    String rows = aiid(410, "2022-11-09", "kfc", "kfc",
        "KFC sent a promotional push notification in Germany urging customers to commemorate Kristallnacht with cheesy chicken.",
        "KFC Sent Insensitive Kristallnacht Promotion via Holiday Detection System");
    String entry = aiaaic("AIAAIC0878", "KFC Germany Kristallnacht promotion push notification backfires", "2022", "KFC Germany", "", "");
    String education = aiaaic("AIAAIC9001", "QXA Scotland exam grading algorithm downgrades pupils", "2020", "QXA Scotland", "", "")
        + aiaaic("AIAAIC9002", "QXA Norway exam grading algorithm downgrades pupils", "2020", "QXA Norway", "", "");
    try (Db db = load(rows, entry + education, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long a = EvalCommand.recordId(db, "aiid", "410"), b = EvalCommand.recordId(db, "aiaaic", "AIAAIC0878");
      assertTrue(cl.eventScore(a, b) > 0.5, cl.explain(a, b));
      assertFalse(cl.deployersConflict(a, b), "KFC Germany is KFC's arm");
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:410"), inc.get("aiaaic:AIAAIC0878"));
      long s = EvalCommand.recordId(db, "aiaaic", "AIAAIC9001"), w = EvalCommand.recordId(db, "aiaaic", "AIAAIC9002");
      assertEquals(-1.0, cl.eventScore(s, w), "no name in common: QXA is listed nowhere on its own" + cl.explain(s, w));
    }
  }

  /**
   * AIID 489 ~ AIAAIC0956 of the fourth set: AIID dates Workday's screening from 2019, when the harm began; AIAAIC files
   * it under 2023, the year of the suit. Four years apart, once refused outright; now a cost of 0.15 + 3 × 0.05. An AIAAIC
   * year before the AIID date is still refused, as is any gap with the rule off.
   */
  @Test
  void anAiidDateYearsBeforeTheAiaaicYearCostsInsteadOfRefusing() throws Exception {
    String rows = aiid(489, "2019-06-03", "workday", "workday",
        "Workday's algorithmic screening systems were alleged in a lawsuit allowing employers to discriminate against African-Americans, people over 40, and people with disabilities.",
        "Workday's AI Tools Allegedly Enabled Employers to Discriminate against Applicants of Protected Groups");
    String entry = aiaaic("AIAAIC0956", "Workday accused of building discriminatory AI job screening system", "2023", "Workday", "Workday", "");
    try (Db db = load(rows, entry, filler())) {
      Clusterer.Options on = new Clusterer.Options(), off = new Clusterer.Options();
      off.surfacedLater = 0;
      assertEquals(0.05, on.surfacedLater);
      Clusterer cl = new Clusterer(on, Progress.silent());
      cl.run(db);
      long a = EvalCommand.recordId(db, "aiid", "489"), b = EvalCommand.recordId(db, "aiaaic", "AIAAIC0956");
      assertEquals(-0.3, cl.dateFitOf(a, b), 1e-9);
      assertEquals(ClusterTest.incidentOf(db).get("aiid:489"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC0956"));
      new Clusterer(off, Progress.silent()).run(db);
      assertNotEquals(ClusterTest.incidentOf(db).get("aiid:489"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC0956"), "refused with the rule off");
    }
    try (Db db = load(rows.replace("2019-06-03", "2026-06-03"), entry, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      assertEquals(-1, cl.dateFitOf(EvalCommand.recordId(db, "aiid", "489"), EvalCommand.recordId(db, "aiaaic", "AIAAIC0956")), "an AIAAIC year before the AIID date");
      assertNotEquals(ClusterTest.incidentOf(db).get("aiid:489"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC0956"));
    }
  }

  @Test
  void governmentAliasLinksTheSameCampaignUnderDifferentNames() throws Exception {
    try (Db db = load(aiid(565, "2023-08-08", "chinese-government", "unknown",
            "Chinese operatives used AI-generated imagery to claim the Maui wildfires were caused by a secret weather weapon.",
            "AI-Generated Imagery in Chinese Disinformation Campaign Regarding Maui Wildfires"),
        aiaaic("AIAAIC1096", "China uses AI to accuse US of starting Maui wildfires", "2023", "Government of China", "Government of China", "")
            + aiaaic("AIAAIC1097", "Russia uses AI to accuse US of starting Maui wildfires", "2021", "Government of Russia", "Government of Russia", ""),
        filler())) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:565"), inc.get("aiaaic:AIAAIC1096"));
      assertNotEquals(inc.get("aiid:565"), inc.get("aiaaic:AIAAIC1097"), "another government, another year");
    }
  }

  @Test
  void aDatedEntryAboutTheOccurrenceWinsOverAnUndatedSystemProfile() throws Exception {
    try (Db db = load(aiid(123, "2021-08-01", "university-of-michigan-hospital", "epic-systems",
            "Epic System's sepsis prediction model was shown by investigators at the University of Michigan to miss most sepsis cases.",
            "Epic Systems Sepsis Prediction Model Misses Most Cases in Study"),
        aiaaic("AIAAIC0657", "Epic Systems sepsis prediction model", "", "University of Michigan", "Epic Systems", "Epic Sepsis Model")
            + aiaaic("AIAAIC0316", "Study: Epic sepsis model misses two-thirds of cases", "2021", "", "Epic Systems", "Epic Sepsis Model"),
        filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      long a = EvalCommand.recordId(db, "aiid", "123"), profile = EvalCommand.recordId(db, "aiaaic", "AIAAIC0657"),
          dated = EvalCommand.recordId(db, "aiaaic", "AIAAIC0316");
      assertTrue(cl.pairScore(a, profile) > cl.pairScore(a, dated), "the profile scores higher; the order must still prefer the dated entry");
      assertTrue(cl.pairScore(a, dated) >= new Clusterer.Options().threshold);
      assertEquals(inc.get("aiid:123"), inc.get("aiaaic:AIAAIC0316"));
      assertNotEquals(inc.get("aiid:123"), inc.get("aiaaic:AIAAIC0657"), "one AIAAIC entry per incident");
    }
  }

  /**
   * An undated profile ("Clearview AI facial recognition", ten countries) of a system that AIID records more than once
   * joins no single occurrence by an event match: it had joined a Louisiana arrest and given it its countries and its
   * defence sector. With the old rule it still does.
   */
  @Test
  void anUndatedSystemProfileJoinsNoEventUnlessAskedTo() throws Exception {
    String aiidRow = aiid(515, "2022-11-25", "jefferson-parish-sheriff", "clearview-ai",
        "A Black man was wrongfully arrested by Louisiana police after Clearview AI facial recognition matched his face to a suspect.",
        "Black Man Wrongfully Arrested by Louisiana Police Due to Clearview AI Face Mismatch")
        + aiid(781, "2024-09-03", "clearview-ai", "clearview-ai", "The Dutch data protection authority fined Clearview AI for building an illegal database of faces.",
            "Clearview AI Fined by Dutch Regulator over Database of Faces");
    String profile = "AIAAIC0320,\"Clearview AI facial recognition\",,\"Australia; Canada; France; USA\",Govt - defence,Jefferson Parish Sheriff,Clearview AI,"
        + "Clearview AI,Facial recognition,,,,,,,,,,,\n";
    try (Db db = load(aiidRow, profile, filler())) {
      Clusterer.Options old = new Clusterer.Options();
      old.undatedEventLinks = true;
      Clusterer before = new Clusterer(old, Progress.silent());
      before.run(db);
      long a = EvalCommand.recordId(db, "aiid", "515"), p = EvalCommand.recordId(db, "aiaaic", "AIAAIC0320");
      assertTrue(before.pairScore(a, p) >= old.threshold, "the pair scores as a match: " + before.pairScore(a, p));
      assertEquals(ClusterTest.incidentOf(db).get("aiid:515"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC0320"), "the old rule joins them");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:515"), inc.get("aiaaic:AIAAIC0320"));
      String countries = IngestTest.one(db, "SELECT countries FROM incidents WHERE id = " + inc.get("aiid:515"));
      assertTrue(countries == null || !countries.contains("FR"), "the arrest keeps its own countries: " + countries);
    }
  }

  /**
   * An undated profile of a system that only one AIID incident names, and that matches only that incident, is that
   * system's single recorded occurrence (GPT-4chan) and joins it; once a second AIID incident names the system, the
   * profile stays apart as Clearview's does.
   */
  @Test
  void anUndatedProfileJoinsItsSystemsSingleRecordedOccurrence() throws Exception {
    String gpt4chan = aiid(259, "2022-06-03", "yannic-kilcher", "yannic-kilcher",
        "A YouTuber built and released GPT-4chan, a model trained on toxic 4chan posts, and let it post thousands of messages on the board.",
        "YouTuber Built and Released GPT-4chan Model Trained on Toxic 4chan Posts");
    String profile = "AIAAIC0873,\"GPT-4chan 'hate speech machine'\",,USA,Media/entertainment/sports/arts,Yannic Kilcher,Yannic Kilcher,"
        + "GPT-4chan,Large language model (LLM),Generate text,,,,,,,,,,\n";
    try (Db db = load(gpt4chan, profile, filler())) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      assertEquals(ClusterTest.incidentOf(db).get("aiid:259"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC0873"), "the single occurrence");
      Clusterer.Options off = new Clusterer.Options();
      off.undatedSingleLinks = false;
      new Clusterer(off, Progress.silent()).run(db);
      assertNotEquals(ClusterTest.incidentOf(db).get("aiid:259"), ClusterTest.incidentOf(db).get("aiaaic:AIAAIC0873"), "switched off");
    }
    String second = aiid(260, "2022-06-20", "hugging-face", "yannic-kilcher",
        "Hugging Face restricted access to GPT-4chan after researchers objected to the model.", "Hugging Face Restricts GPT-4chan Model");
    try (Db db = load(gpt4chan + second, profile, filler())) {
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:259"), inc.get("aiaaic:AIAAIC0873"), "two recorded occurrences: the profile is about neither alone");
      assertNotEquals(inc.get("aiid:260"), inc.get("aiaaic:AIAAIC0873"));
    }
  }

  @Test
  void countriesThatShareNoneLowerTheScore() throws Exception {
    String taiwan = aiaaic("AIAAIC0901", "Tesla on Autopilot hits road maintenance truck, kills engineer", "2022", "", "Tesla", "Autopilot")
        .replace(",USA,", ",Taiwan,");
    String usa = aiaaic("AIAAIC0902", "Tesla on Autopilot hits road maintenance truck, kills engineer", "2022", "", "Tesla", "Autopilot");
    String both = aiaaic("AIAAIC0903", "Tesla on Autopilot hits road maintenance truck, kills engineer", "2022", "", "Tesla", "Autopilot")
        .replace(",USA,", ",\"Taiwan, USA\",");
    try (Db db = load(aiid(221, "2022-03-07", "tesla", "tesla",
            "A road engineer in Taiwan was killed when a Tesla on Autopilot hit his maintenance truck.", "Road Engineer Killed by a Tesla on Autopilot in Taiwan"),
        taiwan + usa + both, filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long a = EvalCommand.recordId(db, "aiid", "221");
      double same = cl.pairScore(a, EvalCommand.recordId(db, "aiaaic", "AIAAIC0901"));
      double other = cl.pairScore(a, EvalCommand.recordId(db, "aiaaic", "AIAAIC0902"));
      double shared = cl.pairScore(a, EvalCommand.recordId(db, "aiaaic", "AIAAIC0903"));
      assertEquals(new Clusterer.Options().countryConflict, same - other, 1e-9, "a crash in Taiwan is not one in the USA");
      assertEquals(same, shared, 1e-9, "one country in common is no conflict");
      // the audit judges whatever 221 was merged with: labelled right, labelled wrong, or listed as unlabelled
      Eval.Audit none = Eval.audit(db, List.of(List.of(new Eval.Pair("221", "AIAAIC0999", false))), List.of());
      assertTrue(none.merged() >= 1, "221 took one of the three entries");
      assertEquals(none.merged(), none.unlabelled().size());
      List<Eval.Pair> labels = List.of(new Eval.Pair("221", "AIAAIC0901", true), new Eval.Pair("221", "AIAAIC0902", false),
          new Eval.Pair("221", "AIAAIC0903", true));
      Eval.Audit judged = Eval.audit(db, List.of(List.of(new Eval.Pair("221", "AIAAIC0999", false))), labels);
      assertEquals(none.merged(), judged.right() + judged.wrong());
      assertEquals(List.of(), judged.unlabelled());
      assertFalse(judged.wrongPairs().contains("221~AIAAIC0901"));
    }
    assertEquals(0, Clusterer.packCountries("US; GB; FR; DE; CN; JP; KR"), "seven countries: a global service, not judged");
    assertTrue(Clusterer.packCountries("TW") != Clusterer.packCountries("US"));
  }

  @Test
  void aOneYearMismatchLowersTheScore() throws Exception {
    try (Db db = load(aiid(657, "2024-01-30", "openai", "openai",
            "Sensitive ChatGPT conversations leaked after a user account was compromised.", "ChatGPT Account Compromise Leaks Conversations"),
        aiaaic("AIAAIC1120", "ChatGPT leaks user conversations", "2023", "", "OpenAI", "ChatGPT")
            + aiaaic("AIAAIC1121", "ChatGPT leaks user conversations", "2024", "", "OpenAI", "ChatGPT"),
        filler())) {
      Clusterer cl = new Clusterer(new Clusterer.Options(), Progress.silent());
      cl.run(db);
      long a = EvalCommand.recordId(db, "aiid", "657");
      double before = cl.pairScore(a, EvalCommand.recordId(db, "aiaaic", "AIAAIC1120"));
      double same = cl.pairScore(a, EvalCommand.recordId(db, "aiaaic", "AIAAIC1121"));
      assertEquals(0.05 + new Clusterer.Options().yearMismatch, same - before, 1e-9);
    }
  }

  @Test
  void sentenceEmbeddingsLinkAParaphrasedHeadlineThatWordsAloneMiss() throws Exception {
    // AIID 33 and AIAAIC090 of the development set: the same night, told in different words.
    try (Db db = load(aiid(33, "2017-11-08", "amazon", "amazon",
            "An Amazon Alexa, without instruction to do so, began playing loud music in the early morning while the homeowner was away, "
                + "leading to police breaking into the house to turn off the device.",
            "Amazon Alexa Plays Loud Music when Owner is Away"),
        aiaaic("AIAAIC090", "Amazon Alexa holds 2am party when owner is out", "2017", "Oliver Haberstroh", "Amazon", "Amazon Alexa")
            + aiaaic("AIAAIC0091", "Amazon Alexa orders dollhouses after TV news report", "2017", "", "Amazon", "Amazon Alexa"),
        filler())) {
      Clusterer.Options wordsOnly = new Clusterer.Options();
      wordsOnly.embeddingWeight = 0;
      Clusterer words = new Clusterer(wordsOnly, Progress.silent());
      words.run(db);
      assertEquals(0, count(db, "SELECT COUNT(*) FROM incident_embeddings"), "words only: nothing embedded");
      // This small corpus weighs words differently from the real one: put the threshold just above the words' score.
      double threshold = score(words, db, "33", "AIAAIC090") + 0.01;
      wordsOnly.threshold = threshold;
      new Clusterer(wordsOnly, Progress.silent()).run(db);
      Map<String, Long> before = ClusterTest.incidentOf(db);
      assertNotEquals(before.get("aiid:33"), before.get("aiaaic:AIAAIC090"));

      Clusterer.Options withEmbeddings = new Clusterer.Options();
      withEmbeddings.threshold = threshold;
      Clusterer both = new Clusterer(withEmbeddings, Progress.silent());
      both.run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "the paraphrase gains " + (score(both, db, "33", "AIAAIC090") - threshold));
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC0091"), "same system, another occurrence");
      assertTrue(score(both, db, "33", "AIAAIC0091") < score(words, db, "33", "AIAAIC0091"), "the other occurrence loses");
      // Only curated records are embedded, each once; a re-run reuses them, a changed text is embedded again.
      assertEquals(count(db, "SELECT COUNT(*) FROM incident_records WHERE source IN ('aiid','aiaaic')"), count(db, "SELECT COUNT(*) FROM incident_embeddings"));
      String hash = db.read(c -> {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT e.text_hash FROM incident_embeddings e JOIN incident_records r ON r.id = e.record_id"
            + " WHERE r.source = 'aiaaic' AND r.source_id = 'AIAAIC090'")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertEquals(org.aigov.observatory.kernel.Hashing.sha256Hex("Amazon Alexa holds 2am party when owner is out"), hash);
      new Clusterer(withEmbeddings, Progress.silent()).run(db);
      assertEquals(inc, ClusterTest.incidentOf(db), "a re-run from stored embeddings gives the same incidents");
    }
  }

  @Test
  void embeddingNeighboursFindAPairThatBlockingMisses() throws Exception {
    // After AIID 302 ~ AIAAIC0619 of the second labelled set: no shared name (Geisel School of Medicine / Dartmouth College),
    // and the headline's words are in the AIID description, not its title, so neither entity nor title-word blocking proposes the pair.
    try (Db db = load(aiid(302, "2021-03-15", "geisel-school-of-medicine", "canvas",
            "Dartmouth's Geisel School of Medicine allegedly falsely accused students of cheating during remote exams using an internally "
                + "built system which tracked student activity patterns without their knowledge on its learning management platform.",
            "Students Allegedly Wrongfully Accused of Cheating via Medical School's Internal Software"),
        aiaaic("AIAAIC0619", "Dartmouth tracked activity patterns in remote exams", "2021", "Dartmouth College", "Dartmouth College", "")
            + aiaaic("AIAAIC0700", "Exam proctoring software flags dark skinned students", "2020", "ExamSoft", "ExamSoft", "ExamSoft"),
        filler())) {
      Clusterer.Options off = new Clusterer.Options();
      off.embeddingNeighbours = 0;
      new Clusterer(off, Progress.silent()).run(db);
      Map<String, Long> before = ClusterTest.incidentOf(db);
      assertNotEquals(before.get("aiid:302"), before.get("aiaaic:AIAAIC0619"), "blocking alone misses the pair");
      Clusterer on = new Clusterer(new Clusterer.Options(), Progress.silent());
      assertTrue(new Clusterer.Options().embeddingNeighbours > 0, "on by default");
      on.run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:302"), inc.get("aiaaic:AIAAIC0619"), "scored " + score(on, db, "302", "AIAAIC0619"));
      assertNotEquals(inc.get("aiid:302"), inc.get("aiaaic:AIAAIC0700"), "a neighbour is scored, not linked by nearness alone");
      assertNotEquals(inc.get("aiid:900"), inc.get("aiaaic:AIAAIC0700"));
    }
  }

  @Test
  void anIncidentAiidDeclaresADuplicateJoinsTheOneItDuplicates() throws Exception {
    // AIID 637 is listed in the 2025-03 snapshot's duplicates.csv as a duplicate of 112 (both about ShotSpotter)
    Path snap = tmp.resolve("snap");
    Files.createDirectories(snap);
    Files.writeString(snap.resolve("duplicates.csv"), "duplicate_incident_number,true_incident_number\n637,112\nseven,112\n5,5\n9\n999,998\n");
    Files.writeString(snap.resolve("incidents.csv"), AIID_HEADER
        + aiid(112, "2021-05-03", "chicago-police-department", "shotspotter", "Police departments reported ShotSpotter as unreliable and wasteful.",
            "Police Departments Reported ShotSpotter as Unreliable and Wasteful")
        + aiid(637, "2021-08-24", "chicago-police-department", "soundthinking", "ShotSpotter reportedly only has 47% accuracy in Chicago.",
            "Gunshot Detection Technology ShotSpotter Reportedly Only Has 47% Accuracy in Chicago System")
        + aiid(640, "2021-08-25", "chicago-police-department", "shotspotter", "Another ShotSpotter alert sent police to a quiet street.",
            "ShotSpotter Alert Sent Police to a Quiet Street")
        + filler());
    try (Db db = Fixtures.db()) {
      Ingest.Report rep = new Ingest(db, Classifier.bundled(), Progress.silent()).run("aiid", snap.toString());
      assertEquals(3, rep.errors, rep.messages.toString());
      String msgs = rep.messages.toString();
      assertTrue(msgs.contains("duplicates.csv line 3: incident numbers must be whole numbers"), msgs);
      assertTrue(msgs.contains("duplicates.csv line 4: an incident cannot duplicate itself"), msgs);
      assertTrue(msgs.contains("duplicates.csv line 5: expected 2 fields, found 1"), msgs);
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:112"), inc.get("aiid:637"), "AIID's editors call them one incident");
      assertNotEquals(inc.get("aiid:112"), inc.get("aiid:640"), "two AIID incidents otherwise stay apart");
      assertTrue(st.aiidLinks >= 1, st.toString());
      String via = db.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT m.via FROM incident_members m JOIN incident_records r ON r.id = m.record_id"
            + " WHERE r.source = 'aiid' AND r.source_id = '637'")) {
          assertTrue(rs.next());
          return rs.getString(1);
        }
      });
      assertEquals("aiid-link", via);
    }
  }

  @Test
  void clusterCommandPassesItsOptions() {
    ClusterCommand cmd = new ClusterCommand();
    new picocli.CommandLine(cmd).parseArgs("--embedding-weight", "0", "--threshold", "0.6", "--window-days", "30", "--embedding-neighbours", "0");
    Clusterer.Options o = cmd.options();
    assertEquals(0, o.embeddingNeighbours);
    assertEquals(0, o.embeddingWeight);
    assertEquals(0.6, o.threshold);
    assertEquals(30, o.dateWindowDays);
    ClusterCommand defaults = new ClusterCommand();
    new picocli.CommandLine(defaults).parseArgs();
    assertEquals(new Clusterer.Options().embeddingWeight, defaults.options().embeddingWeight);
    assertTrue(defaults.options().embeddingWeight > 0, "embeddings on by default");
  }

  static long count(Db db, String sql) {
    return db.read(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Clusters with the threshold just above the highest of {@code below} and the reciprocal band reaching just under the lowest. */
  static Clusterer reciprocalRun(Db db, boolean on, double... below) {
    double hi = Arrays.stream(below).max().orElseThrow(), lo = Arrays.stream(below).min().orElseThrow();
    Clusterer.Options o = new Clusterer.Options();
    o.threshold = hi + 0.01;
    o.reciprocalBand = on ? o.threshold - (lo - 0.01) : 0;
    Clusterer cl = new Clusterer(o, Progress.silent());
    cl.run(db);
    return cl;
  }

  static double score(Clusterer cl, Db db, String aiid, String aiaaic) {
    return cl.pairScore(EvalCommand.recordId(db, "aiid", aiid), EvalCommand.recordId(db, "aiaaic", aiaaic));
  }

  static final String ALEXA_AIID = aiid(33, "2017-11-09", "amazon", "amazon",
      "An Amazon Echo started playing loud music at night in a Hamburg flat while the owner was away, and police broke in to stop it.",
      "Amazon Alexa Plays Loud Music when Owner is Away");
  // the flat is in Hamburg, so the entry's country is Germany (the helper's USA would conflict with the AIID text's DE)
  static final String ALEXA_AIAAIC = aiaaic("AIAAIC090", "Amazon Alexa holds 2am party when owner is out", "2017", "Amazon", "Amazon", "Alexa")
      .replace(",USA,", ",Germany,");
  /** Two AIID incidents about one drone operator; the AIAAIC entry is about the second one's occurrence. */
  static final String DRONES_AIID = aiid(701, "2019-08-10", "skyparcel", "skyparcel",
          "A Skyparcel delivery drone crashed into a house roof in Leeds during a delivery flight.", "Skyparcel Delivery Drone Crashes into Roof in Leeds")
      + aiid(702, "2019-05-10", "skyparcel", "skyparcel",
          "A Skyparcel delivery drone dropped a heavy parcel onto a pedestrian outside a Leeds shopping centre.",
          "Skyparcel Drone Drops Parcel onto Pedestrian in Leeds");
  static final String DRONES_AIAAIC = aiaaic("AIAAIC0700", "Skyparcel drone drops parcel on Leeds shopper", "2019", "Skyparcel", "Skyparcel", "");

  @Test
  void aReciprocalBestPairBelowTheThresholdIsLinkedAndAOneSidedBestIsNot() throws Exception {
    try (Db db = load(ALEXA_AIID + DRONES_AIID, ALEXA_AIAAIC + DRONES_AIAAIC, filler())) {
      Clusterer off = reciprocalRun(db, false, 0.5);
      double alexa = score(off, db, "33", "AIAAIC090"), near = score(off, db, "702", "AIAAIC0700"), far = score(off, db, "701", "AIAAIC0700");
      assertTrue(alexa > 0 && near > far && far > 0, "scores " + alexa + " " + near + " " + far);
      // all three pairs below the threshold: without the pass nothing links
      reciprocalRun(db, false, alexa, near, far);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"));
      assertNotEquals(inc.get("aiid:702"), inc.get("aiaaic:AIAAIC0700"));
      Clusterer.Options o = new Clusterer.Options();
      o.threshold = Math.max(alexa, near) + 0.01;
      o.reciprocalBand = o.threshold - (Math.min(alexa, far) - 0.01);
      Clusterer.Stats st = new Clusterer(o, Progress.silent()).run(db);
      inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "each is the other's best candidate and both are alone");
      assertEquals(inc.get("aiid:702"), inc.get("aiaaic:AIAAIC0700"), "the AIAAIC entry's best AIID incident");
      assertNotEquals(inc.get("aiid:701"), inc.get("aiaaic:AIAAIC0700"), "701's best candidate prefers another incident");
      assertNotEquals(inc.get("aiid:701"), inc.get("aiid:702"));
      assertEquals(2, st.reciprocalLinks, st.toString());
      assertEquals("reciprocal", via(db, "aiaaic", "AIAAIC090"));
      // below the band: not linked
      o.reciprocalBand = o.threshold - (Math.max(alexa, near) + 0.005);
      new Clusterer(o, Progress.silent()).run(db);
      inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"));
    }
  }

  @Test
  void aRecordAlreadyInAnIncidentIsNotTakenAndAnEditorsSplitHolds() throws Exception {
    try (Db db = load(ALEXA_AIID, ALEXA_AIAAIC, filler())) {
      double alexa = score(reciprocalRun(db, false, 0.5), db, "33", "AIAAIC090");
      reciprocalRun(db, true, alexa);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "linked while both are alone");
      // an editor splits them: the pass must not join them again
      long k = inc.get("aiid:33");
      Decisions.split(db, k, List.of(EvalCommand.recordId(db, "aiaaic", "AIAAIC090")), "editor", "different nights");
      reciprocalRun(db, true, alexa);
      inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "split kept by re-run");
      // the split superseded by a merge of the AIID incident with another record: 33 is no longer alone
      Decisions.merge(db, inc.get("aiid:33"), inc.get("aiid:900"), "editor", "same owner");
      reciprocalRun(db, true, alexa);
      inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:33"), inc.get("aiid:900"), "merge kept by re-run");
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "the merge is not undone or extended by the pass");
    }
  }

  @Test
  void aRecordLinkedByTheNormalPassIsNotTaken() throws Exception {
    try (Db db = load(ALEXA_AIID, ALEXA_AIAAIC, filler())) {
      // a news report repeating AIID 33's text joins it as a near-duplicate: 33 is no longer alone
      Path news = tmp.resolve("news.jsonl");
      Files.writeString(news, "{\"id\":\"news-1\",\"url\":\"https://news.example/alexa\",\"title\":\"Police break into flat as Alexa plays loud music\","
          + "\"text\":\"An Amazon Echo started playing loud music at night in a Hamburg flat while the owner was away, and police broke in to stop it. Neighbours had called them.\","
          + "\"published\":\"2017-11-09\"}\n");
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", news.toString());
      assertEquals(1, r.inserted, r.toString());
      Clusterer off = reciprocalRun(db, false, 0.5);
      double alexa = score(off, db, "33", "AIAAIC090");
      long newsId = EvalCommand.recordId(db, "jsonl", "news-1");
      assertTrue(off.pairScore(newsId, EvalCommand.recordId(db, "aiaaic", "AIAAIC090")) < alexa, "33 stays the entry's best candidate");
      reciprocalRun(db, true, alexa);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:33"), inc.get("jsonl:news-1"), "text link " + inc);
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "33 is linked already, so its near miss is not taken");
    }
  }

  @Test
  void aBetterCandidateWithDisagreeingDatesIsNotTakenButStillBlocksAWeakerOne() throws Exception {
    // AIAAIC0910 repeats more of AIID 33's words but is dated a year later
    String rival = aiaaic("AIAAIC0910", "Amazon Alexa plays loud music at night in Hamburg flat while owner is away", "2018", "Amazon", "Amazon", "Alexa");
    try (Db db = load(ALEXA_AIID, ALEXA_AIAAIC + rival, filler())) {
      Clusterer off = reciprocalRun(db, false, 0.5);
      double alexa = score(off, db, "33", "AIAAIC090"), better = score(off, db, "33", "AIAAIC0910");
      assertTrue(better > alexa && alexa > 0, "scores " + better + " " + alexa);
      reciprocalRun(db, true, alexa, better);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC0910"), "a year off: not taken by the pass");
      assertNotEquals(inc.get("aiid:33"), inc.get("aiaaic:AIAAIC090"), "33's best candidate is another entry");
    }
  }

  static String via(Db db, String source, String id) {
    long r = EvalCommand.recordId(db, source, id);
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT via FROM incident_members WHERE record_id = ?")) {
        ps.setLong(1, r);
        try (var rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
  }

  @Test
  void harmedPartiesAreModelInput() throws Exception {
    List<RiskModel.Example> ex = RiskModel.readExamples(new StringReader(
        "incident_id,risk_domain,title,description,entities,harmed\n1,1. Discrimination and Toxicity,Title,Desc,acme,black-people women\n"));
    assertTrue(ex.get(0).text().endsWith("acme black-people women"), ex.get(0).text());
    List<RiskModel.Example> old = RiskModel.readExamples(new StringReader(
        "incident_id,risk_domain,title,description,entities\n1,1. Discrimination and Toxicity,Title,Desc,acme\n"));
    assertTrue(old.get(0).text().endsWith("acme"), "files without the column still load");
    assertTrue(RiskModel.bundledExamples().stream().filter(e -> e.text().contains("black-people")).count() > 5,
        "the bundled training file carries the harmed parties");
  }

  /**
   * Two AIID incidents dated the same day about one event (AIID's 230 and 353 are one crash) are never linked by the
   * run, since a monitor's editors keep related events apart on purpose, but are offered to editors as a suggestion; a
   * third entry about the same deployer on another day is not. An editor's merge of the pair holds in later runs.
   */
  @Test
  void sameDayEntriesOfOneMonitorAreSuggestedNotMerged() throws Exception {
    String rows = aiid(230, "2019-03-01", "tesla", "tesla", "A Tesla Model 3 on Autopilot crashed into a tractor trailer truck in Delray Beach, Florida, killing the driver.",
        "Model 3 Tesla on Autopilot Crashed into a Truck in Florida, Killing Driver")
        + aiid(353, "2019-03-01", "tesla", "tesla", "A Tesla on Autopilot drove under a tractor trailer truck crossing a highway in Delray Beach, Florida, killing its driver.",
            "Tesla on Autopilot Crashed into Trailer Truck in Florida, Killing Driver")
        + aiid(452, "2021-07-04", "tesla", "tesla", "A Tesla on Autopilot crashed into a parked truck on a highway in Texas, injuring the driver.",
            "Tesla on Autopilot Crashed into Parked Truck in Texas");
    try (Db db = load(rows, "", filler())) {
      Clusterer.Stats st = new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      Map<String, Long> inc = ClusterTest.incidentOf(db);
      assertNotEquals(inc.get("aiid:230"), inc.get("aiid:353"), "entries of one monitor are not linked by the run");
      List<Map<String, Object>> list = MergeSuggestions.list(db, 1000);
      assertEquals(st.suggestions, list.size());
      List<String> same = list.stream().filter(s -> MergeSuggestions.SAME_MONITOR.equals(s.get("reason"))).map(LinkageRulesTest::ids).toList();
      assertEquals(List.of("230~353"), same, list.toString());

      Clusterer.Options off = new Clusterer.Options();
      off.sameMonitorDays = -1;
      new Clusterer(off, Progress.silent()).run(db);
      assertTrue(MergeSuggestions.list(db, 1000).stream().noneMatch(s -> MergeSuggestions.SAME_MONITOR.equals(s.get("reason"))), "switched off");

      Decisions.merge(db, inc.get("aiid:230"), inc.get("aiid:353"), "editor", "one crash");
      new Clusterer(new Clusterer.Options(), Progress.silent()).run(db);
      inc = ClusterTest.incidentOf(db);
      assertEquals(inc.get("aiid:230"), inc.get("aiid:353"), "the editor's merge holds");
      assertNotEquals(inc.get("aiid:230"), inc.get("aiid:452"));
      assertTrue(MergeSuggestions.list(db, 1000).stream().noneMatch(s -> "230~353".equals(ids(s))), "a merged pair is no suggestion");
    }
  }

  @SuppressWarnings("unchecked")
  private static String ids(Map<String, Object> suggestion) {
    return ((Map<String, Object>) suggestion.get("a")).get("source_id") + "~" + ((Map<String, Object>) suggestion.get("b")).get("source_id");
  }
}
