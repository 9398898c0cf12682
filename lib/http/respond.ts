/**
 * Small response builders with the content types Nova uses.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A JSON response (`application/json`), as Nova's serializer sends. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  h.set("content-length", String(bytes.byteLength));
  return new Response(bytes, { status, headers: h });
}

/** A JSON response from UTF-8 JSON already written (as {@link json} sends it). */
export function jsonBytes(
  bytes: Uint8Array<ArrayBuffer>,
  status = 200,
  headers?: HeadersInit,
): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json");
  h.set("content-length", String(bytes.byteLength));
  return new Response(bytes, { status, headers: h });
}

/** A plain-text response (`text/plain; charset=UTF-8`), as the metadata listings use. */
export function text(body: string, status = 200, headers?: HeadersInit): Response {
  const bytes = encoder.encode(body);
  const h = new Headers(headers);
  h.set("content-type", "text/plain; charset=UTF-8");
  h.set("content-length", String(bytes.byteLength));
  return new Response(bytes, { status, headers: h });
}

/** An empty response (204 unless told otherwise). */
export function empty(status = 204, headers?: HeadersInit): Response {
  return new Response(null, { status, headers });
}
