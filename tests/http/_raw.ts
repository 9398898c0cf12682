/**
 * Test support: one HTTP/1.1 exchange over a raw TCP socket, for requests `fetch` will not send
 * (TRACE, lowercase methods, an absolute-form request-target, a missing or odd `Host`).
 *
 * @module
 */

/** A response read off the wire. */
export interface RawResponse {
  status: number;
  /** The reason phrase of the status line. */
  reason: string;
  headers: Headers;
  body: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Concatenate byte chunks. */
function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Decode a `Transfer-Encoding: chunked` body. */
function dechunk(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let eol = at;
    while (eol + 1 < bytes.length && !(bytes[eol] === 13 && bytes[eol + 1] === 10)) eol++;
    const size = parseInt(decoder.decode(bytes.subarray(at, eol)).split(";")[0], 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return concat(parts);
}

/**
 * Send `head` (the request line and header lines, without the blank line) and `body` to
 * 127.0.0.1:`port` with `Connection: close`, and read the whole response.
 *
 * @example
 * ```ts
 * const res = await rawRequest(8774, ["TRACE /v2.1/flavors HTTP/1.1", "Host: 127.0.0.1"]);
 * ```
 */
export async function rawRequest(
  port: number,
  head: string[],
  body = "",
): Promise<RawResponse> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const lines = [...head, "Connection: close"];
    if (body !== "") lines.push(`Content-Length: ${encoder.encode(body).length}`);
    await conn.write(encoder.encode(lines.join("\r\n") + "\r\n\r\n" + body));
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(16384);
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
    }
    const bytes = concat(chunks);
    let split = 0;
    while (
      split + 3 < bytes.length && decoder.decode(bytes.subarray(split, split + 4)) !== "\r\n\r\n"
    ) {
      split++;
    }
    const [statusLine, ...headerLines] = decoder.decode(bytes.subarray(0, split)).split("\r\n");
    const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
    const headers = new Headers();
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    let rest = bytes.subarray(split + 4);
    if ((headers.get("transfer-encoding") ?? "").toLowerCase().includes("chunked")) {
      rest = dechunk(rest);
    }
    return { status: Number(m[1]), reason: m[2], headers, body: decoder.decode(rest) };
  } finally {
    conn.close();
  }
}
