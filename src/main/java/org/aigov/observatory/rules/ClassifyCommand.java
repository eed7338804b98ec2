package org.aigov.observatory.rules;

import org.aigov.observatory.kernel.Json;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code observatory classify <profile.json> [--on YYYY-MM-DD]}: prints the classification as JSON. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = {"Classify an AI system profile under the EU AI Act and map its duties in CN, US and ISO/IEC 42001.",
        "对人工智能系统画像按欧盟《人工智能法案》分级，并映射其在中国、美国及ISO/IEC 42001下的义务。"})
public class ClassifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<profile.json>", description = "profile file (JSON); '-' reads standard input")
  Path profile;

  @Option(names = "--on", paramLabel = "YYYY-MM-DD", description = "date the answer is for (default: today, UTC)")
  String on;

  @Option(names = "--strict", description = "exit with status 3 when the profile contains contradictions")
  boolean strict;

  @Override
  public Integer call() {
    java.time.LocalDate date;
    try {
      date = RulesApi.parseOn(on);
    } catch (ApiException e) {
      System.err.println("error: --" + e.getMessage());
      return 2;
    }
    try {
      String text = RulesApi.readProfile(profile, null); // the error line names the file already
      RulesApi api = new RulesApi(RuleBase.standard());
      Classification c = api.classify(text, date);
      System.out.println(Json.pretty(c));
      return strict && !c.contradictions.isEmpty() ? 3 : 0;
    } catch (ApiException e) {
      System.err.println("error: " + profile + ": " + e.cliMessage());
      return 2;
    } catch (NoSuchFileException e) {
      System.err.println("error: no such file: " + profile);
      return 2;
    } catch (java.io.IOException e) {
      System.err.println("error: cannot read " + profile + ": " + e.getMessage());
      return 2;
    } catch (RuleLoadException e) {
      System.err.println("error: rule file refused: " + e.getMessage());
      return 1;
    }
  }
}
