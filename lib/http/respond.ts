/**
 * Small response builders with the content types Nova uses.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * A response with `bytes`, its type and length. Without extra headers they are set on the
 * response's own headers: a `Headers` given to the Response constructor is converted entry by
 * entry, several times the cost of the two sets.
 */
function withBody(
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
  status: number,
  headers?: HeadersInit,
) {
  if (headers === undefined) {
    const response = new Response(bytes, { status });
    response.headers.set("content-type", type);
    response.headers.set("content-length", String(bytes.byteLength));
    return response;
  }
  const h = new Headers(headers);
  h.set("content-type", type);
  h.set("content-length", String(bytes.byteLength));
  return new Response(bytes, { status, headers: h });
}

/** The JSON each response of {@link json} and {@link jsonBytes} was built from. */
const jsonSources = new WeakMap<Response, string | Uint8Array>();

/**
 * The JSON text (from {@link json}) or UTF-8 bytes (from {@link jsonBytes}) a response was built
 * with, so a layer that checks the body need not read it back; `undefined` for any other
 * response. Valid while the response's body is unread (a body cannot be swapped).
 */
export function jsonSource(response: Response): string | Uint8Array | undefined {
  return jsonSources.get(response);
}

/** A JSON response (`application/json`), as Nova's serializer sends. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const text = JSON.stringify(body);
  const response = withBody(encoder.encode(text), "application/json", status, headers);
  // JSON.stringify gives undefined for a body that is undefined: no source to offer.
  if (typeof text === "string") jsonSources.set(response, text);
  return response;
}

/** A JSON response from UTF-8 JSON already written (as {@link json} sends it). */
export function jsonBytes(
  bytes: Uint8Array<ArrayBuffer>,
  status = 200,
  headers?: HeadersInit,
): Response {
  const response = withBody(bytes, "application/json", status, headers);
  jsonSources.set(response, bytes);
  return response;
}

/** A plain-text response (`text/plain; charset=UTF-8`), as the metadata listings use. */
export function text(body: string, status = 200, headers?: HeadersInit): Response {
  return withBody(encoder.encode(body), "text/plain; charset=UTF-8", status, headers);
}

/** An empty response (204 unless told otherwise). */
export function empty(status = 204, headers?: HeadersInit): Response {
  return new Response(null, { status, headers });
}
