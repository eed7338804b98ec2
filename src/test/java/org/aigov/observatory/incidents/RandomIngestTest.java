package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import org.aigov.observatory.kernel.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random JSON-lines corpora full of near copies (the same URL spelt with another case of host, www, a fragment or a
 * trailing slash; the same text with other case and spacing; later versions of an id): read in one run into an empty
 * store (the bulk path) or cut into several runs (the incremental path), the store ends the same; a re-run adds nothing
 * and changes nothing; and no two stored reports without an id of their own share a URL or a text. The seed is in the
 * failure message; -Dtests.seed=N replays one corpus.
 */
class RandomIngestTest {
  @TempDir Path tmp;

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> runs() {
    return TestStores.seeded(5L, 1L, 20261205L, 99L);
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("runs")
  void oneRunOrManyEndTheSameAndARerunChangesNothing(String store, long seed) throws Exception {
    long s = TestStores.seed(seed);
    Random rnd = new Random(s);
    List<String> lines = corpus(rnd, 160);
    String ctx = store + ", seed " + s;
    Path whole = tmp.resolve("whole-" + seed + ".jsonl");
    Files.write(whole, lines, StandardCharsets.UTF_8);

    List<List<String>> once, chunked;
    try (Db db = TestStores.open(store)) {
      Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", whole.toString());
      assertEquals(0, r.errors, ctx + ": " + r.messages);
      assertEquals(lines.size(), r.inserted + r.updated + r.unchanged + r.duplicates, ctx + ": every line accounted for, " + r);
      once = stored(db);
      assertUnique(once, ctx);
      Ingest.Report again = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", whole.toString());
      assertEquals(0, again.inserted, ctx + ": a re-run inserted " + again);
      assertEquals(once, stored(db), ctx + ": a re-run changed the store");
    }
    try (Db db = TestStores.open(store)) {
      int from = 0, part = 0;
      while (from < lines.size()) {
        int to = Math.min(lines.size(), from + 1 + rnd.nextInt(60));
        Path f = tmp.resolve("part-" + seed + "-" + part++ + ".jsonl");
        Files.write(f, lines.subList(from, to), StandardCharsets.UTF_8);
        Ingest.Report r = new Ingest(db, Classifier.bundled(), Progress.silent()).run("jsonl", f.toString());
        assertEquals(0, r.errors, ctx + ": " + r.messages);
        from = to;
      }
      chunked = stored(db);
    }
    assertEquals(once, chunked, ctx + ": one run and " + "several runs stored different reports");
    assertTrue(once.size() > 20 && once.size() < lines.size(), ctx + ": the corpus should hold both new reports and copies, stored " + once.size());
  }

  /** Reports drawn from small pools of addresses and texts, so that copies by URL and by text are frequent. */
  private static List<String> corpus(Random rnd, int n) {
    String[] hosts = {"news.example.com", "example.org", "zh.example.cn", "blog.example.net"};
    String[] words = {"facial", "recognition", "chatbot", "deepfake", "drone", "military", "bias", "privacy", "lawsuit", "police",
        "人脸识别", "深度伪造", "军事", "无人机", "算法"};
    List<String> urls = new ArrayList<>(), titles = new ArrayList<>(), bodies = new ArrayList<>();
    for (int i = 0; i < n / 3; i++) urls.add(hosts[rnd.nextInt(hosts.length)] + "/story/" + i + (rnd.nextBoolean() ? "?id=" + rnd.nextInt(5) : ""));
    for (int i = 0; i < n / 3; i++) {
      titles.add(phrase(rnd, words, 3 + rnd.nextInt(4)));
      bodies.add(phrase(rnd, words, 8 + rnd.nextInt(10)));
    }
    Map<String, Integer> versions = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ObjectNode o = JSON.createObjectNode();
      if (rnd.nextInt(5) == 0) {
        String id = "r" + rnd.nextInt(12);
        o.put("source_id", id);
        versions.merge(id, 1, Integer::sum);
      }
      if (rnd.nextInt(6) > 0) o.put("url", spell(rnd, urls.get(rnd.nextInt(urls.size()))));
      int t = rnd.nextInt(titles.size());
      o.put("title", respace(rnd, titles.get(t)));
      if (rnd.nextBoolean()) o.put("text", respace(rnd, bodies.get(t)));
      o.put("published", "2024-0" + (1 + rnd.nextInt(9)) + "-1" + rnd.nextInt(10));
      if (rnd.nextBoolean()) o.put("outlet", hosts[rnd.nextInt(hosts.length)]);
      out.add(o.toString());
    }
    return out;
  }

  private static String phrase(Random rnd, String[] words, int k) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < k; i++) sb.append(i == 0 ? "" : " ").append(words[rnd.nextInt(words.length)]);
    return sb.toString();
  }

  /** One address as another writer might give it: scheme, host case, www, fragment and trailing slash vary. */
  private static String spell(Random rnd, String u) {
    int slash = u.indexOf('/');
    String host = u.substring(0, slash), rest = u.substring(slash);
    if (rnd.nextBoolean()) host = "www." + host;
    if (rnd.nextBoolean()) host = host.toUpperCase(java.util.Locale.ROOT);
    if (rnd.nextInt(3) == 0) rest += "/";
    if (rnd.nextInt(3) == 0) rest += "#section-" + rnd.nextInt(3);
    return (rnd.nextBoolean() ? "https://" : "http://") + host + rest;
  }

  /** The same words with other case and spacing: the same text for the content hash. */
  private static String respace(Random rnd, String t) {
    StringBuilder sb = new StringBuilder();
    for (String w : t.split(" ")) {
      if (sb.length() > 0) sb.append(rnd.nextInt(4) == 0 ? "  \t " : " ");
      sb.append(rnd.nextInt(3) == 0 ? w.toUpperCase(java.util.Locale.ROOT) : w);
    }
    return (rnd.nextInt(4) == 0 ? " " : "") + sb + (rnd.nextInt(4) == 0 ? "\n" : "");
  }

  /** Every stored report as (source id, url key, content hash, title, text, url, date text), in order. */
  private static List<List<String>> stored(Db db) {
    return db.read(c -> {
      List<List<String>> out = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT source_id, url_key, content_hash, title, body, url, date_text FROM incident_records"
          + " WHERE source = 'jsonl' ORDER BY source_id"); var rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= 7; i++) row.add(rs.getString(i));
          out.add(row);
        }
      }
      return out;
    });
  }

  /** Reports without an id of their own were kept only when their URL and their text were new. */
  private static void assertUnique(List<List<String>> rows, String ctx) {
    TreeSet<String> urls = new TreeSet<>(), hashes = new TreeSet<>();
    for (List<String> r : rows) {
      if (!r.get(0).startsWith("url:") && !r.get(0).startsWith("sha:")) continue;
      if (r.get(1) != null) assertTrue(urls.add(r.get(1)), ctx + ": two reports stored with one URL: " + r);
      assertTrue(hashes.add(r.get(2)), ctx + ": two reports stored with one text: " + r);
    }
  }
}
