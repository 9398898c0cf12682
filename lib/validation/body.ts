/**
 * Request bodies: Nova's content-type gate, JSON parsing and schema checking
 * (`nova/api/openstack/wsgi.py` and the `@validation.schema` decorator).
 *
 * - A `Content-Type` other than JSON (ignoring parameters such as `charset`)
 *   is refused with 415 `Unsupported Content-Type` — on any method. A missing
 *   or empty header, or `text/plain`, counts as "not given" and is fine:
 *   Nova parses the body as JSON regardless.
 * - Only POST and PUT carry a body. An empty one becomes `null` (and then
 *   typically fails the schema with `None is not of type 'object'`); text
 *   that is not JSON is a 400 `Malformed request body`.
 *
 * @module
 */

import { NovaFault } from "../http/fault.ts";
import { validate, type ValidateOptions } from "./validator.ts";
import type { Schema } from "./types.ts";

/** The request content types Nova accepts. */
export const SUPPORTED_CONTENT_TYPES: readonly string[] = Object.freeze([
  "application/json",
  "application/vnd.openstack.compute+json",
]);

const METHODS_WITH_BODY = new Set(["POST", "PUT"]);

/** Nova's message for a body that is not JSON. */
export const MALFORMED_BODY = "Malformed request body";

/**
 * The request's declared body type (parameters stripped), or `null` when none
 * is given (no header, an empty one, or `text/plain`).
 *
 * @throws {NovaFault} 415 `Unsupported Content-Type` for anything else.
 *
 * @example
 * ```ts
 * const req = new Request("http://nova/servers", {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json; charset=UTF-8" },
 * });
 * requestContentType(req); // => "application/json"
 * ```
 */
export function requestContentType(request: Request): string | null {
  const header = request.headers.get("content-type");
  if (header === null) return null;
  const type = header.split(";", 1)[0];
  if (type === "" || type === "text/plain") return null;
  if (!SUPPORTED_CONTENT_TYPES.includes(type)) {
    throw new NovaFault(415, "Unsupported Content-Type");
  }
  return type;
}

/**
 * Check the content type and read the JSON body the way Nova's WSGI layer does.
 *
 * Returns `undefined` for methods that carry no body (GET, DELETE, …),
 * `null` for an empty POST/PUT body, and the parsed value otherwise.
 * (Nova also ignores a body sent without a `Content-Length`; this port reads it.)
 *
 * @throws {NovaFault} 415 for an unsupported content type; 400
 *   `Malformed request body` when the body is not UTF-8 JSON.
 *
 * @example
 * ```ts
 * const req = new Request("http://nova/flavors", { method: "POST", body: "{oops" });
 * await parseJsonBody(req); // throws NovaFault(400, "Malformed request body")
 * ```
 */
export async function parseJsonBody(request: Request): Promise<unknown> {
  requestContentType(request);
  if (!METHODS_WITH_BODY.has(request.method.toUpperCase())) return undefined;
  if (request.headers.get("content-length") === "0" || request.body === null) return null;
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length === 0) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new NovaFault(400, MALFORMED_BODY);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new NovaFault(400, MALFORMED_BODY);
  }
}

/**
 * Validate a parsed request body against a schema.
 *
 * @throws {NovaFault} 400 with Nova's detail, e.g.
 *   `Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'`.
 *
 * @example
 * ```ts
 * const schema = {
 *   type: "object",
 *   properties: { keypair: { type: "object" } },
 *   required: ["keypair"],
 *   additionalProperties: false,
 * };
 * validateBody(schema, { alpha: {} }); // throws NovaFault(400, "'keypair' is a required property")
 * ```
 */
export function validateBody(schema: Schema, body: unknown, options: ValidateOptions = {}): void {
  const error = validate(schema, body, options);
  if (error) throw new NovaFault(400, error.detail("body"));
}

/**
 * Nova's `action_peek` for `POST …/action`: the single top-level key of the
 * body names the action.
 *
 * @throws {NovaFault} 400 `Malformed request body` when the body is empty or
 *   does not have exactly one key; 404 when it is a one-element array or
 *   string, or a scalar (Nova fails to look the action up at all).
 *
 * @example
 * ```ts
 * peekAction({ reboot: { type: "HARD" } }); // => "reboot"
 * ```
 */
export function peekAction(body: unknown): string {
  if (body === null || body === undefined) throw new NovaFault(400, MALFORMED_BODY);
  const size = typeof body === "string"
    ? [...body].length
    : Array.isArray(body)
    ? body.length
    : typeof body === "object"
    ? Object.keys(body).length
    : null;
  if (size === null) throw new NovaFault(404, "The resource could not be found.");
  if (size !== 1) throw new NovaFault(400, MALFORMED_BODY);
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new NovaFault(404, "The resource could not be found.");
  }
  return Object.keys(body)[0];
}
