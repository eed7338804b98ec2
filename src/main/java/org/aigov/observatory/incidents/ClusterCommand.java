package org.aigov.observatory.incidents;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** "cluster": rebuild incidents from all source records, keeping editors' merges and splits. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Merge source records into incidents (editors' decisions are kept)")
public final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--data", description = "data directory (default: $OBSERVATORY_HOME/data or ./data)")
  Path data;

  @Option(names = "--jdbc-url", description = "use this database instead of the embedded store")
  String jdbcUrl;

  @Option(names = "--threshold", description = "event-match score threshold (default ${DEFAULT-VALUE})")
  double threshold = new Clusterer.Options().threshold;

  @Option(names = "--window-days", description = "date window for event matching (default ${DEFAULT-VALUE})")
  int window = new Clusterer.Options().dateWindowDays;

  @Override
  public Integer call() {
    try (Db db = CliSupport.open(data, jdbcUrl)) {
      Clusterer.Options o = new Clusterer.Options();
      o.threshold = threshold;
      o.dateWindowDays = window;
      System.out.println(new Clusterer(o, new Progress("cluster", 0, System.err)).run(db));
      return 0;
    }
  }
}
