/**
 * Request validation as the flavor controllers use it: a body against its schema, and a query
 * string against its schema followed by Nova's `_strip_additional_query_parameters` (where the
 * schema tolerates extra parameters they are dropped, so they never reach the controller or its
 * `next` links).
 *
 * @module
 */
import { validateBody } from "../../validation/body.ts";
import { validateQuery } from "../../validation/query.ts";
import type { SchemaObject } from "../../validation/types.ts";

/** Validate a request body; throws Nova's 400. */
export function checkBody(schema: SchemaObject, body: unknown): void {
  validateBody(schema, body);
}

/**
 * Validate a query string; throws Nova's 400. Returns the parameters the controller may read
 * (the ones the schema names, unless it refuses extras anyway).
 */
export function checkQuery(schema: SchemaObject, query: URLSearchParams): URLSearchParams {
  const kept = new URLSearchParams();
  for (const [name, values] of Object.entries(validateQuery(schema, query))) {
    for (const value of values) kept.append(name, value);
  }
  return kept;
}
