/**
 * The query schemas of `/os-hypervisors` (Nova's `schemas/hypervisors.py`): 2.33 adds `limit` and
 * `marker` to the lists, 2.53 adds `hypervisor_hostname_pattern` and `with_servers` and refuses
 * other parameters (on show too, which then takes `with_servers`).
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import type { SchemaObject } from "../../validation/types.ts";
import {
  boolean,
  fqdn,
  multiParams,
  nonNegativeInteger,
  singleParam,
} from "../../validation/parameter_types.ts";

const LOOSE: SchemaObject = { type: "object", properties: {}, additionalProperties: true };

/** The list and detail query by microversion. */
export const LIST_QUERY: VersionedSchema = [
  ["2.53", {
    type: "object",
    properties: {
      limit: singleParam(nonNegativeInteger),
      marker: singleParam({ type: "string" }),
      hypervisor_hostname_pattern: singleParam(fqdn),
      with_servers: singleParam(boolean),
    },
    additionalProperties: false,
  }],
  ["2.33", {
    type: "object",
    properties: {
      limit: multiParams(nonNegativeInteger),
      marker: multiParams({ type: "string" }),
    },
    additionalProperties: true,
  }],
  ["2.1", LOOSE],
];

/** The show query by microversion. */
export const SHOW_QUERY: VersionedSchema = [
  ["2.53", {
    type: "object",
    properties: { with_servers: singleParam(boolean) },
    additionalProperties: false,
  }],
  ["2.1", LOOSE],
];
