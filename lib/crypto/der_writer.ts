/**
 * DER encoders for the handful of ASN.1 types needed to build certificates and PKCS#12 files.
 * Each function returns one complete tag-length-value element.
 *
 * @module
 */

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Encode one element from its identifier octet and contents (definite, minimal length).
 *
 * @example
 * ```ts
 * import { derElement } from "./der_writer.ts";
 * console.log(derElement(0x04, new Uint8Array([1, 2]))); // Uint8Array [ 4, 2, 1, 2 ]
 * ```
 */
export function derElement(identifier: number, ...contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(contents);
  const len = body.length;
  let head: number[];
  if (len < 0x80) {
    head = [identifier, len];
  } else {
    const octets: number[] = [];
    for (let v = len; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
    head = [identifier, 0x80 | octets.length, ...octets];
  }
  return concat([new Uint8Array(head), body]);
}

/**
 * SEQUENCE of the given elements.
 *
 * @example
 * ```ts
 * import { derInteger, derSequence } from "./der_writer.ts";
 * console.log(derSequence(derInteger(1n))); // Uint8Array [ 48, 3, 2, 1, 1 ]
 * ```
 */
export function derSequence(...elements: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return derElement(0x30, ...elements);
}

/**
 * SET OF the given elements, sorted into DER order.
 *
 * @example
 * ```ts
 * import { derInteger, derSet } from "./der_writer.ts";
 * console.log(derSet(derInteger(2n), derInteger(1n))); // Uint8Array [ 49, 6, 2, 1, 1, 2, 1, 2 ]
 * ```
 */
export function derSet(...elements: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const sorted = [...elements].sort((a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  });
  return derElement(0x31, ...sorted);
}

/**
 * INTEGER in minimal two's-complement form.
 *
 * @example
 * ```ts
 * import { derInteger } from "./der_writer.ts";
 * console.log(derInteger(128n)); // Uint8Array [ 2, 2, 0, 128 ]
 * ```
 */
export function derInteger(value: bigint): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
    const sign = bytes[0] & 0x80;
    if ((v === 0n && !sign) || (v === -1n && sign)) break;
  }
  return derElement(0x02, new Uint8Array(bytes));
}

/**
 * OBJECT IDENTIFIER from dotted form.
 *
 * @example
 * ```ts
 * import { derOid } from "./der_writer.ts";
 * console.log(derOid("2.5.4.3")); // Uint8Array [ 6, 3, 85, 4, 3 ]
 * ```
 */
export function derOid(dotted: string): Uint8Array<ArrayBuffer> {
  const arcs = dotted.split(".").map(BigInt);
  const values = [arcs[0] * 40n + arcs[1], ...arcs.slice(2)];
  const out: number[] = [];
  for (const value of values) {
    const chunk = [Number(value & 0x7fn)];
    for (let v = value >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return derElement(0x06, new Uint8Array(out));
}

/**
 * NULL.
 *
 * @example
 * ```ts
 * import { derNull } from "./der_writer.ts";
 * console.log(derNull()); // Uint8Array [ 5, 0 ]
 * ```
 */
export function derNull(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x05, 0x00]);
}

/**
 * OCTET STRING.
 *
 * @example
 * ```ts
 * import { derOctetString } from "./der_writer.ts";
 * console.log(derOctetString(new Uint8Array([9]))); // Uint8Array [ 4, 1, 9 ]
 * ```
 */
export function derOctetString(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return derElement(0x04, bytes);
}

/**
 * BIT STRING holding whole octets (no unused bits).
 *
 * @example
 * ```ts
 * import { derBitString } from "./der_writer.ts";
 * console.log(derBitString(new Uint8Array([0xff]))); // Uint8Array [ 3, 2, 0, 255 ]
 * ```
 */
export function derBitString(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return derElement(0x03, new Uint8Array([0]), bytes);
}

/**
 * UTF8String.
 *
 * @example
 * ```ts
 * import { derUtf8String } from "./der_writer.ts";
 * console.log(derUtf8String("a")); // Uint8Array [ 12, 1, 97 ]
 * ```
 */
export function derUtf8String(text: string): Uint8Array<ArrayBuffer> {
  return derElement(0x0c, new TextEncoder().encode(text));
}

/**
 * An X.509 `Time`: UTCTime for years 1950-2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5),
 * at whole-second precision.
 *
 * @example
 * ```ts
 * import { derTime } from "./der_writer.ts";
 * const t = derTime(new Date(Date.UTC(2030, 0, 2, 3, 4, 5)));
 * console.log(new TextDecoder().decode(t.subarray(2))); // "300102030405Z"
 * ```
 */
export function derTime(date: Date): Uint8Array<ArrayBuffer> {
  const p = (n: number) => String(n).padStart(2, "0");
  const year = date.getUTCFullYear();
  const rest = `${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}` +
    `${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  const enc = new TextEncoder();
  if (year >= 1950 && year < 2050) return derElement(0x17, enc.encode(p(year % 100) + rest));
  return derElement(0x18, enc.encode(String(year).padStart(4, "0") + rest));
}

/**
 * Context-specific `[n] EXPLICIT` wrapper around one or more elements.
 *
 * @example
 * ```ts
 * import { derExplicit, derInteger } from "./der_writer.ts";
 * console.log(derExplicit(0, derInteger(2n))); // Uint8Array [ 160, 3, 2, 1, 2 ]
 * ```
 */
export function derExplicit(tag: number, ...elements: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return derElement(0xa0 | tag, ...elements);
}

/**
 * Context-specific `[n] IMPLICIT` primitive holding raw contents.
 *
 * @example
 * ```ts
 * import { derImplicitPrimitive } from "./der_writer.ts";
 * console.log(derImplicitPrimitive(0, new Uint8Array([1]))); // Uint8Array [ 128, 1, 1 ]
 * ```
 */
export function derImplicitPrimitive(tag: number, contents: Uint8Array): Uint8Array<ArrayBuffer> {
  return derElement(0x80 | tag, contents);
}
