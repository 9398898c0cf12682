/**
 * Query schemas of `GET /os-migrations` (Nova's `schemas/migrations.py`): the filters `hidden`,
 * `host`, `instance_uuid`, `source_compute`, `status` and `migration_type` at every version
 * (anything else is accepted and dropped before 2.59); from 2.59 only those plus `limit`,
 * `marker` and `changes-since`; `changes-before` from 2.66; `user_id` and `project_id` from 2.80.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { commonQueryParam, singleParam, nonNegativeInteger } = parameterTypes;

const FILTERS: Record<string, SchemaObject> = {
  hidden: commonQueryParam,
  host: commonQueryParam,
  instance_uuid: commonQueryParam,
  source_compute: commonQueryParam,
  status: commonQueryParam,
  migration_type: commonQueryParam,
};

const DATE_TIME = (): SchemaObject => singleParam({ type: "string", format: "date-time" });

function paged(changesBefore: boolean, userProject: boolean): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    ...FILTERS,
    limit: singleParam(nonNegativeInteger),
    marker: singleParam({ type: "string" }),
    "changes-since": DATE_TIME(),
  };
  if (changesBefore) properties["changes-before"] = DATE_TIME();
  if (userProject) {
    properties.user_id = singleParam({ type: "string" });
    properties.project_id = singleParam({ type: "string" });
  }
  return { type: "object", properties, additionalProperties: false };
}

/** `GET /os-migrations`. */
export const INDEX_QUERY: VersionedSchema = [
  ["2.80", paged(true, true)],
  ["2.66", paged(true, false)],
  ["2.59", paged(false, false)],
  ["2.1", { type: "object", properties: { ...FILTERS }, additionalProperties: true }],
];
