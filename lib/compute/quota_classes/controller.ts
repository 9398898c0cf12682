/**
 * The os-quota-class-sets controller (Nova's `QuotaClassSetsController`): show and update the
 * limits of a quota class. Only the `default` class is read when resolving limits; other classes
 * can be stored and shown but apply to nobody, as in Nova.
 *
 * Microversion changes handled here:
 * - 2.50: `server_groups` and `server_group_members` appear; network-proxy resources go;
 * - 2.57: personality resources (injected files) go;
 * - 2.102: the show query string must be empty.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { json } from "../../http/respond.ts";
import { quotaReader } from "../../quota/mod.ts";
import { QuotaEngine, setClassQuotas } from "../../quota/mod.ts";
import { NETWORK_RESOURCES, PERSONALITY_RESOURCES } from "../quota_sets/schemas.ts";
import { formatQuotaSet } from "../quota_sets/view.ts";
import * as schema from "./schemas.ts";
import { SHOW_QUOTA_CLASS_RESPONSE, UPDATE_QUOTA_CLASS_RESPONSE } from "./response_schemas.ts";

const POLICY = (action: string) => `os_compute_api:os-quota-class-sets:${action}`;

/** Resources missing from quota class bodies before 2.50 (a v2.1 omission fixed then). */
const SERVER_GROUP_RESOURCES = ["server_groups", "server_group_members"];

function hidden(req: ApiRequest): readonly string[] {
  if (req.version.atLeast("2.57")) return [...NETWORK_RESOURCES, ...PERSONALITY_RESOURCES];
  if (req.version.atLeast("2.50")) return NETWORK_RESOURCES;
  return SERVER_GROUP_RESOURCES;
}

/** `GET /os-quota-class-sets/{id}`. */
async function show(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  const values = await new QuotaEngine(req.runtime.config).classLimits(
    quotaReader(req.runtime.kv),
    id,
  );
  return json(formatQuotaSet("quota_class_set", id, values, hidden(req)));
}

/** `PUT /os-quota-class-sets/{id}`: set some of a class's limits. */
async function update(req: ApiRequest): Promise<Response> {
  const body = req.body as { quota_class_set: Record<string, unknown> };
  const id = req.params.id;
  const values: Record<string, number> = {};
  for (const [resource, raw] of Object.entries(body.quota_class_set)) {
    values[resource] = Math.trunc(Number(raw));
  }
  await setClassQuotas(req.runtime.kv, id, values);
  const limits = await new QuotaEngine(req.runtime.config).classLimits(
    quotaReader(req.runtime.kv),
    id,
  );
  return json(formatQuotaSet("quota_class_set", null, limits, hidden(req)));
}

/** The os-quota-class-sets route rows. */
export const QUOTA_CLASS_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-quota-class-sets/{id}",
    query: [["2.102", schema.showQueryV2102], ["2.1", schema.showQuery]],
    policy: { rule: POLICY("show"), target: () => ({}) },
    response: SHOW_QUOTA_CLASS_RESPONSE,
    handler: show,
  },
  {
    method: "PUT",
    path: "/os-quota-class-sets/{id}",
    body: [["2.57", schema.updateV257], ["2.50", schema.updateV250], ["2.1", schema.update]],
    policy: { rule: POLICY("update"), target: () => ({}) },
    response: UPDATE_QUOTA_CLASS_RESPONSE,
    handler: update,
  },
];
