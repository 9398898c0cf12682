/**
 * OpenSSH public key lines (`<type> <base64 blob> [comment]`): parsing, validation and Nova's
 * MD5 fingerprint.
 *
 * Nova accepts a key when pyca/cryptography's `load_ssh_public_key` does, and that is what
 * {@link parseSshPublicKey} reproduces:
 *
 * - the line must start with a type token, spaces or tabs, then the body token;
 * - the body is decoded with Python's forgiving base64 decoder;
 * - the blob's embedded type string must equal the line's type token;
 * - supported types: `ssh-rsa`, `ssh-dss` (1024-bit only), `ecdsa-sha2-nistp256/384/521`,
 *   `ssh-ed25519`, `sk-ssh-ed25519@openssh.com`, `sk-ecdsa-sha2-nistp256@openssh.com`, and
 *   OpenSSH certificates (`<type>-cert-v01@openssh.com`) of the non-`sk` types;
 * - key values are checked (RSA exponent/modulus bounds, DSA sizes, EC points on the curve,
 *   Ed25519 length) and the blob must be consumed exactly.
 *
 * {@link sshPublicKeyFingerprint} then follows Nova's `generate_fingerprint`: MD5 over the
 * base64-decoded second space-separated field, printed as `aa:bb:...`.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { colonHex } from "./colon_hex.ts";
import { InvalidKeypair } from "./invalid_keypair.ts";
import { lenientBase64Decode } from "./lenient_base64.ts";
import { isValidUncompressedPoint, type NistCurve } from "./nist_curves.ts";
import { SshWireReader } from "./ssh_wire.ts";

/** The reason Nova gives when an SSH public key cannot be fingerprinted. */
export const SSH_FINGERPRINT_FAILURE = "failed to generate fingerprint";

/** Algorithm family of a parsed key. */
export type SshKeyAlgorithm = "rsa" | "dsa" | "ecdsa" | "ed25519" | "sk-ecdsa" | "sk-ed25519";

/** A validated OpenSSH public key line. */
export interface SshPublicKey {
  /** The line's type token, e.g. `ssh-rsa` or `ssh-ed25519-cert-v01@openssh.com`. */
  type: string;
  /** The key type without any certificate suffix. */
  keyType: string;
  /** True for an OpenSSH certificate line. */
  certificate: boolean;
  /** Algorithm family. */
  algorithm: SshKeyAlgorithm;
  /** Key size in bits (RSA modulus, DSA prime, curve size; 256 for Ed25519). */
  bits: number;
  /** The decoded body. */
  blob: Uint8Array;
  /** Whatever follows the body on the first line, trimmed (often `user@host`); may be empty. */
  comment: string;
}

/**
 * Why a line is not an acceptable SSH public key (the detail Nova hides behind
 * {@link SSH_FINGERPRINT_FAILURE}).
 *
 * @example
 * ```ts
 * import { parseSshPublicKey, SshPublicKeyError } from "./ssh_public_key.ts";
 * try {
 *   parseSshPublicKey("bad key data");
 * } catch (e) {
 *   console.log(e instanceof SshPublicKeyError); // true
 * }
 * ```
 */
export class SshPublicKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SshPublicKeyError";
  }
}

const CERT_SUFFIX = "-cert-v01@openssh.com";
const ASCII = new TextDecoder("latin1");
const UTF8 = new TextDecoder();

/** Python's bytes `\s`: space, \t, \n, \v, \f, \r. */
function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** Split the line like cryptography's `\A(\S+)[ \t]+(\S+)` on the UTF-8 bytes. */
function splitLine(bytes: Uint8Array): { type: Uint8Array; body: Uint8Array; tail: Uint8Array } {
  let i = 0;
  while (i < bytes.length && !isSpace(bytes[i])) i++;
  const typeEnd = i;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  const bodyStart = i;
  while (i < bytes.length && !isSpace(bytes[i])) i++;
  if (typeEnd === 0 || bodyStart === typeEnd || i === bodyStart) {
    throw new SshPublicKeyError("Invalid line format");
  }
  return {
    type: bytes.subarray(0, typeEnd),
    body: bytes.subarray(bodyStart, i),
    tail: bytes.subarray(i),
  };
}

interface LoadedKey {
  algorithm: SshKeyAlgorithm;
  bits: number;
}

type Loader = (r: SshWireReader) => LoadedKey;

