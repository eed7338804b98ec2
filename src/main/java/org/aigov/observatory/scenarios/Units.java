package org.aigov.observatory.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Light unit checking that produces warnings, never errors: flows must be stock units per time unit,
 * and the two sides of + - and comparisons must agree when both are references with declared units.
 */
public final class Units {
  private Units() {}

  /** Parses "widgets/month", "people*year^-1", "1/year" into base -> exponent. Null when blank. */
  public static Map<String, Integer> parse(String u) {
    if (u == null || u.isBlank()) return null;
    Map<String, Integer> out = new TreeMap<>();
    String s = u.toLowerCase().replace(" per ", "/").replace("(", "").replace(")", "");
    int sign = 1;
    StringBuilder tok = new StringBuilder();
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '*';
      if (c == '*' || c == '/') {
        addTok(out, tok.toString().trim(), sign);
        tok.setLength(0);
        sign = c == '/' ? -1 : 1;
      } else tok.append(c);
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  private static void addTok(Map<String, Integer> out, String t, int sign) {
    if (t.isEmpty() || t.equals("1") || t.equals("dmnl") || t.equals("dimensionless") || t.equals("unitless")) return;
    int exp = 1;
    int c = t.indexOf('^');
    if (c > 0) {
      try { exp = Integer.parseInt(t.substring(c + 1).trim()); } catch (NumberFormatException e) { exp = 1; }
      t = t.substring(0, c).trim();
    }
    t = singular(t);
    out.merge(t, sign * exp, Integer::sum);
  }

  private static String singular(String t) {
    t = t.replace('_', ' ').trim();
    if (t.equals("people")) return "person";
    if (t.endsWith("s") && t.length() > 3 && !t.endsWith("ss")) return t.substring(0, t.length() - 1);
    return t;
  }

  public static List<String> check(XmileModel m) {
    List<String> w = new ArrayList<>();
    Map<String, Integer> time = parse(m.timeUnits);
    for (XmileModel.Var v : m.vars) {
      if (!v.kind.equals("stock")) continue;
      Map<String, Integer> su = parse(v.units);
      if (su == null || time == null) continue;
      Map<String, Integer> want = new TreeMap<>(su);
      for (Map.Entry<String, Integer> e : time.entrySet()) want.merge(e.getKey(), -e.getValue(), Integer::sum);
      want.values().removeIf(x -> x == 0);
      List<String> flows = new ArrayList<>(v.inflows);
      flows.addAll(v.outflows);
      for (String f : flows) {
        XmileModel.Var fv = m.find(f);
        if (fv == null) continue;
        Map<String, Integer> fu = parse(fv.units);
        if (fu != null && !fu.equals(want)) {
          w.add("units mismatch: flow '" + fv.name + "' has units '" + fv.units + "' but stock '" + v.name + "' needs '" + v.units + "/" + m.timeUnits + "'");
        }
      }
    }
    for (XmileModel.Var v : m.vars) {
      if (v.eqn == null || v.eqn.isBlank() || v.eqn.contains("???")) continue;
      Ast a;
      try { a = EquationParser.parse(v.eqn, v.name); } catch (ModelException e) { continue; }
      additive(a, m, v, w);
    }
    return w;
  }

  private static void additive(Ast a, XmileModel m, XmileModel.Var owner, List<String> w) {
    if (a instanceof Ast.Bin b) {
      if ("+-<>lg=n".indexOf(b.op()) >= 0 && b.a() instanceof Ast.Ref ra && b.b() instanceof Ast.Ref rb) {
        XmileModel.Var va = m.find(ra.name()), vb = m.find(rb.name());
        if (va != null && vb != null) {
          Map<String, Integer> ua = parse(va.units), ub = parse(vb.units);
          if (ua != null && ub != null && !ua.equals(ub)) {
            w.add("units mismatch in '" + owner.name + "': '" + va.name + "' (" + va.units + ") and '" + vb.name + "' (" + vb.units + ") are combined with " + opName(b.op()));
          }
        }
      }
      additive(b.a(), m, owner, w);
      additive(b.b(), m, owner, w);
    } else if (a instanceof Ast.Unary u) additive(u.e(), m, owner, w);
    else if (a instanceof Ast.If i) { additive(i.cond(), m, owner, w); additive(i.then(), m, owner, w); additive(i.otherwise(), m, owner, w); }
    else if (a instanceof Ast.Call c) for (Ast x : c.args()) additive(x, m, owner, w);
  }

  private static String opName(char op) {
    return switch (op) { case 'l' -> "<="; case 'g' -> ">="; case 'n' -> "<>"; default -> String.valueOf(op); };
  }
}
