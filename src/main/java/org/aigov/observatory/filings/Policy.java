package org.aigov.observatory.filings;

import java.util.List;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Principal;

/**
 * Who may see and do what. Seeing: the public and everyone else see published filings; a reporter
 * sees every filing of their own party; analysts also see filings shared with analysts; reviewers
 * see everything that has been submitted at least once; admins see all. Anything not visible
 * answers 404, never 403, so filing ids of other parties do not leak.
 */
public final class Policy {
  private Policy() {}

  public static boolean canSee(Principal p, Filings.Filing f) {
    return "published".equals(f.state()) || canSeeWorkflow(p, f);
  }

  /**
   * The filing's workflow: earlier drafts, who acted and the reviewers' comments. Publication shows the published
   * version to everyone, not what the reviewers asked to have removed from it.
   */
  public static boolean canSeeWorkflow(Principal p, Filings.Filing f) {
    return switch (p.role()) {
      case "admin" -> true;
      case "reviewer" -> !"draft".equals(f.state());
      case "reporter" -> p.party() != null && p.party().equals(f.party());
      case "analyst" -> f.sharedWithAnalysts();
      default -> false;
    };
  }

  /** Who acted and the reviewers' comments: the workflow's, without analysts, to whom a reporter shared the text, not the review. */
  public static boolean canSeeReview(Principal p, Filings.Filing f) {
    return !"analyst".equals(p.role()) && canSeeWorkflow(p, f);
  }

  static void listFilter(Principal p, StringBuilder sql, List<Object> args) {
    switch (p.role()) {
      case "admin" -> { }
      case "reviewer" -> sql.append(" AND state<>'draft'");
      case "reporter" -> {
        sql.append(" AND (party=? OR state='published')");
        args.add(p.party());
      }
      case "analyst" -> sql.append(" AND (state='published' OR shared_with_analysts=TRUE)");
      default -> sql.append(" AND state='published'");
    }
  }

  static void requireSignedIn(Principal p) {
    if (p == null || Principal.PUBLIC.equals(p) || "public".equals(p.role())) throw ApiException.unauthorized("sign in or send Authorization: Bearer <token>");
  }

  /**
   * The operator's token (first start, `admin-token`) is no one's account: with it beside an admin account one person
   * could file and publish alone, so it neither files nor reviews.
   */
  static void requireAccount(Principal p) {
    if (p.id().startsWith("token:"))
      throw ApiException.forbidden("an operator token neither files nor reviews: use an account's token, so that four eyes can be checked");
  }

  static void requireCreate(Principal p, String party) {
    requireSignedIn(p);
    requireAccount(p);
    if (p.isAdmin()) return;
    if (!"reporter".equals(p.role())) throw ApiException.forbidden("only reporters (and admins) create filings");
    if (!party.equals(p.party())) throw ApiException.forbidden("a reporter files only for their own party");
  }

  static void requireOwnWrite(Principal p, Filings.Filing f) {
    requireSignedIn(p);
    if (p.isAdmin()) return;
    if (!"reporter".equals(p.role()) || !f.party().equals(p.party())) throw ApiException.forbidden("only the filing party's reporters may change it");
  }

  static void requireReview(Principal p) {
    requireSignedIn(p);
    requireAccount(p);
    if (!p.isAdmin() && !"reviewer".equals(p.role())) throw ApiException.forbidden("only reviewers and admins review filings");
  }

  static void requireAdmin(Principal p) {
    requireSignedIn(p);
    if (!p.isAdmin()) throw ApiException.forbidden("admins only");
  }
}
