package org.aigov.observatory.filings;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aigov.observatory.kernel.DataOptions;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Json;
import org.aigov.observatory.kernel.Principal;
import org.aigov.observatory.kernel.Sql;
import org.aigov.observatory.kernel.Text;
import org.aigov.observatory.web.Observatory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code observatory filings list|show|submit|review|party-add|account-add}. The CLI runs on the
 * store directly, so it acts as a named account (--as) with that account's role and party; whoever
 * can run it can already read the store, but the workflow rules still apply to what it does.
 */
@Command(name = "filings", mixinStandardHelpOptions = true, description = "Reviewed filings: list, show, submit, review.",
    subcommands = {FilingsCommand.ListCmd.class, FilingsCommand.ShowCmd.class, FilingsCommand.SubmitCmd.class, FilingsCommand.ReviewCmd.class,
        FilingsCommand.PartyAdd.class, FilingsCommand.AccountAdd.class})
public final class FilingsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println("Usage: observatory filings list|show|submit|review|party-add|account-add (see --help)");
    return 0;
  }

  static Principal as(Observatory obs, String email) {
    if (email == null) return new Principal("cli", "admin", null);
    Map<String, Object> a = obs.db.read(c -> Sql.one(c, "SELECT id, role, party, disabled FROM filing_accounts WHERE email=?", Accounts.normEmail(email)));
    if (a == null) throw ApiException.badRequest("--as", "no account " + email);
    // a disabled account cannot sign in, so it cannot act here either (it had filed through the command line)
    if (Boolean.TRUE.equals(a.get("disabled"))) throw ApiException.badRequest("--as", "account " + email + " is disabled");
    return new Principal("acct:" + a.get("id"), (String) a.get("role"), (String) a.get("party"));
  }

  static int fail(ApiException e) {
    // a form's summary names its first field for API callers; here the list below names every one, the first once
    System.err.println("error: " + (e instanceof FormErrors fe ? fe.errors.size() + " field(s) need attention:" : e.getMessage()));
    if (e instanceof FormErrors fe) for (FormErrors.FieldError x : fe.errors) System.err.println("  " + x.field() + ": " + x.message());
    return e.status == 404 ? 3 : 2;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Filings the account may see, newest first.")
  static final class ListCmd implements Callable<Integer> {
    @Mixin DataOptions store;
    @Option(names = "--as", description = "Account e-mail to act as (default: operator, sees everything).") String as;
    @Option(names = "--state") String state;
    @Option(names = "--type") String type;
    @Option(names = "--party") String party;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    public Integer call() {
      try (Observatory obs = Observatory.open(store.requireStore())) {
        Filings f = new Filings(obs.db, obs.registry);
        for (Map<String, Object> r : f.list(as(obs, as), new Filings.Query(state, type, party, Math.max(1, Math.min(limit, 1000)), null)))
          System.out.printf("%s  %-12s %-13s %-16s %s%n", r.get("id"), r.get("state"), r.get("type"), r.get("party"), r.get("title"));
        return 0;
      } catch (ApiException e) {
        return fail(e);
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One filing with its history, as JSON.")
  static final class ShowCmd implements Callable<Integer> {
    @Mixin DataOptions store;
    @Option(names = "--as") String as;
    @Parameters(index = "0", paramLabel = "<id>") String id;

    @Override
    public Integer call() {
      try (Observatory obs = Observatory.open(store.requireStore())) {
        Filings f = new Filings(obs.db, obs.registry);
        Principal p = as(obs, as);
        Map<String, Object> v = f.get(p, id).view(p); // what the API shows this account: created_by only to who may see the review (not analysts)
        v.put("history", f.transitions(p, id));
        System.out.println(Json.pretty(v));
        return 0;
      } catch (ApiException e) {
        return fail(e);
      }
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, description = "Create a filing from a JSON form and submit it.")
  static final class SubmitCmd implements Callable<Integer> {
    @Mixin DataOptions store;
    @Option(names = "--as", required = true, description = "Reporter (or admin) account e-mail.") String as;
    @Option(names = "--type", required = true, description = "rules_report, disclosure or incident.") String type;
    @Option(names = "--party", description = "Party (default: the reporter's).") String party;
    @Option(names = "--draft", description = "Keep as draft, do not submit.") boolean draft;
    @Parameters(index = "0", paramLabel = "<form.json>") Path file;

    @Override
    public Integer call() throws Exception {
      JsonNode doc;
      try {
        doc = Json.MAPPER.readTree(Files.readString(file));
      } catch (Exception e) {
        System.err.println("error: " + file + ": not valid JSON: " + e.getMessage());
        return 2;
      }
      try (Observatory obs = Observatory.open(store)) {
        Filings f = new Filings(obs.db, obs.registry);
        Principal p = as(obs, as);
        Filings.Filing made = obs.db.tx(c -> {
          Filings.Filing x = f.create(c, p, new Filings.NewFiling(type, party, doc));
          return draft ? x : f.act(c, p, x.id(), "submit", null);
        });
        System.out.println(made.id() + " " + made.state());
        return 0;
      } catch (ApiException e) {
        return fail(e);
      }
    }
  }

  @Command(name = "review", mixinStandardHelpOptions = true, description = "Start review, return with a comment, or publish.")
  static final class ReviewCmd implements Callable<Integer> {
    @Mixin DataOptions store;
    @Option(names = "--as", required = true, description = "Reviewer (or admin) account e-mail.") String as;
    @Option(names = "--action", required = true, description = "start_review, return or publish.") String action;
    @Option(names = "--comment") String comment;
    @Parameters(index = "0", paramLabel = "<id>") String id;

    @Override
    public Integer call() {
      if (!List.of("start_review", "return", "publish").contains(action)) {
        System.err.println("error: --action: one of start_review, return, publish");
        return 2;
      }
      try (Observatory obs = Observatory.open(store)) {
        Filings f = new Filings(obs.db, obs.registry);
        Principal p = as(obs, as);
        Filings.Filing x = obs.db.tx(c -> f.act(c, p, id, action, comment));
        if ("published".equals(x.state())) obs.registry.refreshSearch();
        System.out.println(x.id() + " " + x.state() + (x.registryIds().isEmpty() ? "" : " -> " + String.join(",", x.registryIds())));
        return 0;
      } catch (ApiException e) {
        return fail(e);
      }
    }
  }

  @Command(name = "party-add", mixinStandardHelpOptions = true, description = "Add a reporting party.")
  static final class PartyAdd implements Callable<Integer> {
    @Mixin DataOptions store;
    @Option(names = "--id", required = true) String id;
    @Option(names = "--kind", required = true, description = "jurisdiction, organisation, company or secretariat.") String kind;
    @Option(names = "--name-en") String en;
    @Option(names = "--name-zh") String zh;
    @Option(names = "--jurisdiction") String jurisdiction;
    @Option(names = "--registry-actor", description = "Registry actor id used as issuer of published records.") String actor;

    @Override
    public Integer call() {
      try (Observatory obs = Observatory.open(store)) {
        new Accounts(obs.db, Throttle.standard()).createParty(new Accounts.PartyInput(id, kind, Text.of(zh, en), jurisdiction, actor), "cli", obs.registry);
        System.out.println("party " + id + " added");
        return 0;
      } catch (ApiException e) {
        return fail(e);
      }
    }
  }

  @Command(name = "account-add", mixinStandardHelpOptions = true,
      description = "Add an account; the password is read from OBS_PASSWORD or the console.")
  static final class AccountAdd implements Callable<Integer> {
    @Mixin DataOptions store;
    @Option(names = "--email", required = true) String email;
    @Option(names = "--role", required = true, description = "admin, reviewer, reporter or analyst.") String role;
    @Option(names = "--party") String party;
    @Option(names = "--name") String name;

    @Override
    public Integer call() {
      String pw = System.getenv("OBS_PASSWORD");
      Console con = System.console();
      if (pw == null && con != null) pw = new String(con.readPassword("Password for %s: ", email));
      if (pw == null) {
        System.err.println("error: set OBS_PASSWORD or run on a terminal");
        return 2;
      }
      try (Observatory obs = Observatory.open(store)) {
        Map<String, Object> a = new Accounts(obs.db, Throttle.standard()).createAccount(new Accounts.AccountInput(email, name, role, party, pw), "cli");
        System.out.println("account " + a.get("id") + " " + a.get("email") + " (" + role + ")");
        return 0;
      } catch (ApiException e) {
        return fail(e);
      }
    }
  }
}
