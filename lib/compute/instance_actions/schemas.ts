/**
 * Query schemas of `os-instance-actions` (Nova's `schemas/instance_actions.py`): the list takes
 * anything before 2.58, then only `limit`, `marker` and `changes-since` (each once), and
 * `changes-before` from 2.66; the show takes anything before 2.102 and nothing from it.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { singleParam, nonNegativeInteger } = parameterTypes;

const OPEN: SchemaObject = { type: "object", properties: {}, additionalProperties: true };

const DATE_TIME = (): SchemaObject => singleParam({ type: "string", format: "date-time" });

function pagedQuery(changesBefore: boolean): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    limit: singleParam(nonNegativeInteger),
    marker: singleParam({ type: "string" }),
    "changes-since": DATE_TIME(),
  };
  if (changesBefore) properties["changes-before"] = DATE_TIME();
  return { type: "object", properties, additionalProperties: false };
}

/** `GET /servers/{id}/os-instance-actions`. */
export const INDEX_QUERY: VersionedSchema = [
  ["2.66", pagedQuery(true)],
  ["2.58", pagedQuery(false)],
  ["2.1", OPEN],
];

/** `GET /servers/{id}/os-instance-actions/{request_id}`. */
export const SHOW_QUERY: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false }],
  ["2.1", OPEN],
];