function loadRsa(r: SshWireReader): LoadedKey {
  const e = r.readMpint();
  const n = r.readMpint();
  if (n < 3n) throw new SshPublicKeyError("n must be >= 3.");
  if (e < 3n || e >= n) throw new SshPublicKeyError("e must be >= 3 and < n.");
  if ((e & 1n) === 0n) throw new SshPublicKeyError("e must be odd.");
  return { algorithm: "rsa", bits: bitLength(n) };
}

function loadDsa(r: SshWireReader): LoadedKey {
  const p = r.readMpint();
  const q = r.readMpint();
  const g = r.readMpint();
  r.readMpint(); // y
  if (bitLength(p) !== 1024) throw new SshPublicKeyError("SSH supports only 1024 bit DSA keys");
  if (![160, 224, 256].includes(bitLength(q))) {
    throw new SshPublicKeyError("q must be exactly 160, 224, or 256 bits long");
  }
  if (g <= 1n || g >= p) throw new SshPublicKeyError("g, p don't satisfy 1 < g < p.");
  return { algorithm: "dsa", bits: 1024 };
}

function ecdsaLoader(sshCurve: string, curve: NistCurve, bits: number): Loader {
  return (r) => {
    const name = r.readString();
    const point = r.readString();
    if (ASCII.decode(name) !== sshCurve) throw new SshPublicKeyError("Curve name mismatch");
    if (point.length === 0 || point[0] !== 4) {
      throw new SshPublicKeyError("Need uncompressed point");
    }
    if (!isValidUncompressedPoint(curve, point)) {
      throw new SshPublicKeyError("Invalid EC key.");
    }
    return { algorithm: "ecdsa", bits };
  };
}

function loadEd25519(r: SshWireReader): LoadedKey {
  if (r.readString().length !== 32) {
    throw new SshPublicKeyError("An Ed25519 public key is 32 bytes long");
  }
  return { algorithm: "ed25519", bits: 256 };
}

function readApplication(r: SshWireReader): void {
  const app = r.readString();
  if (ASCII.decode(app.subarray(0, 4)) !== "ssh:") {
    throw new SshPublicKeyError("U2F application string does not start with b'ssh:'");
  }
}

const loadEcdsaP256 = ecdsaLoader("nistp256", "P-256", 256);

const LOADERS: Record<string, Loader> = {
  "ssh-rsa": loadRsa,
  "ssh-dss": loadDsa,
  "ssh-ed25519": loadEd25519,
  "ecdsa-sha2-nistp256": loadEcdsaP256,
  "ecdsa-sha2-nistp384": ecdsaLoader("nistp384", "P-384", 384),
  "ecdsa-sha2-nistp521": ecdsaLoader("nistp521", "P-521", 521),
  "sk-ssh-ed25519@openssh.com": (r) => {
    loadEd25519(r);
    readApplication(r);
    return { algorithm: "sk-ed25519", bits: 256 };
  },
  "sk-ecdsa-sha2-nistp256@openssh.com": (r) => {
    loadEcdsaP256(r);
    readApplication(r);
    return { algorithm: "sk-ecdsa", bits: 256 };
  },
};

/** Critical options / extensions: sorted, unique names; a non-empty value wraps one string. */
function checkOptions(data: Uint8Array): void {
  const r = new SshWireReader(data);
  const seen: Uint8Array[] = [];
  let last: Uint8Array | undefined;
  while (r.remaining > 0) {
    const name = r.readString();
    if (seen.some((s) => equalBytes(s, name))) throw new SshPublicKeyError("Duplicate name");
    if (last !== undefined && compareBytes(name, last) < 0) {
      throw new SshPublicKeyError("Fields not lexically sorted");
    }
    const value = r.readString();
    if (value.length > 0) {
      const inner = new SshWireReader(value);
      inner.readString();
      if (inner.remaining > 0) throw new SshPublicKeyError("Unexpected extra data after value");
    }
    seen.push(name);
    last = name;
  }
}

