/**
 * The os-server-groups controller (Nova's `ServerGroupController`): list (the caller's project,
 * or every project for an admin asking `all_projects`; `limit` and `offset`), show, create
 * (counting `server_groups`) and delete.
 *
 * Microversion changes handled here or in the schemas and views:
 * - 2.13: `project_id` and `user_id` in the views;
 * - 2.15: the soft-affinity and soft-anti-affinity policies;
 * - 2.64: `policy` and `rules` (`max_server_per_host`, anti-affinity only) replace `policies`,
 *   and `metadata` goes;
 * - 2.75: unknown list query parameters are refused; 2.102: any show query parameter is.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { lastParam } from "../collection.ts";
import { empty, json } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import {
  createServerGroup,
  deleteServerGroup,
  getServerGroup,
  listServerGroups,
  type ServerGroupPolicy,
} from "../../instances/mod.ts";
import { QuotaEngine } from "../../quota/mod.ts";
import * as schema from "./schemas.ts";
import { serverGroupView } from "./views.ts";
import {
  DELETE_SERVER_GROUP_RESPONSE,
  LIST_SERVER_GROUPS_RESPONSE,
  SHOW_SERVER_GROUP_RESPONSE,
} from "./response_schemas.ts";

const POLICY = (action: string) => `os_compute_api:os-server-groups:${action}`;

interface CreateBody {
  server_group: {
    name: string;
    policies?: ServerGroupPolicy[];
    policy?: ServerGroupPolicy;
    rules?: Record<string, unknown>;
  };
}

/** Nova's `common.limited`: `offset` and `limit` (0 or absent: `[api] max_limit`, its cap). */
function limited<T>(req: ApiRequest, items: T[]): T[] {
  const maxLimit = req.runtime.config.get<number>("api", "max_limit");
  const int = (name: string) => {
    const text = lastParam(req.query, name);
    if (text === null) return 0;
    const n = Number(text.trim());
    if (!Number.isSafeInteger(n)) {
      throw new NovaFault(400, `${name} param must be an integer`);
    }
    return n;
  };
  const offset = int("offset");
  const limit = Math.min(maxLimit, int("limit") || maxLimit);
  return items.slice(offset, offset + limit);
}

/** `GET /os-server-groups`. */
async function index(req: ApiRequest): Promise<Response> {
  const ctx = req.context;
  let projectId: string | undefined = ctx.projectId ?? "";
  // Nova keeps its old behaviour: a non-admin asking for all projects gets its own groups.
  if (req.query.has("all_projects") && ctx.isAdmin) {
    req.runtime.authorize(POLICY("index:all_projects"), ctx, { project_id: ctx.projectId });
    projectId = undefined;
  }
  const groups = limited(req, await listServerGroups(req.runtime.kv, projectId));
  return json({ server_groups: groups.map((g) => serverGroupView(g, req.version)) });
}

/** `POST /os-server-groups`: 200 with the new group. */
async function create(req: ApiRequest): Promise<Response> {
  const sent = (req.body as CreateBody).server_group;
  const v264 = req.version.atLeast("2.64");
  const group = await createServerGroup(
    req.runtime.kv,
    new QuotaEngine(req.runtime.config),
    { projectId: req.context.projectId ?? "", userId: req.context.userId ?? "" },
    {
      name: sent.name,
      policy: v264 ? sent.policy! : sent.policies![0],
      rules: v264 ? sent.rules : undefined,
    },
    req.runtime.instances.clock(),
  );
  return json({ server_group: serverGroupView(group, req.version) });
}

/** The group, or Nova's 404, once the caller may act on it (its project is the target). */
async function authorized(req: ApiRequest, action: string) {
  const group = await getServerGroup(req.runtime.kv, req.params.id);
  req.runtime.authorize(POLICY(action), req.context, { project_id: group.projectId });
  return group;
}

/** `GET /os-server-groups/{id}`. */
async function show(req: ApiRequest): Promise<Response> {
  const group = await authorized(req, "show");
  return json({ server_group: serverGroupView(group, req.version) });
}

/** `DELETE /os-server-groups/{id}`: 204. */
async function remove(req: ApiRequest): Promise<Response> {
  await authorized(req, "delete");
  await deleteServerGroup(req.runtime.kv, new QuotaEngine(req.runtime.config), req.params.id);
  return empty(204);
}

/** The os-server-groups route rows. */
export const SERVER_GROUP_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-server-groups",
    query: [["2.75", schema.indexQueryV275], ["2.1", schema.indexQuery]],
    policy: { rule: POLICY("index") },
    response: LIST_SERVER_GROUPS_RESPONSE,
    handler: index,
  },
  {
    method: "POST",
    path: "/os-server-groups",
    body: [["2.64", schema.createV264], ["2.15", schema.createV215], ["2.1", schema.create]],
    policy: { rule: POLICY("create") },
    response: SHOW_SERVER_GROUP_RESPONSE,
    handler: create,
  },
  {
    method: "GET",
    path: "/os-server-groups/{id}",
    query: [["2.102", schema.showQueryV2102], ["2.1", schema.showQuery]],
    response: SHOW_SERVER_GROUP_RESPONSE,
    handler: show,
  },
  {
    method: "DELETE",
    path: "/os-server-groups/{id}",
    response: DELETE_SERVER_GROUP_RESPONSE,
    handler: remove,
  },
];
