package org.aigov.observatory.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Recursive-descent parser for XMILE 1.0 expressions (precedence per XMILE section 3.3.1). */
public final class EquationParser {
  private final String src;
  private final String variable;
  private int pos;
  private Tok tok;

  private enum T { NUM, ID, QID, OP, LP, RP, LB, RB, COMMA, EOF }

  private record Tok(T t, String s, int at) {}

  private EquationParser(String src, String variable) {
    this.src = src;
    this.variable = variable;
  }

  /** Parses {@code eqn}; {@code variable} is used in error messages. */
  public static Ast parse(String eqn, String variable) {
    if (eqn != null && eqn.length() > 100_000) throw new ModelException(variable, "equation of '" + variable + "' is longer than 100,000 characters");
    try {
      return parse0(eqn, variable);
    } catch (StackOverflowError e) {
      throw new ModelException(variable, "equation of '" + variable + "' is nested too deeply");
    }
  }

  private static Ast parse0(String eqn, String variable) {
    EquationParser p = new EquationParser(eqn == null ? "" : eqn, variable);
    p.next();
    if (p.tok.t == T.EOF) throw p.err("empty equation");
    Ast first = p.expr();
    if (p.tok.t == T.COMMA) {
      List<Ast> items = new ArrayList<>();
      items.add(first);
      while (p.tok.t == T.COMMA) {
        p.next();
        items.add(p.expr());
      }
      first = new Ast.Tuple(items);
    }
    if (p.tok.t != T.EOF) throw p.err("unexpected '" + p.tok.s + "'");
    return first;
  }

  private ModelException err(String msg) {
    return new ModelException(variable, "equation of '" + variable + "': " + msg + " at column " + (tok == null ? pos : tok.at + 1) + " in \"" + src.strip() + "\"");
  }

