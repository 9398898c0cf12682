/**
 * Response schemas of `/os-availability-zone` (Nova's `*_response` in
 * `schemas/availability_zone.py`).
 *
 * @module
 */
import { dateTimeOrNull, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const zones = (hosts: SchemaObject) =>
  wrap("availabilityZoneInfo", {
    type: "array",
    items: object({
      hosts,
      zoneName: { type: "string" },
      zoneState: { type: "object", properties: { available: { type: "boolean" } } },
    }),
  });

/** `GET /os-availability-zone`: no hosts. */
export const LIST_ZONES_RESPONSE: SchemaObject = zones({ type: "null" });

/** `GET /os-availability-zone/detail`: each zone's hosts and their services. */
export const DETAIL_ZONES_RESPONSE: SchemaObject = zones({
  type: ["null", "object"],
  patternProperties: {
    "^.+$": {
      type: "object",
      patternProperties: {
        "^.+$": object({
          active: { type: "boolean" },
          available: { type: "boolean" },
          updated_at: dateTimeOrNull,
        }),
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
});
