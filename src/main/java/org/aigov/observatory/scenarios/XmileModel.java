package org.aigov.observatory.scenarios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An imported XMILE project: sim specs, dimensions, the root model, sub-models, macros and scenarios. */
public final class XmileModel {
  public String name = "model";
  public String doc = "";
  public double start = 0, stop = 100, dt = 1;
  public Double saveStep;
  public String method = "euler";
  public String timeUnits = "";
  public boolean nonNegStocks, nonNegFlows;
  public final Map<String, Dim> dims = new LinkedHashMap<>();
  public final List<Var> vars = new ArrayList<>();
  /** Sub-models used by modules, by canonical name. */
  public final Map<String, List<Var>> models = new LinkedHashMap<>();
  public final Map<String, Macro> macros = new LinkedHashMap<>();
  public final List<Scenario> scenarios = new ArrayList<>();
  public final List<String> warnings = new ArrayList<>();

  public static final class Dim {
    public String name;
    public final List<String> elems = new ArrayList<>();
    public boolean numbered;
  }

  public static final class Gf {
    public String type = "continuous";
    public double[] xs, ys;
    public Double xmin, xmax, ymin, ymax;
  }

  public static final class Connect {
    public String to, from;
  }

  public static final class Var {
    public String kind; // stock, flow, aux, gf, module
    public String name;
    public String eqn;
    public final List<String> inflows = new ArrayList<>();
    public final List<String> outflows = new ArrayList<>();
    public Boolean nonNegative;
    public final List<String> dims = new ArrayList<>();
    /** Per-element equations keyed by comma-joined canonical element names. */
    public final Map<String, String> elementEqns = new LinkedHashMap<>();
    public final Map<String, Gf> elementGfs = new LinkedHashMap<>();
    public Gf gf;
    public String units = "";
    public String doc = "";
    public String access;
    public String moduleModel;
    public final List<Connect> connects = new ArrayList<>();

    public String canon() {
      return Names.canon(name);
    }
  }

  public static final class Macro {
    public String name;
    public final List<String> params = new ArrayList<>();
    public String eqn;
    public final List<Var> vars = new ArrayList<>();
  }

  /** A named set of overrides (an extension element, ignored by other tools). */
  public static final class Scenario {
    public String name, label = "", doc = "";
    public final Map<String, Double> overrides = new LinkedHashMap<>();
  }

  public Var find(String name) {
    String c = Names.canon(name);
    for (Var v : vars) if (v.canon().equals(c)) return v;
    return null;
  }

  public Scenario scenario(String name) {
    for (Scenario s : scenarios) if (s.name.equalsIgnoreCase(name)) return s;
    return null;
  }
}
