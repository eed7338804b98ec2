package org.aigov.observatory.scenarios;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles an {@link XmileModel} once into flat slot arrays and closure trees. Arrays are expanded to
 * one slot per element; modules are flattened with a "module." prefix; stateful builtins (SMTH, DELAY,
 * TREND) become hidden stocks integrated with the model's method.
 */
public final class ModelCompiler {
  enum Kind { AUX, STOCK, INIT_ONLY, PREV, HSTOCK, DELAYBUF }

  static final class Node {
    int slot;
    String label;
    Kind kind;
    Ev init;
    Set<Integer> initDeps = new HashSet<>();
    Ev run;
    Set<Integer> runDeps = new HashSet<>();
    boolean dynamic; // depends on time, randomness, stocks or previous values
    Ev post; // PREV/DELAYBUF: evaluated after each saved step
    Ev rate; // stocks
    boolean nonNeg;
    int delaySite = -1;
    long cost; // expression nodes evaluated per update, macros and hidden stages included (0 inside another's)
  }

  static final class VarInfo {
    XmileModel.Var src;
    String scope; // "" or "module." (canonical)
    String shown = ""; // display form of the module prefix
    String full; // canonical full name
    List<XmileModel.Dim> dims = new ArrayList<>();
    int base, size;
    Ast connectAst;
    String connectScope;
  }

  static final class Ctx {
    final String var;
    final String scope;
    final Map<String, Integer> bind;
    Set<Integer> deps = new HashSet<>();
    boolean dynamic;
    Map<String, Ev> locals = Map.of();
    /** What evaluating each local once costs: a macro parameter is re-evaluated wherever the body names it. */
    Map<String, Long> localCosts = Map.of();

    Ctx(String var, String scope, Map<String, Integer> bind) {
      this.var = var;
      this.scope = scope;
      this.bind = bind;
    }
  }

  private final XmileModel m;
  private final Map<String, VarInfo> vars = new LinkedHashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Integer, Node> bySlot = new HashMap<>();
  private final List<String> slotNames = new ArrayList<>();
  /** Values of a model, arrays expanded: checked before they are allocated, as a dimension's size comes from the model. */
  static final int MAX_SLOTS = 200_000;
  private final List<Long> siteSeeds = new ArrayList<>();
  private int delaySites;
  private final Map<String, XmileModel.Gf> gfs = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String[]> pendingConnects = new ArrayList<>();
  /**
   * Expression nodes one equation may expand to (macros inlined, per array element), the whole model's total, and the
   * depth of one expression: a few nested macros double each other's size (2^39 nodes from 40 lines), and a flat sum of
   * 5,000 terms overflowed the stack of this recursive compiler.
   */
  static final long MAX_EQUATION_NODES = 100_000, MAX_MODEL_NODES = 5_000_000;
  static final int MAX_DEPTH = 1_000;
  private long equationNodes, modelNodes;
  private int depth, varDepth;
  private String owner;

  private ModelCompiler(XmileModel m) {
    this.m = m;
  }

  public static CompiledModel compile(XmileModel m) {
    return new ModelCompiler(m).build();
  }

  private CompiledModel build() {
    warnings.addAll(m.warnings);
    declare(m.vars, "", "", new HashSet<>());
    for (String[] pc : pendingConnects) {
      VarInfo target = vars.get(pc[0]);
      if (target == null) throw new ModelException(pc[3], "module '" + pc[3] + "' connects its output to unknown variable '" + pc[0] + "'");
      target.connectAst = EquationParser.parse(quoteIfNeeded(pc[1]), pc[3]);
      target.connectScope = pc[2];
    }
    List<Integer> outputs = new ArrayList<>();
    for (VarInfo vi : vars.values()) for (int i = 0; i < vi.size; i++) outputs.add(vi.base + i);
    for (VarInfo vi : new ArrayList<>(vars.values())) compileVar(vi);
    // stock rates
    for (VarInfo vi : new ArrayList<>(vars.values())) if (vi.src.kind.equals("stock") && vi.connectAst == null && !vi.scope.startsWith("$")) compileStockRates(vi);
    List<Node> initOrder = order(true);
    List<Node> runOrder = order(false);
    // static analysis: a node is dynamic if it reads time/random or a dynamic node
    Map<Integer, Boolean> dyn = new HashMap<>();
    for (Node n : nodes) if (n.kind != Kind.AUX) dyn.put(n.slot, n.kind != Kind.INIT_ONLY);
    for (Node n : runOrder) {
      boolean d = n.dynamic;
      for (int dep : n.runDeps) if (dyn.getOrDefault(dep, false)) { d = true; break; }
      dyn.put(n.slot, d);
    }
    CompiledModel cm = new CompiledModel();
    cm.source = m;
    cm.nSlots = slotNames.size();
    cm.slotNames = slotNames.toArray(new String[0]);
    cm.start = m.start;
    cm.stop = m.stop;
    cm.dt = m.dt;
    cm.saveStep = m.saveStep == null ? m.dt : m.saveStep;
    cm.rk4 = m.method.startsWith("rk4") || m.method.equals("runge-kutta");
    cm.outputSlots = outputs.stream().mapToInt(Integer::intValue).toArray();
    cm.initSlots = initOrder.stream().mapToInt(n -> n.slot).toArray();
    cm.initEvs = initOrder.stream().map(n -> n.init).toArray(Ev[]::new);
    List<Node> dynRun = runOrder.stream().filter(n -> dyn.get(n.slot)).toList();
    cm.runSlots = dynRun.stream().mapToInt(n -> n.slot).toArray();
    cm.runEvs = dynRun.stream().map(n -> n.run).toArray(Ev[]::new);
    // what a step evaluates: each dynamic equation by its size (its macros and hidden stages within), one update a stock
    cm.nodesPerStep = dynRun.stream().mapToLong(n -> n.cost).sum() + nodes.stream().filter(n -> n.kind == Kind.STOCK || n.kind == Kind.HSTOCK).count();
    List<Node> stocks = nodes.stream().filter(n -> n.kind == Kind.STOCK || n.kind == Kind.HSTOCK).toList();
    cm.stockSlots = stocks.stream().mapToInt(n -> n.slot).toArray();
    cm.stockRates = stocks.stream().map(n -> n.rate).toArray(Ev[]::new);
    cm.stockNonNeg = new boolean[stocks.size()];
    for (int i = 0; i < stocks.size(); i++) cm.stockNonNeg[i] = stocks.get(i).nonNeg;
    List<Node> posts = nodes.stream().filter(n -> n.kind == Kind.PREV || n.kind == Kind.DELAYBUF).toList();
    cm.postSlots = posts.stream().mapToInt(n -> n.kind == Kind.PREV ? n.slot : -1 - n.delaySite).toArray();
    cm.postEvs = posts.stream().map(n -> n.post).toArray(Ev[]::new);
    cm.siteSeeds = siteSeeds.stream().mapToLong(Long::longValue).toArray();
    cm.nDelaySites = delaySites;
    cm.varIndex = new LinkedHashMap<>();
    for (VarInfo vi : vars.values()) cm.varIndex.put(vi.full, new int[] {vi.base, vi.size});
    cm.varKinds = new HashMap<>();
    for (VarInfo vi : vars.values()) cm.varKinds.put(vi.full, vi.src.kind);
    cm.warnings.addAll(warnings);
    cm.warnings.addAll(Units.check(m));
    return cm;
  }

