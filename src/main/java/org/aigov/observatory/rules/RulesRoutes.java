package org.aigov.observatory.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.HttpModule;
import org.aigov.observatory.kernel.Json;

/**
 * /api/rules/*: classification, rule sets, crosswalk and questionnaire. All reads and the
 * classification are public: nothing is stored.
 */
public class RulesRoutes implements HttpModule {
  private final RulesApi api;

  public RulesRoutes() {
    this(RuleBase.standard());
  }

  public RulesRoutes(RuleBase rb) {
    this.api = new RulesApi(rb);
  }

  @Override
  public void routes(Javalin app) {
    app.post("/api/rules/classify", ctx -> {
      String body = ctx.body();
      if (body == null || body.isBlank()) throw ApiException.badRequest("body", "a profile JSON object is required");
      json(ctx, api.classify(body, RulesApi.parseOn(ctx.queryParam("on"))));
    });
    app.get("/api/rules/sets", ctx -> json(ctx, api.sets()));
    app.get("/api/rules/questionnaire", ctx -> json(ctx, api.questionnaire()));
    app.post("/api/rules/questionnaire", ctx -> {
      String body = ctx.body();
      JsonNode profile = body == null || body.isBlank() ? Json.object() : Json.read(body);
      json(ctx, api.nextQuestions(profile, RulesApi.parseOn(ctx.queryParam("on"))));
    });
    app.get("/api/rules/profile-schema", ctx -> json(ctx, api.profileJsonSchema()));
    app.get("/api/rules/crosswalk", ctx -> {
      String from = ctx.queryParam("from"), to = ctx.queryParam("to");
      if ((from == null) != (to == null)) throw ApiException.badRequest(from == null ? "from" : "to", "give both from and to, or neither");
      if (from != null) {
        from = api.jurisdiction(from, "from");
        to = api.jurisdiction(to, "to");
        if (from.equals(to)) throw ApiException.badRequest("to", "choose a regime other than 'from' (" + from + ")");
      }
      String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
      switch (format) {
        case "csv" -> {
          org.aigov.observatory.kernel.Http.csv(ctx, "crosswalk.csv", api.crosswalkCsv(from, to));
        }
        case "json" -> json(ctx, api.crosswalk(from, to));
        default -> throw ApiException.badRequest("format", "must be json or csv");
      }
    });
    app.post("/api/rules/crosswalk", ctx -> {
      String from = api.jurisdiction(ctx.queryParam("from"), "from"), to = api.jurisdiction(ctx.queryParam("to"), "to");
      if (from.equals(to)) throw ApiException.badRequest("to", "choose a regime other than 'from' (" + from + ")");
      String body = ctx.body();
      if (body == null || body.isBlank()) throw ApiException.badRequest("body", "a profile JSON object is required");
      json(ctx, api.myDuties(body, RulesApi.parseOn(ctx.queryParam("on")), from, to));
    });
    app.get("/api/rules/export.csv", ctx -> {
      org.aigov.observatory.kernel.Http.csv(ctx, "rules.csv", api.rulesCsv());
    });
  }

  private static void json(Context ctx, Object o) {
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(Json.write(o));
  }
}
