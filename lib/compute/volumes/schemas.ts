/**
 * Schemas of Nova's volume and snapshot proxies (`nova/api/openstack/compute/schemas/volumes.py`
 * and `snapshots.py`), up to 2.35 where they end.
 *
 * @module
 */
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { multiParams, nonNegativeInteger, boolean } = parameterTypes;

/** `POST /os-volumes`. */
export const createVolume: SchemaObject = {
  type: "object",
  properties: {
    volume: {
      type: "object",
      properties: {
        volume_type: { type: "string" },
        metadata: { type: "object", properties: {}, additionalProperties: true },
        snapshot_id: { type: "string" },
        size: { type: ["integer", "string"], pattern: "^[0-9]+$", minimum: 1 },
        availability_zone: { type: "string" },
        display_name: { type: "string" },
        display_description: { type: "string" },
      },
      required: ["size"],
      additionalProperties: false,
    },
  },
  required: ["volume"],
  additionalProperties: false,
};

/** `POST /os-snapshots`. */
export const createSnapshot: SchemaObject = {
  type: "object",
  properties: {
    snapshot: {
      type: "object",
      properties: {
        volume_id: { type: "string" },
        force: boolean,
        display_name: { type: "string" },
        display_description: { type: "string" },
      },
      required: ["volume_id"],
      additionalProperties: false,
    },
  },
  required: ["snapshot"],
  additionalProperties: false,
};

/** The list queries: `limit` and `offset` are non-negative integers; anything else goes. */
export const indexQuery: SchemaObject = {
  type: "object",
  properties: {
    limit: multiParams(nonNegativeInteger),
    offset: multiParams(nonNegativeInteger),
  },
  additionalProperties: true,
};

/** The show queries: anything goes (up to 2.35). */
export const showQuery: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: true,
};
