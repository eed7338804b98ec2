package org.aigov.observatory.rules;

import java.util.regex.Pattern;

/**
 * A compiled condition in Kleene three-valued logic: FALSE=0, UNKNOWN=1, TRUE=2, so AND is min,
 * OR is max and NOT is 2-x. An unanswered question makes a leaf UNKNOWN; rules left UNKNOWN are
 * what the questionnaire asks about.
 */
interface Cond {
  int F = 0, U = 1, T = 2;

  int eval(Ctx c);

  /** Evaluation state for one classification. */
  final class Ctx {
    final Object[] v;
    final byte[] facts;

    Ctx(Object[] v, int nFacts) {
      this.v = v;
      this.facts = new byte[nFacts];
    }
  }

  static Cond all(Cond[] cs) {
    return c -> {
      int r = T;
      for (Cond x : cs) {
        int e = x.eval(c);
        if (e == F) return F;
        if (e < r) r = e;
      }
      return r;
    };
  }

  static Cond any(Cond[] cs) {
    return c -> {
      int r = F;
      for (Cond x : cs) {
        int e = x.eval(c);
        if (e == T) return T;
        if (e > r) r = e;
      }
      return r;
    };
  }

  static Cond not(Cond x) {
    return c -> T - x.eval(c);
  }

  static Cond fact(int i) {
    return c -> c.facts[i];
  }

  static Cond known(int i, boolean want) {
    return c -> (c.v[i] != null) == want ? T : F;
  }

  static Cond isBool(int i, boolean want) {
    return c -> {
      Object o = c.v[i];
      return o == null ? U : ((Boolean) o) == want ? T : F;
    };
  }

  static Cond enumIn(int i, long mask) {
    return c -> {
      Object o = c.v[i];
      return o == null ? U : (mask & (1L << (Integer) o)) != 0 ? T : F;
    };
  }

  static Cond listAny(int i, long mask) {
    return c -> {
      Object o = c.v[i];
      return o == null ? U : ((Long) o & mask) != 0 ? T : F;
    };
  }

  static Cond listEmpty(int i, boolean want) {
    return c -> {
      Object o = c.v[i];
      return o == null ? U : (((Long) o) == 0L) == want ? T : F;
    };
  }

  /** cmp: 0 gt, 1 gte, 2 lt, 3 lte. Dates are epoch days stored as Long, numbers as Double. */
  static Cond compare(int i, double bound, int cmp) {
    return c -> {
      Object o = c.v[i];
      if (o == null) return U;
      double x = ((Number) o).doubleValue();
      boolean r = switch (cmp) {
        case 0 -> x > bound;
        case 1 -> x >= bound;
        case 2 -> x < bound;
        default -> x <= bound;
      };
      return r ? T : F;
    };
  }

  static Cond matches(int i, Pattern p) {
    return c -> {
      Object o = c.v[i];
      return o == null ? U : p.matcher((String) o).find() ? T : F;
    };
  }
}
