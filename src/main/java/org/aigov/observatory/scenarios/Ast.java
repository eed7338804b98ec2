package org.aigov.observatory.scenarios;

import java.util.List;

/** Equation syntax tree. Parsed once; compiled to closures by {@link ModelCompiler}. */
public sealed interface Ast {
  record Num(double value) implements Ast {}

  /** A variable reference, optionally subscripted. {@code name} is canonical. */
  record Ref(String name, String raw, List<Ast> subs) implements Ast {}

  /** A wildcard subscript {@code *} or {@code *:dim}. */
  record Star(String dim) implements Ast {}

  record Unary(char op, Ast e) implements Ast {}

  /** op: + - * / ^ % (mod) < > l(<=) g(>=) = n(<>) & | */
  record Bin(char op, Ast a, Ast b) implements Ast {}

  record If(Ast cond, Ast then, Ast otherwise) implements Ast {}

  /** Builtin, macro or graphical-function call; {@code fn} is canonical. */
  record Call(String fn, String raw, List<Ast> args) implements Ast {}

  /** Comma list at top level (Vensim-style array constants "1, 2, 3"). */
  record Tuple(List<Ast> items) implements Ast {}
}
