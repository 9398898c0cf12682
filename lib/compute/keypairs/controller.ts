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
import type { ApiRequest, Route } from "../route.ts";
import { collectionLinks, limitAndMarker } from "../collection.ts";
import { empty, json } from "../../http/respond.ts";
import {
  createKeypair,
  deleteKeypair,
  getKeypair,
  importKeypair,
  type KeypairActor,
  type KeypairDeps,
  type KeypairType,
  listKeypairs,
} from "../../keypairs/mod.ts";
import { QuotaEngine } from "../../quota/mod.ts";
import * as schema from "./schemas.ts";
import { createView, indexView, showView } from "./view.ts";
import {
  CREATE_KEYPAIR_RESPONSE,
  DELETE_KEYPAIR_RESPONSE,
  LIST_KEYPAIRS_RESPONSE,
  SHOW_KEYPAIR_RESPONSE,
} from "./response_schemas.ts";

const POLICY = (action: string) => `os_compute_api:os-keypairs:${action}`;

interface CreateBody {
  keypair: {
    name: string;
    type?: KeypairType;
    public_key?: string;
    user_id?: string;
  };
}

const CREATE_SCHEMA = [
  ["2.92", schema.createV292],
  ["2.10", schema.createV210],
  ["2.2", schema.createV22],
  ["2.1", schema.create],
] as const;

/** Query schema of show and delete. */
const ITEM_QUERY = [["2.75", schema.queryV275], ["2.10", schema.queryV210], [
  "2.1",
  schema.queryV20,
]] as const;

const INDEX_QUERY = [
  ["2.75", schema.indexQueryV275],
  ["2.35", schema.indexQueryV235],
  ["2.10", schema.queryV210],
  ["2.1", schema.queryV20],
] as const;

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

/** What the keypair domain functions need, from the request's runtime. */
function deps(req: ApiRequest): KeypairDeps {
  return { kv: req.runtime.kv, quotas: new QuotaEngine(req.runtime.config) };
}

function maxLimit(req: ApiRequest): number {
  return req.runtime.config.get<number>("api", "max_limit");
}

/** `GET /os-keypairs`: the owner's keypairs, paged from 2.35. */
async function index(req: ApiRequest): Promise<Response> {
  const owner = ownerOf(req, queryUserId(req));
  const paged = req.version.atLeast("2.35");
  // Nova's common.get_limit_and_marker, as every paged list reads it.
  const page = paged ? limitAndMarker(req.query, maxLimit(req)) : {};
  const records = await listKeypairs(req.runtime.kv, owner, page);
  return json(indexView(records, {
    withType: req.version.atLeast("2.2"),
    next: paged
      ? (last) =>
        collectionLinks({
          count: records.length,
          lastMarker: last,
          collectionUrl: `${req.links.self}/os-keypairs`,
          query: req.query,
          maxLimit: maxLimit(req),
        })?.[0]
      : undefined,
  }));
}

/** `POST /os-keypairs`: import a public key, or generate a pair (before 2.92). */
async function create(req: ApiRequest): Promise<Response> {
  const params = (req.body as CreateBody).keypair;
  const owner = createOwner(req);
  const name = params.name.trim();
  const type = params.type ?? "ssh";
  const withType = req.version.atLeast("2.2");
  const status = withType ? 201 : 200;
  if (params.public_key !== undefined) {
    const record = await importKeypair(deps(req), actor(req, owner), name, params.public_key, type);
    return json(createView(record, { withType }), status);
  }
  const { record, privateKey } = await createKeypair(deps(req), actor(req, owner), name, type);
  return json(createView(record, { withType, privateKey }), status);
}

/** `GET /os-keypairs/{name}`. */
async function show(req: ApiRequest): Promise<Response> {
  const record = await getKeypair(req.runtime.kv, ownerOf(req, queryUserId(req)), req.params.id);
  return json(showView(record, { withType: req.version.atLeast("2.2") }));
}

/** `DELETE /os-keypairs/{name}`: 202 before 2.2, 204 from it. */
async function remove(req: ApiRequest): Promise<Response> {
  await deleteKeypair(deps(req), actor(req, ownerOf(req, queryUserId(req))), req.params.id);
  return empty(req.version.atLeast("2.2") ? 204 : 202);
}

/** The owner named by a create body (`user_id`, from 2.10), else the caller. */
function createOwner(req: ApiRequest): string {
  const params = (req.body as CreateBody).keypair;
  return ownerOf(req, req.version.atLeast("2.10") ? params.user_id : undefined);
}

/** The policy target of the query-addressed calls: the keypairs' owner. */
const queryOwner = (req: ApiRequest) => ({ user_id: ownerOf(req, queryUserId(req)) });

/** The os-keypairs route rows. */
export const KEYPAIR_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-keypairs",
    query: INDEX_QUERY,
    policy: { rule: POLICY("index"), target: queryOwner },
    response: LIST_KEYPAIRS_RESPONSE,
    handler: index,
  },
  {
    method: "POST",
    path: "/os-keypairs",
    body: CREATE_SCHEMA,
    policy: { rule: POLICY("create"), target: (req) => ({ user_id: createOwner(req) }) },
    response: CREATE_KEYPAIR_RESPONSE,
    handler: create,
  },
  {
    method: "GET",
    path: "/os-keypairs/{id}",
    query: ITEM_QUERY,
    policy: { rule: POLICY("show"), target: queryOwner },
    response: SHOW_KEYPAIR_RESPONSE,
    handler: show,
  },
  {
    method: "DELETE",
    path: "/os-keypairs/{id}",
    query: ITEM_QUERY,
    policy: { rule: POLICY("delete"), target: queryOwner },
    response: DELETE_KEYPAIR_RESPONSE,
    handler: remove,
  },
];
