/**
 * Server-side SSH key pair generation for os-keypairs (`nova.crypto.generate_key_pair`):
 * a fresh RSA key, returned as Nova returns it.
 *
 * - public key: `ssh-rsa <base64 blob> Generated-by-Nova` (no trailing newline), the blob being
 *   `string "ssh-rsa", mpint e, mpint n`;
 * - private key: PKCS#1 `-----BEGIN RSA PRIVATE KEY-----` PEM, 64-column base64, final
 *   newline (cryptography's TraditionalOpenSSL/NoEncryption output, which paramiko writes);
 * - fingerprint: Nova's MD5 fingerprint of the public key line.
 *
 * The key comes from WebCrypto (public exponent 65537); its PKCS#8 export is unwrapped to PKCS#1.
 *
 * @module
 */

import { generateRsaPair } from "./rsa_keygen.ts";
import { encodePem } from "./pem.ts";
import { parseRsaPrivateKey, pkcs8ToPkcs1 } from "./rsa_private_key.ts";
import { sshPublicKeyFingerprint } from "./ssh_public_key.ts";
import { concatBytes, sshMpint, sshString } from "./ssh_wire.ts";

/** The comment Nova puts on keys it generates. */
export const NOVA_KEY_COMMENT = "Generated-by-Nova";

/** A generated key pair in Nova's formats. */
export interface GeneratedKeyPair {
  /** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), ending in a newline. */
  privateKey: string;
  /** OpenSSH public key line with the `Generated-by-Nova` comment. */
  publicKey: string;
  /** MD5 fingerprint, `aa:bb:...`. */
  fingerprint: string;
}

/**
 * The OpenSSH `ssh-rsa` line for a public key, as paramiko's `get_name()`/`get_base64()` give it.
 *
 * @example
 * ```ts
 * import { rsaPublicKeyLine } from "./ssh_keygen.ts";
 * console.log(rsaPublicKeyLine(3233n, 17n, "demo")); // "ssh-rsa AAAAB3NzaC1yc2EAAAABEQAAAAIMoQ== demo"
 * ```
 */
export function rsaPublicKeyLine(n: bigint, e: bigint, comment: string = NOVA_KEY_COMMENT): string {
  const blob = concatBytes(sshString("ssh-rsa"), sshMpint(e), sshMpint(n));
  return `ssh-rsa ${blob.toBase64()} ${comment}`;
}

/**
 * Generate an RSA key pair the way Nova does for `POST /os-keypairs` without a `public_key`
 * (microversions before 2.92). Takes roughly 50-400 ms for 2048 bits.
 *
 * @example
 * ```ts
 * import { generateKeyPair } from "./ssh_keygen.ts";
 * const { privateKey, publicKey, fingerprint } = await generateKeyPair();
 * console.log(publicKey.endsWith(" Generated-by-Nova")); // true
 * ```
 */
export async function generateKeyPair(bits: number = 2048): Promise<GeneratedKeyPair> {
  const pair = await generateRsaPair(bits);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const pkcs1 = pkcs8ToPkcs1(pkcs8);
  const { n, e } = parseRsaPrivateKey(pkcs1);
  const publicKey = rsaPublicKeyLine(n, e);
  return {
    privateKey: encodePem("RSA PRIVATE KEY", pkcs1),
    publicKey,
    fingerprint: sshPublicKeyFingerprint(publicKey),
  };
}
