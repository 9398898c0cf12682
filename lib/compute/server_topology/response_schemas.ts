/**
 * Response schema of `GET /servers/{id}/topology` (Nova's `index_response` in
 * `schemas/server_topology.py`).
 *
 * @module
 */
import { object } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const INTS: SchemaObject = { type: "array", items: { type: "integer" } };

/** `GET /servers/{id}/topology` (2.78+). */
export const TOPOLOGY_RESPONSE: SchemaObject = object({
  nodes: {
    type: "array",
    items: object({
      cpu_pinning: {
        type: "object",
        patternProperties: { "^[0-9]+$": { type: "integer" } },
        additionalProperties: false,
      },
      host_node: { type: "integer" },
      memory_mb: { type: "integer" },
      siblings: { type: "array", items: INTS },
      vcpu_set: INTS,
    }, ["memory_mb", "siblings", "vcpu_set"]),
  },
  pagesize_kb: { type: ["integer", "null"] },
});
