/**
 * The floating IP actions of `POST /servers/{id}/action` (Nova's `FloatingIPActionController`, up
 * to 2.43). The Neutron subset this port serves has no floating IPs, so every address is one
 * Neutron does not know: `addFloatingIp` answers Nova's 400s for a server whose addresses cannot
 * take one, then its 404 "floating IP not found"; `removeFloatingIp` looks the address up before
 * anything else (server, policy) and answers Nova's 404 for an unknown floating address.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { ipAddress } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

/** `addFloatingIp`: `address` and an optional `fixed_address`, both IP addresses. */
export const ADD_FLOATING_IP: SchemaObject = {
  type: "object",
  properties: {
    addFloatingIp: {
      type: "object",
      properties: { address: ipAddress, fixed_address: ipAddress },
      required: ["address"],
      additionalProperties: false,
    },
  },
  required: ["addFloatingIp"],
  additionalProperties: false,
};

/** `removeFloatingIp`: `address`, an IP address. */
export const REMOVE_FLOATING_IP: SchemaObject = {
  type: "object",
  properties: {
    removeFloatingIp: {
      type: "object",
      properties: { address: ipAddress },
      required: ["address"],
      additionalProperties: false,
    },
  },
  required: ["removeFloatingIp"],
  additionalProperties: false,
};

const FIP = (name: string) => `os_compute_api:os-floating-ips:${name}`;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `addFloatingIp`: policy target the server's project. */
export async function addFloatingIp(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(FIP("add"), req.context, { project_id: instance.project_id });
  const body = (req.body as { addFloatingIp: { address: string; fixed_address?: string } })
    .addFloatingIp;
  // Nova reads the network info cache: one entry per port, its addresses in port order.
  if (instance.ports.length === 0) throw new NovaFault(400, "Instance network is not ready yet");
  const fixed = instance.ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address));
  if (fixed.length === 0) throw new NovaFault(400, "No fixed IPs associated to instance");
  if (body.fixed_address) {
    if (!fixed.includes(body.fixed_address)) {
      throw new NovaFault(400, "Specified fixed address not assigned to instance");
    }
  } else if (!fixed.some((ip) => IPV4.test(ip))) {
    throw new NovaFault(
      400,
      `Unable to associate floating IP ${body.address} to any fixed IPs for instance ` +
        `${req.params.id}. Instance has no fixed IPv4 addresses to associate.`,
    );
  }
  // Neutron finds the port of the fixed address, then no floating IP with this address.
  throw new NovaFault(404, "floating IP not found");
}

/** `removeFloatingIp`: the floating address is looked up first, and Neutron has none. */
export function removeFloatingIp(req: ApiRequest): Response {
  const address = (req.body as { removeFloatingIp: { address: string } }).removeFloatingIp.address;
  throw new NovaFault(404, `Floating IP not found for address ${address}.`);
}

/** The rows of the floating IP actions (2.1-2.43). */
export const FLOATING_IP_ACTION_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "addFloatingIp",
    response: NO_BODY_RESPONSE,
    max: "2.43",
    body: ADD_FLOATING_IP,
    handler: addFloatingIp,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "removeFloatingIp",
    response: NO_BODY_RESPONSE,
    max: "2.43",
    body: REMOVE_FLOATING_IP,
    handler: removeFloatingIp,
  },
];
