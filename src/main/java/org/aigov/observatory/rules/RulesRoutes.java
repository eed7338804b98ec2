package org.aigov.observatory.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.aigov.observatory.kernel.ApiException;
import org.aigov.observatory.kernel.Http;
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
      Http.onlyParams(ctx, "on");
      String body = ctx.body();
      if (body == null || body.isBlank()) throw ApiException.badRequest("body", "a profile JSON object is required");
      json(ctx, api.classify(body, RulesApi.parseOn(ctx.queryParam("on"))));
    });
    app.get("/api/rules/sets", ctx -> {
      Http.onlyParams(ctx);
      json(ctx, api.sets());
    });
    app.get("/api/rules/questionnaire", ctx -> {
      Http.onlyParams(ctx);
      json(ctx, api.questionnaire());
    });
    app.post("/api/rules/questionnaire", ctx -> {
      Http.onlyParams(ctx, "on");
      String body = ctx.body();
      JsonNode profile = body == null || body.isBlank() ? Json.object() : Json.read(body);
      json(ctx, api.nextQuestions(profile, RulesApi.parseOn(ctx.queryParam("on"))));
    });
    app.get("/api/rules/profile-schema", ctx -> {
      Http.onlyParams(ctx);
      json(ctx, api.profileJsonSchema());
    });
    app.get("/api/rules/crosswalk", ctx -> {
      Http.onlyParams(ctx, "from", "to", "format", "bom");
      String from = ctx.queryParam("from"), to = ctx.queryParam("to");
      if ((from == null) != (to == null)) throw ApiException.badRequest(from == null ? "from" : "to", "give both from and to, or neither");
      String[] pair = from == null ? new String[2] : api.pair(from, to, "from", "to");
      switch (RulesApi.format(ctx.queryParamAsClass("format", String.class).getOrDefault("json"), "format")) {
        case "csv" -> Http.csv(ctx, "crosswalk.csv", api.crosswalkCsv(pair[0], pair[1]));
        default -> json(ctx, api.crosswalk(pair[0], pair[1]));
      }
    });
    app.post("/api/rules/crosswalk", ctx -> {
      Http.onlyParams(ctx, "from", "to", "on");
      String[] pair = api.pair(ctx.queryParam("from"), ctx.queryParam("to"), "from", "to");
      String from = pair[0], to = pair[1];
      String body = ctx.body();
      if (body == null || body.isBlank()) throw ApiException.badRequest("body", "a profile JSON object is required");
      json(ctx, api.myDuties(body, RulesApi.parseOn(ctx.queryParam("on")), from, to));
    });
    app.get("/api/rules/export.csv", ctx -> {
      Http.onlyParams(ctx, "bom");
      org.aigov.observatory.kernel.Http.csv(ctx, "rules.csv", api.rulesCsv());
    });
  }

  private static void json(Context ctx, Object o) {
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(Json.write(o));
  }
}
