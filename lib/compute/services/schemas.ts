/**
 * The request schemas of `/os-services` (Nova's `schemas/services.py`): the pre-2.53 update body
 * names the service by host and binary (2.11 adds `forced_down`), the 2.53 body changes a service
 * named by its uuid in the path; the list filters by `host` and `binary`, and from 2.75 refuses
 * other query parameters.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import type { SchemaObject } from "../../validation/types.ts";
import { boolean, commonQueryParam, fqdn } from "../../validation/parameter_types.ts";

const BINARY: SchemaObject = { type: "string", minLength: 1, maxLength: 255 };
const REASON: SchemaObject = { type: "string", minLength: 1, maxLength: 255 };

/** `PUT /os-services/{action}` before 2.11. */
const UPDATE: SchemaObject = {
  type: "object",
  properties: { host: fqdn, binary: BINARY, disabled_reason: REASON },
  required: ["host", "binary"],
  additionalProperties: false,
};

/** `PUT /os-services/{action}` from 2.11 to 2.52: `force-down` needs `forced_down`. */
const UPDATE_V211: SchemaObject = {
  ...UPDATE,
  properties: { ...UPDATE.properties, forced_down: boolean },
};

/** `PUT /os-services/{uuid}` from 2.53: nothing required, checked in the handler. */
const UPDATE_V253: SchemaObject = {
  type: "object",
  properties: {
    status: { type: "string", enum: ["enabled", "disabled"] },
    disabled_reason: REASON,
    forced_down: boolean,
  },
  additionalProperties: false,
};

/** The update body by microversion. */
export const UPDATE_BODY: VersionedSchema = [
  ["2.53", UPDATE_V253],
  ["2.11", UPDATE_V211],
  ["2.1", UPDATE],
];

const INDEX_QUERY: SchemaObject = {
  type: "object",
  properties: { host: commonQueryParam, binary: commonQueryParam },
  additionalProperties: true,
};

/** The list query by microversion. */
export const INDEX_QUERY_SCHEMA: VersionedSchema = [
  ["2.75", { ...INDEX_QUERY, additionalProperties: false }],
  ["2.1", INDEX_QUERY],
];
