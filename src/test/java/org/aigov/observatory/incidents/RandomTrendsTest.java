package org.aigov.observatory.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.aigov.observatory.kernel.Db;
import org.junit.jupiter.api.Test;

/**
 * Random trend queries (granularity, up to two filters, a split, a range, the standardized share) over random incidents,
 * each checked against a plain recount of the incidents table: every count, every period's total and every share. The
 * seed is in the failure message; -Dtests.seed=N replays one run.
 */
class RandomTrendsTest {
  /** The facets as Trends names them, and the incidents column each is read from. */
  static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("source", "sources");
    COLUMNS.put("risk_domain", "risk_domain");
    COLUMNS.put("risk_layer", "risk_layers");
    COLUMNS.put("country", "countries");
    COLUMNS.put("sector", "sectors");
    COLUMNS.put("harm_type", "harm_types");
    COLUMNS.put("topic", "topics");
  }

  record Inc(LocalDate date, Map<String, List<String>> facets) {}

  @Test
  void everyCountTotalAndShareAgreesWithARecount() throws Exception {
    long seed = org.aigov.observatory.kernel.TestStores.seed(20261205L);
    Random rnd = new Random(seed);
    try (Db db = Fixtures.db()) {
      IncidentsBench.writeIncidents(db, 2500, seed);
      List<Inc> incs = db.read(c -> {
        List<Inc> out = new ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT first_date, " + String.join(", ", COLUMNS.values()) + " FROM incidents")) {
          while (rs.next()) {
            Map<String, List<String>> f = new HashMap<>();
            int k = 2;
            // the glossary's spelling variants count as their canonical values (documented): the recount reads them so too
            for (String facet : COLUMNS.keySet())
              f.put(facet, RecordWriter.split(rs.getString(k++)).stream().flatMap(v -> FacetLabels.canonicalValues(facet, v).stream()).distinct().toList());
            out.add(new Inc(rs.getDate(1).toLocalDate(), f));
          }
        }
        return out;
      });
      Map<String, List<String>> values = new HashMap<>();
      for (String facet : COLUMNS.keySet())
        values.put(facet, incs.stream().flatMap(i -> i.facets().get(facet).stream()).distinct().sorted().toList());
      String[] grans = {"day", "week", "month", "year"};
      List<String> facets = new ArrayList<>(COLUMNS.keySet());
      for (int t = 0; t < 60; t++) {
        String g = grans[rnd.nextInt(grans.length)];
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("granularity", List.of(g));
        Map<String, String> filters = new LinkedHashMap<>();
        for (int k = rnd.nextInt(3); k > 0; k--) {
          String f = facets.get(rnd.nextInt(facets.size()));
          String v = values.get(f).get(rnd.nextInt(values.get(f).size()));
          filters.put(f, v);
          params.put(f, List.of(v));
        }
        String split = rnd.nextBoolean() ? facets.get(rnd.nextInt(facets.size())) : null;
        if (split != null) params.put("split", List.of(split));
        LocalDate from = null, to = null;
        if (rnd.nextBoolean()) params.put("from", List.of((from = LocalDate.of(2015, 1, 1).plusDays(rnd.nextInt(3000))).toString()));
        if (rnd.nextBoolean()) {
          to = (from != null ? from : LocalDate.of(2015, 1, 1)).plusDays(rnd.nextInt(1500));
          params.put("to", List.of(to.toString()));
        }
        boolean standardize = rnd.nextBoolean();
        if (standardize) params.put("standardize", List.of("true"));
        if (g.equals("day") && split != null && from == null) // a day series split over ten years passes no cap, but is slow to check
          params.put("from", List.of((from = to != null ? to.minusDays(400) : LocalDate.of(2024, 1, 1)).toString()));
        String ctx = "seed " + seed + ", query " + t + ": " + params;

        Map<String, Long> cells = new TreeMap<>(), totals = new TreeMap<>();
        for (Inc i : incs) {
          if ((from != null && i.date().isBefore(from)) || (to != null && i.date().isAfter(to))) continue;
          String p = period(i.date(), g);
          totals.merge(p, 1L, Long::sum);
          boolean match = true;
          for (var e : filters.entrySet()) match &= i.facets().get(e.getKey()).contains(e.getValue());
          if (!match) continue;
          if (split == null) cells.merge(p + "|*", 1L, Long::sum);
          else for (String v : i.facets().get(split)) cells.merge(p + "|" + v, 1L, Long::sum);
        }

        Trends.Result r = Trends.query(db, Trends.Query.parse(params));
        Map<String, Long> got = new TreeMap<>(), gotTotals = new TreeMap<>();
        for (int p = 0; p < r.periods().size(); p++) if (r.total()[p] > 0) gotTotals.put(r.periods().get(p), r.total()[p]);
        for (Trends.Series s : r.series()) {
          for (int p = 0; p < r.periods().size(); p++) {
            long n = s.counts()[p];
            if (n > 0) got.put(r.periods().get(p) + "|" + (split == null ? "*" : s.key()), n);
            if (standardize) {
              double want = r.total()[p] == 0 ? Double.NaN : n / (double) r.total()[p];
              assertEquals(want, s.share()[p], 1e-12, ctx + ": share in " + r.periods().get(p));
            }
          }
        }
        assertEquals(cells, got, ctx + ": counts");
        assertEquals(totals, gotTotals, ctx + ": totals");
      }
    }
  }

  private static String period(LocalDate d, String g) {
    return switch (g) {
      case "day" -> d.toString();
      case "week" -> String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case "month" -> String.format("%04d-%02d", d.getYear(), d.getMonthValue());
      default -> Integer.toString(d.getYear());
    };
  }
}
