/**
 * Query schemas of `/os-simple-tenant-usage` (Nova's `schemas/simple_tenant_usage.py`): `start`,
 * `end` (and `detailed` for the list) at every version, anything else accepted and dropped; from
 * 2.40 `limit` and `marker` too; from 2.75 nothing else.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { multiParams, paginationParameters } = parameterTypes;

function query(names: string[], paged: boolean, strict: boolean): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const n of names) properties[n] = multiParams({ type: "string" });
  if (paged) Object.assign(properties, paginationParameters);
  return { type: "object", properties, additionalProperties: !strict };
}

function versioned(names: string[]): VersionedSchema {
  return [
    ["2.75", query(names, true, true)],
    ["2.40", query(names, true, false)],
    ["2.1", query(names, false, false)],
  ];
}

/** `GET /os-simple-tenant-usage`. */
export const INDEX_QUERY: VersionedSchema = versioned(["start", "end", "detailed"]);

/** `GET /os-simple-tenant-usage/{tenant_id}`. */
export const SHOW_QUERY: VersionedSchema = versioned(["start", "end"]);
