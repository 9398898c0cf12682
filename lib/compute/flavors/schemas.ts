/**
 * Request schemas of `/flavors` (Nova's `schemas/flavors.py`), per microversion. Patterns are in
 * Python syntax, as the validator expects.
 *
 * | schema | versions |
 * | --- | --- |
 * | create | 2.1-2.54 · +description 2.55-2.101 · -rxtx_factor 2.102+ |
 * | update | 2.55+ |
 * | list query | extra parameters ignored <=2.74 · refused 2.75+ · +name -sort by rxtx 2.102+ |
 * | show query | extra parameters ignored <=2.101 · refused 2.102+ |
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import {
  boolean,
  flavorParamNonNegative,
  flavorParamPositive,
  multiParams,
  name,
  nonNegativeInteger,
} from "../../validation/parameter_types.ts";
import { validDescriptionRegex } from "../../validation/printable.ts";
import type { SchemaObject } from "../../validation/types.ts";

/** Nova's `db.constants.MAX_INT`. */
export const MAX_INT = 0x7FFFFFFF;
/** Nova's `db.constants.SQL_SP_FLOAT_MAX`. */
export const SQL_SP_FLOAT_MAX = 3.40282e+38;

/** Columns a listing may be sorted on (Nova keeps this list for compatibility). */
export const SORT_KEYS: readonly string[] = [
  "created_at",
  "description",
  "disabled",
  "ephemeral_gb",
  "flavorid",
  "id",
  "is_public",
  "memory_mb",
  "name",
  "root_gb",
  "rxtx_factor",
  "swap",
  "updated_at",
  "vcpu_weight",
  "vcpus",
];

/** Sort directions. */
export const SORT_DIRS: readonly string[] = ["asc", "desc"];

/** 2.55's description: up to 64 KiB of printable text, or null. */
const DESCRIPTION: SchemaObject = {
  type: ["string", "null"],
  minLength: 0,
  maxLength: 65535,
  pattern: validDescriptionRegex,
};

function createSchema(extra: Record<string, SchemaObject>, withRxtx: boolean): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    name,
    // No leading or trailing spaces; a number is taken as its decimal text.
    id: {
      type: ["string", "number", "null"],
      minLength: 1,
      maxLength: 255,
      pattern: "^(?! )[a-zA-Z0-9. _-]+(?<! )$",
    },
    ram: flavorParamPositive,
    vcpus: flavorParamPositive,
    disk: flavorParamNonNegative,
    "OS-FLV-EXT-DATA:ephemeral": flavorParamNonNegative,
    swap: flavorParamNonNegative,
  };
  if (withRxtx) {
    // A positive float: close to zero is fine, zero is not.
    properties.rxtx_factor = {
      type: ["number", "string"],
      pattern: "^[0-9]+(\\.[0-9]+)?$",
      exclusiveMinimum: 0,
      maximum: SQL_SP_FLOAT_MAX,
    };
  }
  properties["os-flavor-access:is_public"] = boolean;
  Object.assign(properties, extra);
  return {
    type: "object",
    properties: {
      flavor: {
        type: "object",
        properties,
        // `id` stays optional: a missing or null id asks for a generated one.
        required: ["name", "ram", "vcpus", "disk"],
        additionalProperties: false,
      },
    },
    required: ["flavor"],
    additionalProperties: false,
  };
}

const CREATE = createSchema({}, true);
const CREATE_V255 = createSchema({ description: DESCRIPTION }, true);
const CREATE_V2102 = createSchema({ description: DESCRIPTION }, false);

/** The body schema of `POST /flavors` per microversion. */
export const CREATE_FLAVOR: VersionedSchema = [
  ["2.102", CREATE_V2102],
  ["2.55", CREATE_V255],
  ["2.1", CREATE],
];

/** The body schema of `PUT /flavors/{id}` (2.55+): only the description may change. */
export const UPDATE_FLAVOR: SchemaObject = {
  type: "object",
  properties: {
    flavor: {
      type: "object",
      properties: { description: DESCRIPTION },
      required: ["description"],
      additionalProperties: false,
    },
  },
  required: ["flavor"],
  additionalProperties: false,
};

function listQuery(options: { strict: boolean; name: boolean; rxtxSort: boolean }): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    limit: multiParams(nonNegativeInteger),
    marker: multiParams({ type: "string" }),
    is_public: multiParams({ type: "string" }),
    minRam: multiParams({ type: "string" }),
    minDisk: multiParams({ type: "string" }),
    sort_key: multiParams({
      type: "string",
      enum: options.rxtxSort ? SORT_KEYS : SORT_KEYS.filter((k) => k !== "rxtx_factor"),
    }),
    sort_dir: multiParams({ type: "string", enum: SORT_DIRS }),
  };
  if (options.name) properties.name = multiParams({ type: "string" });
  // Before 2.75 unknown parameters are dropped silently; from 2.75 they are refused.
  return { type: "object", properties, additionalProperties: !options.strict };
}

const LIST_QUERY = listQuery({ strict: false, name: false, rxtxSort: true });
const LIST_QUERY_V275 = listQuery({ strict: true, name: false, rxtxSort: true });
const LIST_QUERY_V2102 = listQuery({ strict: true, name: true, rxtxSort: false });

/** The query schema of `GET /flavors` and `GET /flavors/detail` per microversion. */
export const LIST_FLAVORS_QUERY: VersionedSchema = [
  ["2.102", LIST_QUERY_V2102],
  ["2.75", LIST_QUERY_V275],
  ["2.1", LIST_QUERY],
];

const NO_PARAMS: SchemaObject = { type: "object", properties: {}, additionalProperties: true };
const NO_PARAMS_V2102: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: false,
};

/**
 * The query schema of a GET that takes no parameters (show, access list, extra specs): extras
 * are ignored before 2.102 and refused from 2.102.
 */
export const NO_PARAMS_QUERY: VersionedSchema = [["2.102", NO_PARAMS_V2102], ["2.1", NO_PARAMS]];
