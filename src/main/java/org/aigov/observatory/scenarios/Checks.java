package org.aigov.observatory.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.aigov.observatory.kernel.ApiException;

/**
 * Value and cost checks shared by the HTTP API and the commands, so both refuse the same inputs in the same words.
 * {@code field} is what the caller wrote: an API field ("overrides.x", "steps") or a command option ("--set", "--steps").
 */
final class Checks {
  private Checks() {}

  /** What one request or command may cost. Per run (steps, saved values) the limits are the same for both. */
  record Budget(int maxRuns, long maxTotalSteps, long maxNodes) {}

  static final long MAX_STEPS = 2_000_000, MAX_SAVED_VALUES = 10_000_000;
  /**
   * Runs are public: a few seconds of one core a request, 1,000,000,000 expression nodes (2–4.5 ns each, measured on
   * the bundled models and on long sums); the bundled models' largest Monte Carlo (5,000 runs) needs under 450,000,000.
   */
  static final Budget API = new Budget(5000, 200_000_000, 1_000_000_000L);
  /** A command runs on its user's machine: 10 × the API's work (a minute or two, shown as progress), still refused up front. */
  static final Budget CLI = new Budget(100_000, 2_000_000_000L, 10_000_000_000L);
  static final int MAX_THREADS = 256;

  /** A parameter value: finite, and within the declared range when {@code bundledId} names a bundled model. */
  static void value(String bundledId, String name, double value, String field) {
    if (!Double.isFinite(value)) throw ApiException.badRequest(field, "'" + name + "' must be a finite number, got " + fmt(value));
    if (bundledId == null || !ScenarioStore.BUNDLED.containsKey(bundledId)) return;
    JsonNode l = ModelLabels.variable(bundledId, name);
    if (!l.has("min") || !l.has("max")) return;
    double lo = l.get("min").asDouble(), hi = l.get("max").asDouble();
    if (!(value >= lo && value <= hi)) throw ApiException.badRequest(field, "'" + name + "' must be between " + fmt(lo) + " and " + fmt(hi) + ", got " + fmt(value));
  }

  /**
   * A bundled parameter perturbed by ±{@code delta} around its base value, as {low, high, declared min, declared max} when
   * that leaves its declared range, else null: a --set value must stay inside it, and "NQPF ceiling" (1 to 100, base 10)
   * had been sampled down to 0 at --delta 1 (outside QA).
   */
  static double[] outOfRange(String bundledId, String name, double base, double delta) {
    if (bundledId == null || !ScenarioStore.BUNDLED.containsKey(bundledId)) return null;
    JsonNode l = ModelLabels.variable(bundledId, name);
    if (!l.has("min") || !l.has("max")) return null;
    double lo = l.get("min").asDouble(), hi = l.get("max").asDouble(), down = Experiments.perturb(base, -delta), up = Experiments.perturb(base, delta);
    double a = Math.min(down, up), b = Math.max(down, up);
    return a >= lo && b <= hi ? null : new double[] {a, b, lo, hi};
  }

  /**
   * The parameters whose perturbed range stays inside a bundled model's declared one (base values from {@code base}); each
   * left out is said in {@code warnings}. None left: a refusal on {@code field} naming the first.
   */
  static List<String> inRange(String bundledId, List<String> params, java.util.Map<String, Double> base, double delta, String field,
      List<String> warnings) {
    List<String> kept = new java.util.ArrayList<>(), out = new java.util.ArrayList<>();
    List<double[]> why = new java.util.ArrayList<>();
    for (String p : params) {
      double[] r = outOfRange(bundledId, p, base.get(p), delta);
      if (r == null) kept.add(p);
      else {
        out.add(p);
        why.add(r);
      }
    }
    if (kept.isEmpty() && !out.isEmpty()) {
      double[] r = why.get(0);
      throw ApiException.badRequest(field, "'" + out.get(0) + "' perturbed by ±" + fmt(delta * 100) + "% runs from " + fmt(r[0]) + " to " + fmt(r[1])
          + ", outside its declared range " + fmt(r[2]) + " to " + fmt(r[3]) + "; give a smaller delta");
    }
    for (int i = 0; i < out.size(); i++) {
      double[] r = why.get(i);
      warnings.add("left out '" + out.get(i) + "' perturbed by ±" + fmt(delta * 100) + "% runs from " + fmt(r[0]) + " to " + fmt(r[1])
          + ", outside its declared range " + fmt(r[2]) + " to " + fmt(r[3]));
    }
    return kept;
  }

