/**
 * Response schemas of `/os-hypervisors` (Nova's `*_response` in `schemas/hypervisors.py`):
 * 2.28 makes cpu_info an object, 2.33 adds paging links, 2.53 uuid ids and embedded servers,
 * 2.88 drops the resource columns for uptime. Nova declares them from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { collectionLinks, edit, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const INT: SchemaObject = { type: "integer" };
const INT_OR_NULL: SchemaObject = { type: ["null", "integer"] };
const UUID: SchemaObject = { type: "string", format: "uuid" };
const UPTIME: SchemaObject = { type: ["string", "null"] };
const SERVERS: SchemaObject = {
  type: "array",
  items: object({ name: { type: "string" }, uuid: UUID }),
};

const BRIEF = object({
  id: INT,
  hypervisor_hostname: { type: "string" },
  state: { enum: ["up", "down"] },
  status: { enum: ["enabled", "disabled"] },
});
const BRIEF_253 = edit(BRIEF, [], { set: { id: UUID, servers: SERVERS } });

const DETAIL = object({
  cpu_info: { type: "string" },
  current_workload: INT_OR_NULL,
  disk_available_least: INT_OR_NULL,
  free_disk_gb: INT_OR_NULL,
  free_ram_mb: INT_OR_NULL,
  host_ip: { type: ["null", "string"] },
  hypervisor_hostname: { type: "string" },
  hypervisor_type: { type: "string" },
  hypervisor_version: { type: ["string", "integer"] },
  id: INT,
  local_gb: INT,
  local_gb_used: INT,
  memory_mb: INT,
  memory_mb_used: INT,
  running_vms: INT_OR_NULL,
  service: object({
    disabled_reason: { type: ["null", "string"] },
    host: { type: "string" },
    id: INT,
  }),
  state: { enum: ["up", "down"] },
  status: { enum: ["enabled", "disabled"] },
  vcpus: INT,
  vcpus_used: INT,
}, [
  "cpu_info",
  "current_workload",
  "free_disk_gb",
  "free_ram_mb",
  "host_ip",
  "hypervisor_hostname",
  "hypervisor_type",
  "hypervisor_version",
  "id",
  "local_gb",
  "local_gb_used",
  "memory_mb",
  "memory_mb_used",
  "running_vms",
  "service",
  "state",
  "status",
  "vcpus",
  "vcpus_used",
]);
const DETAIL_228 = edit(DETAIL, [], {
  set: { cpu_info: { type: "object", properties: {}, required: [], additionalProperties: true } },
});
const DETAIL_253 = edit(
  edit(DETAIL_228, [], { set: { id: UUID, servers: SERVERS } }),
  ["service"],
  {
    set: { id: UUID },
  },
);
const DETAIL_288 = edit(DETAIL_253, [], {
  remove: [
    "cpu_info",
    "current_workload",
    "free_disk_gb",
    "free_ram_mb",
    "local_gb",
    "local_gb_used",
    "memory_mb",
    "memory_mb_used",
    "running_vms",
    "vcpus",
    "vcpus_used",
  ],
  set: { uptime: UPTIME },
  require: ["uptime"],
});

const list = (item: SchemaObject, links: boolean) =>
  wrap(
    "hypervisors",
    { type: "array", items: item },
    links ? { hypervisors_links: collectionLinks } : {},
  );

/** `GET /os-hypervisors`. */
export const LIST_HYPERVISORS_RESPONSE: VersionedSchema = [
  ["2.53", list(BRIEF_253, true)],
  ["2.33", list(BRIEF, true)],
  ["2.1", list(BRIEF, false)],
];

/** `GET /os-hypervisors/detail`. */
export const DETAIL_HYPERVISORS_RESPONSE: VersionedSchema = [
  ["2.88", list(DETAIL_288, true)],
  ["2.53", list(DETAIL_253, true)],
  ["2.33", list(DETAIL_228, true)],
  ["2.28", list(DETAIL_228, false)],
  ["2.1", list(DETAIL, false)],
];

/** `GET /os-hypervisors/{id}`. */
export const SHOW_HYPERVISOR_RESPONSE: VersionedSchema = [
  ["2.88", wrap("hypervisor", DETAIL_288)],
  ["2.53", wrap("hypervisor", DETAIL_253)],
  ["2.28", wrap("hypervisor", DETAIL_228)],
  ["2.1", wrap("hypervisor", DETAIL)],
];

const WITH_UPTIME = { set: { uptime: UPTIME }, require: ["uptime"] } as const;

/** `GET /os-hypervisors/{id}/uptime` (to 2.87). */
export const UPTIME_RESPONSE: VersionedSchema = [
  ["2.53", wrap("hypervisor", edit(BRIEF_253, [], WITH_UPTIME))],
  ["2.1", wrap("hypervisor", edit(BRIEF, [], WITH_UPTIME))],
];

/** `GET /os-hypervisors/{pattern}/search` (to 2.52). */
export const SEARCH_RESPONSE: VersionedSchema = [["2.1", list(BRIEF, false)]];

/** `GET /os-hypervisors/{pattern}/servers` (to 2.52). */
export const SERVERS_RESPONSE: VersionedSchema = [
  ["2.1", list(edit(BRIEF, [], { set: { servers: SERVERS } }), false)],
];

/** `GET /os-hypervisors/statistics` (to 2.87). */
export const STATISTICS_RESPONSE: VersionedSchema = [
  [
    "2.1",
    wrap(
      "hypervisor_statistics",
      object({
        count: INT,
        current_workload: INT_OR_NULL,
        disk_available_least: INT_OR_NULL,
        free_disk_gb: INT_OR_NULL,
        free_ram_mb: INT_OR_NULL,
        local_gb: INT,
        local_gb_used: INT,
        memory_mb: INT,
        memory_mb_used: INT,
        running_vms: INT_OR_NULL,
        vcpus: INT,
        vcpus_used: INT,
      }),
    ),
  ],
];
