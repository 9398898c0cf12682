/**
 * Body schemas of the emulator controls (`/os-emulator`, this port's own API).
 *
 * @module
 */
import type { SchemaObject } from "../../validation/types.ts";

/** The longest delay or advance accepted, in seconds (about 31 years). */
export const MAX_SECONDS = 1_000_000_000;

const seconds: SchemaObject = { type: "number", minimum: 0, maximum: MAX_SECONDS };
const secondsOrNull: SchemaObject = { type: ["number", "null"], minimum: 0, maximum: MAX_SECONDS };

/** `POST /os-emulator/faults`. */
export const CREATE_FAULT: SchemaObject = {
  type: "object",
  properties: {
    fault: {
      type: "object",
      properties: {
        action: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_-]{0,254}$" },
        server_id: { type: ["string", "null"], minLength: 1, maxLength: 255 },
        count: { type: "integer", minimum: 1, maximum: 1_000_000 },
        mode: { type: "string", enum: ["error", "rollback"] },
        message: { type: ["string", "null"], minLength: 1, maxLength: 255 },
      },
      required: ["action"],
      additionalProperties: false,
    },
  },
  required: ["fault"],
  additionalProperties: false,
};

/** `PUT /os-emulator/settings` (and a server's): a number sets a delay, null clears it. */
export const UPDATE_SETTINGS: SchemaObject = {
  type: "object",
  properties: {
    settings: {
      type: "object",
      properties: {
        boot_seconds: secondsOrNull,
        delete_seconds: secondsOrNull,
        action_seconds: secondsOrNull,
      },
      additionalProperties: false,
    },
  },
  required: ["settings"],
  additionalProperties: false,
};

/** `POST /os-emulator/clock`. */
export const ADVANCE_CLOCK: SchemaObject = {
  type: "object",
  properties: {
    advance: seconds,
    server_id: { type: "string", minLength: 1, maxLength: 255 },
  },
  required: ["advance"],
  additionalProperties: false,
};

/** `POST /os-emulator/reset`: `{"reset": {}}` (nothing to choose yet). */
export const RESET: SchemaObject = {
  type: "object",
  properties: {
    reset: { type: "object", properties: {}, additionalProperties: false },
  },
  required: ["reset"],
  additionalProperties: false,
};