  // ---------- declaration ----------

  private void declare(List<XmileModel.Var> list, String scope, String shown, Set<String> stack) {
    for (XmileModel.Var v : list) {
      String full = scope + v.canon();
      if (v.kind.equals("module")) {
        String sub = Names.canon(v.moduleModel);
        List<XmileModel.Var> subVars = m.models.get(sub);
        if (subVars == null) throw new ModelException(v.name, "module '" + v.name + "' refers to model '" + v.moduleModel + "' which is not defined");
        if (!stack.add(sub)) throw new ModelException(v.name, "module '" + v.name + "' includes itself recursively");
        declare(subVars, full + ".", shown + Names.display(v.name) + ".", stack);
        stack.remove(sub);
        for (XmileModel.Connect c : v.connects) {
          String to = c.to.trim(), from = c.from.trim();
          if (to.startsWith(".")) { // module output -> a variable of the enclosing model
            VarInfo target = vars.get(scope + Names.canon(to.substring(1)));
            if (target == null) pendingConnects.add(new String[] {scope + Names.canon(to.substring(1)), from.startsWith(".") ? from.substring(1) : from, scope, v.name});
            else { target.connectAst = EquationParser.parse(quoteIfNeeded(from.startsWith(".") ? from.substring(1) : from), v.name); target.connectScope = scope; }
            continue;
          }
          String toC = Names.canon(to);
          if (toC.startsWith(v.canon() + ".")) toC = toC.substring(v.canon().length() + 1);
          if (from.startsWith(".")) from = from.substring(1);
          VarInfo target = vars.get(full + "." + toC);
          if (target == null) throw new ModelException(v.name, "module '" + v.name + "' connects to unknown input '" + c.to + "'");
          target.connectAst = EquationParser.parse(quoteIfNeeded(from), v.name);
          target.connectScope = scope;
        }
        continue;
      }
      if (vars.containsKey(full)) throw new ModelException(v.name, "variable '" + v.name + "' is defined twice");
      VarInfo vi = new VarInfo();
      vi.src = v;
      vi.scope = scope;
      vi.shown = shown;
      vi.full = full;
      for (String d : v.dims) {
        XmileModel.Dim dim = m.dims.get(Names.canon(d));
        if (dim == null) throw new ModelException(v.name, "variable '" + v.name + "' uses undefined dimension '" + d + "'");
        vi.dims.add(dim);
      }
      long size = 1;
      for (XmileModel.Dim d : vi.dims) size = Math.min(size * d.elems.size(), MAX_SLOTS + 1L);
      if (slotNames.size() + size > MAX_SLOTS)
        throw new ModelException(v.name, "the model has more than " + MAX_SLOTS + " values (arrays expanded) at '" + v.name + "'");
      vi.size = (int) size;
      vi.base = slotNames.size();
      for (int i = 0; i < vi.size; i++) slotNames.add(displayName(vi, i));
      vars.put(full, vi);
      if (v.gf != null) gfs.put(full, v.gf);
    }
  }

  private static String quoteIfNeeded(String s) {
    return s.matches("[\\p{L}_$][\\p{L}\\p{N}_$. ]*") ? s.replace(' ', '_') : "\"" + s + "\"";
  }

  private static String displayName(VarInfo vi, int flat) {
    String base = vi.shown + Names.display(vi.src.name);
    if (vi.dims.isEmpty()) return base;
    int[] idx = unflatten(vi, flat);
    StringBuilder b = new StringBuilder(base).append('[');
    for (int i = 0; i < idx.length; i++) {
      if (i > 0) b.append(',');
      b.append(vi.dims.get(i).elems.get(idx[i]));
    }
    return b.append(']').toString();
  }

  private static int[] unflatten(VarInfo vi, int flat) {
    int[] idx = new int[vi.dims.size()];
    for (int i = idx.length - 1; i >= 0; i--) {
      int n = vi.dims.get(i).elems.size();
      idx[i] = flat % n;
      flat /= n;
    }
    return idx;
  }

  // ---------- variables ----------

