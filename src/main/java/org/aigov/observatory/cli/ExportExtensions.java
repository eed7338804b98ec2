package org.aigov.observatory.cli;

import java.io.Writer;
import org.aigov.observatory.web.Observatory;

/** Exports owned by other modules, wired here so the export command stays one entry point. */
final class ExportExtensions {
  private ExportExtensions() {}

  static int incidents(Observatory obs, Writer w) throws Exception {
    org.aigov.observatory.incidents.IncidentExport.writeCsv(obs.db, w);
    return 0;
  }
}
