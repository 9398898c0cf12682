/**
 * Response schemas of `/extensions` (Nova's `*_response` in `schemas/extension_info.py`).
 *
 * @module
 */
import { object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const EXTENSION = object({
  alias: { type: "string" },
  description: { type: "string" },
  links: {
    type: "array",
    items: {
      type: "object",
      properties: { href: { type: "string", format: "url" }, rel: { type: "string" } },
    },
  },
  name: { type: "string" },
  namespace: { type: "string" },
  updated: { type: "string", format: "date-time" },
});

/** `GET /extensions`. */
export const LIST_EXTENSIONS_RESPONSE: SchemaObject = wrap("extensions", {
  type: "array",
  items: EXTENSION,
});
/** `GET /extensions/{alias}`. */
export const SHOW_EXTENSION_RESPONSE: SchemaObject = wrap("extension", EXTENSION);
