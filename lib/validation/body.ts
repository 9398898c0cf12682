/**
 * Request bodies: Nova's content-type gate, JSON parsing and schema checking
 * (`nova/api/openstack/wsgi.py` and the `@validation.schema` decorator).
 *
 * - A `Content-Type` other than JSON (ignoring parameters such as `charset`)
 *   is refused with 415 `Unsupported Content-Type` - on any method. A missing
 *   or empty header, or `text/plain`, counts as "not given" and is fine:
 *   Nova parses the body as JSON regardless.
 * - Only POST and PUT carry a body. An empty one is `undefined` (a handler
 *   sees `null`, which typically fails the schema with `None is not of type
 *   'object'`); text that is not JSON is a 400 `Malformed request body`.
 *
 * @module
 */

import { NovaFault } from "../errors/fault.ts";
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

/** What Nova's strict UTF-8 decoding (`oslo_utils.encodeutils.safe_decode`) accepts; a BOM stays. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Check the content type and read the JSON body the way Nova's WSGI layer does. This is the parser
 * the compute router runs.
 *
 * Returns `undefined` for methods that carry no body (GET, DELETE, ...) and for an empty POST/PUT
 * body, and the parsed value otherwise. Bytes that are not UTF-8, a leading BOM (Python's
 * `json.loads` refuses one) or text that is not JSON are a 400 `Malformed request body`.
 *
 * @throws {NovaFault} 415 for an unsupported content type; 400 `Malformed request body`.
 *
 * @example
 * ```ts
 * const req = new Request("http://nova/flavors", { method: "POST", body: "{oops" });
 * await parseJsonBody(req); // throws NovaFault(400, "Malformed request body")
 * ```
 */
export async function parseJsonBody(request: Request): Promise<unknown> {
  requestContentType(request);
  if (!METHODS_WITH_BODY.has(request.method)) return undefined;
  const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array();
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(UTF8.decode(bytes));
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
 * Nova's `action_peek` for `POST .../action`: the body's only key names the action. Nova takes
 * `len()` of whatever the JSON was, so an object, array or string of any other length (and a
 * missing body) is `Malformed request body`; a one-element array or one-character string, a
 * number, a boolean or `null` fail when asked for keys (a `TypeError` in Nova), which Nova's
 * resource answers with a bare 404.
 *
 * @throws {NovaFault} 400 `Malformed request body`, or 404.
 *
 * @example
 * ```ts
 * peekAction({ reboot: { type: "HARD" } }); // => "reboot"
 * ```
 */
export function peekAction(body: unknown): string {
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const keys = Object.keys(body);
    if (keys.length !== 1) throw new NovaFault(400, MALFORMED_BODY);
    return keys[0];
  }
  if (body === undefined) throw new NovaFault(400, MALFORMED_BODY);
  const length = Array.isArray(body)
    ? body.length
    : typeof body === "string"
    ? [...body].length
    : undefined;
  if (length !== undefined && length !== 1) throw new NovaFault(400, MALFORMED_BODY);
  throw new NovaFault(404, "The resource could not be found.");
}
