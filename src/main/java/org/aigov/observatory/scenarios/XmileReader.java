package org.aigov.observatory.scenarios;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.SAXParserFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads XMILE 1.0. Well-formedness is checked with the JDK parser first; a malformed file that still
 * has an xmile root and a model is recovered leniently (jsoup) with a warning naming the line.
 */
public final class XmileReader {
  private XmileReader() {}

  public static XmileModel read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelException("file", "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A document type declaration, with its internal subset in brackets if any. */
  private static final java.util.regex.Pattern DOCTYPE = java.util.regex.Pattern.compile("<!DOCTYPE(?:[^\\[>]|\\[[^\\]]*\\])*>", java.util.regex.Pattern.CASE_INSENSITIVE);

  public static XmileModel parse(String xml) {
    List<String> warnings = new ArrayList<>();
    if (xml == null || xml.isBlank()) throw new ModelException("xmile", "malformed XML: the document is empty");
    String strictError = null;
    // the strict check refuses any DOCTYPE (no entity can be expanded, internal or external); a well-formed file with one
    // was reported as "malformed XML recovered leniently (DOCTYPE is disallowed when the feature ... set to true.)", so
    // the declaration is taken out before the check and named plainly. jsoup, which reads the model, expands no entities.
    String checked = xml;
    java.util.regex.Matcher doctype = DOCTYPE.matcher(xml);
    if (doctype.find()) {
      warnings.add("the DOCTYPE declaration was ignored (entities are not expanded)");
      checked = xml.substring(0, doctype.start()) + xml.substring(doctype.end());
    }
    try {
      SAXParserFactory f = SAXParserFactory.newInstance();
      f.setNamespaceAware(false);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.newSAXParser().parse(new ByteArrayInputStream(checked.getBytes(StandardCharsets.UTF_8)), new DefaultHandler());
    } catch (SAXParseException e) {
      strictError = "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage();
    } catch (Exception e) {
      strictError = e.getMessage();
    }
    Document doc = Jsoup.parse(xml, "", Parser.xmlParser());
    Element root = first(doc, "xmile");
    if (root == null || first(root, "model") == null) {
      throw new ModelException("xmile", "malformed XML: " + (strictError != null ? strictError : "no <xmile> root with a <model> element"));
    }
    if (strictError != null) warnings.add("malformed XML recovered leniently (" + strictError + ")");
    XmileModel m = new XmileModel();
    m.warnings.addAll(warnings);
    Element header = child(root, "header");
    if (header != null) {
      Element n = child(header, "name");
      if (n != null) m.name = n.text().trim();
    }
    Element specs = child(root, "sim_specs");
    if (specs != null) {
      m.start = num(specs, "start", 0);
      m.stop = num(specs, "stop", 100);
      Element dt = child(specs, "dt");
      if (dt != null) {
        double v = parseNum(dt.text(), "sim_specs/dt");
        m.dt = "true".equalsIgnoreCase(dt.attr("reciprocal")) ? 1 / v : v;
      }
      Element ss = child(specs, "savestep");
      if (ss != null) m.saveStep = parseNum(ss.text(), "sim_specs/savestep");
      if (!specs.attr("method").isBlank()) m.method = specs.attr("method").trim().toLowerCase(Locale.ROOT);
      m.timeUnits = specs.attr("time_units");
    }
    // "NaN" and "Infinity" parse as doubles; a NaN stop passed the stop < start check and ran one step
    finite("sim_specs/start", m.start);
    finite("sim_specs/stop", m.stop);
    finite("sim_specs/dt", m.dt);
    if (m.saveStep != null) finite("sim_specs/savestep", m.saveStep);
    if (!(m.dt > 0)) throw new ModelException("sim_specs/dt", "DT must be positive, got " + m.dt);
    if (m.stop < m.start) throw new ModelException("sim_specs/stop", "stop time " + m.stop + " is before start time " + m.start);
    Element beh = child(root, "behavior");
    if (beh != null) {
      Element nn = child(beh, "non_negative");
      if (nn != null && bool(nn)) { m.nonNegFlows = true; m.nonNegStocks = true; }
      Element fl = child(beh, "flow");
      if (fl != null && child(fl, "non_negative") != null) m.nonNegFlows = bool(child(fl, "non_negative"));
      Element st = child(beh, "stock");
      if (st != null && child(st, "non_negative") != null) m.nonNegStocks = bool(child(st, "non_negative"));
    }
    Element dims = child(root, "dimensions");
    if (dims != null) {
      for (Element d : dims.children()) {
        if (!d.tagName().equals("dim")) continue;
        XmileModel.Dim dim = new XmileModel.Dim();
        dim.name = d.attr("name");
        for (Element e : d.children()) if (e.tagName().equals("elem")) dim.elems.add(e.attr("name"));
        if (dim.elems.isEmpty() && !d.attr("size").isBlank()) {
          double size = parseNum(d.attr("size"), "dimension " + dim.name);
          // a 400-byte model asking for 2e9 elements filled the heap before any other check ran
          if (!(size >= 1 && size <= MAX_DIM_SIZE) || size != Math.rint(size))
            throw new ModelException(dim.name, "dimension " + dim.name + ": size must be a whole number from 1 to " + MAX_DIM_SIZE + ", got " + d.attr("size"));
          int n = (int) size;
          for (int i = 1; i <= n; i++) dim.elems.add(String.valueOf(i));
          dim.numbered = true;
        }
        m.dims.put(Names.canon(dim.name), dim);
      }
    }
    for (Element mac : root.children()) {
      if (!mac.tagName().equals("macro")) continue;
      XmileModel.Macro mc = new XmileModel.Macro();
      mc.name = mac.attr("name");
      for (Element p : mac.children()) if (p.tagName().equals("parm")) mc.params.add(Names.canon(p.text()));
      Element e = child(mac, "eqn");
      mc.eqn = e == null ? null : e.text();
      Element vs = child(mac, "variables");
      if (vs != null) readVars(vs, mc.vars, m);
      m.macros.put(Names.canon(mc.name), mc);
    }
    boolean rootSeen = false;
    for (Element mod : root.children()) {
      if (!mod.tagName().equals("model")) continue;
      String mname = mod.attr("name");
      Element vs = child(mod, "variables");
      List<XmileModel.Var> list = new ArrayList<>();
      if (vs != null) readVars(vs, list, m);
      if (!rootSeen && (mname.isBlank() || !isReferencedModule(root, mname))) {
        m.vars.addAll(list);
        rootSeen = true;
      } else {
        m.models.put(Names.canon(mname), list);
      }
    }
    if (strictError != null && m.vars.isEmpty()) throw new ModelException("xmile", "malformed XML: " + strictError);
    Element sc = child(root, "scenarios");
    if (sc != null) {
      for (Element s : sc.children()) {
        if (!s.tagName().equals("scenario")) continue;
        XmileModel.Scenario scen = new XmileModel.Scenario();
        scen.name = s.attr("name");
        scen.label = s.attr("label");
        Element d = child(s, "doc");
        scen.doc = d == null ? "" : d.text();
        for (Element o : s.children()) {
          if (o.tagName().equals("set")) scen.overrides.put(o.attr("name"), parseNum(o.attr("value"), "scenario " + scen.name + "/" + o.attr("name")));
        }
        m.scenarios.add(scen);
      }
    }
    return m;
  }

  private static boolean isReferencedModule(Element root, String name) {
    for (Element e : root.getElementsByTag("module")) if (Names.canon(e.attr("name")).equals(Names.canon(name)) || Names.canon(e.attr("model")).equals(Names.canon(name))) return true;
    return false;
  }

  private static void readVars(Element vs, List<XmileModel.Var> out, XmileModel m) {
    for (Element e : vs.children()) readVar(e, out, m);
  }

  private static void readVar(Element e, List<XmileModel.Var> out, XmileModel m) {
    String tag = e.tagName();
    if (!(tag.equals("stock") || tag.equals("flow") || tag.equals("aux") || tag.equals("gf") || tag.equals("module"))) return;
    XmileModel.Var v = new XmileModel.Var();
    v.kind = tag;
    v.name = e.attr("name");
    if (v.name.isBlank()) throw new ModelException(tag, "a <" + tag + "> has no name attribute");
    v.access = e.attr("access").isBlank() ? null : e.attr("access");
    for (Element c : e.children()) {
      switch (c.tagName()) {
        case "eqn" -> v.eqn = c.wholeText();
        case "inflow" -> v.inflows.add(c.text().trim());
        case "outflow" -> v.outflows.add(c.text().trim());
        case "non_negative" -> v.nonNegative = bool(c);
        case "units" -> v.units = c.text().trim();
        case "doc" -> v.doc = c.wholeText().trim();
        case "gf" -> v.gf = readGf(c, v.name);
        case "dimensions" -> { for (Element d : c.children()) if (d.tagName().equals("dim")) v.dims.add(d.attr("name")); }
        case "element" -> {
          String key = elementKey(c.attr("subscript"));
          Element eq = child(c, "eqn");
          if (eq != null) v.elementEqns.put(key, eq.wholeText());
          Element g = child(c, "gf");
          if (g != null) v.elementGfs.put(key, readGf(g, v.name + "[" + c.attr("subscript") + "]"));
        }
        case "connect" -> {
          XmileModel.Connect cn = new XmileModel.Connect();
          cn.to = c.attr("to");
          cn.from = c.attr("from");
          v.connects.add(cn);
        }
        case "stock", "flow", "aux" -> readVar(c, out, m); // nested by a lenient parse of a missing close tag
        case "conveyor", "queue", "oven" -> m.warnings.add("'" + v.name + "' is a " + c.tagName() + " in the file; it runs as an ordinary stock");
        default -> {}
      }
    }
    if (tag.equals("gf") && v.gf == null) v.gf = readGf(e, v.name);
    if (tag.equals("module")) v.moduleModel = e.attr("model").isBlank() ? v.name : e.attr("model");
    out.add(v);
  }

  static String elementKey(String subscript) {
    StringBuilder b = new StringBuilder();
    for (String s : subscript.split(",")) {
      if (b.length() > 0) b.append(',');
      b.append(Names.canon(s));
    }
    return b.toString();
  }

  private static XmileModel.Gf readGf(Element g, String owner) {
    XmileModel.Gf gf = new XmileModel.Gf();
    String type = g.attr("type");
    if (!type.isBlank()) gf.type = type.trim().toLowerCase(Locale.ROOT);
    if ("true".equalsIgnoreCase(g.attr("discrete").trim())) gf.type = "discrete";
    Element xs = child(g, "xscale"), ys = child(g, "yscale");
    if (xs != null) { gf.xmin = parseNum(xs.attr("min"), owner + "/xscale"); gf.xmax = parseNum(xs.attr("max"), owner + "/xscale"); }
    if (ys != null) { gf.ymin = parseNum(ys.attr("min"), owner + "/yscale"); gf.ymax = parseNum(ys.attr("max"), owner + "/yscale"); }
    Element yp = child(g, "ypts"), xp = child(g, "xpts");
    if (yp == null) throw new ModelException(owner, "graphical function of '" + owner + "' has no <ypts>");
    gf.ys = pts(yp, owner);
    if (xp != null) gf.xs = pts(xp, owner);
    else {
      if (gf.xmin == null) throw new ModelException(owner, "graphical function of '" + owner + "' has neither <xpts> nor <xscale>");
      int n = gf.ys.length;
      gf.xs = new double[n];
      for (int i = 0; i < n; i++) gf.xs[i] = n == 1 ? gf.xmin : gf.xmin + (gf.xmax - gf.xmin) * i / (n - 1);
    }
    if (gf.xs.length != gf.ys.length) throw new ModelException(owner, "graphical function of '" + owner + "' has " + gf.xs.length + " x points but " + gf.ys.length + " y points");
    for (int i = 1; i < gf.xs.length; i++) if (gf.xs[i] < gf.xs[i - 1]) throw new ModelException(owner, "graphical function of '" + owner + "': x points must be increasing");
    return gf;
  }

  private static double[] pts(Element e, String owner) {
    String sep = e.attr("sep").isEmpty() ? "," : e.attr("sep");
    String[] parts = e.text().trim().split(java.util.regex.Pattern.quote(sep));
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = parseNum(parts[i], owner + " points");
    return out;
  }

  private static boolean bool(Element e) {
    String t = e.text().trim();
    return t.isEmpty() || t.equalsIgnoreCase("true");
  }

  private static double num(Element parent, String tag, double dflt) {
    Element e = child(parent, tag);
    return e == null ? dflt : parseNum(e.text(), "sim_specs/" + tag);
  }

  private static void finite(String where, double v) {
    if (!Double.isFinite(v)) throw new ModelException(where, where + ": must be a finite number, got " + v);
  }

  static final int MAX_DIM_SIZE = 10_000;

  static double parseNum(String s, String where) {
    try {
      String t = s.trim();
      int slash = t.indexOf('/');
      if (slash > 0) return Double.parseDouble(t.substring(0, slash).trim()) / Double.parseDouble(t.substring(slash + 1).trim()); // "1/4"
      return Double.parseDouble(t);
    } catch (RuntimeException e) {
      throw new ModelException(where, where + ": not a number: '" + s + "'");
    }
  }

  private static Element child(Element parent, String tag) {
    for (Element c : parent.children()) if (c.tagName().equalsIgnoreCase(tag)) return c;
    return null;
  }

  private static Element first(Element parent, String tag) {
    for (Element c : parent.getAllElements()) if (c.tagName().equalsIgnoreCase(tag)) return c;
    return null;
  }
}
