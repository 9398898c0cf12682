/**
 * Response schemas of `/os-simple-tenant-usage` (Nova's `*_response` in
 * `schemas/simple_tenant_usage.py`): 2.40 adds paging links. Nova declares them from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { collectionLinks, dateTime, dateTimeOrNull, object, wrap } from "../response_types.ts";
import { projectId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const SERVER_USAGE = object({
  ended_at: dateTimeOrNull,
  flavor: { type: "string" },
  hours: { type: "number" },
  instance_id: { type: "string", format: "uuid" },
  local_gb: { type: "integer", minimum: 0 },
  memory_mb: { type: "integer", minimum: 1 },
  name: { type: "string" },
  started_at: dateTime,
  state: {
    type: "string",
    enum: [
      "active",
      "building",
      "error",
      "paused",
      "rescued",
      "resized",
      "shelved",
      "shelved_offloaded",
      "stopped",
      "suspended",
      "terminated",
    ],
  },
  tenant_id: projectId,
  uptime: { type: "integer", minimum: 0 },
  vcpus: { type: "integer", minimum: 1 },
}, [
  "ended_at",
  "flavor",
  "hours",
  "instance_id",
  "name",
  "state",
  "started_at",
  "tenant_id",
  "uptime",
]);

const TOTAL: SchemaObject = { type: "number", minimum: 0 };
const USAGE_FIELDS = {
  server_usages: { type: "array", items: SERVER_USAGE },
  start: dateTime,
  stop: dateTime,
  tenant_id: projectId,
  total_hours: TOTAL,
  total_local_gb_usage: TOTAL,
  total_memory_mb_usage: TOTAL,
  total_vcpus_usage: TOTAL,
} as const satisfies Record<string, SchemaObject>;
const TOTALS = [
  "start",
  "stop",
  "tenant_id",
  "total_hours",
  "total_local_gb_usage",
  "total_memory_mb_usage",
  "total_vcpus_usage",
];

const LISTED = wrap("tenant_usages", { type: "array", items: object({ ...USAGE_FIELDS }, TOTALS) });

/** `GET /os-simple-tenant-usage`. */
export const LIST_USAGE_RESPONSE: VersionedSchema = [
  ["2.40", {
    ...LISTED,
    properties: { ...LISTED.properties, tenant_usages_links: collectionLinks },
  }],
  ["2.1", LISTED],
];

// One project's usage, or `{}` when it had none in the period.
const SHOWN = wrap("tenant_usage", {
  oneOf: [
    object({ ...USAGE_FIELDS }, [...TOTALS, "server_usages"]),
    { type: "object", properties: {}, required: [], additionalProperties: false },
  ],
});

/** `GET /os-simple-tenant-usage/{tenant_id}`. */
export const SHOW_USAGE_RESPONSE: VersionedSchema = [
  ["2.40", { ...SHOWN, properties: { ...SHOWN.properties, tenant_usage_links: collectionLinks } }],
  ["2.1", SHOWN],
];
