/**
 * `/servers/{server_id}/os-interface` (Nova's `InterfaceAttachmentController`): list a server's
 * ports as interfaces, show one, attach one (a new port on a network, or a port the user made)
 * and detach one. Each looks the server up first (another project's is 404 for a non-admin),
 * then checks `os_compute_api:os-attach-interfaces:<action>` against the server's project.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import { type ActionActor, attachInterface, detachInterface } from "../../instances/mod.ts";
import { PortNotFound } from "../../networks/errors.ts";
import { portById, portsOfDevice } from "../../networks/ports.ts";
import type { Port } from "../../networks/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "../servers/handlers.ts";
import { NO_PARAMS_QUERY } from "../servers/schemas.ts";
import { CREATE_INTERFACE } from "./schemas.ts";
import { interfaceAttachmentView } from "./views.ts";
import {
  DELETE_INTERFACE_RESPONSE,
  LIST_INTERFACES_RESPONSE,
  SHOW_INTERFACE_RESPONSE,
} from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:os-attach-interfaces:${name}`;

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** The server, after the policy `action` allows the caller on its project. */
async function authorized(req: ApiRequest, action: string) {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(POLICY(action), req.context, { project_id: instance.project_id });
  return instance;
}

/** A port as the caller's Neutron would show it (another project's is hidden from a non-admin). */
async function visiblePort(req: ApiRequest, portId: string): Promise<Port> {
  const port = await portById(req.runtime.kv, portId);
  if (!port || (!req.context.isAdmin && port.project_id !== req.context.projectId)) {
    throw new PortNotFound(portId);
  }
  return port;
}

/** The attachment of `portId` to the server in the URL, as `show` answers it. */
async function attachment(req: ApiRequest, portId: string): Promise<Response> {
  const serverId = req.params.server_id;
  const port = await visiblePort(req, portId);
  if (port.device_id !== serverId) {
    throw new NovaFault(404, `Instance ${serverId} does not have a port with id ${portId}`);
  }
  return json({ interfaceAttachment: interfaceAttachmentView(port, req.version.atLeast("2.70")) });
}

/** `GET /servers/{server_id}/os-interface`. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "list");
  const showTag = req.version.atLeast("2.70");
  const ports = await portsOfDevice(req.runtime.kv, instance.uuid);
  return json({ interfaceAttachments: ports.map((p) => interfaceAttachmentView(p, showTag)) });
}

/** `GET /servers/{server_id}/os-interface/{id}`. */
async function show(req: ApiRequest): Promise<Response> {
  await authorized(req, "show");
  return await attachment(req, req.params.id);
}

interface CreateBody {
  interfaceAttachment?: {
    net_id?: string;
    port_id?: string;
    fixed_ips?: { ip_address: string }[];
    tag?: string;
  };
}

/** `POST /servers/{server_id}/os-interface`: 200 with the new attachment. */
async function create(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "create");
  const body = (req.body ?? {}) as CreateBody;
  const a = body.interfaceAttachment ?? {};
  const networkId = a.net_id || null;
  const portId = a.port_id || null;
  const fixedIp = a.fixed_ips?.[0]?.ip_address || null;
  if (networkId && portId) {
    throw new NovaFault(400, "Must not input both network_id and port_id");
  }
  if (fixedIp && !networkId) {
    throw new NovaFault(400, "Must input network_id when request IP address");
  }
  const port = await attachInterface(
    req.runtime.kv,
    instance.uuid,
    { networkId, portId, fixedIp, tag: a.tag ?? null },
    req.runtime.networks,
    actorOf(req),
    req.runtime.instances,
  );
  return await attachment(req, port.id);
}

/** `DELETE /servers/{server_id}/os-interface/{id}`: 202. */
async function remove(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "delete");
  await detachInterface(
    req.runtime.kv,
    instance.uuid,
    req.params.id,
    actorOf(req),
    req.runtime.instances,
  );
  return empty(202, { "content-type": "application/json" });
}

const PATH = "/servers/{server_id}/os-interface";

/** The interface attachment rows (every microversion). */
export const ATTACH_INTERFACE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: PATH,
    query: NO_PARAMS_QUERY,
    response: LIST_INTERFACES_RESPONSE,
    handler: index,
  },
  {
    method: "POST",
    path: PATH,
    body: CREATE_INTERFACE,
    response: SHOW_INTERFACE_RESPONSE,
    handler: create,
  },
  {
    method: "GET",
    path: `${PATH}/{id}`,
    query: NO_PARAMS_QUERY,
    response: SHOW_INTERFACE_RESPONSE,
    handler: show,
  },
  { method: "DELETE", path: `${PATH}/{id}`, response: DELETE_INTERFACE_RESPONSE, handler: remove },
];
