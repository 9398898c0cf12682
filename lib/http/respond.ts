/**
 * Small response builders with the content types Nova uses.
 *
 * Text bodies are handed to the `Response` as strings: `Deno.serve` writes a string body straight
 * out and frees its copy once sent, where a `Uint8Array` body (an ArrayBuffer outside the V8 heap)
 * lives until a garbage collection finds it. Under load those buffers piled up by the tens of
 * megabytes between collections and left the allocator's heap fragmented (compute's resident
 * peak in `deno task bench`).
 *
 * @module
 */

/** Any character outside ASCII (each takes more than one byte in UTF-8). */
const NON_ASCII = /[\u0080-\uffff]/;

/** Texts at least this long are checked by encoding them (a regular expression reads slower). */
const ENCODE_CHECK_MIN = 256;

/** The longest text checked by encoding: the scratch buffer never grows past it. */
const ENCODE_CHECK_MAX = 1024 * 1024;

const encoder = new TextEncoder();
let scratch = new Uint8Array(0);

/**
 * Whether every character of `text` is ASCII. A long text is encoded into a scratch buffer of its
 * own length: all of it fits, one byte a character, only when it is ASCII (some 6 µs for 120 KB,
 * where the regular expression took 90 µs).
 */
function isAscii(text: string): boolean {
  const n = text.length;
  if (n < ENCODE_CHECK_MIN || n > ENCODE_CHECK_MAX) return !NON_ASCII.test(text);
  if (scratch.length < n) scratch = new Uint8Array(Math.min(ENCODE_CHECK_MAX, n * 2));
  const { read, written } = encoder.encodeInto(text, scratch.subarray(0, n));
  return read === n && written === n;
}

/**
 * The number of bytes `text` takes in UTF-8, as `TextEncoder` writes it (a lone surrogate becomes
 * U+FFFD, three bytes).
 *
 * @example
 * ```ts
 * utf8Length("a\u00e9\u20ac\u{1F600}"); // 1 + 2 + 3 + 4 = 10
 * ```
 */
export function utf8Length(text: string): number {
  if (isAscii(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (
      c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The body each response built here was given, by response: what response validation reads
 * instead of the body stream (reading it would copy the body twice and rebuild the response).
 */
const bodies = new WeakMap<Response, string | Uint8Array>();

/**
 * The body a response was built with by {@link json}, {@link jsonText}, {@link jsonBytes} or
 * {@link text}: its text or its bytes, or `undefined` for any other response (read its body).
 */
export function sentBody(response: Response): string | Uint8Array | undefined {
  return bodies.get(response);
}

/**
 * A response with `body`, its type and length (in bytes). Without extra headers they are set on
 * the response's own headers: a `Headers` given to the Response constructor is converted entry
 * by entry, several times the cost of the two sets.
 */
function withBody(
  body: string | Uint8Array<ArrayBuffer>,
  length: number,
  type: string,
  status: number,
  headers?: HeadersInit,
) {
  let response;
  if (headers === undefined) {
    response = new Response(body, { status });
    response.headers.set("content-type", type);
    response.headers.set("content-length", String(length));
  } else {
    const h = new Headers(headers);
    h.set("content-type", type);
    h.set("content-length", String(length));
    response = new Response(body, { status, headers: h });
  }
  bodies.set(response, body);
  return response;
}

/** A JSON response (`application/json`), as Nova's serializer sends. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const text = JSON.stringify(body) ?? "";
  return withBody(text, utf8Length(text), "application/json", status, headers);
}

/** A JSON response from UTF-8 JSON already written (as {@link json} sends it). */
export function jsonBytes(
  bytes: Uint8Array<ArrayBuffer>,
  status = 200,
  headers?: HeadersInit,
): Response {
  return withBody(bytes, bytes.byteLength, "application/json", status, headers);
}

/** A JSON response from JSON text already written (as {@link json} sends it). */
export function jsonText(text: string, status = 200, headers?: HeadersInit): Response {
  return withBody(text, utf8Length(text), "application/json", status, headers);
}

/** A plain-text response (`text/plain; charset=UTF-8`), as the metadata listings use. */
export function text(body: string, status = 200, headers?: HeadersInit): Response {
  return withBody(body, utf8Length(body), "text/plain; charset=UTF-8", status, headers);
}

/** An empty response (204 unless told otherwise). */
export function empty(status = 204, headers?: HeadersInit): Response {
  return new Response(null, { status, headers });
}
