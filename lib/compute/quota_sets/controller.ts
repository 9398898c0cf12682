/**
 * The os-quota-sets controller (Nova's `QuotaSetsController`): a project's (or a user's within
 * it) limits, their usage, the defaults, updates and reverting to defaults.
 *
 * Microversion changes handled here:
 * - 2.36: network-proxy resources (fixed/floating IPs, security groups and rules) are gone;
 * - 2.57: personality resources (injected files) are gone;
 * - 2.75: unknown query parameters are refused (except on defaults, which Nova left open).
 *
 * Checking the project id against Keystone (Nova's `verify_project_id`) is not done: this port
 * has no identity client.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { empty, json } from "../../http/respond.ts";
import { quotaReader } from "../../quota/mod.ts";
import { deleteQuotas, QuotaEngine, setProjectQuotas } from "../../quota/mod.ts";
import * as schema from "./schemas.ts";
import { formatQuotaSet } from "./view.ts";
import {
  DELETE_QUOTA_SET_RESPONSE,
  DETAIL_QUOTA_SET_RESPONSE,
  SHOW_QUOTA_SET_RESPONSE,
  UPDATE_QUOTA_SET_RESPONSE,
} from "./response_schemas.ts";

const POLICY = (action: string) => `os_compute_api:os-quota-sets:${action}`;

/** What each microversion hides from quota set bodies. */
export function hiddenQuotaResources(req: ApiRequest): readonly string[] {
  if (req.version.atLeast("2.57")) {
    return [...schema.NETWORK_RESOURCES, ...schema.PERSONALITY_RESOURCES];
  }
  if (req.version.atLeast("2.36")) return schema.NETWORK_RESOURCES;
  return [];
}

const USER_QUERY = [["2.75", schema.userQueryV275], ["2.1", schema.userQuery]] as const;

/** `parse_qs(...)['user_id'][0]`: the first non-blank value, or undefined. */
function firstUserId(query: URLSearchParams): string | undefined {
  return query.getAll("user_id").find((v) => v !== "");
}

/** oslo's `bool_from_string` (not strict): true only for its true spellings. */
function boolFromString(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return ["1", "t", "true", "on", "y", "yes"].includes(String(value).trim().toLowerCase());
}

function quotas(req: ApiRequest): QuotaEngine {
  return new QuotaEngine(req.runtime.config);
}

function limitsOf(req: ApiRequest, projectId: string, userId?: string) {
  const reader = quotaReader(req.runtime.kv);
  return userId
    ? quotas(req).userLimits(reader, projectId, userId)
    : quotas(req).projectLimits(reader, projectId);
}

/** `GET /os-quota-sets/{id}`: a project's (or a user's) limits. */
async function show(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  const values = await limitsOf(req, id, firstUserId(req.query));
  return json(formatQuotaSet("quota_set", id, values, hiddenQuotaResources(req)));
}

/** `GET /os-quota-sets/{id}/detail`: limits with usage. */
async function detail(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  // webob's GET.get: the last value; a blank one means the project.
  const userId = req.query.getAll("user_id").at(-1);
  const engine = quotas(req);
  const usage = userId
    ? await engine.userQuotaUsage(req.runtime.kv, id, userId)
    : await engine.projectQuotaUsage(req.runtime.kv, id);
  const reserved = engine.reserved;
  const values = Object.fromEntries(
    Object.entries(usage).map(([r, u]) => [r, { ...u, reserved }]),
  );
  return json(formatQuotaSet("quota_set", id, values, hiddenQuotaResources(req)));
}

/** `PUT /os-quota-sets/{id}`: check every new limit, then write them all at once. */
async function update(req: ApiRequest): Promise<Response> {
  const body = req.body as { quota_set: Record<string, unknown> };
  const id = req.params.id;
  const userId = firstUserId(req.query);
  const quotaSet = body.quota_set;
  const force = boolFromString(quotaSet.force ?? "False");
  const requested: Record<string, number> = {};
  for (const [resource, raw] of Object.entries(quotaSet)) {
    if (resource !== "force") requested[resource] = Math.trunc(Number(raw));
  }
  await setProjectQuotas(req.runtime.kv, quotas(req), id, userId, requested, force);
  const values = await limitsOf(req, id, userId);
  return json(formatQuotaSet("quota_set", null, values, hiddenQuotaResources(req)));
}

/** `GET /os-quota-sets/{id}/defaults`. */
async function defaults(req: ApiRequest): Promise<Response> {
  const values = await quotas(req).defaults(quotaReader(req.runtime.kv));
  return json(formatQuotaSet("quota_set", req.params.id, values, hiddenQuotaResources(req)));
}

/** `DELETE /os-quota-sets/{id}`: back to the defaults. */
async function remove(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  await deleteQuotas(req.runtime.kv, id, firstUserId(req.query));
  return empty(202);
}

const PROJECT_TARGET = (req: ApiRequest) => ({ project_id: req.params.id });

/** The os-quota-sets route rows. */
export const QUOTA_SET_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-quota-sets/{id}/detail",
    query: USER_QUERY,
    policy: { rule: POLICY("detail"), target: PROJECT_TARGET },
    response: DETAIL_QUOTA_SET_RESPONSE,
    handler: detail,
  },
  {
    method: "GET",
    path: "/os-quota-sets/{id}/defaults",
    query: schema.defaultsQuery,
    policy: { rule: POLICY("defaults"), target: PROJECT_TARGET },
    response: SHOW_QUOTA_SET_RESPONSE,
    handler: defaults,
  },
  {
    method: "GET",
    path: "/os-quota-sets/{id}",
    query: USER_QUERY,
    policy: { rule: POLICY("show"), target: PROJECT_TARGET },
    response: SHOW_QUOTA_SET_RESPONSE,
    handler: show,
  },
  {
    method: "PUT",
    path: "/os-quota-sets/{id}",
    body: [["2.57", schema.updateV257], ["2.36", schema.updateV236], ["2.1", schema.update]],
    query: USER_QUERY,
    policy: { rule: POLICY("update"), target: PROJECT_TARGET },
    response: UPDATE_QUOTA_SET_RESPONSE,
    handler: update,
  },
  {
    method: "DELETE",
    path: "/os-quota-sets/{id}",
    query: USER_QUERY,
    policy: { rule: POLICY("delete"), target: PROJECT_TARGET },
    response: DELETE_QUOTA_SET_RESPONSE,
    handler: remove,
  },
];
