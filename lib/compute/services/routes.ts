/**
 * `/os-services` (Nova's `ServiceController`) on the simulated deployment's services
 * (`lib/virt/service_list.ts`): the list with `host` and `binary` filters; below 2.53 the
 * `PUT /os-services/enable`, `/disable`, `/disable-log-reason` and (2.11) `/force-down` actions
 * naming a compute service by host and binary, from 2.53 `PUT /os-services/{uuid}` with
 * `status`, `disabled_reason` and `forced_down`; `DELETE /os-services/{id}` (an integer below
 * 2.53, a uuid from it), refused while a compute service hosts instances or migrations. Only
 * `nova-compute` services may be updated. Admin only by default. A disabled or forced-down host
 * gets no new servers (the scheduler reads the same state).
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import { isUuidLike } from "../../validation/formats/uuid.ts";
import { pyIntFromString } from "../../validation/pynumber.ts";
import { lastParam } from "../collection.ts";
import type { ApiRequest, Route } from "../route.ts";
import { COMPUTE_BINARY, listServices, type Service } from "../../virt/service_list.ts";
import { assertNoDoneEvacuations, deleteService } from "../../virt/service_admin.ts";
import { type ServiceChange, updateService } from "../../virt/services.ts";
import { INDEX_QUERY_SCHEMA, UPDATE_BODY } from "./schemas.ts";
import { serviceView } from "./views.ts";
import {
  DELETE_SERVICE_RESPONSE,
  LIST_SERVICES_RESPONSE,
  UPDATE_SERVICE_RESPONSE,
} from "./response_schemas.ts";

const P = (name: string) => `os_compute_api:os-services:${name}`;

function services(req: ApiRequest): Promise<Service[]> {
  return listServices(req.runtime.kv, req.runtime.instances.hosts, req.runtime.config);
}

function now(req: ApiRequest): Date {
  return req.runtime.instances.clock();
}

const TRUE_WORDS = ["1", "t", "true", "on", "y", "yes"];

/** oslo's non-strict `bool_from_string` (what the pre-2.53 force-down reads). */
function looseBool(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return TRUE_WORDS.includes(String(value).trim().toLowerCase());
}

function notUpdatable(binary: string): NovaFault {
  return new NovaFault(
    400,
    `Updating a ${binary} service is not supported. Only nova-compute services can be updated.`,
  );
}

async function list(req: ApiRequest): Promise<Response> {
  const host = lastParam(req.query, "host") ?? "";
  const binary = lastParam(req.query, "binary") ?? "";
  const at = now(req);
  const shown = (await services(req))
    .filter((s) => !host || s.host === host)
    .filter((s) => !binary || s.binary === binary)
    .map((s) => serviceView(s, req.version, at));
  return json({ services: shown });
}

/** The compute service a pre-2.53 body names, or the 400/404 Nova answers. */
async function namedCompute(req: ApiRequest, host: string, binary: string): Promise<Service> {
  if (binary !== COMPUTE_BINARY) throw notUpdatable(binary);
  const found = (await services(req)).find((s) => s.binary === binary && s.host === host);
  if (!found) throw new NovaFault(404, `Host '${host}' is not mapped to any cell`);
  return found;
}

