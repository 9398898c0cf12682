/**
 * RSA private key containers: PKCS#8 `PrivateKeyInfo` (what WebCrypto exports) and the PKCS#1
 * `RSAPrivateKey` inside it (what OpenSSL's "traditional" `BEGIN RSA PRIVATE KEY` PEM holds).
 *
 * @module
 */

import { type DerReader, parseSingle, TagClass } from "./der.ts";

const RSA_ENCRYPTION_OID = "1.2.840.113549.1.1.1";

/** The integers of a two-prime PKCS#1 `RSAPrivateKey`. */
export interface RsaPrivateKeyNumbers {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qInv: bigint;
}

/**
 * Pull the PKCS#1 `RSAPrivateKey` DER out of a PKCS#8 `PrivateKeyInfo` holding an
 * `rsaEncryption` key. The inner bytes are returned untouched after being checked.
 *
 * @example
 * ```ts
 * import { pkcs8ToPkcs1 } from "./rsa_private_key.ts";
 * const { privateKey } = await crypto.subtle.generateKey(
 *   {
 *     name: "RSASSA-PKCS1-v1_5",
 *     modulusLength: 2048,
 *     publicExponent: new Uint8Array([1, 0, 1]),
 *     hash: "SHA-256",
 *   },
 *   true,
 *   ["sign", "verify"],
 * );
 * const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", privateKey));
 * const pkcs1 = pkcs8ToPkcs1(pkcs8);
 * ```
 */
export function pkcs8ToPkcs1(pkcs8: Uint8Array): Uint8Array {
  const inner = parseSingle(pkcs8, (r) => {
    const info = r.readSequence();
    if (info.readInteger() !== 0n) throw new TypeError("unsupported PrivateKeyInfo version");
    const alg = info.readSequence();
    if (alg.readOid() !== RSA_ENCRYPTION_OID) throw new TypeError("not an RSA private key");
    if (!alg.done) alg.readNull();
    alg.finish();
    const key = info.readOctetString();
    // Optional [0] attributes may follow; nothing else may.
    if (info.peekIs(TagClass.contextSpecific, true, 0)) info.read();
    info.finish();
    return key;
  });
  parseRsaPrivateKey(inner);
  return inner;
}

/**
 * Decode a PKCS#1 `RSAPrivateKey` (version 0, two primes).
 *
 * @example
 * ```ts
 * import { parseRsaPrivateKey, pkcs8ToPkcs1 } from "./rsa_private_key.ts";
 * const { privateKey } = await crypto.subtle.generateKey(
 *   {
 *     name: "RSASSA-PKCS1-v1_5",
 *     modulusLength: 2048,
 *     publicExponent: new Uint8Array([1, 0, 1]),
 *     hash: "SHA-256",
 *   },
 *   true,
 *   ["sign"],
 * );
 * const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", privateKey));
 * const { n, e } = parseRsaPrivateKey(pkcs8ToPkcs1(pkcs8));
 * console.log(n.toString(2).length, e); // 2048 65537n
 * ```
 */
export function parseRsaPrivateKey(pkcs1: Uint8Array): RsaPrivateKeyNumbers {
  return parseSingle(pkcs1, (r: DerReader) => {
    const s = r.readSequence();
    if (s.readInteger() !== 0n) throw new TypeError("only two-prime RSA keys are supported");
    const [n, e, d, p, q, dp, dq, qInv] = Array.from({ length: 8 }, () => s.readInteger());
    s.finish();
    if ([n, e, d, p, q, dp, dq, qInv].some((v) => v <= 0n)) {
      throw new TypeError("RSA key integers must be positive");
    }
    return { n, e, d, p, q, dp, dq, qInv };
  });
}
