/**
 * The `/v3/auth/...` routes: issue (`POST`), validate (`GET`, `HEAD`) and revoke (`DELETE`)
 * tokens, and what a token may be scoped to and its catalog.
 *
 * @module
 */

import { empty, json } from "../../http/respond.ts";
import { caller, mayInspect } from "./access.ts";
import { authenticate } from "./authenticate.ts";
import { renderCatalog } from "./catalog.ts";
import { collection, flagSet, projectEntity } from "./entities.ts";
import { forbidden } from "./errors.ts";
import { renderToken } from "./render_token.ts";
import { jsonBody, type RequestContext } from "./request_context.ts";
import type { MethodTable } from "./router.ts";
import { issueToken, revokeToken, validateToken, type ValidToken } from "./tokens.ts";

/** The token named by `X-Subject-Token`, which the caller must be allowed to see. */
async function subjectToken(ctx: RequestContext): Promise<ValidToken> {
  const who = await caller(ctx.options, ctx.request);
  const subject = await validateToken(ctx.options, ctx.request.headers.get("x-subject-token"), {
    allowExpired: flagSet(ctx.query, "allow_expired"),
  });
  if (!mayInspect(who, subject)) throw forbidden();
  return subject;
}

/** The token body response with its `X-Subject-Token`. */
function tokenResponse(ctx: RequestContext, token: ValidToken, status: number): Response {
  const body = renderToken(ctx.options, token, ctx.bases, !ctx.query.has("nocatalog"));
  return json(body, status, { "x-subject-token": token.id });
}

/** `/v3/auth/tokens`. */
const tokens: MethodTable<RequestContext> = {
  async POST(ctx) {
    const grant = await authenticate(ctx.options, await jsonBody(ctx.request));
    return tokenResponse(ctx, await issueToken(ctx.options, grant), 201);
  },
  async GET(ctx) {
    return tokenResponse(ctx, await subjectToken(ctx), 200);
  },
  async HEAD(ctx) {
    const token = await subjectToken(ctx);
    return empty(200, { "x-subject-token": token.id });
  },
  async DELETE(ctx) {
    await revokeToken(ctx.options, await subjectToken(ctx));
    return empty(204);
  },
};

/** `/v3/auth/catalog`: only a project-scoped token has one. */
const catalog: MethodTable<RequestContext> = {
  async GET(ctx) {
    const who = await caller(ctx.options, ctx.request);
    if (!who.project) {
      throw forbidden("A project-scoped token is required to produce a service catalog.");
    }
    return json({
      catalog: renderCatalog(ctx.options.catalog, ctx.bases, ctx.options.region),
      links: { self: `${ctx.v3}/auth/catalog` },
    });
  },
};

/** `/v3/auth/projects`: the projects the token's user holds roles on. */
const projects: MethodTable<RequestContext> = {
  async GET(ctx) {
    const who = await caller(ctx.options, ctx.request);
    const found = ctx.options.directory.projectsOf(who.user.id);
    return json(collection("projects", found.map((p) => projectEntity(p, ctx.v3)), ctx.selfUrl));
  },
};

/** `/v3/auth/domains`: none, since configured roles are on projects only. */
const domains: MethodTable<RequestContext> = {
  async GET(ctx) {
    await caller(ctx.options, ctx.request);
    return json(collection("domains", [], ctx.selfUrl));
  },
};

/** `/v3/auth/system`: none either. */
const system: MethodTable<RequestContext> = {
  async GET(ctx) {
    await caller(ctx.options, ctx.request);
    return json({ system: [], links: { self: `${ctx.v3}/auth/system` } });
  },
};

/** The auth routes by pattern. */
export const AUTH_ROUTES: Record<string, MethodTable<RequestContext>> = {
  "/v3/auth/tokens": tokens,
  "/v3/auth/catalog": catalog,
  "/v3/auth/projects": projects,
  "/v3/auth/domains": domains,
  "/v3/auth/system": system,
};
