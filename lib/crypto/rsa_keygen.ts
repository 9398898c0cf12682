/**
 * Generate an extractable RSA key pair with WebCrypto (exponent 65537), as both of Nova's key
 * generators need (SSH keypairs and WinRM certificates).
 *
 * @example
 * ```ts
 * const pair = await generateRsaPair(2048);
 * const pkcs8 = await crypto.subtle.exportKey("pkcs8", pair.privateKey);
 * ```
 *
 * @module
 */

/** A new RSA key pair of `bits` bits, usable for RSASSA-PKCS1-v1_5 with SHA-256. */
export async function generateRsaPair(bits: number): Promise<CryptoKeyPair> {
  return await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: bits,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
}
