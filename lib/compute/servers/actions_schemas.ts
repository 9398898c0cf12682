/**
 * Body schemas of the power and lock actions of `POST /servers/{id}/action` (Nova's
 * `schemas/servers.py` reboot, start and stop, `schemas/pause_server.py`,
 * `schemas/suspend_server.py` and `schemas/lock_server.py`). Most take any value under their key.
 *
 * @module
 */
import type { SchemaObject } from "../../validation/types.ts";

/** `{"<key>": <anything>}` and nothing else, as Nova's value-free actions accept. */
export function anyValueAction(key: string): SchemaObject {
  return {
    type: "object",
    properties: { [key]: {} },
    required: [key],
    additionalProperties: false,
  };
}

/** `reboot`: `type` SOFT or HARD in three spellings each. */
export const REBOOT: SchemaObject = {
  type: "object",
  properties: {
    reboot: {
      type: "object",
      properties: {
        type: { type: "string", enum: ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"] },
      },
      required: ["type"],
      additionalProperties: false,
    },
  },
  required: ["reboot"],
  additionalProperties: false,
};

/** `lock` from 2.73: null, or an object with an optional `locked_reason` of 1-255 characters. */
export const LOCK_V273: SchemaObject = {
  type: "object",
  properties: {
    lock: {
      type: ["object", "null"],
      properties: {
        locked_reason: { type: "string", minLength: 1, maxLength: 255 },
      },
      additionalProperties: false,
    },
  },
  required: ["lock"],
  additionalProperties: false,
};

/** `trigger_crash_dump` (2.17): the value must be null. */
export const TRIGGER_CRASH_DUMP: SchemaObject = {
  type: "object",
  properties: { trigger_crash_dump: { type: "null" } },
  required: ["trigger_crash_dump"],
  additionalProperties: false,
};
