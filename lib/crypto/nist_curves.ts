/**
 * Membership checks for points on the NIST prime curves P-256, P-384 and P-521, which is what
 * OpenSSL verifies when pyca/cryptography loads an ECDSA public key from its encoded point.
 *
 * @module
 */

/** Short Weierstrass parameters (`y² = x³ - 3x + b mod p`) of one curve. */
interface Curve {
  p: bigint;
  b: bigint;
  /** Octets per coordinate. */
  size: number;
}

const CURVES: Record<string, Curve> = {
  "P-256": {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    size: 32,
  },
  "P-384": {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    size: 48,
  },
  "P-521": {
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    size: 66,
  },
};

/** Curve names accepted by {@link isValidUncompressedPoint}. */
export type NistCurve = "P-256" | "P-384" | "P-521";

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * True when `point` is a well-formed uncompressed SEC1 point (`0x04 || X || Y`) lying on the
 * curve. The curves have cofactor 1, so being on the curve is enough to be in the group.
 *
 * @example
 * ```ts
 * import { isValidUncompressedPoint } from "./nist_curves.ts";
 * console.log(isValidUncompressedPoint("P-256", new Uint8Array(65))); // false
 * ```
 */
export function isValidUncompressedPoint(curve: NistCurve, point: Uint8Array): boolean {
  const c = CURVES[curve];
  if (point.length !== 1 + 2 * c.size || point[0] !== 0x04) return false;
  const x = toBigInt(point.subarray(1, 1 + c.size));
  const y = toBigInt(point.subarray(1 + c.size));
  if (x >= c.p || y >= c.p) return false;
  const lhs = (y * y) % c.p;
  const rhs = (((x * x % c.p) * x - 3n * x + c.b) % c.p + c.p) % c.p;
  return lhs === rhs;
}
