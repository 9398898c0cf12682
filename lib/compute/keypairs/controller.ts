/**
 * The os-keypairs controller (Nova's `KeypairController`): list, show, create or import, delete.
 *
 * Microversion changes handled here, beside the code they change:
 * - 2.2: `type` in bodies; create answers 201 (was 200) and delete 204 (was 202);
 * - 2.10: an admin may act on another user's keypairs (`user_id` in the body or query);
 * - 2.35: the list pages (`limit`, `marker`, `keypairs_links`);
 * - 2.75: unknown query parameters are refused;
 * - 2.92: no more server-side generation (`public_key` required), `@` and `.` allowed in names.
 *
 * @module
 */
import type { ApiRequest, Route } from "../router.ts";
import type { ComputeRuntime } from "../runtime.ts";
import { empty, json } from "../../http/respond.ts";
import { validateBody, validateQuery } from "../../validation/mod.ts";
import type { KeypairType } from "../../store/keypairs.ts";
import { QuotaEngine } from "../quota_sets/engine.ts";
import { type KeypairActor, KeypairApi } from "./api.ts";
import { nextLink } from "./links.ts";
import * as schema from "./schemas.ts";
import { createView, indexView, showView } from "./view.ts";

const POLICY = (action: string) => `os_compute_api:os-keypairs:${action}`;

interface CreateBody {
  keypair: {
    name: string;
    type?: KeypairType;
    public_key?: string;
    user_id?: string;
  };
}

function createSchema(req: ApiRequest) {
  if (req.version.atLeast("2.92")) return schema.createV292;
  if (req.version.atLeast("2.10")) return schema.createV210;
  if (req.version.atLeast("2.2")) return schema.createV22;
  return schema.create;
}

/** Query schema of show and delete. */
function itemQuerySchema(req: ApiRequest) {
  if (req.version.atLeast("2.75")) return schema.queryV275;
  if (req.version.atLeast("2.10")) return schema.queryV210;
  return schema.queryV20;
}

function indexQuerySchema(req: ApiRequest) {
  if (req.version.atLeast("2.75")) return schema.indexQueryV275;
  if (req.version.atLeast("2.35")) return schema.indexQueryV235;
  if (req.version.atLeast("2.10")) return schema.queryV210;
  return schema.queryV20;
}

/** The `user_id` query parameter (first value) an admin may pass from 2.10. */
function queryUserId(req: ApiRequest): string | undefined {
  if (!req.version.atLeast("2.10")) return undefined;
  return req.query.has("user_id") ? req.query.getAll("user_id")[0] : undefined;
}

/** Python's `a or b` for the target user: an empty string falls back to the caller. */
function ownerOf(req: ApiRequest, requested: string | undefined): string {
  return requested || (req.context.userId ?? "");
}

function actor(req: ApiRequest, ownerId: string): KeypairActor {
  return {
    projectId: req.context.projectId ?? "",
    userId: req.context.userId ?? "",
    ownerId,
  };
}

/**
 * The os-keypairs routes.
 *
 * @example
 * ```ts
 * const router = createRouter([...keypairRoutes(runtime)]);
 * ```
 */
export function keypairRoutes(runtime: ComputeRuntime): Route[] {
  const api = new KeypairApi(runtime.kv, new QuotaEngine(runtime.config));
  const maxLimit = () => runtime.config.get<number>("api", "max_limit");

  const index = async (req: ApiRequest) => {
    // Nova drops undescribed parameters from the request, so the next link leaves them out.
    const kept = new URLSearchParams();
    for (const [k, values] of Object.entries(validateQuery(indexQuerySchema(req), req.query))) {
      for (const v of values) kept.append(k, v);
    }
    const owner = ownerOf(req, queryUserId(req));
    runtime.authorize(POLICY("index"), req.context, { user_id: owner });
    const paged = req.version.atLeast("2.35");
    let page: { limit?: number; marker?: string } = {};
    if (paged) {
      const max = maxLimit();
      const limit = req.query.has("limit") ? Number(req.query.getAll("limit").at(-1)) : max;
      page = { limit: Math.min(max, limit), marker: req.query.getAll("marker").at(-1) };
    }
    const records = await api.list(owner, page);
    return json(indexView(records, {
      withType: req.version.atLeast("2.2"),
      next: paged
        ? (last) => nextLink(req.links.self, kept, records.length, maxLimit(), last)
        : undefined,
    }));
  };

  const create = async (req: ApiRequest) => {
    validateBody(createSchema(req), req.body);
    const body = req.body as CreateBody;
    const params = body.keypair;
    const owner = ownerOf(req, req.version.atLeast("2.10") ? params.user_id : undefined);
    const name = params.name.trim();
    const type = params.type ?? "ssh";
    runtime.authorize(POLICY("create"), req.context, { user_id: owner });
    const withType = req.version.atLeast("2.2");
    const status = withType ? 201 : 200;
    if (params.public_key !== undefined) {
      const record = await api.importKeypair(actor(req, owner), name, params.public_key, type);
      return json(createView(record, { withType }), status);
    }
    const { record, privateKey } = await api.createKeypair(actor(req, owner), name, type);
    return json(createView(record, { withType, privateKey }), status);
  };

  const show = async (req: ApiRequest) => {
    validateQuery(itemQuerySchema(req), req.query);
    const owner = ownerOf(req, queryUserId(req));
    runtime.authorize(POLICY("show"), req.context, { user_id: owner });
    const record = await api.get(owner, req.params.id);
    return json(showView(record, { withType: req.version.atLeast("2.2") }));
  };

  const remove = async (req: ApiRequest) => {
    validateQuery(itemQuerySchema(req), req.query);
    const owner = ownerOf(req, queryUserId(req));
    runtime.authorize(POLICY("delete"), req.context, { user_id: owner });
    await api.delete(actor(req, owner), req.params.id);
    return empty(req.version.atLeast("2.2") ? 204 : 202);
  };

  return [
    { method: "GET", path: "/os-keypairs", handler: index },
    { method: "POST", path: "/os-keypairs", handler: create },
    { method: "GET", path: "/os-keypairs/{id}", handler: show },
    { method: "DELETE", path: "/os-keypairs/{id}", handler: remove },
  ];
}
