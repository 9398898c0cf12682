/**
 * Query schemas of `GET /limits` (Nova's `schemas/limits.py`): `tenant_id` is the only known
 * parameter; unknown ones are ignored before 2.75 and refused from it.
 *
 * @module
 */
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const { commonQueryParam } = parameterTypes;

/** Query before 2.75. */
export const indexQuery: SchemaObject = {
  type: "object",
  properties: { tenant_id: commonQueryParam },
  additionalProperties: true,
};

/** Query from 2.75. */
export const indexQueryV275: SchemaObject = { ...indexQuery, additionalProperties: false };
