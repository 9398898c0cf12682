/**
 * Request body schemas of the block storage subset, after Cinder's (`cinder/api/schemas`).
 *
 * @module
 */
import type { SchemaObject } from "../validation/types.ts";

const nameOrNull: SchemaObject = { type: ["string", "null"], maxLength: 255 };
const uuidOrNull: SchemaObject = { oneOf: [{ type: "null" }, { type: "string", format: "uuid" }] };

const BOOLEAN_WORDS = [
  true,
  "True",
  "TRUE",
  "true",
  "1",
  "ON",
  "On",
  "on",
  "YES",
  "Yes",
  "yes",
  "y",
  "t",
  false,
  "False",
  "FALSE",
  "false",
  "0",
  "OFF",
  "Off",
  "off",
  "NO",
  "No",
  "no",
  "n",
  "f",
];

/** Cinder's `boolean`. */
const boolean: SchemaObject = { type: ["boolean", "string"], enum: BOOLEAN_WORDS };

/** Cinder's `extra_specs` (metadata): string keys and values of at most 255 characters. */
const metadata: SchemaObject = {
  type: "object",
  patternProperties: {
    "^[a-zA-Z0-9-_:. /]{1,255}$": { type: "string", maxLength: 255 },
  },
  additionalProperties: false,
};

/** `POST /volumes`. */
export const createVolume: SchemaObject = {
  type: "object",
  properties: {
    volume: {
      type: "object",
      properties: {
        name: nameOrNull,
        description: nameOrNull,
        display_name: nameOrNull,
        display_description: nameOrNull,
        volume_type: nameOrNull,
        metadata: { ...metadata, type: ["object", "null"] },
        snapshot_id: uuidOrNull,
        source_volid: uuidOrNull,
        consistencygroup_id: uuidOrNull,
        size: { type: ["integer", "string", "null"], pattern: "^[0-9]+$", minimum: 1 },
        availability_zone: { type: ["string", "null"], minLength: 1, maxLength: 255 },
        multiattach: { oneOf: [{ type: "null" }, boolean] },
        image_id: nameOrNull,
        imageRef: nameOrNull,
      },
      additionalProperties: true,
    },
    "OS-SCH-HNT:scheduler_hints": { type: ["object", "null"] },
  },
  required: ["volume"],
  additionalProperties: false,
};

/** `PUT /volumes/{id}`. */
export const updateVolume: SchemaObject = {
  type: "object",
  properties: {
    volume: {
      type: "object",
      properties: {
        name: nameOrNull,
        description: nameOrNull,
        display_name: nameOrNull,
        display_description: nameOrNull,
        metadata,
      },
      additionalProperties: false,
    },
  },
  required: ["volume"],
  additionalProperties: false,
};

/** `POST /snapshots`. */
export const createSnapshot: SchemaObject = {
  type: "object",
  properties: {
    snapshot: {
      type: "object",
      properties: {
        name: nameOrNull,
        description: nameOrNull,
        display_name: nameOrNull,
        display_description: nameOrNull,
        volume_id: { type: "string", format: "uuid" },
        force: boolean,
        metadata: { ...metadata, type: ["object", "null"] },
      },
      required: ["volume_id"],
      additionalProperties: true,
    },
  },
  required: ["snapshot"],
  additionalProperties: false,
};

/** `PUT /snapshots/{id}`. */
export const updateSnapshot: SchemaObject = {
  type: "object",
  properties: {
    snapshot: {
      type: "object",
      properties: {
        name: nameOrNull,
        description: nameOrNull,
        display_name: nameOrNull,
        display_description: nameOrNull,
      },
      additionalProperties: false,
    },
  },
  required: ["snapshot"],
  additionalProperties: false,
};

/** `POST /volumes/{id}/action` with `os-set_bootable`. */
export const setBootable: SchemaObject = {
  type: "object",
  properties: {
    "os-set_bootable": {
      type: "object",
      properties: { bootable: boolean },
      required: ["bootable"],
      additionalProperties: false,
    },
  },
  required: ["os-set_bootable"],
  additionalProperties: false,
};

/** Whether a Cinder boolean word means true. */
export function isTrue(value: unknown): boolean {
  return value === true ||
    (typeof value === "string" &&
      ["true", "1", "on", "yes", "y", "t"].includes(value.toLowerCase()));
}
