/**
 * Python's forgiving base64 decoder (`binascii.a2b_base64` without `strict_mode`, which is what
 * `base64.b64decode(s)` runs). Nova and pyca/cryptography both decode SSH key bodies with it, so
 * its quirks decide which keys are accepted: characters outside the alphabet are skipped, the
 * first complete padding ends the input, and leftover bits are dropped.
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const TABLE = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d; // "="

/**
 * Raised when the input cannot be decoded even leniently (`binascii.Error` in Python).
 *
 * @example
 * ```ts
 * import { Base64DecodeError, lenientBase64Decode } from "./lenient_base64.ts";
 * try {
 *   lenientBase64Decode(new TextEncoder().encode("abc"));
 * } catch (e) {
 *   console.log(e instanceof Base64DecodeError); // true
 * }
 * ```
 */
export class Base64DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Base64DecodeError";
  }
}

/**
 * Decode base64 bytes the way Python's non-strict `binascii.a2b_base64` does.
 *
 * @example
 * ```ts
 * import { lenientBase64Decode } from "./lenient_base64.ts";
 * const bytes = lenientBase64Decode(new TextEncoder().encode("aG V*sbG8=trailing"));
 * console.log(new TextDecoder().decode(bytes)); // "hello"
 * ```
 */
export function lenientBase64Decode(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor((input.length * 3) / 4) + 3);
  let n = 0;
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (const ch of input) {
    if (ch === PAD) {
      // Padding only counts once at least two characters of the quad are in; a full pad
      // sequence stops decoding and anything after it is ignored.
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.slice(0, n);
      continue;
    }
    const v = TABLE[ch];
    if (v < 0) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftChar = v;
        break;
      case 1:
        quadPos = 2;
        out[n++] = (leftChar << 2) | (v >> 4);
        leftChar = v & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out[n++] = ((leftChar << 4) | (v >> 2)) & 0xff;
        leftChar = v & 0x03;
        break;
      default:
        quadPos = 0;
        out[n++] = ((leftChar << 6) | v) & 0xff;
        leftChar = 0;
    }
  }
  if (quadPos === 1) {
    throw new Base64DecodeError(
      "Invalid base64-encoded string: number of data characters cannot be 1 more than a " +
        "multiple of 4",
    );
  }
  if (quadPos !== 0) throw new Base64DecodeError("Incorrect padding");
  return out.slice(0, n);
}
