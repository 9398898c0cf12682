/**
 * The request schema of `POST /os-server-external-events` (Nova's
 * `schemas/server_external_events.py`): a non-empty list of events, each naming a server by uuid
 * and an event Nova knows at the request's microversion (`volume-extended` from 2.51,
 * `power-update` from 2.76, `accelerator-request-bound` from 2.82, `volume-reimaged` from 2.93),
 * with an optional status and tag (at most 255 characters).
 *
 * @module
 */
import { EXTERNAL_EVENT_NAMES, EXTERNAL_EVENT_STATUSES } from "../../instances/external_events.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { VersionedSchema } from "../route.ts";

function create(names: number): SchemaObject {
  return {
    type: "object",
    properties: {
      events: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          properties: {
            name: { type: "string", enum: EXTERNAL_EVENT_NAMES.slice(0, names) },
            server_uuid: { type: "string", format: "uuid" },
            status: { type: "string", enum: [...EXTERNAL_EVENT_STATUSES] },
            tag: { type: "string", maxLength: 255 },
          },
          required: ["name", "server_uuid"],
          additionalProperties: false,
        },
      },
    },
    required: ["events"],
    additionalProperties: false,
  };
}

/** The body by microversion: each range adds one event name. */
export const CREATE_BODY: VersionedSchema = [
  ["2.93", create(8)],
  ["2.82", create(7)],
  ["2.76", create(6)],
  ["2.51", create(5)],
  ["2.1", create(4)],
];
