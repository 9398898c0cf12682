/**
 * X.509 certificates for `type: x509` keypairs: loading a PEM certificate the way
 * pyca/cryptography's `load_pem_x509_certificate` does, and Nova's SHA-1 fingerprint
 * (`nova.crypto.generate_x509_fingerprint`).
 *
 * Loading takes the first `CERTIFICATE` (or `X509 CERTIFICATE`) section of the PEM text and
 * parses its DER strictly against the RFC 5280 `Certificate` structure: canonical lengths and
 * integers, DER-sorted RDN sets, no encoded DEFAULT values, valid `UTCTime`/`GeneralizedTime`,
 * version v1 or v3, known algorithm identifiers with the parameters they allow. Extension
 * contents are not interpreted (cryptography also defers that).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { colonHex } from "./colon_hex.ts";
import {
  DerError,
  DerReader,
  describeTag,
  inField,
  parseSingle,
  TagClass,
  UniversalTag,
} from "./der.ts";
import { InvalidKeypair } from "./invalid_keypair.ts";
import { parsePem, PemError } from "./pem.ts";

/** Prefix of the reason Nova gives when a certificate cannot be fingerprinted. */
export const X509_FINGERPRINT_FAILURE = "failed to generate X509 fingerprint. Error message: ";

/**
 * A certificate cryptography would refuse; the message is the text of the `ValueError` it
 * raises (the PEM and ASN.1 details are reproduced as closely as practical).
 *
 * @example
 * ```ts
 * import { loadPemCertificate, X509Error } from "./x509.ts";
 * try {
 *   loadPemCertificate("not a certificate");
 * } catch (e) {
 *   console.log(e instanceof X509Error); // true
 * }
 * ```
 */
export class X509Error extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "X509Error";
  }
}

const PEM_HELP = "Unable to load PEM file. See " +
  "https://cryptography.io/en/latest/faq/#why-can-t-i-import-my-pem-file for more details. ";
const NO_CERTIFICATE = "Valid PEM but no BEGIN CERTIFICATE/END CERTIFICATE delimiters. " +
  "Are you sure this is a certificate?";

// Algorithm identifiers whose parameters are an optional NULL.
const NULL_PARAMS = new Set([
  "1.3.14.3.2.26", // sha1
  ...[1, 2, 3, 4, 7, 8, 9, 10].map((n) => `2.16.840.1.101.3.4.2.${n}`), // sha2 / sha3
  "1.2.840.113549.1.1.1", // rsaEncryption
  ...[1, 2, 3, 4].map((n) => `1.2.840.10045.4.3.${n}`), // ecdsa-with-SHA2
  ...[5, 11, 12, 13, 14].map((n) => `1.2.840.113549.1.1.${n}`), // RSA with SHA1/SHA2
  "1.3.14.3.2.29", // sha1WithRSASignature (OIW)
  ...[13, 14, 15, 16].map((n) => `2.16.840.1.101.3.4.3.${n}`), // RSA with SHA3
  ...[1, 2, 3, 4].map((n) => `2.16.840.1.101.3.4.3.${n}`), // DSA with SHA2
  "1.2.840.113549.2.7", // hmacWithSHA1
  "1.2.840.113549.2.9", // hmacWithSHA256
]);
// Algorithm identifiers that take no parameters at all.
const NO_PARAMS = new Set([
  "1.3.101.112", // Ed25519
  "1.3.101.113", // Ed448
  "1.3.101.110", // X25519
  "1.3.101.111", // X448
  ...[9, 10, 11, 12].map((n) => `2.16.840.1.101.3.4.3.${n}`), // ECDSA with SHA3
]);
const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const RSASSA_PSS = "1.2.840.113549.1.1.10";
const DSA = "1.2.840.10040.4.1";

const U = TagClass.universal;
const CTX = TagClass.contextSpecific;

function readAlgorithmIdentifier(r: DerReader): void {
  const s = r.readSequence();
  const oid = s.readOid();
  inField("AlgorithmIdentifier::params", () => {
    if (NULL_PARAMS.has(oid)) {
      if (s.peekIs(U, false, UniversalTag.null)) s.readNull();
    } else if (NO_PARAMS.has(oid)) {
      // nothing may follow the OID
    } else if (oid === EC_PUBLIC_KEY) {
      if (s.peekIs(U, false, UniversalTag.objectIdentifier)) s.readOid();
      else if (s.peekIs(U, false, UniversalTag.null)) s.readNull();
      else s.readSequence();
    } else if (oid === RSASSA_PSS) {
      if (s.peekIs(U, true, UniversalTag.sequence)) s.readSequence();
    } else if (oid === DSA) {
      const params = s.readSequence();
      for (const name of ["p", "q", "g"]) {
        inField(`DssParams::${name}`, () => {
          if (params.readInteger() < 0n) throw new DerError("InvalidValue");
        });
      }
      params.finish();
    } else if (!s.done) {
      s.read(); // unrecognised algorithm: any single parameter element
    }
  });
  s.finish();
}

