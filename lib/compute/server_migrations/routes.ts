/**
 * A server's migrations (Nova's `ServerMigrationsController`): the list (2.23) and show (2.23) of
 * its in-progress live migrations, `force_complete` (2.22) and abort (`DELETE`, 2.24; a queued
 * or preparing migration too from 2.65). Each looks the server up first (another project's is
 * 404 for a non-admin), then checks its policy against the server's project.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import type { ActionActor } from "../../instances/mod.ts";
import {
  abortLiveMigration,
  forceCompleteLiveMigration,
  getInstanceMigration,
  listLiveMigrationsInProgress,
  LIVE_IN_PROGRESS,
} from "../../instances/mod.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "../servers/handlers.ts";
import { FORCE_COMPLETE, INDEX_QUERY, SHOW_QUERY } from "./schemas.ts";
import { serverMigrationView, type ServerMigrationViewOptions } from "./views.ts";
import {
  LIST_SERVER_MIGRATIONS_RESPONSE,
  NO_BODY_RESPONSE,
  SHOW_SERVER_MIGRATION_RESPONSE,
} from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:servers:migrations:${name}`;

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

function viewOptions(req: ApiRequest, hosts: boolean): ServerMigrationViewOptions {
  return {
    uuid: req.version.atLeast("2.59"),
    userProject: req.version.atLeast("2.80"),
    hosts,
    myIp: req.runtime.config.get<string>("DEFAULT", "my_ip"),
  };
}

/** `GET /servers/{server_id}/migrations`. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  const target = { project_id: instance.project_id };
  req.runtime.authorize(POLICY("index"), req.context, target);
  const hosts = req.runtime.allowed(POLICY("index:host"), req.context, target);
  const records = await listLiveMigrationsInProgress(req.runtime.kv, instance.uuid);
  const options = viewOptions(req, hosts);
  return json({ migrations: records.map((m) => serverMigrationView(m, options)) });
}

/** `GET /servers/{server_id}/migrations/{id}`. */
async function show(req: ApiRequest): Promise<Response> {
  const serverId = req.params.server_id;
  const instance = await findServer(req, serverId);
  req.runtime.authorize(POLICY("show"), req.context, { project_id: instance.project_id });
  const id = req.params.id;
  const m = await getInstanceMigration(req.runtime.kv, instance.uuid, id);
  if (!m) {
    throw new NovaFault(
      404,
      `In-progress live migration ${id} is not found for server ${serverId}.`,
    );
  }
  if (m.migration_type !== "live-migration") {
    throw new NovaFault(404, `Migration ${id} for server ${serverId} is not live-migration.`);
  }
  if (!LIVE_IN_PROGRESS.includes(m.status)) {
    throw new NovaFault(404, `Live migration ${id} for server ${serverId} is not in progress.`);
  }
  return json({ migration: serverMigrationView(m, viewOptions(req, true)) });
}

/** `POST /servers/{server_id}/migrations/{id}/action` with `force_complete`. */
async function forceComplete(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(POLICY("force_complete"), req.context, {
    project_id: instance.project_id,
  });
  await forceCompleteLiveMigration(
    req.runtime.kv,
    instance.uuid,
    req.params.id,
    actorOf(req),
    req.runtime.instances,
  );
  return empty(202, { "content-type": "application/json" });
}

/** `DELETE /servers/{server_id}/migrations/{id}`. */
async function abort(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(POLICY("delete"), req.context, { project_id: instance.project_id });
  await abortLiveMigration(
    req.runtime.kv,
    instance.uuid,
    req.params.id,
    actorOf(req),
    req.runtime.instances,
    { queued: req.version.atLeast("2.65") },
  );
  return empty(202, { "content-type": "application/json" });
}

const PATH = "/servers/{server_id}/migrations";

/** The server migrations route rows. */
export const SERVER_MIGRATION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: PATH,
    min: "2.23",
    query: INDEX_QUERY,
    response: LIST_SERVER_MIGRATIONS_RESPONSE,
    handler: index,
  },
  {
    method: "GET",
    path: `${PATH}/{id}`,
    min: "2.23",
    query: SHOW_QUERY,
    response: SHOW_SERVER_MIGRATION_RESPONSE,
    handler: show,
  },
  {
    method: "DELETE",
    path: `${PATH}/{id}`,
    min: "2.24",
    response: NO_BODY_RESPONSE,
    handler: abort,
  },
  {
    method: "POST",
    path: `${PATH}/{id}/action`,
    action: "force_complete",
    min: "2.22",
    body: FORCE_COMPLETE,
    response: NO_BODY_RESPONSE,
    handler: forceComplete,
  },
];