/** The certificate fields that follow the embedded public key. */
function checkCertificateTail(r: SshWireReader): void {
  r.readUint64(); // serial
  const certType = r.readUint32();
  r.readString(); // key id
  const principals = new SshWireReader(r.readString());
  while (principals.remaining > 0) principals.readString();
  r.readUint64(); // valid after
  r.readUint64(); // valid before
  checkOptions(r.readString()); // critical options
  checkOptions(r.readString()); // extensions
  r.readString(); // reserved
  const sigType = ASCII.decode(new SshWireReader(r.readString()).readString());
  const signature = new SshWireReader(r.readString());
  if (r.remaining > 0) throw new SshPublicKeyError("Corrupt data: unparsed data");
  const innerSigType = ASCII.decode(signature.readString());
  const rsaOk = ["rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"].includes(innerSigType);
  if ((sigType === "ssh-rsa" && !rsaOk) || (sigType !== "ssh-rsa" && innerSigType !== sigType)) {
    throw new SshPublicKeyError("Signature key type does not match");
  }
  signature.readString();
  if (signature.remaining > 0) throw new SshPublicKeyError("Corrupt data: unparsed data");
  if (certType !== 1 && certType !== 2) throw new SshPublicKeyError("Invalid certificate type");
}

/**
 * Parse and validate one OpenSSH public key line, accepting exactly what pyca/cryptography's
 * `load_ssh_public_key` accepts. Throws {@link SshPublicKeyError} otherwise.
 *
 * @example
 * ```ts
 * import { parseSshPublicKey } from "./ssh_public_key.ts";
 * const key = parseSshPublicKey(
 *   "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFl6u75BTi8xGtSPm1yVJuLE/oMtCOuEMJJnBSuZEdXz me@host",
 * );
 * console.log(key.algorithm, key.bits, key.comment); // "ed25519" 256 "me@host"
 * ```
 */
export function parseSshPublicKey(line: string): SshPublicKey {
  if (typeof line !== "string" || !line.isWellFormed()) {
    throw new SshPublicKeyError("public key is not encodable as UTF-8");
  }
  const { type, body, tail } = splitLine(new TextEncoder().encode(line));
  const typeName = UTF8.decode(type);
  const certificate = typeName.endsWith(CERT_SUFFIX);
  const keyType = certificate ? typeName.slice(0, -CERT_SUFFIX.length) : typeName;
  const loader = Object.hasOwn(LOADERS, keyType) ? LOADERS[keyType] : undefined;
  if (!loader) throw new SshPublicKeyError(`Unsupported key type: ${typeName}`);

  let blob: Uint8Array;
  try {
    blob = lenientBase64Decode(body);
  } catch (e) {
    throw new SshPublicKeyError("Invalid format", { cause: e });
  }
  try {
    const r = new SshWireReader(blob);
    if (!equalBytes(r.readString(), type)) throw new SshPublicKeyError("Invalid key format");
    if (certificate) r.readString(); // nonce
    const loaded = loader(r);
    if (certificate) checkCertificateTail(r);
    else if (r.remaining > 0) throw new SshPublicKeyError("Corrupt data: unparsed data");
    const comment = UTF8.decode(tail).split(/[\r\n]/, 1)[0].trim();
    return { type: typeName, keyType, certificate, ...loaded, blob, comment };
  } catch (e) {
    if (e instanceof SshPublicKeyError) throw e;
    throw new SshPublicKeyError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/**
 * Nova's fingerprint for an SSH public key (`nova.crypto.generate_fingerprint`): validate the
 * line, then MD5 the base64-decoded second space-separated field, as `aa:bb:...`. For plain keys
 * this equals `ssh-keygen -l -E md5` (minus the `MD5:` prefix); for certificates it hashes the
 * whole certificate blob.
 *
 * Throws {@link InvalidKeypair} with reason {@link SSH_FINGERPRINT_FAILURE} on any failure.
 *
 * @example
 * ```ts
 * import { sshPublicKeyFingerprint } from "./ssh_public_key.ts";
 * const fp = sshPublicKeyFingerprint(
 *   "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFl6u75BTi8xGtSPm1yVJuLE/oMtCOuEMJJnBSuZEdXz",
 * );
 * console.log(fp); // "1a:1d:a7:2c:4c:ff:15:c4:70:13:38:b6:ac:4c:dc:12"
 * ```
 */
export function sshPublicKeyFingerprint(publicKey: string): string {
  try {
    parseSshPublicKey(publicKey);
    // Nova re-splits on single spaces, so tabs or doubled spaces change what gets hashed.
    const field = publicKey.split(" ")[1];
    if (field === undefined) throw new SshPublicKeyError("no second field");
    if ([...field].some((c) => c.charCodeAt(0) > 0x7f)) {
      throw new SshPublicKeyError("non-ASCII base64 data");
    }
    const data = lenientBase64Decode(new TextEncoder().encode(field));
    return colonHex(createHash("md5").update(data).digest());
  } catch (e) {
    throw new InvalidKeypair(SSH_FINGERPRINT_FAILURE, { cause: e });
  }
}
