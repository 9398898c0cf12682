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
import type { ApiRequest, Route } from "../router.ts";
import type { ComputeRuntime } from "../runtime.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import { kvReader } from "../../store/quotas.ts";
import {
  deleteProjectLimits,
  deleteUserLimits,
  writeProjectLimit,
  writeUserLimit,
} from "../../store/quotas.ts";
import { transact } from "../../store/transaction.ts";
import { validateBody, validateQuery } from "../../validation/mod.ts";
import { QuotaEngine, type SettableRange } from "./engine.ts";
import { PER_PROJECT_RESOURCES } from "./resources.ts";
import * as schema from "./schemas.ts";
import { formatQuotaSet } from "./view.ts";

const POLICY = (action: string) => `os_compute_api:os-quota-sets:${action}`;

/** What each microversion hides from quota set bodies. */
export function hiddenQuotaResources(req: ApiRequest): readonly string[] {
  if (req.version.atLeast("2.57")) {
    return [...schema.NETWORK_RESOURCES, ...schema.PERSONALITY_RESOURCES];
  }
  if (req.version.atLeast("2.36")) return schema.NETWORK_RESOURCES;
  return [];
}

function userQuerySchema(req: ApiRequest) {
  return req.version.atLeast("2.75") ? schema.userQueryV275 : schema.userQuery;
}

/** `parse_qs(...)['user_id'][0]`: the first non-blank value, or undefined. */
function firstUserId(query: URLSearchParams): string | undefined {
  return query.getAll("user_id").find((v) => v !== "");
}

/** oslo's `bool_from_string` (not strict): true only for its true spellings. */
function boolFromString(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return ["1", "t", "true", "on", "y", "yes"].includes(String(value).trim().toLowerCase());
}

function noInfinity(v: number): number {
  return v === -1 ? Infinity : v;
}

function checkRange(resource: string, limit: number, range: SettableRange): void {
  if (noInfinity(limit) < noInfinity(range.minimum)) {
    throw new NovaFault(
      400,
      `Quota limit ${limit} for ${resource} must be greater than or equal to already used ` +
        `and reserved ${range.minimum}.`,
    );
  }
  if (noInfinity(limit) > noInfinity(range.maximum)) {
    throw new NovaFault(
      400,
      `Quota limit ${limit} for ${resource} must be less than or equal to ${range.maximum}.`,
    );
  }
}

/**
 * The os-quota-sets routes.
 *
 * @example
 * ```ts
 * const router = createRouter([...quotaSetRoutes(runtime)]);
 * ```
 */
export function quotaSetRoutes(runtime: ComputeRuntime): Route[] {
  const quotas = new QuotaEngine(runtime.config);
  const reader = kvReader(runtime.kv);

  const limitsOf = (projectId: string, userId?: string) =>
    userId ? quotas.userLimits(reader, projectId, userId) : quotas.projectLimits(reader, projectId);

  const show = async (req: ApiRequest) => {
    validateQuery(userQuerySchema(req), req.query);
    const id = req.params.id;
    runtime.authorize(POLICY("show"), req.context, { project_id: id });
    const values = await limitsOf(id, firstUserId(req.query));
    return json(formatQuotaSet("quota_set", id, values, hiddenQuotaResources(req)));
  };

  const detail = async (req: ApiRequest) => {
    validateQuery(userQuerySchema(req), req.query);
    const id = req.params.id;
    runtime.authorize(POLICY("detail"), req.context, { project_id: id });
    // webob's GET.get: the last value; a blank one means the project.
    const userId = req.query.getAll("user_id").at(-1);
    const usage = userId
      ? await quotas.userQuotaUsage(runtime.kv, id, userId)
      : await quotas.projectQuotaUsage(runtime.kv, id);
    const reserved = quotas.reserved;
    const values = Object.fromEntries(
      Object.entries(usage).map(([r, u]) => [r, { ...u, reserved }]),
    );
    return json(formatQuotaSet("quota_set", id, values, hiddenQuotaResources(req)));
  };

  const update = async (req: ApiRequest) => {
    const bodySchema = req.version.atLeast("2.57")
      ? schema.updateV257
      : req.version.atLeast("2.36")
      ? schema.updateV236
      : schema.update;
    validateBody(bodySchema, req.body);
    const body = req.body as { quota_set: Record<string, unknown> };
    validateQuery(userQuerySchema(req), req.query);
    const id = req.params.id;
    runtime.authorize(POLICY("update"), req.context, { project_id: id });
    const userId = firstUserId(req.query);
    const quotaSet = body.quota_set;
    const force = boolFromString(quotaSet.force ?? "False");
    const settable = await quotas.settable(runtime.kv, id, userId);

    // Check everything first, then write everything at once.
    const accepted: [string, number][] = [];
    for (const [resource, raw] of Object.entries(quotaSet)) {
      if (resource === "force") continue;
      const value = Math.trunc(Number(raw));
      if (!force) checkRange(resource, value, settable[resource]);
      accepted.push([resource, value]);
    }
    await transact(runtime.kv, (tx) => {
      for (const [resource, value] of accepted) {
        if (userId && !PER_PROJECT_RESOURCES.has(resource)) {
          writeUserLimit(tx, id, userId, resource, value);
        } else {
          writeProjectLimit(tx, id, resource, value);
        }
      }
      return Promise.resolve();
    });
    const values = await limitsOf(id, userId);
    return json(formatQuotaSet("quota_set", null, values, hiddenQuotaResources(req)));
  };

  const defaults = async (req: ApiRequest) => {
    validateQuery(schema.defaultsQuery, req.query);
    const id = req.params.id;
    runtime.authorize(POLICY("defaults"), req.context, { project_id: id });
    const values = await quotas.defaults(reader);
    return json(formatQuotaSet("quota_set", id, values, hiddenQuotaResources(req)));
  };

  const remove = async (req: ApiRequest) => {
    validateQuery(userQuerySchema(req), req.query);
    const id = req.params.id;
    runtime.authorize(POLICY("delete"), req.context, { project_id: id });
    const userId = firstUserId(req.query);
    if (userId) await deleteUserLimits(runtime.kv, id, userId);
    else await deleteProjectLimits(runtime.kv, id);
    return empty(202);
  };

  return [
    { method: "GET", path: "/os-quota-sets/{id}/detail", handler: detail },
    { method: "GET", path: "/os-quota-sets/{id}/defaults", handler: defaults },
    { method: "GET", path: "/os-quota-sets/{id}", handler: show },
    { method: "PUT", path: "/os-quota-sets/{id}", handler: update },
    { method: "DELETE", path: "/os-quota-sets/{id}", handler: remove },
  ];
}