  private void compileVar(VarInfo vi) {
    XmileModel.Var v = vi.src;
    for (int e = 0; e < vi.size; e++) {
      int[] idx = unflatten(vi, e);
      Map<String, Integer> bind = new HashMap<>();
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < idx.length; i++) {
        XmileModel.Dim d = vi.dims.get(i);
        bind.put(Names.canon(d.name), idx[i]);
        if (i > 0) key.append(',');
        key.append(Names.canon(d.elems.get(idx[i])));
      }
      String label = slotNames.get(vi.base + e);
      Node n = new Node();
      n.slot = vi.base + e;
      n.label = label;
      boolean top = varDepth++ == 0; // a macro's own variables count towards the equation that calls it
      if (top) { equationNodes = 0; owner = label; }
      try {
        compileElement(vi, v, e, key, label, n, bind);
      } finally {
        varDepth--;
      }
      if (top) n.cost = Math.max(1, equationNodes);
      add(n);
    }
  }

  private void compileElement(VarInfo vi, XmileModel.Var v, int e, StringBuilder key, String label, Node n, Map<String, Integer> bind) {
    {
      Ctx ctx = new Ctx(label, vi.scope, bind);
      Ev ev;
      if (vi.connectAst != null) {
        Ctx c2 = new Ctx(label, vi.connectScope, bind);
        ev = compile(vi.connectAst, c2);
        ctx = c2;
      } else if (v.kind.equals("gf") && (v.eqn == null || v.eqn.isBlank())) {
        ev = s -> 0; // a bare table: only called as a function
      } else {
        String eqn = v.elementEqns.getOrDefault(key.toString(), v.eqn);
        if (v.access != null && v.access.equalsIgnoreCase("input") && (eqn == null || eqn.replaceAll("\\{[^}]*\\}", "").isBlank())) eqn = "0"; // unconnected module input
        if (eqn == null || eqn.isBlank()) throw new ModelException(label, "variable '" + label + "' has no equation");
        if (eqn.trim().equals("???")) throw new ModelException(label, "variable '" + label + "' has an undefined equation '???' (left by the converter that wrote the file)");
        Ast a = EquationParser.parse(eqn, label);
        if (a instanceof Ast.Tuple t) {
          if (t.items().size() != vi.size) throw new ModelException(label, "'" + label + "' lists " + t.items().size() + " values for " + vi.size + " elements");
          a = t.items().get(e);
        }
        ev = compile(a, ctx);
        XmileModel.Gf gf = v.elementGfs.getOrDefault(key.toString(), v.gf);
        if (gf != null) ev = gfEv(gf, ev);
      }
      if (v.kind.equals("flow")) {
        boolean nn = v.nonNegative != null ? v.nonNegative : m.nonNegFlows;
        if (nn) { Ev inner = ev; ev = s -> Math.max(0, inner.ev(s)); }
      }
      if (v.kind.equals("stock") && vi.connectAst == null) {
        n.kind = Kind.STOCK;
        n.init = ev;
        n.initDeps = ctx.deps;
        n.nonNeg = v.nonNegative != null ? v.nonNegative : m.nonNegStocks;
      } else {
        n.kind = Kind.AUX;
        n.init = ev;
        n.run = ev;
        n.initDeps = ctx.deps;
        n.runDeps = ctx.deps;
        n.dynamic = ctx.dynamic;
      }
    }
  }

  private void add(Node n) {
    nodes.add(n);
    bySlot.put(n.slot, n);
  }

  private int newSlot(String label) {
    slotNames.add(label);
    return slotNames.size() - 1;
  }

  private void compileStockRates(VarInfo vi) {
    for (int e = 0; e < vi.size; e++) {
      int[] idx = unflatten(vi, e);
      Map<String, Integer> bind = new HashMap<>();
      for (int i = 0; i < idx.length; i++) bind.put(Names.canon(vi.dims.get(i).name), idx[i]);
      String label = slotNames.get(vi.base + e);
      int[] in = flowSlots(vi, vi.src.inflows, bind, label);
      int[] out = flowSlots(vi, vi.src.outflows, bind, label);
      Ev rate;
      if (in.length == 1 && out.length == 0) { int a = in[0]; rate = s -> s.v[a]; }
      else if (in.length == 0 && out.length == 1) { int b = out[0]; rate = s -> -s.v[b]; }
      else if (in.length == 1 && out.length == 1) { int a = in[0], b = out[0]; rate = s -> s.v[a] - s.v[b]; }
      else if (in.length == 0 && out.length == 0) rate = s -> 0;
      else rate = s -> {
        double r = 0;
        for (int a : in) r += s.v[a];
        for (int b : out) r -= s.v[b];
        return r;
      };
      bySlot.get(vi.base + e).rate = rate;
    }
  }

  private int[] flowSlots(VarInfo stock, List<String> flows, Map<String, Integer> bind, String label) {
    int[] out = new int[flows.size()];
    for (int i = 0; i < flows.size(); i++) {
      VarInfo f = resolve(Names.canon(flows.get(i)), stock.scope);
      if (f == null) throw new ModelException(label, "stock '" + label + "' names unknown flow '" + flows.get(i) + "'");
      if (!f.src.kind.equals("flow") && !f.src.kind.equals("aux")) throw new ModelException(label, "stock '" + label + "' lists '" + flows.get(i) + "' as a flow but it is a " + f.src.kind);
      int off = 0;
      for (int d = 0; d < f.dims.size(); d++) {
        Integer ix = bind.get(Names.canon(f.dims.get(d).name));
        if (ix == null) throw new ModelException(label, "flow '" + flows.get(i) + "' has dimension " + f.dims.get(d).name + " that stock '" + label + "' lacks");
        off = off * f.dims.get(d).elems.size() + ix;
      }
      out[i] = f.base + off;
    }
    return out;
  }

  private VarInfo resolve(String name, String scope) {
    if (name.startsWith(".")) name = name.substring(1); // ".x": a variable seen from the module's boundary
    String s = scope;
    while (true) {
      VarInfo v = vars.get(s + name);
      if (v != null) return v;
      if (s.isEmpty()) return null;
      int dot = s.lastIndexOf('.', s.length() - 2);
      s = dot < 0 ? "" : s.substring(0, dot + 1);
    }
  }

  // ---------- ordering ----------

  private List<Node> order(boolean init) {
    List<Node> sel = new ArrayList<>();
    for (Node n : nodes) {
      if (init ? n.init != null : n.kind == Kind.AUX) sel.add(n);
    }
    Map<Integer, Node> idx = new HashMap<>();
    for (Node n : sel) idx.put(n.slot, n);
    List<Node> out = new ArrayList<>();
    Map<Integer, Integer> state = new HashMap<>(); // 1 visiting, 2 done
    for (Node n : sel) visit(n, init, idx, state, out, new ArrayList<>());
    return out;
  }

  private void visit(Node n, boolean init, Map<Integer, Node> idx, Map<Integer, Integer> state, List<Node> out, List<Node> path) {
    Integer st = state.get(n.slot);
    if (st != null && st == 2) return;
    if (st != null && st == 1) {
      int i = path.indexOf(n);
      LinkedHashSet<String> names = new LinkedHashSet<>();
      for (Node p : path.subList(i, path.size())) names.add(baseName(p.label));
      throw new ModelException(n.label, "circular definition (algebraic loop" + (init ? " during initialisation" : "") + ") among: " + String.join(" -> ", names) + " -> " + baseName(n.label));
    }
    state.put(n.slot, 1);
    path.add(n);
    for (int d : (init ? n.initDeps : n.runDeps)) {
      Node dn = idx.get(d);
      if (dn != null && dn != n) visit(dn, init, idx, state, out, path);
      else if (dn == n && !(init && n.kind == Kind.STOCK && false)) {
        throw new ModelException(n.label, "circular definition: '" + baseName(n.label) + "' refers to itself");
      }
    }
    path.remove(path.size() - 1);
    state.put(n.slot, 2);
    out.add(n);
  }

  private static String baseName(String label) {
    int b = label.indexOf('[');
    return b < 0 ? label : label.substring(0, b);
  }

  // ---------- expressions ----------

  private Ev gfEv(XmileModel.Gf gf, Ev x) {
    double[] xs = gf.xs, ys = gf.ys;
    int type = switch (gf.type) { case "extrapolate" -> 1; case "discrete" -> 2; default -> 0; };
    return s -> Builtins.lookup(xs, ys, type, x.ev(s));
  }

  Ev compile(Ast a, Ctx c) {
    String who = owner != null ? owner : c.var;
    if (++depth > MAX_DEPTH) throw new ModelException(who, "equation of '" + who + "' is nested too deeply");
    try {
      count(1, c);
      return compile0(a, c);
    } finally {
      depth--;
    }
  }

  private void count(long n, Ctx c) {
    String who = owner != null ? owner : c.var;
    equationNodes += n;
    modelNodes += n;
    if (equationNodes > MAX_EQUATION_NODES)
      throw new ModelException(who, "equation of '" + who + "' expands to more than " + MAX_EQUATION_NODES + " terms (macros inlined)");
    if (modelNodes > MAX_MODEL_NODES)
      throw new ModelException(who, "the model's equations expand to more than " + MAX_MODEL_NODES + " terms (arrays and macros expanded) at '" + who + "'");
  }

  private Ev compile0(Ast a, Ctx c) {
    if (a instanceof Ast.Num n) return new Const(n.value());
    if (a instanceof Ast.Ref r) return ref(r, c);
    if (a instanceof Ast.Unary u) {
      Ev e = compile(u.e(), c);
      if (e instanceof Const k) return new Const(u.op() == '-' ? -k.value() : k.value() == 0 ? 1 : 0);
      return u.op() == '-' ? s -> -e.ev(s) : s -> e.ev(s) == 0 ? 1 : 0;
    }
    if (a instanceof Ast.If i) {
      Ev cond = compile(i.cond(), c), t = compile(i.then(), c), e = compile(i.otherwise(), c);
      return s -> cond.ev(s) != 0 ? t.ev(s) : e.ev(s);
    }
    if (a instanceof Ast.Bin b) {
      Ev x = compile(b.a(), c), y = compile(b.b(), c);
      if (x instanceof Const && y instanceof Const) return new Const(binop(b.op()).apply(x, y).ev(null));
      Ev sp = special(b.op(), x, y);
      return sp != null ? sp : binop(b.op()).apply(x, y);
    }
    if (a instanceof Ast.Call call) return call(call, c);
    if (a instanceof Ast.Star) throw new ModelException(c.var, "'*' used outside a subscript in '" + c.var + "'");
    if (a instanceof Ast.Tuple) throw new ModelException(c.var, "a comma list is only allowed as a whole array equation in '" + c.var + "'");
    throw new IllegalStateException();
  }

  private interface BinOp { Ev apply(Ev x, Ev y); }

  /** A slot read, recognisable so that arithmetic on slots and constants avoids nested virtual calls. */
  record SlotRead(int slot) implements Ev {
    public double ev(State s) { return s.v[slot]; }
  }

  record Const(double value) implements Ev {
    public double ev(State s) { return value; }
  }

  private static Ev special(char op, Ev x, Ev y) {
    if (x instanceof SlotRead a && y instanceof SlotRead b) {
      int i = a.slot(), j = b.slot();
      switch (op) {
        case '+': return s -> s.v[i] + s.v[j];
        case '-': return s -> s.v[i] - s.v[j];
        case '*': return s -> s.v[i] * s.v[j];
        case '/': return s -> s.v[i] / s.v[j];
        default: return null;
      }
    }
    if (x instanceof SlotRead a && y instanceof Const b) {
      int i = a.slot();
      double k = b.value();
      switch (op) {
        case '+': return s -> s.v[i] + k;
        case '-': return s -> s.v[i] - k;
        case '*': return s -> s.v[i] * k;
        case '/': return s -> s.v[i] / k;
        default: return null;
      }
    }
    if (x instanceof Const a && y instanceof SlotRead b) {
      int j = b.slot();
      double k = a.value();
      switch (op) {
        case '+': return s -> k + s.v[j];
        case '-': return s -> k - s.v[j];
        case '*': return s -> k * s.v[j];
        case '/': return s -> k / s.v[j];
        default: return null;
      }
    }
    if (y instanceof SlotRead b) {
      int j = b.slot();
      switch (op) {
        case '+': return s -> x.ev(s) + s.v[j];
        case '-': return s -> x.ev(s) - s.v[j];
        case '*': return s -> x.ev(s) * s.v[j];
        case '/': return s -> x.ev(s) / s.v[j];
        default: return null;
      }
    }
    if (y instanceof Const b) {
      double k = b.value();
      switch (op) {
        case '+': return s -> x.ev(s) + k;
        case '-': return s -> x.ev(s) - k;
        case '*': return s -> x.ev(s) * k;
        case '/': return s -> x.ev(s) / k;
        default: return null;
      }
    }
    if (x instanceof SlotRead a) {
      int i = a.slot();
      switch (op) {
        case '+': return s -> s.v[i] + y.ev(s);
        case '-': return s -> s.v[i] - y.ev(s);
        case '*': return s -> s.v[i] * y.ev(s);
        case '/': return s -> s.v[i] / y.ev(s);
        default: return null;
      }
    }
    return null;
  }

  private static BinOp binop(char op) {
    return switch (op) {
      case '+' -> (x, y) -> s -> x.ev(s) + y.ev(s);
      case '-' -> (x, y) -> s -> x.ev(s) - y.ev(s);
      case '*' -> (x, y) -> s -> x.ev(s) * y.ev(s);
      case '/' -> (x, y) -> s -> x.ev(s) / y.ev(s);
      case '^' -> (x, y) -> s -> Math.pow(x.ev(s), y.ev(s));
      case '%' -> (x, y) -> s -> x.ev(s) % y.ev(s);
      case '<' -> (x, y) -> s -> x.ev(s) < y.ev(s) ? 1 : 0;
      case '>' -> (x, y) -> s -> x.ev(s) > y.ev(s) ? 1 : 0;
      case 'l' -> (x, y) -> s -> x.ev(s) <= y.ev(s) ? 1 : 0;
      case 'g' -> (x, y) -> s -> x.ev(s) >= y.ev(s) ? 1 : 0;
      case '=' -> (x, y) -> s -> x.ev(s) == y.ev(s) ? 1 : 0;
      case 'n' -> (x, y) -> s -> x.ev(s) != y.ev(s) ? 1 : 0;
      case '&' -> (x, y) -> s -> x.ev(s) != 0 && y.ev(s) != 0 ? 1 : 0;
      case '|' -> (x, y) -> s -> x.ev(s) != 0 || y.ev(s) != 0 ? 1 : 0;
      default -> throw new IllegalStateException("op " + op);
    };
  }

  private Ev ref(Ast.Ref r, Ctx c) {
    Ev local = c.locals.get(r.name());
    if (local != null && r.subs().isEmpty()) {
      count(c.localCosts.getOrDefault(r.name(), 0L), c);
      return local;
    }
    VarInfo vi = resolve(r.name(), c.scope);
    if (vi == null) {
      switch (r.name()) {
        case "time": c.dynamic = true; return s -> s.time;
        case "dt": return s -> s.dt;
        case "starttime": case "initial_time": { double v = m.start; return s -> v; }
        case "stoptime": case "final_time": { double v = m.stop; return s -> v; }
        case "pi": return s -> Math.PI;
        case "inf": case "infinity": return s -> Double.POSITIVE_INFINITY;
        case "e": return s -> Math.E;
        default:
      }
      if (m.dims.containsKey(r.name()) && c.bind.containsKey(r.name())) {
        double v = c.bind.get(r.name()) + 1; // a dimension name used as a value: the element's position
        return s -> v;
      }
      throw new ModelException(c.var, "unknown variable '" + Names.display(r.raw()) + "' in the equation of '" + c.var + "'");
    }
    if (vi.dims.isEmpty()) {
      if (!r.subs().isEmpty()) throw new ModelException(c.var, "'" + Names.display(r.raw()) + "' is not an array but is subscripted in '" + c.var + "'");
      int slot = vi.base;
      c.deps.add(slot);
      return new SlotRead(slot);
    }
    List<Ast> subs = r.subs();
    if (subs.isEmpty()) {
      subs = new ArrayList<>();
      for (XmileModel.Dim d : vi.dims) subs.add(new Ast.Ref(Names.canon(d.name), d.name, List.of()));
    }
    if (subs.size() != vi.dims.size()) throw new ModelException(c.var, "'" + Names.display(r.raw()) + "' has " + vi.dims.size() + " dimensions but " + subs.size() + " subscripts in '" + c.var + "'");
    int off = 0;
    boolean dynamicIndex = false;
    Ev[] idxEv = new Ev[subs.size()];
    int[] fixed = new int[subs.size()];
    for (int i = 0; i < subs.size(); i++) {
      XmileModel.Dim d = vi.dims.get(i);
      int ix = subscriptIndex(subs.get(i), d, c, r);
      if (ix == -2) {
        dynamicIndex = true;
        idxEv[i] = compile(subs.get(i), c);
      }
      fixed[i] = ix;
    }
    if (!dynamicIndex) {
      for (int i = 0; i < subs.size(); i++) off = off * vi.dims.get(i).elems.size() + fixed[i];
      int slot = vi.base + off;
      c.deps.add(slot);
      return new SlotRead(slot);
    }
    for (int k = 0; k < vi.size; k++) c.deps.add(vi.base + k);
    int base = vi.base;
    int[] sizes = vi.dims.stream().mapToInt(d -> d.elems.size()).toArray();
    return s -> {
      int o = 0;
      for (int i = 0; i < sizes.length; i++) {
        int ix = idxEv[i] != null ? (int) Math.round(idxEv[i].ev(s)) - 1 : fixed[i];
        if (ix < 0 || ix >= sizes[i]) return Double.NaN;
        o = o * sizes[i] + ix;
      }
      return s.v[base + o];
    };
  }

  /** Index of a subscript within dimension d, or -2 for an index computed at run time. */
  private int subscriptIndex(Ast sub, XmileModel.Dim d, Ctx c, Ast.Ref r) {
    String dn = Names.canon(d.name);
    if (sub instanceof Ast.Star st) {
      String want = st.dim() == null ? dn : st.dim();
      Integer b = c.bind.get(want);
      if (b == null) throw new ModelException(c.var, "'*' subscript of '" + Names.display(r.raw()) + "' can only be used inside an array function (SUM, MEAN, MIN, MAX...) in '" + c.var + "'");
      return mapIndex(m.dims.get(want), b, d, c, r);
    }
    if (sub instanceof Ast.Num n) {
      int ix = (int) Math.round(n.value()) - 1;
      if (ix < 0 || ix >= d.elems.size()) throw new ModelException(c.var, "subscript " + n.value() + " out of range for dimension " + d.name + " in '" + c.var + "'");
      return ix;
    }
    if (sub instanceof Ast.Ref sr && sr.subs().isEmpty()) {
      String name = sr.name();
      int dot = name.indexOf('.');
      if (dot > 0 && m.dims.containsKey(name.substring(0, dot))) name = name.substring(dot + 1);
      if (c.bind.containsKey(name) && m.dims.containsKey(name)) return mapIndex(m.dims.get(name), c.bind.get(name), d, c, r);
      for (int i = 0; i < d.elems.size(); i++) if (Names.canon(d.elems.get(i)).equals(name)) return i;
      if (m.dims.containsKey(name)) throw new ModelException(c.var, "dimension '" + sr.raw() + "' is not bound here: use it inside an array function or give '" + c.var + "' that dimension");
      if (resolve(name, c.scope) == null && c.locals.get(name) == null)
        throw new ModelException(c.var, "unknown subscript '" + sr.raw() + "' for dimension " + d.name + " in '" + c.var + "'");
    }
    return -2;
  }

  private int mapIndex(XmileModel.Dim from, int ix, XmileModel.Dim to, Ctx c, Ast.Ref r) {
    if (from == to) return ix;
    String el = Names.canon(from.elems.get(ix));
    for (int i = 0; i < to.elems.size(); i++) if (Names.canon(to.elems.get(i)).equals(el)) return i;
    if (from.elems.size() == to.elems.size()) return ix;
    throw new ModelException(c.var, "cannot map dimension " + from.name + " onto " + to.name + " for '" + Names.display(r.raw()) + "' in '" + c.var + "'");
  }

  /** Expands an expression over its unbound dimensions (for SUM, MEAN, 1-argument MIN/MAX...). */
  private List<Ev> vector(Ast a, Ctx c) {
    LinkedHashSet<String> free = new LinkedHashSet<>();
    freeDims(a, c, free);
    List<Ev> out = new ArrayList<>();
    if (free.isEmpty()) { out.add(compile(a, c)); return out; }
    List<String> fd = new ArrayList<>(free);
    int total = 1;
    for (String d : fd) total *= m.dims.get(d).elems.size();
    for (int k = 0; k < total; k++) {
      Map<String, Integer> bind = new HashMap<>(c.bind);
      int rem = k;
      for (int i = fd.size() - 1; i >= 0; i--) {
        int n = m.dims.get(fd.get(i)).elems.size();
        bind.put(fd.get(i), rem % n);
        rem /= n;
      }
      Ctx c2 = new Ctx(c.var, c.scope, bind);
      c2.locals = c.locals;
      c2.localCosts = c.localCosts;
      c2.deps = c.deps;
      out.add(compile(a, c2));
      c.dynamic |= c2.dynamic;
    }
    return out;
  }

  private void freeDims(Ast a, Ctx c, Set<String> free) {
    if (a instanceof Ast.Ref r) {
      VarInfo vi = resolve(r.name(), c.scope);
      if (vi == null || vi.dims.isEmpty()) return;
      if (r.subs().isEmpty()) {
        for (XmileModel.Dim d : vi.dims) if (!c.bind.containsKey(Names.canon(d.name))) free.add(Names.canon(d.name));
        return;
      }
      for (int i = 0; i < r.subs().size() && i < vi.dims.size(); i++) {
        Ast s = r.subs().get(i);
        if (s instanceof Ast.Star st) {
          String d = st.dim() == null ? Names.canon(vi.dims.get(i).name) : st.dim();
          if (!c.bind.containsKey(d)) free.add(d);
        } else if (s instanceof Ast.Ref sr && sr.subs().isEmpty() && m.dims.containsKey(sr.name()) && !c.bind.containsKey(sr.name())) {
          free.add(sr.name());
        }
      }
    } else if (a instanceof Ast.Unary u) freeDims(u.e(), c, free);
    else if (a instanceof Ast.Bin b) { freeDims(b.a(), c, free); freeDims(b.b(), c, free); }
    else if (a instanceof Ast.If i) { freeDims(i.cond(), c, free); freeDims(i.then(), c, free); freeDims(i.otherwise(), c, free); }
    else if (a instanceof Ast.Call k) for (Ast x : k.args()) freeDims(x, c, free);
  }

  private static void arity(Ast.Call k, Ctx c, int min, int max) {
    int n = k.args().size();
    if (n < min || n > max) {
      String want = min == max ? String.valueOf(min) : min + " to " + max;
      throw new ModelException(c.var, k.raw().toUpperCase(Locale.ROOT) + " takes " + want + " arguments, got " + n + " in '" + c.var + "'");
    }
  }

  private Ev arg(Ast.Call k, int i, Ctx c) {
    return compile(k.args().get(i), c);
  }

  private Ev call(Ast.Call k, Ctx c) {
    String fn = k.fn();
    // graphical function called by name
    VarInfo gv = resolve(fn, c.scope);
    if (gv != null && gv.src.gf != null) {
      arity(k, c, 1, 1);
      return gfEv(gv.src.gf, arg(k, 0, c));
    }
    XmileModel.Macro mac = m.macros.get(fn);
    if (mac != null) return macro(mac, k, c);
    fn = switch (fn) { // Vensim names that converters leave in XMILE files
      case "smooth", "smoothi", "smooth_i" -> "smth1";
      case "smooth3", "smooth3i", "smooth3_i" -> "smth3";
      case "smooth_n" -> "smthn";
      case "delay1i", "delay1_i" -> "delay1";
      case "delay3i", "delay3_i" -> "delay3";
      case "delay_n" -> "delayn";
      case "delay_fixed" -> "delay";
      case "random_uniform" -> "uniform";
      case "initial_value" -> "init";
      default -> fn;
    };
    switch (fn) {
      case "abs": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.abs(x.ev(s)); }
      case "sqrt": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.sqrt(x.ev(s)); }
      case "exp": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.exp(x.ev(s)); }
      case "ln": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.log(x.ev(s)); }
      case "log10": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.log10(x.ev(s)); }
      case "sin": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.sin(x.ev(s)); }
      case "cos": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.cos(x.ev(s)); }
      case "tan": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.tan(x.ev(s)); }
      case "arcsin": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.asin(x.ev(s)); }
      case "arccos": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.acos(x.ev(s)); }
      case "arctan": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.atan(x.ev(s)); }
      // toward zero (INT(-9.9) = -9), as the SDXorg conformance suite's rounding test expects (Vensim's output)
      case "int": case "integer": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> { double v = x.ev(s); return v < 0 ? Math.ceil(v) : Math.floor(v); }; }
      // half away from zero (2.5 -> 3, -2.5 -> -3), as spreadsheets and modelling tools round; Math.rint gave 2 (outside QA)
      case "round": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> { double v = x.ev(s); return Math.copySign(Math.floor(Math.abs(v) + 0.5), v); }; }
      case "floor": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.floor(x.ev(s)); }
      case "ceil": case "ceiling": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.ceil(x.ev(s)); }
      case "log": {
        arity(k, c, 1, 2);
        Ev x = arg(k, 0, c);
        if (k.args().size() == 1) return s -> Math.log10(x.ev(s));
        Ev b = arg(k, 1, c);
        return s -> Math.log(x.ev(s)) / Math.log(b.ev(s));
      }
      case "quantum": arity(k, c, 2, 2); { Ev x = arg(k, 0, c), q = arg(k, 1, c); return s -> { double qq = q.ev(s); double v = x.ev(s); return qq <= 0 ? v : qq * (v < 0 ? Math.ceil(v / qq) : Math.floor(v / qq)); }; }
      case "active_initial": {
        arity(k, c, 2, 2);
        Ev active = arg(k, 0, c), initial = arg(k, 1, c);
        c.dynamic = true; // differs between initialisation and the run
        return s -> s.initializing ? initial.ev(s) : active.ev(s);
      }
      case "history": {
        arity(k, c, 2, 2);
        Node h = hidden(c, "HISTORY", Kind.DELAYBUF);
        h.delaySite = delaySites++;
        Ctx ci = sub(c);
        h.init = arg(k, 0, ci);
        h.initDeps = ci.deps;
        h.post = arg(k, 0, sub(c));
        Ev at = arg(k, 1, c), current = arg(k, 0, c);
        int site = h.delaySite, slot = h.slot;
        c.deps.add(slot);
        c.dynamic = true;
        return s -> {
          long ix = (long) Math.floor((at.ev(s) - s.start) / s.dt + 1e-9);
          if (ix < 0) return s.hist[site].length > 0 && s.step > 0 ? s.hist[site][0] : s.v[slot];
          if (ix >= s.step) return current.ev(s);
          return s.hist[site][(int) ix];
        };
      }
      case "sign": arity(k, c, 1, 1); { Ev x = arg(k, 0, c); return s -> Math.signum(x.ev(s)); }
      case "mod": case "modulo": arity(k, c, 2, 2); { Ev x = arg(k, 0, c), y = arg(k, 1, c); return s -> x.ev(s) % y.ev(s); }
      case "game": arity(k, c, 1, 1); return arg(k, 0, c);
      case "if_then_else": arity(k, c, 3, 3); { Ev x = arg(k, 0, c), t = arg(k, 1, c), e = arg(k, 2, c); return s -> x.ev(s) != 0 ? t.ev(s) : e.ev(s); }
      case "safediv": case "xidz": case "zidz": {
        arity(k, c, 2, 3);
        Ev x = arg(k, 0, c), y = arg(k, 1, c);
        Ev alt = k.args().size() == 3 ? arg(k, 2, c) : s -> 0;
        return s -> { double d = y.ev(s); return d == 0 ? alt.ev(s) : x.ev(s) / d; };
      }
      case "min": case "max": {
        boolean max = fn.equals("max");
        if (k.args().size() == 1) {
          Ev[] xs = vector(k.args().get(0), c).toArray(new Ev[0]);
          return s -> {
            double r = xs[0].ev(s);
            for (int i = 1; i < xs.length; i++) { double v = xs[i].ev(s); r = max ? Math.max(r, v) : Math.min(r, v); }
            return r;
          };
        }
        if (k.args().size() < 1) arity(k, c, 1, 99);
        Ev[] xs = k.args().stream().map(x -> compile(x, c)).toArray(Ev[]::new);
        if (xs.length == 2) { Ev x = xs[0], y = xs[1]; return max ? s -> Math.max(x.ev(s), y.ev(s)) : s -> Math.min(x.ev(s), y.ev(s)); }
        return s -> {
          double r = xs[0].ev(s);
          for (int i = 1; i < xs.length; i++) { double v = xs[i].ev(s); r = max ? Math.max(r, v) : Math.min(r, v); }
          return r;
        };
      }
      case "sum": case "mean": case "prod": case "size": case "stddev": {
        arity(k, c, 1, 1);
        Ev[] xs = vector(k.args().get(0), c).toArray(new Ev[0]);
        int n = xs.length;
        switch (fn) {
          case "sum": return s -> { double r = 0; for (Ev x : xs) r += x.ev(s); return r; };
          case "mean": return s -> { double r = 0; for (Ev x : xs) r += x.ev(s); return r / n; };
          case "prod": return s -> { double r = 1; for (Ev x : xs) r *= x.ev(s); return r; };
          case "size": return s -> n;
          default: return s -> {
            double mu = 0; for (Ev x : xs) mu += x.ev(s); mu /= n;
            double q = 0; for (Ev x : xs) { double d = x.ev(s) - mu; q += d * d; }
            return Math.sqrt(q / n);
          };
        }
      }
      case "lookup": {
        arity(k, c, 2, 2);
        if (!(k.args().get(0) instanceof Ast.Ref r) || resolve(r.name(), c.scope) == null || resolve(r.name(), c.scope).src.gf == null)
          throw new ModelException(c.var, "LOOKUP's first argument must be a graphical function in '" + c.var + "'");
        return gfEv(resolve(r.name(), c.scope).src.gf, arg(k, 1, c));
      }
      case "step": {
        arity(k, c, 2, 2);
        Ev h = arg(k, 0, c), t0 = arg(k, 1, c);
        c.dynamic = true;
        return s -> s.time >= t0.ev(s) - s.dt / 2 * 1e-9 ? h.ev(s) : 0;
      }
      case "ramp": {
        arity(k, c, 2, 3);
        Ev sl = arg(k, 0, c), t0 = arg(k, 1, c);
        Ev t1 = k.args().size() == 3 ? arg(k, 2, c) : s -> Double.POSITIVE_INFINITY;
        c.dynamic = true;
        return s -> Builtins.ramp(s.time, sl.ev(s), t0.ev(s), t1.ev(s));
      }
      case "pulse": {
        arity(k, c, 1, 3);
        Ev mag = arg(k, 0, c);
        Ev first = k.args().size() >= 2 ? arg(k, 1, c) : s -> m.start;
        Ev iv = k.args().size() == 3 ? arg(k, 2, c) : s -> 0;
        c.dynamic = true;
        return s -> Builtins.pulse(s, mag.ev(s), first.ev(s), iv.ev(s));
      }
      case "init": case "initial": {
        arity(k, c, 1, 1);
        Node h = hidden(c, "INIT", Kind.INIT_ONLY);
        Ctx c2 = sub(c);
        h.init = arg(k, 0, c2);
        h.initDeps = c2.deps;
        return read(h, c);
      }
      case "previous": {
        arity(k, c, 1, 2);
        Node h = hidden(c, "PREVIOUS", Kind.PREV);
        Ctx ci = sub(c);
        h.init = k.args().size() == 2 ? arg(k, 1, ci) : arg(k, 0, ci);
        h.initDeps = ci.deps;
        h.post = arg(k, 0, sub(c));
        return read(h, c);
      }
      case "smth1": case "smth3": case "smthn": {
        int order = fn.equals("smth1") ? 1 : fn.equals("smth3") ? 3 : -1;
        arity(k, c, order == -1 ? 3 : 2, order == -1 ? 4 : 3);
        if (order == -1) order = constInt(k.args().get(2), c, "SMTHN order");
        int initArg = fn.equals("smthn") ? 3 : 2;
        return chain(k, c, order, initArg, false);
      }
      case "delay1": case "delay3": case "delayn": {
        int order = fn.equals("delay1") ? 1 : fn.equals("delay3") ? 3 : -1;
        arity(k, c, order == -1 ? 3 : 2, order == -1 ? 4 : 3);
        if (order == -1) order = constInt(k.args().get(2), c, "DELAYN order");
        int initArg = fn.equals("delayn") ? 3 : 2;
        return chain(k, c, order, initArg, true);
      }
      case "trend": {
        arity(k, c, 2, 3);
        Node h = hidden(c, "TREND", Kind.HSTOCK);
        Ctx ci = sub(c);
        Ev in = arg(k, 0, ci), avg = arg(k, 1, ci);
        Ev init0 = k.args().size() == 3 ? arg(k, 2, ci) : s -> 0;
        h.init = s -> in.ev(s) / (1 + init0.ev(s) * avg.ev(s));
        h.initDeps = ci.deps;
        Ev inR = arg(k, 0, sub(c)), avgR = arg(k, 1, sub(c));
        int slot = h.slot;
        h.rate = s -> (inR.ev(s) - s.v[slot]) / avgR.ev(s);
        Ev in2 = arg(k, 0, c), avg2 = arg(k, 1, c);
        c.deps.add(slot);
        return s -> { double a = s.v[slot]; return (in2.ev(s) - a) / (a * avg2.ev(s)); };
      }
      case "delay": {
        arity(k, c, 2, 3);
        Node h = hidden(c, "DELAY", Kind.DELAYBUF);
        h.delaySite = delaySites++;
        Ctx ci = sub(c);
        Ev init0 = k.args().size() == 3 ? arg(k, 2, ci) : arg(k, 0, ci);
        h.init = init0;
        h.initDeps = ci.deps;
        h.post = arg(k, 0, sub(c));
        Ev d = arg(k, 1, c);
        int site = h.delaySite, slot = h.slot;
        c.deps.add(slot);
        c.dynamic = true;
        return s -> {
          double back = s.time - d.ev(s);
          long ix = (long) Math.floor((back - s.start) / s.dt + 1e-9);
          if (ix < 0) return s.v[slot];
          if (ix >= s.step) ix = s.step - 1;
          return ix < 0 ? s.v[slot] : s.hist[site][(int) ix];
        };
      }
      case "random": case "uniform": case "normal": case "lognormal": case "exprnd": case "poisson": case "triangular": return random(k, c);
      default:
    }
    throw new ModelException(c.var, "unknown function '" + k.raw() + "' in the equation of '" + c.var + "'");
  }

  private int constInt(Ast a, Ctx c, String what) {
    if (a instanceof Ast.Num n) return Math.max(1, (int) Math.round(n.value()));
    if (a instanceof Ast.Ref r) {
      VarInfo vi = resolve(r.name(), c.scope);
      if (vi != null && vi.src.eqn != null) {
        try { return Math.max(1, (int) Math.round(Double.parseDouble(vi.src.eqn.trim()))); } catch (NumberFormatException ignored) {}
      }
    }
    throw new ModelException(c.var, what + " must be a constant number in '" + c.var + "'");
  }

  private Ctx sub(Ctx c) {
    Ctx c2 = new Ctx(c.var, c.scope, c.bind);
    c2.locals = c.locals;
    c2.localCosts = c.localCosts;
    return c2;
  }

  private Node hidden(Ctx c, String what, Kind kind) {
    Node h = new Node();
    h.kind = kind;
    h.label = c.var;
    h.slot = newSlot("#" + what + "(" + c.var + ")#" + slotNames.size());
    add(h);
    return h;
  }

  private Ev read(Node h, Ctx c) {
    int slot = h.slot;
    c.deps.add(slot);
    if (h.kind == Kind.PREV) c.dynamic = true;
    return new SlotRead(slot);
  }

  /** Chains of first-order stages for SMTHn (material=false) and DELAYn (material=true). */
  private Ev chain(Ast.Call k, Ctx c, int order, int initArg, boolean material) {
    Ctx ci = sub(c);
    Ev in0 = arg(k, 0, ci), tau0 = arg(k, 1, ci);
    Ev init0 = k.args().size() > initArg ? arg(k, initArg, ci) : in0;
    Ev in = arg(k, 0, sub(c));
    Ev tau = arg(k, 1, sub(c));
    int n = order;
    int[] slots = new int[n];
    Node[] st = new Node[n];
    for (int i = 0; i < n; i++) {
      st[i] = hidden(c, (material ? "DELAY" : "SMTH") + n + "_" + (i + 1), Kind.HSTOCK);
      slots[i] = st[i].slot;
      st[i].initDeps = ci.deps;
      st[i].init = material ? s -> init0.ev(s) * tau0.ev(s) / n : init0;
    }
    for (int i = 0; i < n; i++) {
      int me = slots[i];
      int prev = i == 0 ? -1 : slots[i - 1];
      if (material) {
        st[i].rate = prev < 0 ? s -> in.ev(s) - s.v[me] / (tau.ev(s) / n) : s -> (s.v[prev] - s.v[me]) / (tau.ev(s) / n);
      } else {
        st[i].rate = prev < 0 ? s -> (in.ev(s) - s.v[me]) / (tau.ev(s) / n) : s -> (s.v[prev] - s.v[me]) / (tau.ev(s) / n);
      }
    }
    int last = slots[n - 1];
    c.deps.add(last);
    if (!material) return new SlotRead(last);
    Ev tauOut = arg(k, 1, c);
    return s -> s.v[last] / (tauOut.ev(s) / n);
  }

  private Ev random(Ast.Call k, Ctx c) {
    String fn = k.fn();
    int params = switch (fn) { case "exprnd", "poisson" -> 1; case "random", "uniform", "normal", "lognormal" -> 2; default -> 3; };
    arity(k, c, fn.equals("random") ? 0 : params, params + 1);
    int nargs = k.args().size();
    long seed = Long.MIN_VALUE;
    if (nargs == params + 1) {
      Ast sa = k.args().get(params);
      if (!(sa instanceof Ast.Num sn)) throw new ModelException(c.var, "the seed of " + k.raw() + " must be a number in '" + c.var + "'");
      seed = (long) sn.value();
    }
    Ev[] p = new Ev[Math.min(params, nargs)];
    for (int i = 0; i < p.length; i++) p[i] = arg(k, i, c);
    int site = siteSeeds.size();
    siteSeeds.add(seed);
    c.dynamic = true;
    Ev draw = switch (fn) {
      case "random", "uniform" -> p.length == 0 ? s -> s.rng[site].nextDouble() : s -> { double a = p[0].ev(s), b = p[1].ev(s); return a + (b - a) * s.rng[site].nextDouble(); };
      case "normal" -> s -> p[0].ev(s) + p[1].ev(s) * Builtins.normal(s.rng[site]);
      case "lognormal" -> s -> {
        double mean = p[0].ev(s), sd = p[1].ev(s);
        double sig2 = Math.log(1 + sd * sd / (mean * mean));
        return Math.exp(Math.log(mean) - sig2 / 2 + Math.sqrt(sig2) * Builtins.normal(s.rng[site]));
      };
      case "exprnd" -> s -> -p[0].ev(s) * Math.log(1 - s.rng[site].nextDouble());
      case "poisson" -> s -> Builtins.poisson(s.rng[site], p[0].ev(s));
      default -> s -> Builtins.triangular(s.rng[site], p[0].ev(s), p[1].ev(s), p[2].ev(s));
    };
    return s -> {
      if (s.rndStep[site] != s.step) {
        s.rndStep[site] = s.step;
        s.rndVal[site] = draw.ev(s);
      }
      return s.rndVal[site];
    };
  }

  private int macroInstances;

  /**
   * A macro with its own variables (e.g. a stock) is instantiated per call site, like a module:
   * its arguments become hidden auxiliaries, its variables hidden slots under "$macro_N.".
   */
  private Ev macroInstance(XmileModel.Macro mac, Ast.Call k, Ctx c) {
    if (mac.eqn == null) throw new ModelException(c.var, "macro " + mac.name + " has no equation");
    String scope = "$" + Names.canon(mac.name) + "_" + (++macroInstances) + ".";
    for (int i = 0; i < mac.params.size(); i++) {
      Ctx ca = new Ctx(c.var, c.scope, c.bind);
      ca.locals = c.locals;
      ca.localCosts = c.localCosts;
      Ev a = compile(k.args().get(i), ca);
      XmileModel.Var pv = new XmileModel.Var();
      pv.kind = "aux";
      pv.name = mac.params.get(i);
      VarInfo vi = new VarInfo();
      vi.src = pv;
      vi.scope = scope;
      vi.full = scope + mac.params.get(i);
      vi.size = 1;
      vi.base = newSlot(scope + pv.name);
      vars.put(vi.full, vi);
      Node n = new Node();
      n.slot = vi.base;
      n.label = c.var;
      n.kind = Kind.AUX;
      n.init = a;
      n.run = a;
      n.initDeps = ca.deps;
      n.runDeps = ca.deps;
      n.dynamic = ca.dynamic;
      add(n);
    }
    List<VarInfo> made = new ArrayList<>();
    for (XmileModel.Var v : mac.vars) {
      if (!v.dims.isEmpty()) throw new ModelException(c.var, "arrayed variables inside macro " + mac.name + " are not supported");
      VarInfo vi = new VarInfo();
      vi.src = v;
      vi.scope = scope;
      vi.shown = scope;
      vi.full = scope + v.canon();
      vi.size = 1;
      vi.base = newSlot(scope + v.name);
      vars.put(vi.full, vi);
      if (v.gf != null) gfs.put(vi.full, v.gf);
      made.add(vi);
    }
    for (VarInfo vi : made) compileVar(vi);
    for (VarInfo vi : made) if (vi.src.kind.equals("stock")) compileStockRates(vi);
    Ctx ce = new Ctx(c.var, scope, Map.of());
    Ev e = compile(EquationParser.parse(mac.eqn, "macro " + mac.name), ce);
    c.deps.addAll(ce.deps);
    c.dynamic |= ce.dynamic;
    return e;
  }

  private Ev macro(XmileModel.Macro mac, Ast.Call k, Ctx c) {
    if (k.args().size() != mac.params.size()) throw new ModelException(c.var, "macro " + mac.name + " takes " + mac.params.size() + " arguments, got " + k.args().size() + " in '" + c.var + "'");
    if (!mac.vars.isEmpty()) return macroInstance(mac, k, c);
    if (k.args().size() != mac.params.size()) throw new ModelException(c.var, "macro " + mac.name + " takes " + mac.params.size() + " arguments, got " + k.args().size() + " in '" + c.var + "'");
    if (mac.eqn == null) throw new ModelException(c.var, "macro " + mac.name + " has no equation");
    Map<String, Ev> locals = new HashMap<>();
    Map<String, Long> costs = new HashMap<>();
    for (int i = 0; i < mac.params.size(); i++) {
      long before = equationNodes;
      locals.put(mac.params.get(i), arg(k, i, c));
      costs.put(mac.params.get(i), equationNodes - before);
    }
    Ctx c2 = new Ctx(c.var, "", Map.of());
    c2.locals = locals;
    c2.localCosts = costs;
    c2.deps = c.deps;
    Ev e = compile(EquationParser.parse(mac.eqn, "macro " + mac.name), c2);
    c.dynamic |= c2.dynamic;
    return e;
  }
}
