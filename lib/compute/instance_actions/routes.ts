/**
 * `os-instance-actions` (Nova's `InstanceActionsController`): a server's action history and one
 * action with its events. The server is looked up first (a deleted one too from 2.21; another
 * project's is 404 for a non-admin), then the policy is checked against its project.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { collectionLinks, lastParam, limitAndMarker } from "../collection.ts";
import { parseIsoTime } from "../timestamps.ts";
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import {
  getInstanceAction,
  getServerOrDeleted,
  type Instance,
  InstanceNotFound,
  listInstanceActions,
} from "../../instances/mod.ts";
import { INDEX_QUERY, SHOW_QUERY } from "./schemas.ts";
import { actionView, eventView } from "./views.ts";
import { LIST_ACTIONS_RESPONSE, SHOW_ACTION_RESPONSE } from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:os-instance-actions:${name}`;

/** The server (deleted ones too from 2.21), or Nova's 404. */
async function serverOf(req: ApiRequest): Promise<Instance> {
  const id = req.params.server_id;
  const instance = await getServerOrDeleted(req.runtime.kv, id, req.runtime.instances, {
    deleted: req.version.atLeast("2.21"),
  });
  if (!instance || (!req.context.isAdmin && instance.project_id !== req.context.projectId)) {
    throw new InstanceNotFound(id);
  }
  return instance;
}

/**
 * oslo's `parse_isotime` of a value the `date-time` format accepted, as ms since the epoch, else
 * Nova's 400.
 */
export function isoTimeMs(text: string): number {
  const ms = parseIsoTime(text);
  if (ms === null) throw new NovaFault(400, `Invalid input received: ${text} is not a valid time`);
  return ms;
}

/** `GET /servers/{server_id}/os-instance-actions`. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await serverOf(req);
  req.runtime.authorize(POLICY("list"), req.context, { project_id: instance.project_id });
  const paged = req.version.atLeast("2.58");
  const maxLimit = req.runtime.config.get<number>("api", "max_limit");
  let query = {};
  if (paged) {
    const since = lastParam(req.query, "changes-since");
    const before = lastParam(req.query, "changes-before");
    const changesSince = since === null ? undefined : isoTimeMs(since);
    const changesBefore = before === null ? undefined : isoTimeMs(before);
    if (changesSince !== undefined && changesBefore !== undefined && changesBefore < changesSince) {
      throw new NovaFault(
        400,
        "The value of changes-since must be less than or equal to changes-before.",
      );
    }
    query = { ...limitAndMarker(req.query, maxLimit), changesSince, changesBefore };
  }
  const actions = await listInstanceActions(req.runtime.kv, instance.uuid, query);
  const body: Record<string, unknown> = {
    instanceActions: actions.map((a) => actionView(a, { updatedAt: paged })),
  };
  if (paged) {
    const links = collectionLinks({
      count: actions.length,
      lastMarker: actions.at(-1)?.request_id,
      collectionUrl: `${req.links.self}/servers/${req.params.server_id}/os-instance-actions`,
      query: req.query,
      maxLimit,
    });
    if (links) body.links = links;
  }
  return json(body);
}

/** `GET /servers/{server_id}/os-instance-actions/{request_id}`. */
async function show(req: ApiRequest): Promise<Response> {
  const instance = await serverOf(req);
  const target = { project_id: instance.project_id };
  req.runtime.authorize(POLICY("show"), req.context, target);
  const id = req.params.request_id;
  const found = await getInstanceAction(req.runtime.kv, instance.uuid, id);
  if (!found) throw new NovaFault(404, `Action ${id} not found`);
  const v = req.version;
  const action = actionView(found.action, { updatedAt: v.atLeast("2.58") });
  const allEvents = req.runtime.allowed(POLICY("events"), req.context, target);
  if (allEvents || v.atLeast("2.51")) {
    const options = {
      traceback: allEvents,
      host: allEvents && v.atLeast("2.62"),
      hostId: v.atLeast("2.62"),
      details: v.atLeast("2.84") &&
        req.runtime.allowed(POLICY("events:details"), req.context, target),
      projectId: found.action.project_id || instance.project_id,
    };
    action.events = found.events.map((e) => eventView(e, options));
  }
  return json({ instanceAction: action });
}

const PATH = "/servers/{server_id}/os-instance-actions";

/** The `os-instance-actions` route rows. */
export const INSTANCE_ACTION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: PATH,
    query: INDEX_QUERY,
    response: LIST_ACTIONS_RESPONSE,
    handler: index,
  },
  {
    method: "GET",
    path: `${PATH}/{request_id}`,
    query: SHOW_QUERY,
    response: SHOW_ACTION_RESPONSE,
    handler: show,
  },
];
