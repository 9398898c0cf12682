/**
 * Response schemas of `/os-services` (Nova's `*_response` in `schemas/services.py`): 2.11 adds
 * `forced_down`, 2.53 uuid ids, 2.69 the down-cell form (only binary, host and status required).
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { dateTimeOrNull, edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const STRING: SchemaObject = { type: "string" };
const REASON: SchemaObject = { type: ["string", "null"] };
const STATUS: SchemaObject = { type: "string", enum: ["enabled", "disabled"] };

const SERVICE = object({
  binary: STRING,
  disabled_reason: REASON,
  host: STRING,
  id: { type: "integer" },
  state: { type: "string", enum: ["up", "down"] },
  status: STATUS,
  updated_at: dateTimeOrNull,
  zone: STRING,
});
const SERVICE_211 = edit(SERVICE, [], {
  set: { forced_down: { type: "boolean" } },
  require: ["forced_down"],
});
const SERVICE_253 = edit(SERVICE_211, [], { set: { id: { type: "string", format: "uuid" } } });
const SERVICE_269: SchemaObject = {
  ...edit(SERVICE_253, [], {
    set: { status: { type: "string", enum: ["enabled", "disabled", "UNKNOWN"] } },
  }),
  required: ["binary", "host", "status"],
};

const listed = (s: SchemaObject) => wrap("services", { type: "array", items: s });

/** `GET /os-services`. */
export const LIST_SERVICES_RESPONSE: VersionedSchema = [
  ["2.69", listed(SERVICE_269)],
  ["2.53", listed(SERVICE_253)],
  ["2.11", listed(SERVICE_211)],
  ["2.0", listed(SERVICE)],
];

const FORCED_DOWN = { set: { forced_down: { type: "boolean" } } } as const;

/** `PUT /os-services/{action or id}`. */
export const UPDATE_SERVICE_RESPONSE: VersionedSchema = [
  ["2.69", wrap("service", edit(SERVICE_269, [], FORCED_DOWN))],
  ["2.53", wrap("service", edit(SERVICE_253, [], FORCED_DOWN))],
  [
    "2.0",
    wrap("service", {
      type: "object",
      oneOf: [
        {
          properties: { binary: STRING, disabled_reason: REASON, host: STRING, status: STATUS },
          required: ["binary", "host", "status"],
          additionalProperties: false,
        },
        {
          properties: { binary: STRING, forced_down: { type: "boolean" }, host: STRING },
          required: ["binary", "forced_down", "host"],
          additionalProperties: false,
        },
      ],
    }),
  ],
];

/** `DELETE /os-services/{id}`. */
export const DELETE_SERVICE_RESPONSE: SchemaObject = NULL_RESPONSE;
