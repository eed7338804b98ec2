package org.aigov.observatory.scenarios;

/** A compiled expression: a tree of closures evaluated against a run's state. */
@FunctionalInterface
public interface Ev {
  double ev(State s);
}
