package org.aigov.observatory.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code observatory bench rules}: classifications per second for a complete EU profile, with the
 * rule base compiled once. Reports the engine alone, parse+classify, and parse+classify+JSON output.
 */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Benchmark the EU AI Act classifier.")
public class RulesBench implements Callable<Integer> {
  @Option(names = "--iterations", description = "measured classifications per stage (default ${DEFAULT-VALUE})")
  int iterations = 1_000_000;

  @Option(names = "--warmup", description = "warm-up classifications per stage (default ${DEFAULT-VALUE})")
  int warmup = 200_000;

  @Option(names = "--threads", description = "threads for the engine-only stage (default ${DEFAULT-VALUE})")
  int threads = 1;

  /** A complete EU profile: every question the EU rules can ask is answered (an Annex III provider case). */
  public static final String PROFILE = """
      {"name":"CV screener","intended_purpose":"rank and filter job applications","domain":"employment",
       "user_groups":["employees"],"jurisdictions":["EU"],"role":["provider","deployer"],
       "provider_established_outside_eu":false,"exclusive_purpose":"none","open_source_licence":false,"open_weights":false,
       "manipulative_techniques":false,"exploits_vulnerabilities":false,"social_scoring":false,"crime_prediction_profiling":false,
       "supports_human_assessment_on_facts":false,"untargeted_facial_scraping":false,"emotion_recognition":false,
       "use_settings":["workplace"],"medical_or_safety_purpose":false,"biometric_categorisation":false,
       "biometric_categorisation_sensitive":false,"lawful_dataset_labelling_only":false,"remote_biometric_identification":"none",
       "biometric_verification_only":false,"law_enforcement_purpose":false,"rbi_exception_objective":"none",
       "safety_component":false,"annex_i_legislation":"none","third_party_conformity_assessment":false,
       "annex_iii":["4(a)"],"art6_3_conditions":[],"profiling":true,"public_authority_use":false,
       "rebrands_or_substantially_modifies":false,"placed_on_market":"2026-09-01","significant_design_change":false,
       "interacts_with_people":true,"ai_interaction_obvious":false,"generates_content":["text"],"assistive_editing_only":false,
       "deep_fake":false,"artistic_or_satirical_work":false,"public_interest_text":false,"human_editorial_control":false,
       "authorised_by_law_for_crime":false,"gpai_model":false,"training_compute_flop":0,"commission_designated_systemic":false}
      """;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    RuleBase rb = RuleBase.load(RuleBase::classpath);
    double loadMs = (System.nanoTime() - t0) / 1e6;
    Classifier c = rb.classifier();
    RulesApi api = new RulesApi(rb);
    JsonNode node = Json.read(PROFILE);
    Profile p = rb.schema.parse(node);
    long day = LocalDate.of(2026, 9, 1).toEpochDay();
    Classification sample = c.classify(p, day);
    if (!"high".equals(sample.get("EU").tier) || !sample.complete)
      throw new IllegalStateException("benchmark profile must be a complete high-risk EU profile");
    System.out.printf("rule base: %d rule sets, %d obligations, %d links; loaded and compiled in %.1f ms%n",
        rb.ruleSets().size(), rb.obligations().size(), rb.links().size(), loadMs);
    System.out.printf("profile: complete EU profile, tier=%s, %d obligations, %d trace steps, JSON %d bytes%n",
        sample.get("EU").tier, sample.get("EU").obligations.size(), sample.get("EU").trace.size(), Json.write(sample).length());

    long sink = 0;
    // 1. engine only, on a parsed profile
    for (int i = 0; i < warmup; i++) sink += c.classify(p, day).byCode.size();
    if (threads <= 1) {
      t0 = System.nanoTime();
      long c0 = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < iterations; i++) sink += c.classify(p, day).byCode.size();
      report("classify (parsed profile), 1 thread", iterations, System.nanoTime() - t0, CPU.getCurrentThreadCpuTime() - c0);
    } else {
      Thread[] ts = new Thread[threads];
      long[] sinks = new long[threads];
      t0 = System.nanoTime();
      for (int k = 0; k < threads; k++) {
        final int kk = k;
        ts[k] = new Thread(() -> {
          for (int i = 0; i < iterations; i++) sinks[kk] += c.classify(p, day).byCode.size();
        });
        ts[k].start();
      }
      for (Thread t : ts) t.join();
      report("classify (parsed profile), " + threads + " threads", (long) iterations * threads, System.nanoTime() - t0, -1);
      for (long s : sinks) sink += s;
    }
    // 2. parse JSON tree -> validate -> classify
    int n2 = Math.max(1, iterations / 4);
    for (int i = 0; i < warmup / 4; i++) sink += api.classify(PROFILE, LocalDate.ofEpochDay(day)).byCode.size();
    t0 = System.nanoTime();
    long c1 = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < n2; i++) sink += api.classify(PROFILE, LocalDate.ofEpochDay(day)).byCode.size();
    report("parse JSON text + validate + classify, 1 thread", n2, System.nanoTime() - t0, CPU.getCurrentThreadCpuTime() - c1);
    // 3. ... + serialise the result
    for (int i = 0; i < warmup / 4; i++) sink += Json.write(api.classify(PROFILE, LocalDate.ofEpochDay(day))).length();
    t0 = System.nanoTime();
    long c2 = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < n2; i++) sink += Json.write(api.classify(PROFILE, LocalDate.ofEpochDay(day))).length();
    report("parse + classify + write JSON result, 1 thread", n2, System.nanoTime() - t0, CPU.getCurrentThreadCpuTime() - c2);
    System.out.println("(checksum " + sink + ")");
    return 0;
  }

  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  /** Wall-clock rate, and the rate per second of CPU time actually given to the thread (the machine is shared). */
  private static void report(String what, long n, long nanos, long cpuNanos) {
    double s = nanos / 1e9;
    System.out.printf("%-48s %,10d in %6.2f s wall = %,9.0f/s (%.2f µs each)", what, n, s, n / s, nanos / 1e3 / n);
    if (cpuNanos > 0) System.out.printf("; %.2f s CPU = %,9.0f/s per CPU-second", cpuNanos / 1e9, n / (cpuNanos / 1e9));
    System.out.println();
  }
}