  private void next() {
    int n = src.length();
    while (pos < n) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c)) pos++;
      else if (c == '{') { // XMILE comment
        int e = src.indexOf('}', pos);
        pos = e < 0 ? n : e + 1;
      } else break;
    }
    if (pos >= n) { tok = new Tok(T.EOF, "end of equation", pos); return; }
    int st = pos;
    char c = src.charAt(pos);
    if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(src.charAt(pos + 1)))) {
      while (pos < n && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
      if (pos < n && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
        int save = pos;
        pos++;
        if (pos < n && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
        if (pos < n && Character.isDigit(src.charAt(pos))) { while (pos < n && Character.isDigit(src.charAt(pos))) pos++; }
        else pos = save;
      }
      tok = new Tok(T.NUM, src.substring(st, pos), st);
      return;
    }
    if (c == '"') {
      int e = src.indexOf('"', pos + 1);
      if (e < 0) { tok = new Tok(T.OP, "\"", st); throw err("unterminated quoted name"); }
      pos = e + 1;
      // a quoted module reference may continue: "m".x
      tok = new Tok(T.QID, src.substring(st + 1, e), st);
      return;
    }
    if (Character.isLetter(c) || c == '_' || c == '$' || c > 127 || (c == '.' && pos + 1 < n && (Character.isLetter(src.charAt(pos + 1)) || src.charAt(pos + 1) == '_'))) {
      if (c == '.') pos++;
      while (pos < n) {
        char d = src.charAt(pos);
        if (Character.isLetterOrDigit(d) || d == '_' || d == '$' || d > 127 || d == '.') pos++;
        else if (d == ' ' && pos + 1 < n && Character.isLetterOrDigit(src.charAt(pos + 1)) && false) pos++;
        else break;
      }
      tok = new Tok(T.ID, src.substring(st, pos), st);
      return;
    }
    pos++;
    switch (c) {
      case '(' -> tok = new Tok(T.LP, "(", st);
      case ')' -> tok = new Tok(T.RP, ")", st);
      case '[' -> tok = new Tok(T.LB, "[", st);
      case ']' -> tok = new Tok(T.RB, "]", st);
      case ',' -> tok = new Tok(T.COMMA, ",", st);
      case '<' -> {
        if (pos < n && src.charAt(pos) == '=') { pos++; tok = new Tok(T.OP, "<=", st); }
        else if (pos < n && src.charAt(pos) == '>') { pos++; tok = new Tok(T.OP, "<>", st); }
        else tok = new Tok(T.OP, "<", st);
      }
      case '>' -> {
        if (pos < n && src.charAt(pos) == '=') { pos++; tok = new Tok(T.OP, ">=", st); }
        else tok = new Tok(T.OP, ">", st);
      }
      case '!' -> {
        if (pos < n && src.charAt(pos) == '=') { pos++; tok = new Tok(T.OP, "<>", st); }
        else tok = new Tok(T.OP, "not", st);
      }
      case '=' -> {
        if (pos < n && src.charAt(pos) == '=') pos++;
        tok = new Tok(T.OP, "=", st);
      }
      case '+', '-', '*', '/', '^', ':' -> tok = new Tok(T.OP, String.valueOf(c), st);
      case '&' -> { if (pos < n && src.charAt(pos) == '&') pos++; tok = new Tok(T.OP, "and", st); }
      case '|' -> { if (pos < n && src.charAt(pos) == '|') pos++; tok = new Tok(T.OP, "or", st); }
      default -> { tok = new Tok(T.OP, String.valueOf(c), st); throw err("unexpected character '" + c + "'"); }
    }
  }

  private boolean kw(String k) {
    return tok.t == T.ID && tok.s.equalsIgnoreCase(k);
  }

  private boolean op(String o) {
    return tok.t == T.OP && tok.s.equals(o);
  }

  private Ast expr() {
    if (kw("if")) {
      next();
      Ast c = expr();
      if (!kw("then")) throw err("expected THEN");
      next();
      Ast t = expr();
      if (!kw("else")) throw err("expected ELSE");
      next();
      Ast e = expr();
      return new Ast.If(c, t, e);
    }
    return or();
  }

  private Ast or() {
    Ast a = and();
    while (kw("or") || op("or")) { next(); a = new Ast.Bin('|', a, and()); }
    return a;
  }

  private Ast and() {
    Ast a = eq();
    while (kw("and") || op("and")) { next(); a = new Ast.Bin('&', a, eq()); }
    return a;
  }

  private Ast eq() {
    Ast a = rel();
    while (op("=") || op("<>")) {
      char o = op("=") ? '=' : 'n';
      next();
      a = new Ast.Bin(o, a, rel());
    }
    return a;
  }

  private Ast rel() {
    Ast a = add();
    while (op("<") || op(">") || op("<=") || op(">=")) {
      char o = switch (tok.s) { case "<" -> '<'; case ">" -> '>'; case "<=" -> 'l'; default -> 'g'; };
      next();
      a = new Ast.Bin(o, a, add());
    }
    return a;
  }

  private Ast add() {
    Ast a = mul();
    while (op("+") || op("-")) {
      char o = tok.s.charAt(0);
      next();
      a = new Ast.Bin(o, a, mul());
    }
    return a;
  }

  private Ast mul() {
    Ast a = unary();
    while (op("*") || op("/") || kw("mod")) {
      char o = kw("mod") ? '%' : tok.s.charAt(0);
      next();
      a = new Ast.Bin(o, a, unary());
    }
    return a;
  }

  private Ast unary() {
    if (op("-")) { next(); return new Ast.Unary('-', unary()); }
    if (op("+")) { next(); return unary(); }
    if (kw("not") || op("not")) { next(); return new Ast.Unary('!', unary()); }
    return pow();
  }

  private Ast pow() {
    Ast a = primary();
    if (op("^")) {
      next();
      Ast b = op("-") || op("+") ? unary() : pow(); // right-associative
      return new Ast.Bin('^', a, b);
    }
    return a;
  }

  private Ast primary() {
    switch (tok.t) {
      case NUM -> {
        String s = tok.s;
        next();
        try {
          return new Ast.Num(Double.parseDouble(s));
        } catch (NumberFormatException e) {
          throw err("bad number '" + s + "'");
        }
      }
      case LP -> {
        next();
        Ast e = expr();
        if (tok.t != T.RP) throw err("expected ')'");
        next();
        return e;
      }
      case ID, QID -> {
        String raw = tok.s;
        boolean quoted = tok.t == T.QID;
        next();
        // "module".var after a quoted name
        while (quoted && tok.t == T.ID && tok.s.startsWith(".")) { raw = raw + tok.s; next(); }
        if (!quoted && (raw.equalsIgnoreCase("then") || raw.equalsIgnoreCase("else"))) throw err("unexpected " + raw.toUpperCase(Locale.ROOT));
        // Vensim-style function names with spaces ("EXPRESSION MACRO(") are read as one name
        while (!quoted && tok.t == T.ID && !isKeyword(tok.s) && spacedCall()) { raw = raw + " " + tok.s; next(); }
        if (tok.t == T.LP) {
          next();
          List<Ast> args = new ArrayList<>();
          if (tok.t != T.RP) {
            args.add(argument());
            while (tok.t == T.COMMA) { next(); args.add(argument()); }
          }
          if (tok.t != T.RP) throw err("expected ')' after arguments of " + raw);
          next();
          return new Ast.Call(Names.canon(raw), raw, args);
        }
        List<Ast> subs = List.of();
        if (tok.t == T.LB) {
          next();
          subs = new ArrayList<>();
          subs.add(subscript());
          while (tok.t == T.COMMA) { next(); subs.add(subscript()); }
          if (tok.t != T.RB) throw err("expected ']'");
          next();
        }
        return new Ast.Ref(Names.canon(raw), raw, subs);
      }
      default -> throw err("unexpected '" + tok.s + "'");
    }
  }

  private static boolean isKeyword(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) { case "and", "or", "not", "mod", "if", "then", "else" -> true; default -> false; };
  }

  /** True when the identifiers from here run up to an opening parenthesis. */
  private boolean spacedCall() {
    int p = pos;
    while (p < src.length() && (Character.isLetterOrDigit(src.charAt(p)) || src.charAt(p) == '_' || src.charAt(p) == ' ')) p++;
    return p < src.length() && src.charAt(p) == '(';
  }

  private Ast argument() {
    return expr();
  }

  private Ast subscript() {
    if (op("*")) {
      next();
      if (op(":")) { next(); String d = tok.s; next(); return new Ast.Star(Names.canon(d)); }
      return new Ast.Star(null);
    }
    return expr();
  }
}
