/**
 * The request schemas of `/servers/{id}/os-volume_attachments` (Nova's
 * `schemas/volume_attachments.py`): the list query, attach bodies (2.49 `tag`, 2.79
 * `delete_on_termination`) and update bodies (2.85 echoes the attachment's fields).
 *
 * @module
 */
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { multiParams, nonNegativeInteger, volumeId, tag, boolean, serverId, attachmentId } =
  parameterTypes;

/** `limit` and `offset`; anything else passes (Nova keeps that up to 2.74). */
export const INDEX_QUERY: SchemaObject = {
  type: "object",
  properties: {
    limit: multiParams(nonNegativeInteger),
    offset: multiParams(nonNegativeInteger),
  },
  additionalProperties: true,
};

/** From 2.75 unknown query parameters are refused. */
export const INDEX_QUERY_V275: SchemaObject = { ...INDEX_QUERY, additionalProperties: false };

/** Show accepts any query (Nova applies only the permissive `show_query`). */
export const SHOW_QUERY: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: true,
};

/** Nova's `match_device` pattern for a device path. */
const DEVICE: SchemaObject = {
  type: ["string", "null"],
  pattern: "(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$",
};

function attachBody(extra: Record<string, SchemaObject>, withDevice = true): SchemaObject {
  return {
    type: "object",
    properties: {
      volumeAttachment: {
        type: "object",
        properties: {
          volumeId,
          ...(withDevice ? { device: DEVICE } : {}),
          ...extra,
        },
        required: ["volumeId"],
        additionalProperties: false,
      },
    },
    required: ["volumeAttachment"],
    additionalProperties: false,
  };
}

/** Attach, 2.1-2.48. */
export const CREATE: SchemaObject = attachBody({});
/** Attach, 2.49-2.78: a device `tag`. */
export const CREATE_V249: SchemaObject = attachBody({ tag });
/** Attach, 2.79 on: `delete_on_termination`. */
export const CREATE_V279: SchemaObject = attachBody({ tag, delete_on_termination: boolean });

/** Update (swap), 2.1-2.84: only `volumeId`. */
export const UPDATE: SchemaObject = attachBody({}, false);

/** Update, 2.85 on: the attachment's fields may be echoed; only some may change. */
export const UPDATE_V285: SchemaObject = attachBody({
  tag,
  delete_on_termination: boolean,
  serverId,
  id: attachmentId,
});
