/**
 * Response schemas of `/os-assisted-volume-snapshots` (Nova's `*_response` in
 * `schemas/assisted_volume_snapshots.py`).
 *
 * @module
 */
import { NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

/** `POST /os-assisted-volume-snapshots`. */
export const CREATE_ASSISTED_SNAPSHOT_RESPONSE: SchemaObject = wrap(
  "snapshot",
  object({
    id: { type: ["null", "string"], format: "uuid" },
    volumeId: { type: "string", format: "uuid" },
  }),
);
/** `DELETE /os-assisted-volume-snapshots/{id}`. */
export const DELETE_ASSISTED_SNAPSHOT_RESPONSE: SchemaObject = NULL_RESPONSE;
