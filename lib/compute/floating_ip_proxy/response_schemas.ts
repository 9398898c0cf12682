/**
 * Response schemas of the `/os-floating-ips` proxy (Nova's `*_response` in
 * `schemas/floating_ips.py`).
 *
 * @module
 */
import { NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const IP: SchemaObject = { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] };
const FLOATING_IP = object({
  fixed_ip: { type: ["string", "null"], ...IP },
  id: { type: "string", format: "uuid" },
  instance_id: { type: ["string", "null"], format: "uuid" },
  ip: { type: "string", ...IP },
  pool: { type: "string" },
});

/** `GET /os-floating-ips`. */
export const LIST_FLOATING_IPS_RESPONSE: SchemaObject = wrap("floating_ips", {
  type: "array",
  items: FLOATING_IP,
});
/** `GET /os-floating-ips/{id}` and `POST /os-floating-ips`. */
export const SHOW_FLOATING_IP_RESPONSE: SchemaObject = wrap("floating_ip", FLOATING_IP);
/** `DELETE /os-floating-ips/{id}`. */
export const DELETE_FLOATING_IP_RESPONSE: SchemaObject = NULL_RESPONSE;
