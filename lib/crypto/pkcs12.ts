/**
 * PKCS#12 (RFC 7292) export of one private key and its certificate, laid out the way OpenSSL 3's
 * `openssl pkcs12 -export` writes it with default settings:
 *
 * - the certificate bag is in an `encryptedData` content, the key in a `pkcs8ShroudedKeyBag`;
 * - both use PBES2 (PBKDF2-HMAC-SHA256, 8-byte salt, 2048 iterations) with AES-256-CBC;
 * - both bags carry a `localKeyID` attribute (SHA-1 of the certificate);
 * - the integrity MAC is HMAC-SHA256 keyed with the RFC 7292 appendix B KDF (2048 iterations).
 *
 * @module
 */

import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import {
  derExplicit,
  derImplicitPrimitive,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
} from "./der_writer.ts";

const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  certBag: "1.2.840.113549.1.12.10.1.3",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacWithSha256: "1.2.840.113549.2.9",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  sha256: "2.16.840.1.101.3.4.2.1",
};

/** What goes into the file. */
export interface Pkcs12Input {
  /** PKCS#8 `PrivateKeyInfo` DER of the key. */
  privateKeyPkcs8: Uint8Array;
  /** DER of the matching certificate. */
  certificateDer: Uint8Array;
  /** Password for encryption and MAC; OpenSSL's `-password pass:` gives the empty string. */
  password?: string;
  /** PBKDF2 and MAC iteration count (OpenSSL's default is 2048). */
  iterations?: number;
}

/**
 * The PKCS#12 key derivation of RFC 7292 appendix B.2 over SHA-256 (`id` 1 = cipher key,
 * 2 = IV, 3 = MAC key). `password` is the BMPString form, terminator included.
 *
 * @example
 * ```ts
 * import { pkcs12Kdf } from "./pkcs12.ts";
 * const key = pkcs12Kdf(new Uint8Array([0, 0]), new Uint8Array(8), 3, 2048, 32);
 * console.log(key.length); // 32
 * ```
 */
export function pkcs12Kdf(
  password: Uint8Array,
  salt: Uint8Array,
  id: number,
  iterations: number,
  length: number,
): Uint8Array {
  const u = 32; // SHA-256 output size
  const v = 64; // SHA-256 block size
  const stretch = (src: Uint8Array) => {
    const out = new Uint8Array(src.length ? v * Math.ceil(src.length / v) : 0);
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const I = new Uint8Array([...stretch(salt), ...stretch(password)]);
  const D = new Uint8Array(v).fill(id);
  const out = new Uint8Array(Math.ceil(length / u) * u);
  for (let block = 0; block * u < length; block++) {
    let A: Uint8Array = createHash("sha256").update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash("sha256").update(A).digest();
    out.set(A, block * u);
    // I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes.
    const B = stretch(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out.slice(0, length);
}

/** A password as a NUL-terminated big-endian BMPString. */
function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    out[2 * i] = password.charCodeAt(i) >> 8;
    out[2 * i + 1] = password.charCodeAt(i) & 0xff;
  }
  return out;
}

/** Encrypt with PBES2 and return [AlgorithmIdentifier, ciphertext]. */
function pbes2Encrypt(
  plaintext: Uint8Array,
  password: string,
  iterations: number,
): [Uint8Array, Uint8Array] {
  const salt = new Uint8Array(randomBytes(8));
  const iv = new Uint8Array(randomBytes(16));
  const key = pbkdf2Sync(new TextEncoder().encode(password), salt, iterations, 32, "sha256");
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const ciphertext = new Uint8Array([...cipher.update(plaintext), ...cipher.final()]);
  const algorithm = derSequence(
    derOid(OID.pbes2),
    derSequence(
      derSequence(
        derOid(OID.pbkdf2),
        derSequence(
          derOctetString(salt),
          derInteger(BigInt(iterations)),
          derSequence(derOid(OID.hmacWithSha256), derNull()),
        ),
      ),
      derSequence(derOid(OID.aes256Cbc), derOctetString(iv)),
    ),
  );
  return [algorithm, ciphertext];
}

/**
 * Build a password-protected PKCS#12 file holding one key and its certificate.
 *
 * @example
 * ```ts
 * import { buildPkcs12 } from "./pkcs12.ts";
 * // The key as WebCrypto exports it (`exportKey("pkcs8", ...)`) and its certificate's DER.
 * function pfxBase64(privateKeyPkcs8: Uint8Array, certificateDer: Uint8Array): string {
 *   return buildPkcs12({ privateKeyPkcs8, certificateDer }).toBase64();
 * }
 * ```
 */
export function buildPkcs12(input: Pkcs12Input): Uint8Array {
  const password = input.password ?? "";
  const iterations = input.iterations ?? 2048;
  const keyId = new Uint8Array(createHash("sha1").update(input.certificateDer).digest());
  const attributes = derSet(derSequence(derOid(OID.localKeyId), derSet(derOctetString(keyId))));

  const certBag = derSequence(
    derOid(OID.certBag),
    derExplicit(
      0,
      derSequence(
        derOid(OID.x509Certificate),
        derExplicit(0, derOctetString(input.certificateDer)),
      ),
    ),
    attributes,
  );
  const [certAlg, certCipher] = pbes2Encrypt(derSequence(certBag), password, iterations);
  const certContent = derSequence(
    derOid(OID.encryptedData),
    derExplicit(
      0,
      derSequence(
        derInteger(0n),
        derSequence(derOid(OID.data), certAlg, derImplicitPrimitive(0, certCipher)),
      ),
    ),
  );

  const [keyAlg, keyCipher] = pbes2Encrypt(input.privateKeyPkcs8, password, iterations);
  const keyBag = derSequence(
    derOid(OID.shroudedKeyBag),
    derExplicit(0, derSequence(keyAlg, derOctetString(keyCipher))),
    attributes,
  );
  const keyContent = derSequence(
    derOid(OID.data),
    derExplicit(0, derOctetString(derSequence(keyBag))),
  );

  const authSafe = derSequence(certContent, keyContent);
  const macSalt = new Uint8Array(randomBytes(8));
  const macKey = pkcs12Kdf(bmpPassword(password), macSalt, 3, iterations, 32);
  const mac = new Uint8Array(createHmac("sha256", macKey).update(authSafe).digest());

  return derSequence(
    derInteger(3n),
    derSequence(derOid(OID.data), derExplicit(0, derOctetString(authSafe))),
    derSequence(
      derSequence(derSequence(derOid(OID.sha256), derNull()), derOctetString(mac)),
      derOctetString(macSalt),
      derInteger(BigInt(iterations)),
    ),
  );
}
