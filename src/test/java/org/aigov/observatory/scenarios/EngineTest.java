package org.aigov.observatory.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {
  static String model(String specs, String vars) {
    return "<xmile version=\"1.0\" xmlns=\"http://docs.oasis-open.org/xmile/ns/XMILE/v1.0\"><header><name>t</name></header>"
        + "<sim_specs" + specs + "><start>0</start><stop>10</stop><dt>0.25</dt></sim_specs>"
        + "<model><variables>" + vars + "</variables></model></xmile>";
  }

  static String aux(String name, String eqn) {
    return "<aux name=\"" + name + "\"><eqn>" + eqn.replace("<", "&lt;").replace(">", "&gt;") + "</eqn></aux>";
  }

  static Result run(String vars) {
    return ModelCompiler.compile(XmileReader.parse(model("", vars))).run(Map.of());
  }

  static double at(Result r, String v, double t) {
    for (int i = 0; i < r.times().length; i++) if (Math.abs(r.times()[i] - t) < 1e-9) return r.data()[i][r.column(v)];
    throw new AssertionError("no time " + t);
  }

  @Test
  void stockIntegratesEulerAndRk4() {
    String vars = "<stock name=\"x\"><eqn>1</eqn><inflow>g</inflow></stock><flow name=\"g\"><eqn>x * 0.1</eqn></flow>";
    CompiledModel euler = ModelCompiler.compile(XmileReader.parse(model("", vars)));
    CompiledModel rk4 = ModelCompiler.compile(XmileReader.parse(model(" method=\"RK4\"", vars)));
    double e = euler.run(Map.of()).last("x"), r = rk4.run(Map.of()).last("x");
    assertEquals(Math.pow(1.025, 40), e, 1e-9);
    assertEquals(Math.exp(1), r, 1e-7); // RK4 error at dt=0.25 is ~1e-8
    assertTrue(Math.abs(e - Math.exp(1)) > 1e-3);
  }

  @Test
  void timeFunctions() {
    Result r = run(aux("s", "STEP(2, 3)") + aux("r", "RAMP(1, 2, 5)") + aux("p", "PULSE(1, 2, 3)") + aux("t", "TIME") + aux("d", "DT"));
    assertEquals(0, at(r, "s", 2.75));
    assertEquals(2, at(r, "s", 3));
    assertEquals(0, at(r, "r", 2));
    assertEquals(1.5, at(r, "r", 3.5), 1e-12);
    assertEquals(3, at(r, "r", 9), 1e-12);
    assertEquals(4, at(r, "p", 2), 1e-12); // magnitude / DT
    assertEquals(0, at(r, "p", 2.25));
    assertEquals(4, at(r, "p", 5), 1e-12);
    assertEquals(4, at(r, "p", 8), 1e-12);
    assertEquals(0.25, r.last("d"));
  }

  @Test
  void smoothAndDelaysApproachTheirInput() {
    Result r = run(aux("input", "STEP(10, 1)") + aux("s1", "SMTH1(input, 2)") + aux("s3", "SMTH3(input, 2)")
        + aux("d1", "DELAY1(input, 2)") + aux("d3", "DELAY3(input, 2)") + aux("dn", "DELAYN(input, 2, 5, 0)") + aux("fixed", "DELAY(input, 2, 0)"));
    double t = 3; // two time units after the step
    assertEquals(10 * (1 - Math.pow(1 - 0.25 / 2, 8)), at(r, "s1", t), 1e-9);
    assertTrue(at(r, "s3", t) < at(r, "s1", t), "third-order smooth responds later");
    assertTrue(at(r, "d3", t) < at(r, "d1", t));
    assertEquals(0, at(r, "fixed", 2.75));
    assertEquals(10, at(r, "fixed", 3.25));
    assertEquals(10, r.last("s1"), 0.1);
    assertEquals(10, r.last("dn"), 0.5);
    assertEquals(0, at(r, "d1", 0));
  }

  @Test
  void trendInitPreviousAndSafediv() {
    Result r = run(aux("g", "EXP(0.1 * TIME)") + aux("tr", "TREND(g, 1, 0.1)") + aux("i", "INIT(g)") + aux("p", "PREVIOUS(TIME, -1)")
        + aux("z", "SAFEDIV(1, 0)") + aux("x", "SAFEDIV(1, 0, 7)") + aux("q", "SAFEDIV(6, 3)") + aux("div", "1 / 0"));
    assertEquals(0.1, at(r, "tr", 0), 1e-12);
    assertEquals(0.1, r.last("tr"), 0.01);
    assertEquals(1, r.last("i"));
    assertEquals(-1, at(r, "p", 0));
    assertEquals(4.75, at(r, "p", 5));
    assertEquals(0, r.last("z"));
    assertEquals(7, r.last("x"));
    assertEquals(2, r.last("q"));
    assertEquals(Double.POSITIVE_INFINITY, r.last("div"));
    assertTrue(r.numericWarnings().stream().anyMatch(w -> w.contains("'div'") && w.contains("+INF")), r.numericWarnings().toString());
  }

  /** The rounding conventions docs/scenarios.md states (tools differ; outside QA, 2026-12-07). */
  @Test
  void roundingConventions() {
    Result r = run(aux("i", "INT(-2.5)") + aux("ip", "INT(2.5)") + aux("r", "ROUND(2.5)") + aux("rn", "ROUND(-2.5)") + aux("r2", "ROUND(2.4)")
        + aux("m", "-7 MOD 3") + aux("f", "FLOOR(-2.5)"));
    assertEquals(-2, r.last("i"), "INT toward zero, as the SDXorg suite's test_rounding");
    assertEquals(2, r.last("ip"));
    assertEquals(3, r.last("r"), "halves away from zero");
    assertEquals(-3, r.last("rn"));
    assertEquals(2, r.last("r2"));
    assertEquals(-1, r.last("m"), "MOD keeps the dividend's sign");
    assertEquals(-3, r.last("f"));
  }

  @Test
  void vensimNamesLeftByConverters() {
    Result r = run(aux("in", "STEP(10, 1)") + aux("sm", "SMOOTH(in, 2)") + aux("s1", "SMTH1(in, 2)") + aux("df", "DELAY_FIXED(in, 2, 0)")
        + aux("lg", "LOG(8, 2)") + aux("q", "QUANTUM(7.9, 2)") + aux("ai", "ACTIVE_INITIAL(TIME * 2, 45)")
        + "<stock name=\"st\"><eqn>ai</eqn><inflow>one</inflow></stock><flow name=\"one\"><eqn>1</eqn></flow>"
        + aux("h", "HISTORY(TIME * 10, 2)") + aux("hnow", "HISTORY(TIME, TIME)"));
    assertArrayEquals(r.series("s1"), r.series("sm"));
    assertEquals(10, at(r, "df", 3.25));
    assertEquals(3, r.last("lg"), 1e-12);
    assertEquals(6, r.last("q"));
    assertEquals(45 + 10, r.last("st")); // the stock starts from the initial argument
    assertEquals(20, r.last("ai"));
    assertEquals(20, r.last("h"));
    assertEquals(10, r.last("hnow"));
    assertEquals(10, at(r, "h", 1)); // a time not reached yet gives the current value
  }

  @Test
  void logicMathAndOperators() {
    Result r = run(aux("a", "IF 2 > 1 AND NOT (1 = 2) THEN 5 MOD 3 ELSE 0") + aux("b", "MIN(3, 1, 2) + MAX(4, 6)") + aux("c", "-2 ^ 2")
        + aux("d", "INT(-2.5)") + aux("e", "2 ^ 3 ^ 2") + aux("f", "1 <> 1 OR 3 >= 3"));
    assertEquals(2, r.last("a"));
    assertEquals(7, r.last("b"));
    assertEquals(-4, r.last("c"));
    assertEquals(-2, r.last("d"));
    assertEquals(512, r.last("e"));
    assertEquals(1, r.last("f"));
  }

  @Test
  void graphicalFunctionsContinuousExtrapolateDiscrete() {
    String gf = "<xpts>0,1,2</xpts><ypts>0,10,30</ypts>";
    Result r = run("<gf name=\"tab\">" + gf + "</gf>" + "<gf name=\"ex\" type=\"extrapolate\">" + gf + "</gf>" + "<gf name=\"di\" type=\"discrete\">" + gf + "</gf>"
        + aux("c1", "tab(1.5)") + aux("c2", "tab(5)") + aux("e2", "ex(3)") + aux("e0", "ex(-1)") + aux("d1", "di(1.5)") + aux("l", "LOOKUP(tab, 0.5)")
        + "<aux name=\"withgf\"><eqn>TIME / 5</eqn><gf>" + gf + "</gf></aux>");
    assertEquals(20, r.last("c1"));
    assertEquals(30, r.last("c2"));
    assertEquals(50, r.last("e2"));
    assertEquals(-10, r.last("e0"));
    assertEquals(10, r.last("d1"));
    assertEquals(5, r.last("l"));
    assertEquals(30, r.last("withgf"));
    assertEquals(10, at(r, "withgf", 5));
  }

  @Test
  void seededRandomIsReproducibleAndDrawnOncePerStep() {
    String vars = aux("u", "RANDOM(0, 1)") + aux("u2", "u") + aux("n", "NORMAL(10, 2)") + aux("s", "UNIFORM(0, 1, 99)");
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(model(" method=\"RK4\"", vars)));
    CompiledModel.RunSpec a = new CompiledModel.RunSpec();
    a.seed = 5;
    Result r1 = cm.run(a), r2 = cm.run(a);
    assertArrayEquals(r1.series("u"), r2.series("u"));
    assertArrayEquals(r1.series("u"), r1.series("u2"));
    CompiledModel.RunSpec b = new CompiledModel.RunSpec();
    b.seed = 6;
    assertNotEquals(r1.series("u")[3], cm.run(b).series("u")[3]);
    double mean = 0;
    for (double v : r1.series("n")) mean += v;
    mean /= r1.times().length;
    assertEquals(10, mean, 1.0);
    for (double v : r1.series("u")) assertTrue(v >= 0 && v < 1);
  }

  @Test
  void arraysApplyToAllElementsAndArrayFunctions() {
    String xml = "<xmile version=\"1.0\"><sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>"
        + "<dimensions><dim name=\"region\"><elem name=\"north\"/><elem name=\"south\"/></dim><dim name=\"n\" size=\"3\"/></dimensions>"
        + "<model><variables>"
        + "<aux name=\"rate\"><dimensions><dim name=\"region\"/></dimensions><element subscript=\"north\"><eqn>1</eqn></element><element subscript=\"south\"><eqn>3</eqn></element></aux>"
        + "<stock name=\"pop\"><dimensions><dim name=\"region\"/></dimensions><eqn>10</eqn><inflow>births</inflow></stock>"
        + "<flow name=\"births\"><dimensions><dim name=\"region\"/></dimensions><eqn>rate[region]</eqn></flow>"
        + "<aux name=\"total\"><eqn>SUM(pop[*])</eqn></aux>"
        + "<aux name=\"biggest\"><eqn>MAX(pop[*])</eqn></aux>"
        + "<aux name=\"south only\"><eqn>pop[south]</eqn></aux>"
        + "<aux name=\"grid\"><dimensions><dim name=\"region\"/><dim name=\"n\"/></dimensions><eqn>rate * n</eqn></aux>"
        + "<aux name=\"mean grid\"><eqn>MEAN(grid)</eqn></aux>"
        + "<aux name=\"list\"><dimensions><dim name=\"n\"/></dimensions><eqn>4, 5, 6</eqn></aux>"
        + "<aux name=\"pick\"><eqn>list[1 + 1]</eqn></aux>"
        + "</variables></model></xmile>";
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(xml));
    Result r = cm.run(Map.of());
    assertEquals(12, r.last("pop[north]"));
    assertEquals(16, r.last("pop[south]"));
    assertEquals(28, r.last("total"));
    assertEquals(16, r.last("biggest"));
    assertEquals(16, r.last("south only"));
    assertEquals(9, r.last("grid[south,3]"));
    assertEquals((1 + 2 + 3 + 3 + 6 + 9) / 6.0, r.last("mean grid"), 1e-12);
    assertEquals(5, r.last("pick"));
    assertEquals(20, cm.run(Map.of("rate[north]", 5.0)).last("pop[north]"));
  }

  @Test
  void modulesAreFlattenedWithConnections() {
    String xml = "<xmile version=\"1.0\"><sim_specs><start>0</start><stop>4</stop><dt>1</dt></sim_specs>"
        + "<model><variables>" + aux("outer rate", "2")
        + "<module name=\"acc\"><connect to=\"acc.input\" from=\"outer_rate\"/></module>"
        + aux("seen", "acc.level * 10") + "</variables></model>"
        + "<model name=\"acc\"><variables>" + "<aux name=\"input\" access=\"input\"><eqn>0</eqn></aux>"
        + "<stock name=\"level\" access=\"output\"><eqn>0</eqn><inflow>inflow</inflow></stock><flow name=\"inflow\"><eqn>input</eqn></flow>"
        + "</variables></model></xmile>";
    Result r = ModelCompiler.compile(XmileReader.parse(xml)).run(Map.of());
    assertEquals(8, r.last("acc.level"));
    assertEquals(80, r.last("seen"));
  }

  @Test
  void moduleOutputsConnectBackToTheParent() throws Exception {
    Result r = ModelCompiler.compile(XmileReader.read(java.nio.file.Path.of(getClass().getResource("/scenarios/module_roundtrip.xmile").toURI()))).run(Map.of());
    assertEquals("Sub Model.Output", r.names()[1]);
    assertEquals(26, r.last("Root Model Input"));
    assertEquals(26, r.last("sub_model.output"));
  }

  @Test
  void stellaStyleModulesWithConnectedStockInputs() throws Exception {
    Result r = ModelCompiler.compile(XmileReader.read(java.nio.file.Path.of(getClass().getResource("/scenarios/hares_lynxes_modules.xmile").toURI()))).run(Map.of());
    assertArrayEquals(r.series("predators.predators"), r.series("prey.predators"));
    assertArrayEquals(r.series("prey.prey_density"), r.series("predators.prey_density"));
    assertEquals(1000, r.last("prey.area"));
    assertEquals(200, at(r, "predators.harvest", 4)); // PULSE(100, 4) over DT 0.5
    assertEquals(0, at(r, "predators.harvest", 4.5));
    assertEquals(50, at(r, "prey.prey_density", 0));
    // prey density 50 -> death fraction 0.1; first-step change of predators = 1250 * (0.25 - 0.1) * 0.5
    assertEquals(1250 + 1250 * 0.15 * 0.5, at(r, "predators.predators", 0.5), 1e-9);
  }

  @Test
  void expressionMacros() {
    String xml = "<xmile version=\"1.0\"><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>"
        + "<macro name=\"HYPOT\"><parm>a</parm><parm>b</parm><eqn>SQRT(a*a + b*b)</eqn></macro>"
        + "<model><variables>" + aux("h", "HYPOT(3, 2 + 2)") + "</variables></model></xmile>";
    assertEquals(5, ModelCompiler.compile(XmileReader.parse(xml)).run(Map.of()).last("h"));
  }

  /** Review of 2026-12-04: a well-formed file with a DOCTYPE was "malformed XML recovered leniently (… disallow-doctype-decl …)". */
  @Test
  void aDoctypeIsIgnoredWithAPlainWarningAndNoEntityIsExpanded() {
    String plain = model("", aux("a", "1")).replace("<xmile ", "<!DOCTYPE xmile>\n<xmile ");
    XmileModel m = XmileReader.parse(plain);
    assertEquals(java.util.List.of("the DOCTYPE declaration was ignored (entities are not expanded)"), m.warnings);
    assertEquals(1, ModelCompiler.compile(m).run(Map.of()).last("a"));
    for (String decl : new String[] {"<!ENTITY x \"42\">", "<!ENTITY x SYSTEM \"file:///etc/hostname\">"}) {
      String xml = model("", "<aux name=\"a\"><eqn>&x;</eqn></aux>").replace("<xmile ", "<!DOCTYPE xmile [" + decl + "]>\n<xmile ");
      XmileModel e = XmileReader.parse(xml);
      assertTrue(e.warnings.contains("the DOCTYPE declaration was ignored (entities are not expanded)"), e.warnings.toString());
      assertFalse(e.vars.get(0).eqn.contains("42"), e.vars.get(0).eqn);
      assertTrue(e.warnings.stream().noneMatch(w -> w.contains("disallow-doctype")), e.warnings.toString());
    }
  }

  /** Review of 2026-12-04: 40 macros each calling the previous twice inlined 2^39 nodes and held the API's cores. */
  @Test
  void macrosThatDoubleEachOtherAreRefusedBeforeTheWork() {
    StringBuilder macros = new StringBuilder("<macro name=\"M0\"><parm>x</parm><eqn>x</eqn></macro>");
    for (int i = 1; i < 40; i++) macros.append("<macro name=\"M").append(i).append("\"><parm>x</parm><eqn>M").append(i - 1).append("(x)+M").append(i - 1).append("(x)</eqn></macro>");
    String xml = "<xmile version=\"1.0\"><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>" + macros
        + "<model><variables>" + aux("a", "M39(1)") + aux("b", "M10(1)") + "</variables></model></xmile>";
    ModelException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> assertThrows(ModelException.class, () -> ModelCompiler.compile(XmileReader.parse(xml))));
    assertEquals("equation of 'a' expands to more than 100000 terms (macros inlined)", e.getMessage());
    assertEquals("a", e.variable);
    // a parameter named twice is evaluated twice: its size counts at each use
    String small = xml.replace(aux("a", "M39(1)"), "");
    assertEquals(1024, ModelCompiler.compile(XmileReader.parse(small)).run(Map.of()).last("b"));
    String wide = "<xmile version=\"1.0\"><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>"
        + "<macro name=\"T\"><parm>x</parm><eqn>" + "x+".repeat(400) + "x</eqn></macro>"
        + "<model><variables>" + aux("c", "T(" + "1+".repeat(400) + "1)") + "</variables></model></xmile>";
    assertTrue(assertThrows(ModelException.class, () -> ModelCompiler.compile(XmileReader.parse(wide))).getMessage().contains("'c' expands to more than"));
  }

  /** Review of 2026-12-04: a flat sum of 5,000 terms overflowed the compiler's stack (HTTP 500, a stack trace from the command). */
  @Test
  void longChainsAreRefusedByNameNotByAStackOverflow() {
    ModelException e = assertThrows(ModelException.class, () -> run(aux("a", "TIME" + "+TIME".repeat(4999))));
    assertEquals("equation of 'a' is nested too deeply", e.getMessage());
    assertEquals("a", e.variable);
    assertEquals(900 * 10.0, run(aux("a", "TIME" + "+TIME".repeat(899))).last("a"), 1e-9);
  }

  /** Review of 2026-12-04: the budget counted equations, so 100 equations of 900 terms cost as much as 100 of one. */
  @Test
  void theRunBudgetCountsExpressionNodesNotEquations() {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < 100; i++) w.append(aux("w" + i, "TIME" + "+TIME".repeat(899)));
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(model("", w.toString()).replace("<stop>10</stop>", "<stop>1999999</stop>")
        .replace("<dt>0.25</dt>", "<dt>1</dt><savestep>100000</savestep>")));
    assertTrue(cm.nodesPerStep(null) >= 100 * 1799, "nodes " + cm.nodesPerStep(null));
    org.aigov.observatory.kernel.ApiException e = assertThrows(org.aigov.observatory.kernel.ApiException.class,
        () -> Checks.size(cm, null, null, 1, Checks.API, "sim_specs", "runs"));
    assertTrue(e.getMessage().contains("expression nodes exceed the limit of 1000000000 nodes per request"), e.getMessage());
    for (String id : ScenarioStore.BUNDLED.keySet()) // the bundled models' largest Monte Carlo still fits
      Checks.size(ModelCompiler.compile(CliSupport.load(id)), null, null, Checks.API.maxRuns(), Checks.API, "sim_specs", "runs");
  }

  @Test
  void macrosWithAStockKeepStatePerCallSite() {
    String xml = "<xmile version=\"1.0\"><sim_specs><start>0</start><stop>4</stop><dt>1</dt></sim_specs>"
        + "<macro name=\"ACCUM\"><parm>input</parm><eqn>total</eqn><variables>"
        + "<stock name=\"total\"><eqn>0</eqn><inflow>adding</inflow></stock><flow name=\"adding\"><eqn>input</eqn></flow>"
        + "</variables></macro>"
        + "<model><variables>" + aux("rate", "2") + aux("a", "ACCUM(rate)") + aux("b", "ACCUM(rate * 10) + 1") + "</variables></model></xmile>";
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(xml));
    Result r = cm.run(Map.of());
    assertEquals(8, r.last("a"));
    assertEquals(81, r.last("b"));
    assertEquals(3, r.names().length, "macro internals are not outputs");
    assertEquals(12, cm.run(Map.of("rate", 3.0)).last("a"));
  }

  @Test
  void nonNegativeStocksAndFlows() {
    String vars = "<stock name=\"s\"><eqn>1</eqn><outflow>f</outflow><non_negative/></stock><flow name=\"f\"><eqn>3</eqn></flow>"
        + "<stock name=\"b\"><eqn>0</eqn><inflow>g</inflow></stock><flow name=\"g\"><eqn>-1</eqn><non_negative/></flow>";
    Result r = run(vars);
    assertEquals(0, r.last("s"));
    assertEquals(0, r.last("b"));
    assertEquals(0, r.last("g"));
  }

  @Test
  void algebraicLoopNamesTheVariables() {
    ModelException e = assertThrows(ModelException.class, () -> run(aux("alpha", "beta + 1") + aux("beta", "gamma * 2") + aux("gamma", "alpha") + aux("ok", "1")));
    assertTrue(e.getMessage().contains("circular"), e.getMessage());
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("beta") && e.getMessage().contains("gamma"), e.getMessage());
    assertTrue(!e.getMessage().contains("ok"));
    // a loop through a stock is fine
    run("<stock name=\"s\"><eqn>1</eqn><inflow>f</inflow></stock><flow name=\"f\"><eqn>s * 0.1</eqn></flow>");
  }

  @Test
  void badInputGivesClearMessages() {
    ModelException unknownFn = assertThrows(ModelException.class, () -> run(aux("x", "FOO(1)")));
    assertTrue(unknownFn.getMessage().contains("unknown function 'FOO'") && unknownFn.getMessage().contains("'x'"), unknownFn.getMessage());
    ModelException unknownVar = assertThrows(ModelException.class, () -> run(aux("y", "nope * 2")));
    assertTrue(unknownVar.getMessage().contains("'nope'") && unknownVar.getMessage().contains("'y'"));
    ModelException syntax = assertThrows(ModelException.class, () -> run(aux("z", "1 + * 2")));
    assertTrue(syntax.getMessage().contains("'z'") && syntax.getMessage().contains("column"), syntax.getMessage());
    ModelException arity = assertThrows(ModelException.class, () -> run(aux("w", "SMTH1(1)")));
    assertTrue(arity.getMessage().contains("SMTH1") && arity.getMessage().contains("'w'"));
    ModelException xml = assertThrows(ModelException.class, () -> XmileReader.parse("<xmile><header>"));
    assertTrue(xml.getMessage().startsWith("malformed XML"), xml.getMessage());
    assertThrows(ModelException.class, () -> XmileReader.parse("not xml at all"));
    // recoverable damage (missing close tag) parses with a warning naming the line
    String damaged = model("", "<flow name=\"f\"><eqn>1</eqn>" + "<stock name=\"s\"><eqn>0</eqn><inflow>f</inflow></stock>");
    XmileModel m = XmileReader.parse(damaged);
    assertTrue(m.warnings.get(0).contains("line"), m.warnings.toString());
    assertEquals(10, ModelCompiler.compile(m).run(Map.of()).last("s"));
  }

  @Test
  void unitMismatchIsAWarning() {
    String xml = "<xmile version=\"1.0\"><sim_specs time_units=\"year\"><start>0</start><stop>1</stop><dt>1</dt></sim_specs><model><variables>"
        + "<stock name=\"people\"><eqn>1</eqn><inflow>births</inflow><units>person</units></stock>"
        + "<flow name=\"births\"><eqn>1</eqn><units>dollar/year</units></flow>"
        + "<aux name=\"money\"><eqn>1</eqn><units>dollar</units></aux>"
        + "<aux name=\"mix\"><eqn>people + money</eqn></aux>"
        + "<aux name=\"fine\"><eqn>births * 2</eqn></aux>"
        + "</variables></model></xmile>";
    CompiledModel cm = ModelCompiler.compile(XmileReader.parse(xml));
    assertTrue(cm.warnings.stream().anyMatch(w -> w.contains("'births'") && w.contains("'people'")), cm.warnings.toString());
    assertTrue(cm.warnings.stream().anyMatch(w -> w.contains("'mix'")), cm.warnings.toString());
    assertEquals(2, cm.warnings.size(), cm.warnings.toString());
    assertEquals(2, cm.run(Map.of()).last("people"));
  }

  /** A control character in a name (XML 1.1 input can carry one) is dropped: the written XMILE stays XML 1.0. */
  @Test
  void theWrittenModelIsXmlWhateverItsNamesHold() throws Exception {
    XmileModel m = XmileReader.parse(ScenarioStore.bundledXmile(ScenarioStore.BUNDLED.keySet().iterator().next()));
    m.name = "a\u0007\u001b[31mb";
    String xml = XmileWriter.write(m);
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("a[31mb", XmileReader.parse(xml).name);
  }

  @Test
  void exportRoundTripGivesTheSameResults() throws Exception {
    for (String id : ScenarioStore.BUNDLED.keySet()) {
      XmileModel m = XmileReader.parse(ScenarioStore.bundledXmile(id));
      CompiledModel a = ModelCompiler.compile(m);
      XmileModel back = XmileReader.parse(XmileWriter.write(m));
      CompiledModel b = ModelCompiler.compile(back);
      assertTrue(back.warnings.isEmpty(), back.warnings.toString());
      assertEquals(m.scenarios.size(), back.scenarios.size());
      for (XmileModel.Scenario s : m.scenarios) {
        Result ra = a.run(s.overrides), rb = b.run(back.scenario(s.name).overrides);
        assertArrayEquals(ra.names(), rb.names());
        for (int i = 0; i < ra.times().length; i++) assertArrayEquals(ra.data()[i], rb.data()[i], 0.0, id + " " + s.name);
      }
    }
  }
}
