package org.aigov.observatory.incidents;

import org.aigov.observatory.kernel.DataOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Db;
import org.aigov.observatory.kernel.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** "cluster": rebuild incidents from all source records, keeping editors' merges and splits. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Merge source records into incidents (editors' decisions are kept)")
public final class ClusterCommand implements Callable<Integer> {
  @Mixin DataOptions store;

  @Option(names = "--threshold", description = "event-match score threshold (default ${DEFAULT-VALUE})")
  double threshold = new Clusterer.Options().threshold;

  @Option(names = "--window-days", description = "date window for event matching (default ${DEFAULT-VALUE})")
  int window = new Clusterer.Options().dateWindowDays;

  @Option(names = "--embedding-weight", description = "weight of the sentence-embedding term for AIID–AIAAIC pairs (default ${DEFAULT-VALUE}; 0 = words only)")
  double embeddingWeight = new Clusterer.Options().embeddingWeight;

  @Option(names = "--embedding-neighbours", description = "also score each AIID/AIAAIC record's k nearest records of the other monitor by sentence embedding (default ${DEFAULT-VALUE}; 0 = blocking only)")
  int embeddingNeighbours = new Clusterer.Options().embeddingNeighbours;

  /** The score settings `cluster` and `eval` share, checked alike. */
  static void checkScoring(picocli.CommandLine cl, double threshold, double embeddingWeight) {
    if (!(threshold > 0 && threshold <= 3)) throw new picocli.CommandLine.ParameterException(cl, "--threshold: expected more than 0 and at most 3, got " + threshold);
    if (!(embeddingWeight >= 0 && embeddingWeight <= 5)) throw new picocli.CommandLine.ParameterException(cl, "--embedding-weight: expected 0 to 5, got " + embeddingWeight);
  }

  @Override
  public Integer call() {
    // each had rewritten every stored incident (--threshold -1: 2,722 → 2,151 incidents), exit 0
    picocli.CommandLine cl = new picocli.CommandLine(this);
    checkScoring(cl, threshold, embeddingWeight);
    if (window < 0 || window > 3650) throw new picocli.CommandLine.ParameterException(cl, "--window-days: expected 0 to 3650 days, got " + window);
    if (embeddingNeighbours < 0 || embeddingNeighbours > 100) throw new picocli.CommandLine.ParameterException(cl, "--embedding-neighbours: expected 0 to 100, got " + embeddingNeighbours);
    store.requireStore(); // a mistyped --data had made a new, empty store and clustered it
    try (Db db = store.openDb()) {
      System.out.println(new Clusterer(options(), new Progress("cluster", 0, System.err)).run(db));
      return 0;
    }
  }

  Clusterer.Options options() {
    Clusterer.Options o = new Clusterer.Options();
    o.threshold = threshold;
    o.dateWindowDays = window;
    o.embeddingWeight = embeddingWeight;
    o.embeddingNeighbours = embeddingNeighbours;
    return o;
  }
}
