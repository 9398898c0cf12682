/**
 * Response schemas of `/servers/{id}/os-interface` (Nova's `*_response` in
 * `schemas/attach_interfaces.py`): 2.70 adds the tag. Nova declares them from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const UUID: SchemaObject = { type: "string", format: "uuid" };
const ATTACHMENT = object({
  fixed_ips: {
    type: ["null", "array"],
    items: object({
      ip_address: { type: "string", anyOf: [{ format: "ipv4" }, { format: "ipv6" }] },
      subnet_id: UUID,
    }),
  },
  mac_addr: { type: "string", format: "mac-address" },
  net_id: UUID,
  port_id: UUID,
  port_state: { type: "string" },
});
const ATTACHMENT_270 = edit(ATTACHMENT, [], {
  set: { tag: { type: ["null", "string"] } },
  require: ["tag"],
});

/** `GET /servers/{id}/os-interface`. */
export const LIST_INTERFACES_RESPONSE: VersionedSchema = [
  ["2.70", wrap("interfaceAttachments", { type: "array", items: ATTACHMENT_270 })],
  ["2.1", wrap("interfaceAttachments", { type: "array", items: ATTACHMENT })],
];
/** `GET /servers/{id}/os-interface/{port_id}` and `POST /servers/{id}/os-interface`. */
export const SHOW_INTERFACE_RESPONSE: VersionedSchema = [
  ["2.70", wrap("interfaceAttachment", ATTACHMENT_270)],
  ["2.1", wrap("interfaceAttachment", ATTACHMENT)],
];
/** `DELETE /servers/{id}/os-interface/{port_id}`. */
export const DELETE_INTERFACE_RESPONSE: SchemaObject = NULL_RESPONSE;
