/**
 * Server-side generation for `type: x509` keypairs created without a `public_key`
 * (microversions 2.2-2.91), i.e. `nova.crypto.generate_winrm_x509_cert`. Nova shells out to
 * `openssl req -x509` and `openssl pkcs12 -export`; this builds the same artefacts in-process:
 *
 * - a self-signed X.509 v3 certificate, RSA 2048 / SHA-256, valid 3650 days, subject and issuer
 *   `CN=<user_id>`, with extensions extendedKeyUsage=clientAuth, subjectAltName otherName
 *   UPN (`1.3.6.1.4.1.311.20.2.3`) = `<user_id>@localhost`, and the subjectKeyIdentifier that
 *   OpenSSL 3 adds by default; random 159-bit serial;
 * - the private key: base64 (no newlines) of a PKCS#12 file protected by the empty password;
 * - the fingerprint: SHA-1 of the certificate (as for imported x509 keypairs).
 *
 * @module
 */

import { generateRsaPair } from "./rsa_keygen.ts";
import { createHash, randomBytes } from "node:crypto";
import { type DerReader, parseSingle } from "./der.ts";
import {
  derBitString,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  derUtf8String,
} from "./der_writer.ts";
import { encodePem } from "./pem.ts";
import { buildPkcs12 } from "./pkcs12.ts";
import { x509Fingerprint } from "./x509.ts";

/** Longest common name OpenSSL accepts (`ub-common-name`). */
export const MAX_COMMON_NAME_LENGTH = 64;

/** A generated WinRM client certificate in Nova's formats. */
export interface WinrmCertificate {
  /** Base64 of the PKCS#12 file (empty password). */
  privateKey: string;
  /** The certificate as PEM. */
  certificate: string;
  /** SHA-1 fingerprint of the certificate, `aa:bb:...`. */
  fingerprint: string;
}

const SHA256_WITH_RSA = derSequence(derOid("1.2.840.113549.1.1.11"), derNull());
const DAY_MS = 86_400_000;

function commonName(value: string): Uint8Array {
  return derSequence(derSet(derSequence(derOid("2.5.4.3"), derUtf8String(value))));
}

function extension(oid: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(oid), derOctetString(value));
}

/** The `subjectPublicKey` bits of a SubjectPublicKeyInfo, which the key identifier hashes. */
function publicKeyBits(spki: Uint8Array): Uint8Array {
  return parseSingle(spki, (r: DerReader) => {
    const s = r.readSequence();
    s.readSequence();
    return s.readBitString().bytes;
  });
}

/**
 * Generate a self-signed client certificate and PKCS#12 key for `userId`, as Nova does for
 * WinRM certificate authentication. Throws a `RangeError` when `userId` exceeds
 * {@link MAX_COMMON_NAME_LENGTH} characters (Nova's `openssl` call fails, a 500).
 *
 * @example
 * ```ts
 * import { generateWinrmX509Cert } from "./winrm_cert.ts";
 * const { certificate, privateKey, fingerprint } = await generateWinrmX509Cert("alice");
 * console.log(certificate.startsWith("-----BEGIN CERTIFICATE-----")); // true
 * ```
 */
export async function generateWinrmX509Cert(
  userId: string,
  bits: number = 2048,
  now: Date = new Date(),
): Promise<WinrmCertificate> {
  if ([...userId].length > MAX_COMMON_NAME_LENGTH) {
    throw new RangeError(`common name longer than ${MAX_COMMON_NAME_LENGTH} characters`);
  }
  const pair = await generateRsaPair(bits);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));

  const serialBytes = new Uint8Array(randomBytes(20));
  serialBytes[0] &= 0x7f; // 159 random bits, as OpenSSL's rand_serial
  let serial = 0n;
  for (const b of serialBytes) serial = (serial << 8n) | BigInt(b);
  if (serial === 0n) serial = 1n;

  const name = commonName(userId);
  // GeneralNames holding one otherName ([0] IMPLICIT SEQUENCE { type-id, [0] EXPLICIT value }).
  const upn = derSequence(
    derExplicit(
      0,
      derOid("1.3.6.1.4.1.311.20.2.3"),
      derExplicit(0, derUtf8String(`${userId}@localhost`)),
    ),
  );
  const keyId = new Uint8Array(createHash("sha1").update(publicKeyBits(spki)).digest());
  const extensions = derSequence(
    extension("2.5.29.37", derSequence(derOid("1.3.6.1.5.5.7.3.2"))),
    extension("2.5.29.17", upn),
    extension("2.5.29.14", derOctetString(keyId)),
  );

  const tbs = derSequence(
    derExplicit(0, derInteger(2n)),
    derInteger(serial),
    SHA256_WITH_RSA,
    name,
    derSequence(derTime(now), derTime(new Date(now.getTime() + 3650 * DAY_MS))),
    name,
    spki,
    derExplicit(3, extensions),
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, tbs),
  );
  const certificateDer = derSequence(tbs, SHA256_WITH_RSA, derBitString(signature));
  const certificate = encodePem("CERTIFICATE", certificateDer);
  const pfx = buildPkcs12({ privateKeyPkcs8: pkcs8, certificateDer });
  return {
    privateKey: pfx.toBase64(),
    certificate,
    fingerprint: x509Fingerprint(certificate),
  };
}
