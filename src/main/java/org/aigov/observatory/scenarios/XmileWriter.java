package org.aigov.observatory.scenarios;

import java.util.List;
import java.util.Map;

/** Writes an {@link XmileModel} as XMILE 1.0 (scenarios go in an extension element). */
public final class XmileWriter {
  private XmileWriter() {}

  public static String write(XmileModel m) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<xmile version=\"1.0\" xmlns=\"http://docs.oasis-open.org/xmile/ns/XMILE/v1.0\">\n");
    b.append("  <header>\n    <vendor>AI Governance Observatory</vendor>\n    <name>").append(esc(m.name)).append("</name>\n");
    b.append("    <product version=\"1.0\">observatory scenarios</product>\n  </header>\n");
    b.append("  <sim_specs method=\"").append(m.method.equals("rk4") ? "RK4" : "Euler").append("\" time_units=\"").append(esc(m.timeUnits)).append("\">\n");
    b.append("    <start>").append(num(m.start)).append("</start>\n    <stop>").append(num(m.stop)).append("</stop>\n    <dt>").append(num(m.dt)).append("</dt>\n");
    if (m.saveStep != null) b.append("    <savestep>").append(num(m.saveStep)).append("</savestep>\n");
    b.append("  </sim_specs>\n");
    if (m.nonNegFlows || m.nonNegStocks) {
      b.append("  <behavior>\n");
      if (m.nonNegFlows) b.append("    <flow><non_negative/></flow>\n");
      if (m.nonNegStocks) b.append("    <stock><non_negative/></stock>\n");
      b.append("  </behavior>\n");
    }
    if (!m.dims.isEmpty()) {
      b.append("  <dimensions>\n");
      for (XmileModel.Dim d : m.dims.values()) {
        b.append("    <dim name=\"").append(esc(d.name)).append("\"");
        if (d.numbered) b.append(" size=\"").append(d.elems.size()).append("\"/>\n");
        else {
          b.append(">\n");
          for (String e : d.elems) b.append("      <elem name=\"").append(esc(e)).append("\"/>\n");
          b.append("    </dim>\n");
        }
      }
      b.append("  </dimensions>\n");
    }
    for (XmileModel.Macro mc : m.macros.values()) {
      b.append("  <macro name=\"").append(esc(mc.name)).append("\">\n");
      for (String p : mc.params) b.append("    <parm>").append(esc(p)).append("</parm>\n");
      if (mc.eqn != null) b.append("    <eqn>").append(esc(mc.eqn)).append("</eqn>\n");
      b.append("  </macro>\n");
    }
    b.append("  <model>\n");
    vars(b, m.vars);
    b.append("  </model>\n");
    for (Map.Entry<String, List<XmileModel.Var>> e : m.models.entrySet()) {
      b.append("  <model name=\"").append(esc(e.getKey())).append("\">\n");
      vars(b, e.getValue());
      b.append("  </model>\n");
    }
    if (!m.scenarios.isEmpty()) {
      b.append("  <scenarios xmlns=\"https://aigov-observatory.org/xmile/scenarios\">\n");
      for (XmileModel.Scenario s : m.scenarios) {
        b.append("    <scenario name=\"").append(esc(s.name)).append("\" label=\"").append(esc(s.label)).append("\">\n");
        if (!s.doc.isBlank()) b.append("      <doc>").append(esc(s.doc)).append("</doc>\n");
        for (Map.Entry<String, Double> o : s.overrides.entrySet()) b.append("      <set name=\"").append(esc(o.getKey())).append("\" value=\"").append(num(o.getValue())).append("\"/>\n");
        b.append("    </scenario>\n");
      }
      b.append("  </scenarios>\n");
    }
    b.append("</xmile>\n");
    return b.toString();
  }

  private static void vars(StringBuilder b, List<XmileModel.Var> vars) {
    b.append("    <variables>\n");
    for (XmileModel.Var v : vars) {
      b.append("      <").append(v.kind).append(" name=\"").append(esc(v.name)).append("\"");
      if (v.access != null) b.append(" access=\"").append(esc(v.access)).append("\"");
      if (v.kind.equals("module") && !Names.canon(v.moduleModel).equals(v.canon())) b.append(" model=\"").append(esc(v.moduleModel)).append("\"");
      b.append(">\n");
      if (!v.doc.isBlank()) b.append("        <doc>").append(esc(v.doc)).append("</doc>\n");
      if (!v.dims.isEmpty()) {
        b.append("        <dimensions>");
        for (String d : v.dims) b.append("<dim name=\"").append(esc(d)).append("\"/>");
        b.append("</dimensions>\n");
      }
      if (v.eqn != null) b.append("        <eqn>").append(esc(v.eqn.strip())).append("</eqn>\n");
      for (Map.Entry<String, String> e : v.elementEqns.entrySet()) {
        b.append("        <element subscript=\"").append(esc(e.getKey())).append("\"><eqn>").append(esc(e.getValue().strip())).append("</eqn>");
        XmileModel.Gf g = v.elementGfs.get(e.getKey());
        if (g != null) gf(b, g);
        b.append("</element>\n");
      }
      for (String f : v.inflows) b.append("        <inflow>").append(esc(f)).append("</inflow>\n");
      for (String f : v.outflows) b.append("        <outflow>").append(esc(f)).append("</outflow>\n");
      if (v.nonNegative != null) b.append(v.nonNegative ? "        <non_negative/>\n" : "        <non_negative>false</non_negative>\n");
      if (v.gf != null) { b.append("        "); gf(b, v.gf); b.append("\n"); }
      if (!v.units.isBlank()) b.append("        <units>").append(esc(v.units)).append("</units>\n");
      for (XmileModel.Connect c : v.connects) b.append("        <connect to=\"").append(esc(c.to)).append("\" from=\"").append(esc(c.from)).append("\"/>\n");
      b.append("      </").append(v.kind).append(">\n");
    }
    b.append("    </variables>\n");
  }

  private static void gf(StringBuilder b, XmileModel.Gf g) {
    b.append("<gf type=\"").append(g.type).append("\">");
    if (g.ymin != null) b.append("<yscale min=\"").append(num(g.ymin)).append("\" max=\"").append(num(g.ymax)).append("\"/>");
    b.append("<xpts>").append(join(g.xs)).append("</xpts><ypts>").append(join(g.ys)).append("</ypts></gf>");
  }

  private static String join(double[] xs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < xs.length; i++) { if (i > 0) b.append(','); b.append(num(xs[i])); }
    return b.toString();
  }

  static String num(double d) {
    return Result.fmt(d);
  }

  static String esc(String s) {
    if (s == null) return "";
    return org.aigov.observatory.kernel.Xml.clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
