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

/** A JSON response (`application/json`), as Nova's serializer sends. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return withBody(encoder.encode(JSON.stringify(body)), "application/json", status, headers);
}

/** A JSON response from UTF-8 JSON already written (as {@link json} sends it). */
export function jsonBytes(
  bytes: Uint8Array<ArrayBuffer>,
  status = 200,
  headers?: HeadersInit,
): Response {
  return withBody(bytes, "application/json", status, headers);
}

/** A plain-text response (`text/plain; charset=UTF-8`), as the metadata listings use. */
export function text(body: string, status = 200, headers?: HeadersInit): Response {
  return withBody(encoder.encode(body), "text/plain; charset=UTF-8", status, headers);
}

/** An empty response (204 unless told otherwise). */
export function empty(status = 204, headers?: HeadersInit): Response {
  return new Response(null, { status, headers });
}
