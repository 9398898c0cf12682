/**
 * Request schemas of `/os-aggregates` (Nova's `schemas/aggregates.py` and
 * `schemas/aggregate_images.py`).
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import type { SchemaObject } from "../../validation/types.ts";
import {
  azName,
  fqdn,
  imageId,
  metadataWithNull,
  name,
  nameWithLeadingTrailingSpaces,
} from "../../validation/parameter_types.ts";

const zone: SchemaObject = { oneOf: [azName, { type: "null" }] };

/** `POST /os-aggregates`: a name and an optional zone. */
export const CREATE: SchemaObject = {
  type: "object",
  properties: {
    aggregate: {
      type: "object",
      properties: { name, availability_zone: zone },
      required: ["name"],
      additionalProperties: false,
    },
  },
  required: ["aggregate"],
  additionalProperties: false,
};

/** `PUT /os-aggregates/{id}`: a name, a zone, or both. */
export const UPDATE: SchemaObject = {
  type: "object",
  properties: {
    aggregate: {
      type: "object",
      properties: { name: nameWithLeadingTrailingSpaces, availability_zone: zone },
      additionalProperties: false,
      anyOf: [{ required: ["name"] }, { required: ["availability_zone"] }],
    },
  },
  required: ["aggregate"],
  additionalProperties: false,
};

function hostAction(key: string): SchemaObject {
  return {
    type: "object",
    properties: {
      [key]: {
        type: "object",
        properties: { host: fqdn },
        required: ["host"],
        additionalProperties: false,
      },
    },
    required: [key],
    additionalProperties: false,
  };
}

/** `add_host`. */
export const ADD_HOST: SchemaObject = hostAction("add_host");
/** `remove_host`. */
export const REMOVE_HOST: SchemaObject = hostAction("remove_host");

/** `set_metadata`: metadata whose null values remove keys. */
export const SET_METADATA: SchemaObject = {
  type: "object",
  properties: {
    set_metadata: {
      type: "object",
      properties: { metadata: metadataWithNull },
      required: ["metadata"],
      additionalProperties: false,
    },
  },
  required: ["set_metadata"],
  additionalProperties: false,
};

/** `POST /os-aggregates/{id}/images` (2.81): at least one image id. */
export const IMAGES: SchemaObject = {
  type: "object",
  properties: {
    cache: {
      type: ["array"],
      minItems: 1,
      items: {
        type: "object",
        properties: { id: imageId },
        additionalProperties: false,
        required: ["id"],
      },
    },
  },
  required: ["cache"],
  additionalProperties: false,
};

/** The list and show query: anything until 2.102, nothing from it. */
export const NO_PARAMS: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false }],
  ["2.1", { type: "object", properties: {}, additionalProperties: true }],
];
