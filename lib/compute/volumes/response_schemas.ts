/**
 * Response schemas of the `os-volumes` and `os-snapshots` proxies (Nova's `*_response` in
 * `schemas/volumes.py` and `schemas/snapshots.py`).
 *
 * @module
 */
import { dateTime, metadata, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const UUID: SchemaObject = { type: "string", format: "uuid" };
const TEXT: SchemaObject = { type: ["string", "null"] };

const VOLUME = object({
  // Attachments, or Nova's one empty object for a volume attached nowhere.
  attachments: {
    type: "array",
    oneOf: [
      {
        items: object({ id: UUID, device: { type: "string" }, serverId: UUID, volumeId: UUID }, [
          "id",
          "serverId",
          "volumeId",
        ]),
      },
      {
        prefixItems: [{
          type: "object",
          properties: {},
          required: [],
          additionalProperties: false,
        }],
      },
    ],
    additionalItems: false,
  },
  availabilityZone: TEXT,
  createdAt: dateTime,
  displayDescription: TEXT,
  displayName: TEXT,
  id: UUID,
  metadata,
  size: { type: "integer" },
  snapshotId: { oneOf: [UUID, { type: "null" }] },
  status: {
    type: "string",
    enum: [
      "creating",
      "available",
      "deleting",
      "error",
      "error_deleting",
      "attaching",
      "in-use",
      "detaching",
      "maintenance",
      "restoring-backup",
      "error_restoring",
      "reserved",
      "awaiting-transfer",
      "backing-up",
      "error_backing-up",
      "error_extending",
      "downloading",
      "uploading",
      "retyping",
      "extending",
    ],
  },
  volumeType: TEXT,
});

/** `GET /os-volumes/{id}` and `POST /os-volumes`. */
export const SHOW_VOLUME_RESPONSE: SchemaObject = wrap("volume", VOLUME);
/** `GET /os-volumes` and `GET /os-volumes/detail`. */
export const LIST_VOLUMES_RESPONSE: SchemaObject = wrap("volumes", {
  type: "array",
  items: VOLUME,
});

const SNAPSHOT = object({
  createdAt: dateTime,
  displayDescription: TEXT,
  displayName: TEXT,
  id: UUID,
  volumeId: UUID,
  size: { type: "integer" },
  status: {
    type: "string",
    enum: [
      "error",
      "available",
      "creating",
      "deleting",
      "deleted",
      "error_deleting",
      "unmanaging",
      "backing-up",
      "restoring",
    ],
  },
});

/** `GET /os-snapshots/{id}` and `POST /os-snapshots`. */
export const SHOW_SNAPSHOT_RESPONSE: SchemaObject = wrap("snapshot", SNAPSHOT);
/** `GET /os-snapshots` and `GET /os-snapshots/detail`. */
export const LIST_SNAPSHOTS_RESPONSE: SchemaObject = wrap("snapshots", {
  type: "array",
  items: SNAPSHOT,
});
/** Deletes. */
export const DELETE_RESPONSE: SchemaObject = NULL_RESPONSE;
