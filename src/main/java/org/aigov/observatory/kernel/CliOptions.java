package org.aigov.observatory.kernel;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What a command's user typed, for commands that refuse an option their action does not read rather than ignore it. */
public final class CliOptions {
  private CliOptions() {}

  /** The options of {@code names} given on the command line, in the order of {@code names}. */
  public static List<String> given(CommandSpec spec, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String o : names) if (spec.commandLine().getParseResult().hasMatchedOption(o)) out.add(o);
    return out;
  }
}
