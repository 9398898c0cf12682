/**
 * Request schemas of os-quota-class-sets (Nova's `schemas/quota_classes.py`): the quota-set
 * resource fields without `force`; network fields go away at 2.50 and personality fields at
 * 2.57; the show query is closed from 2.102.
 *
 * @module
 */
import type { SchemaObject } from "../../validation/mod.ts";
import {
  NETWORK_RESOURCES,
  PERSONALITY_RESOURCES,
  quotaProperties,
} from "../quota_sets/schemas.ts";

function updateSchema(without: readonly string[]): SchemaObject {
  return {
    type: "object",
    properties: {
      quota_class_set: {
        type: "object",
        properties: quotaProperties(without),
        additionalProperties: false,
      },
    },
    required: ["quota_class_set"],
    additionalProperties: false,
  };
}

/** PUT body before 2.50. */
export const update = updateSchema([]);
/** PUT body at 2.50-2.56. */
export const updateV250 = updateSchema(NETWORK_RESOURCES);
/** PUT body from 2.57. */
export const updateV257 = updateSchema([...NETWORK_RESOURCES, ...PERSONALITY_RESOURCES]);

/** Show query before 2.102 (anything ignored). */
export const showQuery: SchemaObject = {
  type: "object",
  properties: {},
  additionalProperties: true,
};
/** Show query from 2.102 (nothing allowed). */
export const showQueryV2102: SchemaObject = { ...showQuery, additionalProperties: false };
