/**
 * Response schema of `POST /os-server-external-events` (Nova's `create_response*` in
 * `schemas/server_external_events.py`): each microversion that adds an event name widens it.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const NAMES = [
  "network-changed",
  "network-vif-plugged",
  "network-vif-unplugged",
  "network-vif-deleted",
];

function events(names: string[]): SchemaObject {
  return wrap("events", {
    type: "array",
    items: object({
      code: { type: "integer", enum: [200, 400, 404, 422] },
      name: { type: "string", enum: names },
      server_uuid: { type: "string", format: "uuid" },
      status: { type: "string", enum: ["failed", "completed", "in-progress"] },
      tag: { type: "string", maxLength: 255 },
    }, ["code", "name", "server_uuid", "status"]),
  });
}

/** `POST /os-server-external-events`. */
export const CREATE_EVENTS_RESPONSE: VersionedSchema = [
  [
    "2.93",
    events([
      ...NAMES,
      "volume-extended",
      "power-update",
      "accelerator-request-bound",
      "volume-reimaged",
    ]),
  ],
  ["2.82", events([...NAMES, "volume-extended", "power-update", "accelerator-request-bound"])],
  ["2.76", events([...NAMES, "volume-extended", "power-update"])],
  ["2.51", events([...NAMES, "volume-extended"])],
  ["2.0", events(NAMES)],
];
