/**
 * The request schemas of `/os-hosts` (Nova's `schemas/hosts.py`): the update body turns the
 * host's `status` and/or `maintenance_mode` on or off (at least one; three spellings of each
 * word), the list takes a `zone` filter and keeps any other query parameter (Nova left it open
 * when it deprecated the API).
 *
 * @module
 */
import type { SchemaObject } from "../../validation/types.ts";
import { multiParams } from "../../validation/parameter_types.ts";

const ON_OFF: SchemaObject = {
  type: "string",
  enum: ["enable", "disable", "Enable", "Disable", "ENABLE", "DISABLE"],
};

/** `PUT /os-hosts/{host_name}`. */
export const UPDATE_BODY: SchemaObject = {
  type: "object",
  properties: { status: ON_OFF, maintenance_mode: ON_OFF },
  anyOf: [{ required: ["status"] }, { required: ["maintenance_mode"] }],
  additionalProperties: false,
};

/** `GET /os-hosts`. */
export const INDEX_QUERY: SchemaObject = {
  type: "object",
  properties: { zone: multiParams({ type: "string" }) },
  additionalProperties: true,
};
