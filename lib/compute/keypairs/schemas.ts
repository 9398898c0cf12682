/**
 * Request schemas of os-keypairs, per microversion (Nova's `schemas/keypairs.py`): names limited
 * to letters, digits, `_`, `-` and spaces (plus `@` and `.` from 2.92); `type` from 2.2;
 * `user_id` from 2.10; `public_key` required from 2.92; query strings closed from 2.75.
 *
 * @module
 */
import { parameterTypes, type SchemaObject } from "../../validation/mod.ts";

const {
  commonQueryParam,
  keypairNameSpecialChars: NAME_BEFORE_292,
  keypairNameSpecialCharsV292: NAME_FROM_292,
  paginationParameters,
} = parameterTypes;

const KEY_TYPE: SchemaObject = { type: "string", enum: ["ssh", "x509"] };

function createSchema(
  properties: Record<string, SchemaObject>,
  required: string[],
): SchemaObject {
  return {
    type: "object",
    properties: {
      keypair: {
        type: "object",
        properties,
        required,
        additionalProperties: false,
      },
    },
    required: ["keypair"],
    additionalProperties: false,
  };
}

/** POST body at 2.1. */
export const create = createSchema(
  { name: NAME_BEFORE_292, public_key: { type: "string" } },
  ["name"],
);

/** POST body at 2.2-2.9. */
export const createV22 = createSchema(
  { name: NAME_BEFORE_292, type: KEY_TYPE, public_key: { type: "string" } },
  ["name"],
);

/** POST body at 2.10-2.91. */
export const createV210 = createSchema(
  {
    name: NAME_BEFORE_292,
    type: KEY_TYPE,
    public_key: { type: "string" },
    user_id: { type: "string" },
  },
  ["name"],
);

/** POST body from 2.92. */
export const createV292 = createSchema(
  {
    name: NAME_FROM_292,
    type: KEY_TYPE,
    public_key: { type: "string" },
    user_id: { type: "string" },
  },
  ["name", "public_key"],
);

/** Queries of index, show and delete before 2.10 (anything goes). */
export const queryV20: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: true,
};

/** Queries of index, show and delete at 2.10-2.74 (`user_id`). */
export const queryV210: SchemaObject = {
  type: "object",
  properties: { user_id: commonQueryParam },
  additionalProperties: true,
};

/** Queries of show and delete from 2.75 (nothing unknown). */
export const queryV275: SchemaObject = { ...queryV210, additionalProperties: false };

/** Index query at 2.35-2.74 (paging added). */
export const indexQueryV235: SchemaObject = {
  type: "object",
  properties: { user_id: commonQueryParam, ...paginationParameters },
  additionalProperties: true,
};

/** Index query from 2.75. */
export const indexQueryV275: SchemaObject = { ...indexQueryV235, additionalProperties: false };