function checkDate(year: number, month: number, day: number, h: number, m: number, sec: number) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days || h > 23 || m > 59 || sec > 59) {
    throw new DerError("InvalidValue");
  }
}

function readTime(r: DerReader): void {
  const tag = r.peekTag();
  const utc = tag?.cls === U && !tag.constructed && tag.number === UniversalTag.utcTime;
  const el = utc ? r.read() : r.expect(U, false, UniversalTag.generalizedTime);
  const text = new TextDecoder("latin1").decode(el.contents);
  const digits = utc ? 12 : 14;
  if (text.length !== digits + 1 || text[digits] !== "Z" || !/^\d+$/.test(text.slice(0, digits))) {
    throw new DerError("InvalidValue");
  }
  const nums = text.slice(utc ? 2 : 4, digits).match(/\d\d/g)!.map(Number);
  let year = Number(text.slice(0, utc ? 2 : 4));
  if (utc) year += year >= 50 ? 1900 : 2000;
  checkDate(year, nums[0], nums[1], nums[2], nums[3], nums[4]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function readName(r: DerReader): void {
  const rdns = r.readSequence();
  for (let i = 0; !rdns.done; i++) {
    inField(i, () => {
      const set = rdns.readSet();
      let previous: Uint8Array | undefined;
      for (let j = 0; !set.done; j++) {
        inField(j, () => {
          const el = set.read();
          if (previous && compareBytes(el.raw, previous) < 0) {
            throw new DerError("InvalidSetOrdering");
          }
          previous = el.raw;
          if (!(el.cls === U && el.constructed && el.number === UniversalTag.sequence)) {
            throw new DerError(`UnexpectedTag { actual: ${describeTag(el)} }`);
          }
          const atv = new DerReader(el.contents);
          inField("AttributeTypeValue::type_id", () => atv.readOid());
          inField("AttributeTypeValue::value", () => atv.read());
          atv.finish();
        });
      }
    });
  }
}

function readExtensions(r: DerReader): void {
  const wrapper = new DerReader(r.expect(CTX, true, 3).contents);
  const list = wrapper.readSequence();
  for (let i = 0; !list.done; i++) {
    inField(i, () => {
      const ext = list.readSequence();
      inField("Extension::extn_id", () => ext.readOid());
      inField("Extension::critical", () => {
        if (ext.peekIs(U, false, UniversalTag.boolean) && !ext.readBoolean()) {
          throw new DerError("EncodedDefault");
        }
      });
      inField("Extension::extn_value", () => ext.readOctetString());
      ext.finish();
    });
  }
  wrapper.finish();
}

function readTbsCertificate(r: DerReader): number {
  const tbs = r.readSequence();
  const version = inField("TbsCertificate::version", () => {
    if (!tbs.peekIs(CTX, true, 0)) return 0;
    const inner = new DerReader(tbs.read().contents);
    const v = inner.readInteger();
    inner.finish();
    if (v < 0n) throw new DerError("InvalidValue");
    if (v > 255n) throw new DerError("IntegerOverflow");
    if (v === 0n) throw new DerError("EncodedDefault");
    return Number(v);
  });
  inField("TbsCertificate::serial", () => tbs.readInteger());
  inField("TbsCertificate::signature_alg", () => readAlgorithmIdentifier(tbs));
  inField("TbsCertificate::issuer", () => readName(tbs));
  inField("TbsCertificate::validity", () => {
    const validity = tbs.readSequence();
    inField("Validity::not_before", () => readTime(validity));
    inField("Validity::not_after", () => readTime(validity));
    validity.finish();
  });
  inField("TbsCertificate::subject", () => readName(tbs));
  inField("TbsCertificate::spki", () => {
    const spki = tbs.readSequence();
    inField("SubjectPublicKeyInfo::algorithm", () => readAlgorithmIdentifier(spki));
    inField("SubjectPublicKeyInfo::subject_public_key", () => spki.readBitString());
    spki.finish();
  });
  inField("TbsCertificate::issuer_unique_id", () => {
    if (tbs.peekIs(CTX, false, 1)) tbs.readBitString(CTX, 1);
  });
  inField("TbsCertificate::subject_unique_id", () => {
    if (tbs.peekIs(CTX, false, 2)) tbs.readBitString(CTX, 2);
  });
  inField("TbsCertificate::raw_extensions", () => {
    if (tbs.peekIs(CTX, true, 3)) readExtensions(tbs);
  });
  tbs.finish();
  return version;
}

/**
 * Check DER bytes against the X.509 `Certificate` structure as cryptography's
 * `load_der_x509_certificate` does. Returns the version field (0 for v1, 2 for v3).
 *
 * @example
 * ```ts
 * import { validateCertificateDer, X509Error } from "./x509.ts";
 * try {
 *   validateCertificateDer(new Uint8Array([0x30, 0x00]));
 * } catch (e) {
 *   console.log((e as X509Error).message); // "error parsing asn1 value: ParseError { ... }"
 * }
 * ```
 */
export function validateCertificateDer(der: Uint8Array): number {
  let version: number;
  try {
    version = parseSingle(der, (r) => {
      const cert = r.readSequence();
      const v = inField("Certificate::tbs_cert", () => readTbsCertificate(cert));
      inField("Certificate::signature_alg", () => readAlgorithmIdentifier(cert));
      inField("Certificate::signature", () => cert.readBitString());
      cert.finish();
      return v;
    });
  } catch (e) {
    if (e instanceof DerError) {
      throw new X509Error(`error parsing asn1 value: ${e.message}`, { cause: e });
    }
    throw e;
  }
  // cryptography raises InvalidVersion here (not a ValueError, so Nova would answer 500).
  if (version !== 0 && version !== 2) throw new X509Error(`${version} is not a valid X509 version`);
  return version;
}

/**
 * Load a PEM certificate like cryptography's `load_pem_x509_certificate`: every PEM section must
 * be well formed, the first `CERTIFICATE`/`X509 CERTIFICATE` one is used and its DER must
 * validate. Returns that DER.
 *
 * @example
 * ```ts
 * import { loadPemCertificate } from "./x509.ts";
 * import { generateWinrmX509Cert } from "./winrm_cert.ts";
 * const { certificate } = await generateWinrmX509Cert("alice");
 * const der = loadPemCertificate(certificate);
 * console.log(der[0]); // 48 (a DER SEQUENCE)
 * ```
 */
export function loadPemCertificate(pem: string): Uint8Array {
  if (typeof pem !== "string") throw new X509Error("certificate must be a string");
  if (!pem.isWellFormed()) {
    const at = [...pem].findIndex((c) => !c.isWellFormed());
    const code = [...pem][at].charCodeAt(0).toString(16);
    throw new X509Error(
      `'utf-8' codec can't encode character '\\u${code}' in position ${at}: surrogates not allowed`,
    );
  }
  let sections;
  try {
    sections = parsePem(pem);
  } catch (e) {
    if (e instanceof PemError) throw new X509Error(PEM_HELP + e.message, { cause: e });
    throw e;
  }
  const section = sections.find((s) => s.label === "CERTIFICATE" || s.label === "X509 CERTIFICATE");
  if (!section) throw new X509Error(NO_CERTIFICATE);
  validateCertificateDer(section.contents);
  return section.contents;
}

/**
 * Nova's fingerprint for an x509 keypair (`nova.crypto.generate_x509_fingerprint`): SHA-1 of
 * the certificate's DER as `aa:bb:...` (20 octets). Throws {@link InvalidKeypair} with reason
 * `failed to generate X509 fingerprint. Error message: <detail>` when the certificate does not
 * load.
 *
 * @example
 * ```ts
 * import { x509Fingerprint } from "./x509.ts";
 * import { generateWinrmX509Cert } from "./winrm_cert.ts";
 * const { certificate } = await generateWinrmX509Cert("alice");
 * console.log(x509Fingerprint(certificate)); // e.g. "ce:6f:fc:...:4d" (20 octets)
 * ```
 */
export function x509Fingerprint(pem: string): string {
  let der: Uint8Array;
  try {
    der = loadPemCertificate(pem);
  } catch (e) {
    if (e instanceof X509Error) {
      throw new InvalidKeypair(X509_FINGERPRINT_FAILURE + e.message, { cause: e });
    }
    throw e;
  }
  return colonHex(createHash("sha1").update(der).digest());
}
