/**
 * Key material behind os-keypairs: SSH public key validation and fingerprints, server-side SSH
 * key generation, and X.509 certificate fingerprints, all in Nova's formats.
 *
 * @example
 * ```ts
 * import { generateKeyPair, sshPublicKeyFingerprint } from "./mod.ts";
 * const pair = await generateKeyPair();
 * console.log(sshPublicKeyFingerprint(pair.publicKey) === pair.fingerprint); // true
 * ```
 *
 * @module
 */

export { InvalidKeypair } from "./invalid_keypair.ts";
export { colonHex } from "./colon_hex.ts";
export {
  parseSshPublicKey,
  SSH_FINGERPRINT_FAILURE,
  type SshKeyAlgorithm,
  type SshPublicKey,
  SshPublicKeyError,
  sshPublicKeyFingerprint,
} from "./ssh_public_key.ts";
export {
  type GeneratedKeyPair,
  generateKeyPair,
  NOVA_KEY_COMMENT,
  rsaPublicKeyLine,
} from "./ssh_keygen.ts";
export {
  loadPemCertificate,
  validateCertificateDer,
  X509_FINGERPRINT_FAILURE,
  X509Error,
  x509Fingerprint,
} from "./x509.ts";
export { encodePem, parsePem, PemError, type PemSection } from "./pem.ts";
export { parseRsaPrivateKey, pkcs8ToPkcs1, type RsaPrivateKeyNumbers } from "./rsa_private_key.ts";
export {
  generateWinrmX509Cert,
  MAX_COMMON_NAME_LENGTH,
  type WinrmCertificate,
} from "./winrm_cert.ts";
export { buildPkcs12, type Pkcs12Input } from "./pkcs12.ts";
