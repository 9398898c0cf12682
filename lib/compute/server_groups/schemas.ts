/**
 * Request schemas of os-server-groups, per microversion (Nova's `schemas/server_groups.py`):
 * `policies` (a list of one) of affinity and anti-affinity, the soft policies from 2.15; from
 * 2.64 a single `policy` with `rules` (`max_server_per_host`); the list's query closed from 2.75
 * and the show's from 2.102.
 *
 * @module
 */
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { name, positiveInteger, nonNegativeInteger, multiParams } = parameterTypes;

const HARD = ["anti-affinity", "affinity"];
const SOFT = ["soft-anti-affinity", "soft-affinity"];

function body(properties: Record<string, SchemaObject>, required: string[]): SchemaObject {
  return {
    type: "object",
    properties: {
      server_group: {
        type: "object",
        properties: { name, ...properties },
        required: ["name", ...required],
        additionalProperties: false,
      },
    },
    required: ["server_group"],
    additionalProperties: false,
  };
}

function policies(allowed: string[]): SchemaObject {
  return {
    type: "array",
    prefixItems: [{ type: "string", enum: allowed }],
    uniqueItems: true,
    minItems: 1,
    maxItems: 1,
  };
}

/** POST body from 2.1. */
export const create: SchemaObject = body({ policies: policies(HARD) }, ["policies"]);

/** POST body from 2.15: the soft policies too. */
export const createV215: SchemaObject = body({ policies: policies([...HARD, ...SOFT]) }, [
  "policies",
]);

/** POST body from 2.64: one `policy` and its `rules`. */
export const createV264: SchemaObject = body({
  policy: { type: "string", enum: [...HARD, ...SOFT] },
  rules: {
    type: "object",
    properties: { max_server_per_host: positiveInteger },
    additionalProperties: false,
  },
}, ["policy"]);

/** The list's query before 2.75 (anything else is ignored). */
export const indexQuery: SchemaObject = {
  type: "object",
  properties: {
    all_projects: multiParams({ type: "string" }),
    limit: multiParams(nonNegativeInteger),
    offset: multiParams(nonNegativeInteger),
  },
  additionalProperties: true,
};

/** The list's query from 2.75: nothing else allowed. */
export const indexQueryV275: SchemaObject = { ...indexQuery, additionalProperties: false };

/** The show's query before 2.102 (anything is ignored). */
export const showQuery: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: true,
};

/** The show's query from 2.102: none allowed. */
export const showQueryV2102: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: false,
};
