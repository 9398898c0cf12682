/**
 * Request schemas of os-quota-sets (Nova's `schemas/quota_sets.py`): limits are integers (or
 * integer strings) from -1 up to 2³¹-1; network fields go away at 2.36 and personality fields at
 * 2.57; query strings are closed from 2.75. os-quota-class-sets reuses the resource fields.
 *
 * @module
 */
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { boolean: booleanValue, commonQueryParam } = parameterTypes;

/** One limit value (-1 is unlimited; the maximum is the database's int). */
export const quotaValue: SchemaObject = {
  type: ["integer", "string"],
  pattern: "^-?[0-9]+$",
  minimum: -1,
  maximum: 0x7FFFFFFF,
};

/** Network-proxy resources dropped from quota bodies at 2.36 (2.50 for quota classes). */
export const NETWORK_RESOURCES = [
  "fixed_ips",
  "floating_ips",
  "security_groups",
  "security_group_rules",
] as const;

/** Personality resources dropped from quota bodies at 2.57. */
export const PERSONALITY_RESOURCES = [
  "injected_files",
  "injected_file_content_bytes",
  "injected_file_path_bytes",
] as const;

/** Every settable resource (Nova's `_quota_resources`). */
export const SETTABLE_RESOURCES = [
  "instances",
  "cores",
  "ram",
  "floating_ips",
  "fixed_ips",
  "metadata_items",
  "key_pairs",
  "security_groups",
  "security_group_rules",
  "injected_files",
  "injected_file_content_bytes",
  "injected_file_path_bytes",
  "server_groups",
  "server_group_members",
] as const;

/** Property schemas for `resources`, each a {@link quotaValue}. */
export function quotaProperties(
  without: readonly string[] = [],
): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  for (const r of SETTABLE_RESOURCES) if (!without.includes(r)) out[r] = quotaValue;
  return out;
}

function updateSchema(without: readonly string[]): SchemaObject {
  return {
    type: "object",
    properties: {
      quota_set: {
        type: "object",
        properties: { ...quotaProperties(without), force: booleanValue },
        additionalProperties: false,
      },
    },
    required: ["quota_set"],
    additionalProperties: false,
  };
}

/** PUT body before 2.36. */
export const update = updateSchema([]);
/** PUT body at 2.36-2.56. */
export const updateV236 = updateSchema(NETWORK_RESOURCES);
/** PUT body from 2.57. */
export const updateV257 = updateSchema([...NETWORK_RESOURCES, ...PERSONALITY_RESOURCES]);

/** Query of show, detail, update and delete before 2.75 (`user_id`, anything else ignored). */
export const userQuery: SchemaObject = {
  type: "object",
  properties: { user_id: commonQueryParam },
  additionalProperties: true,
};

/** The same from 2.75 (nothing unknown). */
export const userQueryV275: SchemaObject = { ...userQuery, additionalProperties: false };

/** Query of defaults (Nova never closed it). */
export const defaultsQuery: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: true,
};