  /** A whole number in [min, max]. */
  static long whole(String field, long n, long min, long max) {
    if (n < min || n > max) throw ApiException.badRequest(field, "must be a whole number from " + min + " to " + max + ", got " + n);
    return n;
  }

  /**
   * A whole-number option as typed: the commands take these as text so that "1e3" or "2.5" is refused here, naming the
   * option and its range, rather than by picocli's "'1e3' is not a long" and its usage page.
   */
  static long whole(String field, String given, long min, long max) {
    Long n = parseWhole(given);
    if (n == null) throw ApiException.badRequest(field, "must be a whole number from " + min + " to " + max + ", got " + given);
    return whole(field, n, min, max);
  }

  /** A seed: any whole number. */
  static long seed(String field, String given) {
    Long n = parseWhole(given);
    if (n == null) throw ApiException.badRequest(field, "must be a whole number, got " + given);
    return n;
  }

  private static Long parseWhole(String given) {
    try {
      return Long.parseLong(given.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A number option as typed (--delta, --stop): text that is no number is refused by name, as a whole number is. */
  static double number(String field, String given) {
    try {
      return Double.parseDouble(given.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, "must be a number, got " + given);
    }
  }

  /** δ is relative (each parameter varies by ±δ of its value): a sign flip, zero or NaN ranks nothing. */
  static double delta(String field, double delta, Object given) {
    if (!(delta > 0 && delta <= 1)) throw ApiException.badRequest(field, "must be above 0 and at most 1 (a share of each value), got " + given);
    return delta;
  }

  /** A stop time: finite and not before the start. */
  static double stop(CompiledModel cm, double stop, String field) {
    if (!Double.isFinite(stop) || stop < cm.start)
      throw ApiException.badRequest(field, "must be a finite time from the start time " + fmt(cm.start) + ", got " + fmt(stop));
    return stop;
  }

  /** Variables to chart or report, trimmed, each once (by canonical name): a chart drew "NQPF,NQPF" as two series with one key and failed. */
  static List<String> variables(List<String> names) {
    java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
    for (String n : names) seen.putIfAbsent(Names.canon(n), n.trim());
    return List.copyOf(seen.values());
  }

  /** Parameters to rank: each a variable of the model (an unknown one is refused on {@code field}), each once. */
  static List<String> parameters(CompiledModel cm, List<String> params, String field) {
    List<String> ps = variables(params);
    if (ps.isEmpty()) throw ApiException.badRequest(field, "name at least one parameter");
    for (String p : ps) {
      try {
        cm.slotsOf(p);
      } catch (ApiException unknown) {
        throw ApiException.unprocessable(field, unknown.getMessage());
      }
    }
    return ps;
  }

  /**
   * Refuses runs that would take too long or too much memory, before starting them; {@code stop} and {@code rk4} may be
   * null (the model's). {@code stepsField} and {@code runsField} name what the caller can change.
   */
  static void size(CompiledModel cm, Double stop, Boolean rk4, long runs, Budget budget, String stepsField, String runsField) {
    // 1e12 steps is not 2147483647; the count is floored as steps() floors it: exactSteps adds 1e-9 against rounding,
    // and compared unfloored, exactly 2,000,000 steps was refused as "more than 2000000"
    double exact = Math.floor(cm.exactSteps(stop));
    if (exact > MAX_STEPS) throw ApiException.unprocessable(stepsField, "run has " + fmt(exact) + " steps, more than " + MAX_STEPS);
    long steps = cm.steps(stop);
    long saved = (steps / Math.max(1, Math.round(cm.saveStep / cm.dt)) + 1) * cm.outputNames().length;
    if (saved > MAX_SAVED_VALUES) throw ApiException.unprocessable(stepsField, "run would save " + saved + " values, more than " + MAX_SAVED_VALUES + "; use a larger savestep");
    if (times(runs, steps) > budget.maxTotalSteps())
      throw ApiException.unprocessable(runsField, runs + " runs of " + steps + " steps exceed the limit of " + budget.maxTotalSteps() + " steps per request");
    // steps alone let a model of 15,000 equations run for 20 minutes of CPU, and counting equations let 100 long ones run for 80
    long perStep = cm.nodesPerStep(rk4);
    if (times(times(runs, steps), perStep) > budget.maxNodes())
      throw ApiException.unprocessable(runsField, runs + " runs of " + steps + " steps × " + perStep + " expression nodes exceed the limit of " + budget.maxNodes() + " nodes per request");
  }

  private static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static String fmt(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
  }
}
