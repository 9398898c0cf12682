/**
 * PEM armour (`-----BEGIN LABEL-----` ... `-----END LABEL-----`).
 *
 * Writing follows OpenSSL: base64 in 64-character lines, each ending in `\n`. Reading follows
 * the Rust `pem` crate (v3) that pyca/cryptography uses to load certificates, so the same texts
 * are accepted and rejected: every section found must be well formed (matching labels, `key:
 * value` headers before a blank line, canonical padded base64 once whitespace is dropped), and
 * a text without any section is `MalformedFraming`.
 *
 * @module
 */

/** One decoded PEM section. */
export interface PemSection {
  /** The label, e.g. `CERTIFICATE`. */
  label: string;
  /** The decoded payload. */
  contents: Uint8Array;
}

/**
 * A PEM text the `pem` crate would refuse. `message` is the crate's Debug rendering of the
 * error (`MalformedFraming`, `MismatchedTags("A", "B")`, `InvalidData(InvalidByte(3, 33))`...).
 *
 * @example
 * ```ts
 * import { parsePem, PemError } from "./pem.ts";
 * try {
 *   parsePem("no armour here");
 * } catch (e) {
 *   console.log(e instanceof PemError && e.message); // "MalformedFraming"
 * }
 * ```
 */
export class PemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PemError";
  }
}

/**
 * Armour DER bytes the way OpenSSL writes PEM: 64-column base64 and a final newline.
 *
 * @example
 * ```ts
 * import { encodePem } from "./pem.ts";
 * console.log(encodePem("TEST", new Uint8Array([1, 2, 3])));
 * // "-----BEGIN TEST-----\nAQID\n-----END TEST-----\n"
 * ```
 */
export function encodePem(label: string, der: Uint8Array): string {
  const b64 = der.toBase64();
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.map((l) => l + "\n").join("")}-----END ${label}-----\n`;
}

const BASE64_ALPHABET = /^[A-Za-z0-9+/]$/;

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function skipWhitespace(data: Uint8Array, at: number): number {
  while (at < data.length && [0x20, 0x09, 0x0a, 0x0d].includes(data[at])) at++;
  return at;
}

const enc = (s: string) => new TextEncoder().encode(s);
const BEGIN = enc("-----BEGIN ");
const END = enc("-----END ");
const DASHES = enc("-----");

function asUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PemError("NotUtf8(Utf8Error)");
  }
}

/** Strict base64 as the `base64` crate's STANDARD engine decodes it. */
function decodeStrictBase64(data: string): Uint8Array {
  let padStart = data.length;
  while (padStart > 0 && data[padStart - 1] === "=") padStart--;
  for (let i = 0; i < padStart; i++) {
    if (!BASE64_ALPHABET.test(data[i])) {
      throw new PemError(`InvalidData(InvalidByte(${i}, ${data.charCodeAt(i)}))`);
    }
  }
  const pads = data.length - padStart;
  if (pads > 2 || data.length % 4 !== 0 || (padStart % 4 === 1)) {
    if (padStart % 4 === 1) throw new PemError(`InvalidData(InvalidLength(${padStart}))`);
    throw new PemError("InvalidData(InvalidPadding)");
  }
  try {
    return Uint8Array.fromBase64(data, { lastChunkHandling: "strict" });
  } catch {
    const last = padStart - 1;
    throw new PemError(`InvalidData(InvalidLastSymbol(${last}, ${data.charCodeAt(last)}))`);
  }
}

function splitHeaders(payload: Uint8Array): { headers: Uint8Array; data: Uint8Array } {
  for (const sep of [enc("\n\n"), enc("\r\n\r\n")]) {
    const at = indexOfBytes(payload, sep, 0);
    if (at >= 0) {
      return { headers: payload.subarray(0, at), data: payload.subarray(at + sep.length) };
    }
  }
  return { headers: new Uint8Array(0), data: payload };
}

/**
 * Decode every PEM section of a text, as the `pem` crate's `parse_many` does. Text outside the
 * sections is ignored; a malformed section fails the whole text; none at all is an error.
 *
 * @example
 * ```ts
 * import { parsePem } from "./pem.ts";
 * const [s] = parsePem("junk\n-----BEGIN TEST-----\nAQID\n-----END TEST-----\n");
 * console.log(s.label, s.contents); // "TEST" Uint8Array [ 1, 2, 3 ]
 * ```
 */
export function parsePem(text: string | Uint8Array): PemSection[] {
  const data = typeof text === "string" ? enc(text) : text;
  const sections: PemSection[] = [];
  let at = 0;
  while (at < data.length) {
    const b = indexOfBytes(data, BEGIN, at);
    if (b < 0) break;
    const labelStart = b + BEGIN.length;
    const labelEnd = indexOfBytes(data, DASHES, labelStart);
    if (labelEnd < 0) break;
    const payloadStart = skipWhitespace(data, labelEnd + DASHES.length);
    const e = indexOfBytes(data, END, payloadStart);
    if (e < 0) break;
    const endLabelStart = e + END.length;
    const endLabelEnd = indexOfBytes(data, DASHES, endLabelStart);
    if (endLabelEnd < 0) break;
    at = skipWhitespace(data, endLabelEnd + DASHES.length);

    const label = asUtf8(data.subarray(labelStart, labelEnd));
    if (!label) throw new PemError("MissingBeginTag");
    const endLabel = asUtf8(data.subarray(endLabelStart, endLabelEnd));
    if (!endLabel) throw new PemError("MissingEndTag");
    if (label !== endLabel) {
      throw new PemError(`MismatchedTags(${JSON.stringify(label)}, ${JSON.stringify(endLabel)})`);
    }
    const { headers, data: body } = splitHeaders(data.subarray(payloadStart, e));
    const contents = decodeStrictBase64(asUtf8(body).replace(/\s/gu, ""));
    for (const line of asUtf8(headers).split(/\r?\n/)) {
      if (line && !line.includes(":")) throw new PemError(`InvalidHeader(${JSON.stringify(line)})`);
    }
    sections.push({ label, contents });
  }
  if (sections.length === 0) throw new PemError("MalformedFraming");
  return sections;
}
