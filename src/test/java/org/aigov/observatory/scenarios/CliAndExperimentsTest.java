package org.aigov.observatory.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliAndExperimentsTest {
  @TempDir Path tmp;

  static final String P1 = "paper1-two-way-empowerment";

  @Test
  void simulateWritesTimeThenOneColumnPerVariable() throws Exception {
    Path model = tmp.resolve("teacup.xmile");
    Files.copy(Path.of(getClass().getResource("/scenarios/sd-test-models/samples/teacup/teacup.xmile").toURI()), model);
    Path out = tmp.resolve("run.csv");
    int rc = new CommandLine(new SimulateCommand()).execute(model.toString(), "--set", "Room Temperature=20", "--method", "rk4", "--out", out.toString());
    assertEquals(0, rc);
    List<String> lines = Files.readAllLines(out);
    assertEquals("Time,Heat Loss to Room,Room Temperature,Teacup Temperature,Characteristic Time", lines.get(0));
    assertEquals(241, lines.size() - 1);
    String[] last = lines.get(lines.size() - 1).split(",");
    assertEquals(30, Double.parseDouble(last[0]));
    assertEquals(20 + 160 * Math.exp(-3), Double.parseDouble(last[3]), 1e-6); // RK4 on exponential decay
    assertEquals(2, new CommandLine(new SimulateCommand()).execute(model.toString(), "--set", "nope=1", "--out", out.toString()));
  }

  @Test
  void simulateBundledModelsAndScenarios() throws Exception {
    for (String id : ScenarioStore.BUNDLED.keySet()) {
      Path out = tmp.resolve(id + ".csv");
      assertEquals(0, new CommandLine(new SimulateCommand()).execute(id, "--out", out.toString()));
      assertTrue(Files.readAllLines(out).get(0).startsWith("Time,"));
    }
    Path cmp = tmp.resolve("compare.csv"), svg = tmp.resolve("compare.svg");
    assertEquals(0, new CommandLine(new SimulateCommand()).execute("paper5-governance-pace", "--compare", "--out", cmp.toString(), "--chart", svg.toString(), "--chart-var", "accumulated risk"));
    List<String> rows = Files.readAllLines(cmp);
    assertTrue(rows.get(0).startsWith("scenario,Time,technology,"));
    assertEquals(3 * 321 + 1, rows.size());
    assertTrue(rows.get(rows.size() - 1).startsWith("governance_lagging,2056,"));
    assertTrue(Files.readString(svg).contains("governance_ahead: accumulated risk"));
    Path shock = tmp.resolve("shock.csv");
    assertEquals(0, new CommandLine(new SimulateCommand()).execute(P1, "--scenario", "external_shock", "--out", shock.toString()));
  }

  @Test
  void sweepAndMonteCarloCommandsWriteCsvJsonAndCharts() throws Exception {
    Path csv = tmp.resolve("sweep.csv"), json = tmp.resolve("sweep.json");
    assertEquals(0, new CommandLine(new SweepCommand()).execute(P1, "--param", "spillover rate=0.02:0.2", "--steps", "4", "--output", "partner technologization", "--out", csv.toString(), "--json", json.toString()));
    List<String> lines = Files.readAllLines(csv);
    assertEquals(5, lines.size());
    double lo = Double.parseDouble(lines.get(1).split(",")[1]), hi = Double.parseDouble(lines.get(4).split(",")[1]);
    assertTrue(hi > lo, "more spillover, more partner technologization");
    assertTrue(Files.readString(json).contains("partner technologization"));
    Path mc = tmp.resolve("mc.csv"), png = tmp.resolve("mc.png"), svg = tmp.resolve("mc.svg");
    assertEquals(0, new CommandLine(new SweepCommand()).execute(P1, "--runs", "20", "--param", "spillover rate=0.04:0.12", "--param", "sanction severity=0:0.8", "--output", "NQPF", "--out", mc.toString(), "--chart", png.toString()));
    assertEquals(21, Files.readAllLines(mc).size());
    assertEquals((byte) 0x89, Files.readAllBytes(png)[0]);
    assertEquals(0, new CommandLine(new SweepCommand()).execute(P1, "--runs", "5", "--param", "spillover rate=0.04:0.12", "--output", "NQPF", "--out", mc.toString(), "--chart", svg.toString()));
    assertTrue(Files.readString(svg).contains("<svg"));
  }

  @Test
  void sensitivityCommandRanksParameters() throws Exception {
    Path json = tmp.resolve("rank.json");
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, "UTF-8"));
    try {
      assertEquals(0, new CommandLine(new SensitivityCommand()).execute("paper5-governance-pace", "--scenario", "governance_lagging", "--target", "accumulated risk", "--json", json.toString()));
    } finally {
      System.setOut(old);
    }
    String[] rows = buf.toString("UTF-8").split("\n");
    assertTrue(rows[0].startsWith("rank,parameter,influence"));
    assertTrue(rows.length > 8);
    assertTrue(Files.readString(json).contains("risk intensity"));
  }

  @Test
  void monteCarloIsReproducibleWhateverTheThreadCount() {
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(ScenarioStore.bundledXmile(P1)));
    List<Experiments.Range> ranges = List.of(new Experiments.Range("spillover rate", 0.04, 0.12), new Experiments.Range("sanction severity", 0, 0.8));
    var one = Experiments.monteCarlo(cm, Map.of(), ranges, 40, 9, List.of("NQPF", "partner technologization"), "NQPF", 1);
    var two = Experiments.monteCarlo(cm, Map.of(), ranges, 40, 9, List.of("NQPF", "partner technologization"), "NQPF", 2);
    for (int i = 0; i < 40; i++) assertArrayEquals(one.finals()[i], two.finals()[i], 0.0);
    assertArrayEquals(one.p50(), two.p50(), 0.0);
    var other = Experiments.monteCarlo(cm, Map.of(), ranges, 40, 10, List.of("NQPF"), null, 2);
    assertFalse(other.samples()[0][0] == one.samples()[0][0]);
    for (int t = 0; t < one.times().length; t++) assertTrue(one.p05()[t] <= one.p50()[t] && one.p50()[t] <= one.p95()[t]);
  }

  @Test
  void sensitivityRankingsAgreeOnTheDominantParameter() {
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(ScenarioStore.bundledXmile(P1)));
    List<String> ps = List.of("spillover rate", "resilience adjustment time", "market feedback weight");
    var oat = Experiments.oneAtATime(cm, Map.of(), ps, 0.2, "partner technologization");
    assertEquals("spillover rate", oat.get(0).param());
    var bv = Experiments.baseValues(cm, Map.of(), ps);
    var lhs = Experiments.latinHypercube(cm, Map.of(), ps.stream().map(p -> new Experiments.Range(p, bv.get(p) * 0.8, bv.get(p) * 1.2)).toList(), 60, 3, "partner technologization", 2);
    assertEquals("spillover rate", lhs.ranking().get(0).param());
    assertTrue(lhs.ranking().get(0).score() > 0.8);
  }

  @Test
  void bundledModelsDocumentEveryVariableAndScenariosMoveTheRightWay() {
    for (String id : ScenarioStore.BUNDLED.keySet()) {
      XmileModel m = XmileReader.parse(ScenarioStore.bundledXmile(id));
      assertTrue(m.scenarios.size() >= 3, id);
      for (XmileModel.Var v : m.vars) {
        assertFalse(v.units.isBlank(), id + ": no units on " + v.name);
        assertTrue(v.doc.length() > 30, id + ": no documentation on " + v.name);
        boolean isNumber = v.eqn != null && v.eqn.trim().matches("-?[0-9.]+");
        if (isNumber && !v.kind.equals("stock")) assertTrue(v.doc.contains("ASSUMPTION") || v.doc.contains("paper"), id + ": source of " + v.name);
      }
      assertTrue(ModelCompiler.compile(m).warnings.isEmpty(), id + " " + ModelCompiler.compile(m).warnings);
    }
    CompiledModel p1 = ModelCompiler.compile(XmileReader.parse(ScenarioStore.bundledXmile(P1)));
    var runs = Experiments.compareScenarios(p1, List.of());
    assertEquals(List.of("baseline", "external_shock", "deepened_cooperation"), List.copyOf(runs.keySet()));
    double base = runs.get("baseline").series("empowerment index")[100];
    assertTrue(runs.get("external_shock").series("empowerment index")[100] < base);
    assertTrue(runs.get("deepened_cooperation").series("empowerment index")[100] > base);
    CompiledModel p2 = ModelCompiler.compile(XmileReader.parse(ScenarioStore.bundledXmile("paper2-ai-militarisation")));
    var r2 = Experiments.compareScenarios(p2, List.of());
    assertTrue(r2.get("rules_clarified").last("strategic instability") < r2.get("baseline").last("strategic instability"));
    assertTrue(r2.get("high_commercial_participation").last("NCE capability") > r2.get("baseline").last("NCE capability"));
  }
}
