package org.aigov.observatory.log;

import java.nio.file.Path;
import org.aigov.observatory.kernel.Db;

/**
 * Child process for {@link LogCrashTest}: writes registry versions and their log entries, one
 * transaction each, as fast as it can, with the head signer running, until it is killed.
 */
public final class LogCrashChild {
  public static void main(String[] args) throws Exception {
    Db db = TestStores.h2File(Path.of(args[0]));
    TransparencyLog log = new TransparencyLog(db, new TransparencyLog.Options(50, 1));
    log.start();
    for (long i = 0; ; i++) {
      var ch = TestStores.change("crash-" + (i / 4), i % 4 + 1, i % 4 == 0 ? "create" : "update");
      db.tx(c -> {
        TestStores.publish(c, log, ch);
        return null;
      });
      if (i == 20) {
        System.out.println("writing");
        System.out.flush();
      }
    }
  }
}