async function updateByAction(req: ApiRequest): Promise<Response> {
  req.runtime.authorize(P("update"), req.context, {});
  const body = req.body as Record<string, unknown>;
  const host = body.host as string;
  const binary = body.binary as string;
  const action = req.params.id;
  const kv = req.runtime.kv;
  if (action === "enable") {
    const s = await namedCompute(req, host, binary);
    await updateService(kv, s.host, { disabled: false, disabled_reason: null }, now(req));
    return json({ service: { host, binary, status: "enabled" } });
  }
  if (action === "disable" || action === "disable-log-reason") {
    let reason: string | null = null;
    if (action === "disable-log-reason") {
      if (!("disabled_reason" in body)) throw new NovaFault(400, "Missing disabled reason field");
      reason = body.disabled_reason as string;
    }
    const s = await namedCompute(req, host, binary);
    await updateService(kv, s.host, { disabled: true, disabled_reason: reason }, now(req));
    const service: Record<string, unknown> = { host, binary, status: "disabled" };
    if (reason) service.disabled_reason = reason;
    return json({ service });
  }
  if (action === "force-down" && req.version.atLeast("2.11")) {
    if (!("forced_down" in body)) throw new NovaFault(400, "Missing forced_down field");
    const forcedDown = looseBool(body.forced_down);
    if (binary === COMPUTE_BINARY && !forcedDown) await assertNoDoneEvacuations(kv, host);
    const s = await namedCompute(req, host, binary);
    await updateService(kv, s.host, { forced_down: forcedDown }, now(req));
    return json({ service: { host, binary, forced_down: forcedDown } });
  }
  throw new NovaFault(404, "Unknown action");
}

async function updateByUuid(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  if (!isUuidLike(id)) throw new NovaFault(400, `Invalid uuid ${id}`);
  req.runtime.authorize(P("update"), req.context, {});
  const service = (await services(req)).find((s) => s.uuid === id.toLowerCase());
  if (!service) throw new NovaFault(404, `Service ${id} could not be found.`);
  if (service.binary !== COMPUTE_BINARY) throw notUpdatable(service.binary);
  const body = req.body as Record<string, unknown>;
  const patch: ServiceChange = {};
  if (body.status === "enabled") {
    if (body.disabled_reason) {
      throw new NovaFault(400, "Specifying 'disabled_reason' with status 'enabled' is invalid.");
    }
    patch.disabled = false;
    patch.disabled_reason = null;
  } else if (body.status === "disabled") {
    patch.disabled = true;
    patch.disabled_reason = (body.disabled_reason as string | undefined) ?? null;
  }
  if ("forced_down" in body) {
    // The schema admits only oslo's words, so the strict reading cannot fail here.
    patch.forced_down = looseBool(body.forced_down);
    if (!patch.forced_down) await assertNoDoneEvacuations(req.runtime.kv, service.host);
  }
  if (!Object.keys(patch).length) {
    throw new NovaFault(
      400,
      "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
    );
  }
  const at = now(req);
  const state = await updateService(req.runtime.kv, service.host, patch, at);
  const updated: Service = { ...service, ...state, up: !state.forced_down };
  return json({ service: serviceView(updated, req.version, at) });
}

async function remove(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  const all = await services(req);
  let found: Service | undefined;
  if (req.version.atLeast("2.53")) {
    if (!isUuidLike(id)) throw new NovaFault(400, `Invalid uuid ${id}`);
    found = all.find((s) => s.uuid === id.toLowerCase());
  } else {
    const n = pyIntFromString(id);
    if (n === null) throw new NovaFault(400, "Invalid input received: id must be an integer");
    found = all.find((s) => BigInt(s.id) === n);
  }
  if (!found) throw new NovaFault(404, `Service ${id} not found.`);
  await deleteService(req.runtime.kv, found, id, now(req));
  return empty(204);
}

/** The `/os-services` rows. */
export const SERVICE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-services",
    query: INDEX_QUERY_SCHEMA,
    policy: { rule: P("list"), target: () => ({}) },
    response: LIST_SERVICES_RESPONSE,
    handler: list,
  },
  {
    method: "PUT",
    path: "/os-services/{id}",
    body: UPDATE_BODY,
    response: UPDATE_SERVICE_RESPONSE,
    handler: (req) => req.version.atLeast("2.53") ? updateByUuid(req) : updateByAction(req),
  },
  {
    method: "DELETE",
    path: "/os-services/{id}",
    policy: { rule: P("delete"), target: () => ({}) },
    response: DELETE_SERVICE_RESPONSE,
    handler: remove,
  },
];
