/**
 * Response schemas of `/servers/{id}/os-volume_attachments` (Nova's `*_response` in
 * `schemas/volume_attachments.py`): 2.70 adds the tag, 2.79 delete_on_termination, 2.89 the
 * attachment and BDM ids instead of `id`; an attach answers with no body from 2.101.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import {
  attachmentId,
  boolean,
  serverId,
  tag,
  volumeId,
} from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const ATTACHMENT = object({
  id: volumeId,
  device: { type: ["string", "null"], pattern: "(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$" },
  serverId,
  volumeId,
}, ["id", "serverId", "volumeId"]);
const ATTACHMENT_270 = edit(ATTACHMENT, [], {
  set: { tag: { oneOf: [tag, { type: "null" }] } },
  require: ["tag"],
});
const ATTACHMENT_279 = edit(ATTACHMENT_270, [], {
  set: { delete_on_termination: boolean },
  require: ["delete_on_termination"],
});
const ATTACHMENT_289 = edit(ATTACHMENT_279, [], {
  remove: ["id"],
  set: { attachment_id: attachmentId, bdm_uuid: { type: "string", format: "uuid" } },
  require: ["attachment_id", "bdm_uuid"],
});

const one = (a: SchemaObject) => wrap("volumeAttachment", a);
const DEVICE = { require: ["device"] } as const;

/** `GET /servers/{id}/os-volume_attachments`. */
export const LIST_ATTACHMENTS_RESPONSE: VersionedSchema = [
  ["2.89", wrap("volumeAttachments", { type: "array", items: ATTACHMENT_289 })],
  ["2.79", wrap("volumeAttachments", { type: "array", items: ATTACHMENT_279 })],
  ["2.70", wrap("volumeAttachments", { type: "array", items: ATTACHMENT_270 })],
  ["2.0", wrap("volumeAttachments", { type: "array", items: ATTACHMENT })],
];

/** `GET /servers/{id}/os-volume_attachments/{volume_id}`. */
export const SHOW_ATTACHMENT_RESPONSE: VersionedSchema = [
  ["2.89", one(ATTACHMENT_289)],
  ["2.79", one(ATTACHMENT_279)],
  ["2.70", one(ATTACHMENT_270)],
  ["2.0", one(ATTACHMENT)],
];

/** `POST /servers/{id}/os-volume_attachments`: the device is known from 2.70; no body from 2.101. */
export const CREATE_ATTACHMENT_RESPONSE: VersionedSchema = [
  ["2.101", NULL_RESPONSE],
  ["2.79", one(edit(ATTACHMENT_279, [], DEVICE))],
  ["2.70", one(edit(ATTACHMENT_270, [], DEVICE))],
  ["2.0", one(ATTACHMENT)],
];

/** Swap (`PUT`) and detach (`DELETE`). */
export const NO_BODY_RESPONSE: SchemaObject = NULL_RESPONSE;
