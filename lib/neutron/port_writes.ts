/**
 * The Neutron subset's port writes: `POST /v2.0/ports` makes an unbound port a user can hand to
 * a server (os-interface attach by `port_id`), `DELETE /v2.0/ports/{id}` deletes a port (dropping
 * it from the server that has it). Errors are Neutron's `NeutronError` bodies with its types and
 * messages.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import { DomainError } from "../errors/mod.ts";
import { json } from "../http/respond.ts";
import { deletePortEverywhere } from "../instances/mod.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";
import {
  FixedIpAlreadyInUse,
  InvalidFixedIp,
  NoMoreFixedIps,
  PortNotFound,
} from "../networks/errors.ts";
import { createUserPort } from "../networks/user_ports.ts";
import { portView } from "./views.ts";

/** A Neutron error answer: `{"NeutronError": {type, message, detail}}`. */
function neutronError(status: number, type: string, message: string): Response {
  return json({ NeutronError: { type, message, detail: "" } }, status);
}

function badRequest(message: string): Response {
  return neutronError(400, "HTTPBadRequest", message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The port attributes this subset takes on create (others Neutron knows are refused). */
const CREATE_ATTRIBUTES = new Set([
  "network_id",
  "name",
  "fixed_ips",
  "admin_state_up",
  "description",
  "project_id",
  "tenant_id",
]);

/** `POST /v2.0/ports`. */
async function create(
  request: Request,
  ctx: RequestContext,
  catalog: NetworkCatalog,
  kv: Deno.Kv,
): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest("Malformed request body");
  }
  if (!isObject(body) || !isObject(body.port)) {
    return badRequest("Resource body required");
  }
  const port = body.port;
  for (const key of Object.keys(port)) {
    if (!CREATE_ATTRIBUTES.has(key)) {
      return badRequest(`Unrecognized attribute(s) '${key}'`);
    }
  }
  if (port.network_id === undefined) {
    return badRequest("Failed to parse request. Required attribute 'network_id' not specified");
  }
  if (typeof port.network_id !== "string") {
    return badRequest(
      `Invalid input for network_id. Reason: '${port.network_id}' is not a valid string.`,
    );
  }
  if (port.name !== undefined && typeof port.name !== "string") {
    return badRequest(`Invalid input for name. Reason: '${port.name}' is not a valid string.`);
  }
  const owner = (port.project_id ?? port.tenant_id ?? ctx.projectId ?? "") as unknown;
  if (typeof owner !== "string") return badRequest("Invalid input for project_id.");
  if (owner !== ctx.projectId && !ctx.isAdmin) {
    return neutronError(403, "HTTPForbidden", "(rule:create_port) is disallowed by policy");
  }
  const network = catalog.get(port.network_id);
  if (!network || !catalog.visibleTo(network, ctx.projectId, ctx.isAdmin)) {
    return neutronError(
      404,
      "NetworkNotFound",
      `Network ${port.network_id} could not be found.`,
    );
  }
  let fixedIp: string | undefined;
  if (port.fixed_ips !== undefined) {
    if (!Array.isArray(port.fixed_ips) || port.fixed_ips.length > 1) {
      return badRequest("Invalid input for fixed_ips. Reason: at most one fixed IP is supported.");
    }
    const [wanted] = port.fixed_ips as unknown[];
    if (wanted !== undefined) {
      if (!isObject(wanted)) return badRequest("Invalid input for fixed_ips.");
      const subnet = wanted.subnet_id;
      if (subnet !== undefined && !network.subnets.some((s) => s.id === subnet)) {
        return badRequest(
          `Invalid input for operation: Failed to create port on network ${network.id}, ` +
            `because fixed_ips included invalid subnet ${subnet}.`,
        );
      }
      if (wanted.ip_address !== undefined) {
        if (typeof wanted.ip_address !== "string") {
          return badRequest("Invalid input for fixed_ips.");
        }
        fixedIp = wanted.ip_address;
      }
    }
  }
  try {
    const made = await createUserPort(kv, network, {
      projectId: owner,
      fixedIp,
      name: port.name as string | undefined,
    });
    return json({ port: portView(made) }, 201);
  } catch (e) {
    const subnet = network.subnets[0]?.id ?? "";
    if (e instanceof FixedIpAlreadyInUse) {
      return neutronError(
        409,
        "IpAddressAlreadyAllocated",
        `IP address ${e.address} already allocated in subnet ${subnet}`,
      );
    }
    if (e instanceof InvalidFixedIp) {
      return neutronError(
        400,
        "InvalidIpForNetwork",
        `IP address ${fixedIp} is not a valid IP for any of the subnets on the specified network.`,
      );
    }
    if (e instanceof NoMoreFixedIps) {
      return neutronError(
        409,
        "IpAddressGenerationFailure",
        `No more IP addresses available on network ${network.id}.`,
      );
    }
    if (e instanceof DomainError) return badRequest(e.message);
    throw e;
  }
}

/** `DELETE /v2.0/ports/{id}`: 204. */
async function remove(ctx: RequestContext, id: string, kv: Deno.Kv): Promise<Response> {
  try {
    await deletePortEverywhere(kv, id, (p) => ctx.isAdmin || p.project_id === ctx.projectId);
  } catch (e) {
    if (e instanceof PortNotFound) {
      return neutronError(404, "PortNotFound", `Port ${id} could not be found.`);
    }
    throw e;
  }
  return new Response(null, { status: 204 });
}

/** Whether a request is one of the port writes (`parts`: the path after `/v2.0`). */
export function isPortWrite(method: string, parts: readonly string[]): boolean {
  if (parts[0] !== "ports") return false;
  return (method === "POST" && parts.length === 1) || (method === "DELETE" && parts.length === 2);
}

/** Serve a request {@link isPortWrite} accepted. */
export async function portWrite(
  request: Request,
  ctx: RequestContext,
  parts: readonly string[],
  catalog: NetworkCatalog,
  kv: Deno.Kv,
): Promise<Response> {
  return request.method === "POST"
    ? await create(request, ctx, catalog, kv)
    : await remove(ctx, parts[1], kv);
}
