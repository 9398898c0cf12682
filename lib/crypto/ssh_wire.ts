/**
 * The SSH wire encoding used inside public key blobs (RFC 4251 §5): big-endian `uint32`/`uint64`,
 * length-prefixed `string`s and two's-complement `mpint`s. Reading is as strict as
 * pyca/cryptography's loader: a length running past the end, or a negative `mpint`, is an error.
 *
 * @module
 */

/**
 * A malformed SSH wire structure.
 *
 * @example
 * ```ts
 * import { SshWireError, SshWireReader } from "./ssh_wire.ts";
 * try {
 *   new SshWireReader(new Uint8Array([0, 0])).readUint32();
 * } catch (e) {
 *   console.log(e instanceof SshWireError); // true
 * }
 * ```
 */
export class SshWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SshWireError";
  }
}

/**
 * Sequential reader over an SSH wire-encoded buffer.
 *
 * @example
 * ```ts
 * import { SshWireReader, sshString } from "./ssh_wire.ts";
 * const r = new SshWireReader(sshString("ssh-ed25519"));
 * console.log(new TextDecoder().decode(r.readString())); // "ssh-ed25519"
 * console.log(r.remaining); // 0
 * ```
 */
export class SshWireReader {
  private readonly data: Uint8Array;
  private pos = 0;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  /** Bytes not yet consumed. */
  get remaining(): number {
    return this.data.length - this.pos;
  }

  /** The unread tail, without consuming it. */
  rest(): Uint8Array {
    return this.data.subarray(this.pos);
  }

  /** Read a big-endian 32-bit unsigned integer. */
  readUint32(): number {
    if (this.remaining < 4) throw new SshWireError("Invalid data");
    const d = this.data;
    const p = this.pos;
    this.pos += 4;
    return ((d[p] << 24) | (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]) >>> 0;
  }

  /** Read a big-endian 64-bit unsigned integer. */
  readUint64(): bigint {
    const hi = BigInt(this.readUint32());
    const lo = BigInt(this.readUint32());
    return (hi << 32n) | lo;
  }

  /** Read a length-prefixed byte string. */
  readString(): Uint8Array {
    const n = this.readUint32();
    if (n > this.remaining) throw new SshWireError("Invalid data");
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Read a non-negative `mpint` (a negative one is rejected, as cryptography does). */
  readMpint(): bigint {
    const raw = this.readString();
    if (raw.length && raw[0] > 0x7f) throw new SshWireError("Invalid data");
    return bytesToBigInt(raw);
  }
}

/**
 * Interpret bytes as an unsigned big-endian integer.
 *
 * @example
 * ```ts
 * import { bytesToBigInt } from "./ssh_wire.ts";
 * console.log(bytesToBigInt(new Uint8Array([1, 0]))); // 256n
 * ```
 */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Encode a byte or text string with its `uint32` length prefix.
 *
 * @example
 * ```ts
 * import { sshString } from "./ssh_wire.ts";
 * console.log(sshString("ab")); // Uint8Array [ 0, 0, 0, 2, 97, 98 ]
 * ```
 */
export function sshString(value: Uint8Array | string): Uint8Array {
  const body = typeof value === "string" ? new TextEncoder().encode(value) : value;
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/**
 * Encode a non-negative integer as an SSH `mpint`: minimal big-endian bytes, with a zero byte
 * in front when the top bit would otherwise read as a sign; zero is the empty string.
 *
 * @example
 * ```ts
 * import { sshMpint } from "./ssh_wire.ts";
 * console.log(sshMpint(0x80n)); // Uint8Array [ 0, 0, 0, 2, 0, 128 ]
 * ```
 */
export function sshMpint(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError("negative mpint not allowed");
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length && bytes[0] & 0x80) bytes.unshift(0);
  return sshString(new Uint8Array(bytes));
}

/**
 * Join byte arrays.
 *
 * @example
 * ```ts
 * import { concatBytes } from "./ssh_wire.ts";
 * console.log(concatBytes(new Uint8Array([1]), new Uint8Array([2, 3]))); // Uint8Array [ 1, 2, 3 ]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
