package org.aigov.observatory.cli;

import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.Tokens;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The first start prints an admin token once; when it leaks, this is how it stops working (it never expires). */
@Command(name = "admin-token", mixinStandardHelpOptions = true,
    description = "Revoke every admin API token (the one printed at first start included) and print a new one, once.")
public final class AdminTokenCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Observatory obs = store.open()) {
      Tokens.Rotated r = new Tokens(obs.db).rotateAdmin();
      obs.db.tx(c -> {
        org.aigov.observatory.filings.Accounts.audit(c, "token_revoked", "cli", "every admin token (" + r.revoked() + ")", null, "admin-token: rotated");
        return null;
      });
      System.err.println("revoked " + r.revoked() + " admin token" + (r.revoked() == 1 ? "" : "s")
          + " (the first start's and every admin account's own; those admins make new ones)");
      System.out.println("Admin API token (shown once, stored only as a hash):");
      System.out.println("  " + r.token());
      return 0;
    }
  }
}
