/**
 * Response body validation, as Nova's `@validation.response_body_schema` does it: after a handler
 * returns (a raised fault is never checked), its JSON body (an empty one is `null`) is validated
 * against the row's response schema for the request's microversion. `[api] response_validation`
 * decides what a failure does:
 *
 * - `ignore`: nothing is checked (the router does not even call {@link checkResponse});
 * - `warn` (Nova's default): one log line, and the response goes out unchanged;
 * - `error`: the handler's response is dropped and the client gets a 400 `badRequest` fault with
 *   the validator's detail (Nova raises `ValidationError`, an `Invalid`, inside the controller
 *   method, and its resource turns that into a 400; the option's help text says 500, its code
 *   does not).
 *
 * A request through the legacy v2 endpoint is checked only against a schema that applies from
 * the start: a plain schema, or a `["2.0", schema]` pair (Nova's `min_version=None`).
 *
 * @module
 */
import type { ApiVersion } from "./api_version.ts";
import type { Route, VersionedSchema } from "./route.ts";
import { schemaAt } from "./route.ts";
import { NovaFault } from "../http/fault.ts";
import { sentBody } from "../http/respond.ts";
import { validate } from "../validation/validator.ts";
import type { SchemaObject } from "../validation/types.ts";
import type { ValidationError } from "../validation/errors.ts";
import { emptiedWhenIdle } from "../caches/mod.ts";

const decoder = new TextDecoder();

/** How many (schema, body) verdicts each schema keeps. */
const VERDICTS_PER_SCHEMA = 16;

/** Bodies longer than this (UTF-16 units) are checked every time rather than remembered. */
const REMEMBERED_TEXT_MAX = 256 * 1024;

/** Per schema, the verdict on each recently seen body text (`null`: valid). */
let verdicts = new WeakMap<SchemaObject, Map<string, ValidationError | null>>();

/**
 * The validator's verdict on a body text: `undefined` when it is not JSON (not checked), `null`
 * when valid, else the first error. A body seen again (a listing nothing changed in) is not
 * parsed and walked again: the verdict depends only on the schema and the text.
 */
function verdict(schema: SchemaObject, text: string): ValidationError | null | undefined {
  let seen = verdicts.get(schema);
  const known = seen?.get(text);
  if (known !== undefined) return known;
  let body: unknown;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = validate(schema, body);
  if (text.length > REMEMBERED_TEXT_MAX) return error;
  if (seen === undefined) verdicts.set(schema, seen = new Map());
  if (seen.size >= VERDICTS_PER_SCHEMA) seen.delete(seen.keys().next().value!);
  seen.set(text, error);
  return error;
}

/**
 * Per schema, the verdict on each body byte array seen (a handler that keeps its encoded answer
 * sends the same array again): found without decoding or hashing the text.
 */
let byteVerdicts = new WeakMap<SchemaObject, WeakMap<Uint8Array, ValidationError | null>>();
emptiedWhenIdle(() => {
  verdicts = new WeakMap();
  byteVerdicts = new WeakMap();
});

/** {@link verdict} for a body given as the UTF-8 bytes a response was built from. */
function bytesVerdict(schema: SchemaObject, bytes: Uint8Array): ValidationError | null | undefined {
  let seen = byteVerdicts.get(schema);
  const known = seen?.get(bytes);
  if (known !== undefined) return known;
  const error = verdict(schema, decoder.decode(bytes));
  if (error === undefined) return undefined;
  if (seen === undefined) byteVerdicts.set(schema, seen = new WeakMap());
  seen.set(bytes, error);
  return error;
}

/** The values of `[api] response_validation`. */
export type ResponseValidationMode = "error" | "warn" | "ignore";

/** The response schema that applies to a request, or undefined when none does. */
export function responseSchemaAt(
  schema: VersionedSchema | undefined,
  version: ApiVersion,
  legacyV2 = false,
): SchemaObject | undefined {
  if (schema === undefined) return undefined;
  if (!legacyV2) return schemaAt(schema, version);
  if (!Array.isArray(schema)) return schema as SchemaObject;
  const pairs = schema as readonly (readonly [string, SchemaObject])[];
  const first = pairs.at(-1);
  return first && first[0] === "2.0" ? first[1] : undefined;
}

/** The JSON path of an error, e.g. `server.addresses.private[0]`, or `(root)`. */
function pathText(path: readonly (string | number)[]): string {
  let text = "";
  for (const p of path) text += typeof p === "number" ? `[${p}]` : text === "" ? p : `.${p}`;
  return text === "" ? "(root)" : text;
}

/** What {@link checkResponse} needs to know about the request. */
export interface CheckedRequest {
  route: Pick<Route, "method" | "path" | "action" | "response">;
  version: ApiVersion;
  legacyV2: boolean;
  log(line: string): void;
}

/**
 * Validate a handler's response against its row's response schema.
 *
 * Returns the response to send: the same one when it passes, when no schema applies, when it is
 * not a success or not JSON, or (in `warn` mode, after logging one line) when it fails.
 *
 * @throws {NovaFault} 400 with the validator's detail in `error` mode when it fails.
 */
export async function checkResponse(
  response: Response,
  mode: Exclude<ResponseValidationMode, "ignore">,
  req: CheckedRequest,
): Promise<Response> {
  if (response.status < 200 || response.status >= 300) return response;
  const schema = responseSchemaAt(req.route.response, req.version, req.legacyV2);
  if (schema === undefined) return response;
  const type = response.headers.get("content-type");
  if (type !== null && !type.includes("json")) return response;
  // A body built by respond.ts (json(), jsonText(), jsonBytes(), text()) is checked from what it
  // was built with, not read back, and before `response.body` is touched: reading that getter turns the bytes into a stream,
  // which Deno then sends as a stream rather than as one buffer.
  const source = sentBody(response);
  if (source !== undefined) {
    const error = typeof source === "string"
      ? verdict(schema, source)
      : bytesVerdict(schema, source);
    return error ? failed(error, mode, req, response) : response;
  }
  if (response.body === null) {
    const error = verdict(schema, "");
    return error ? failed(error, mode, req, response) : response;
  }
  const bytes = await response.arrayBuffer();
  const copy = new Response(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  const text = decoder.decode(bytes);
  const error = verdict(schema, text);
  return error ? failed(error, mode, req, copy) : copy;
}

/** A failed check: Nova's 400 in `error` mode, else one log line and the response unchanged. */
function failed(
  error: ValidationError,
  mode: Exclude<ResponseValidationMode, "ignore">,
  req: CheckedRequest,
  response: Response,
): Response {
  if (mode === "error") throw new NovaFault(400, error.detail("body"));
  const { method, path, action } = req.route;
  req.log(
    `response validation: ${method} ${path}${action ? ` (${action})` : ""} ` +
      `${req.version}: ${pathText(error.path)}: ${error.message}`,
  );
  return response;
}
