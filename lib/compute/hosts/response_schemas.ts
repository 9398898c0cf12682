/**
 * Response schemas of `/os-hosts` (Nova's `*_response` in `schemas/hosts.py`).
 *
 * @module
 */
import { object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const STRING: SchemaObject = { type: "string" };

/** `GET /os-hosts`. */
export const LIST_HOSTS_RESPONSE: SchemaObject = wrap("hosts", {
  type: "array",
  items: object({ host_name: STRING, service: STRING, zone: STRING }),
});

/** `GET /os-hosts/{id}`: one resource row per total, used-now, used-max and project. */
export const SHOW_HOST_RESPONSE: SchemaObject = wrap("host", {
  type: "array",
  items: object({
    resource: object({
      cpu: { type: "integer" },
      disk_gb: { type: "integer" },
      host: STRING,
      memory_mb: { type: "integer" },
      project: STRING,
    }),
  }),
});

/** `PUT /os-hosts/{id}`. */
export const UPDATE_HOST_RESPONSE: SchemaObject = object({
  host: STRING,
  maintenance_mode: { enum: ["on_maintenance", "off_maintenance"] },
  status: { enum: ["enabled", "disabled"] },
}, ["host"]);

/** `GET /os-hosts/{id}/startup|shutdown|reboot`. */
export const POWER_ACTION_RESPONSE: SchemaObject = object({ host: STRING, power_action: {} });
