/**
 * The token format: a compact JSON payload and its HMAC-SHA256, both unpadded base64url, joined
 * by a dot. Tokens are self-contained (nothing is stored per token) and cannot be altered without
 * the signing key; they are not encrypted, so they carry only ids, role names and times.
 *
 * Payload members: `v` format version (1), `u` user id, `p` project id (absent when unscoped),
 * `r` role names at issue time, `m` authentication methods, `i` issued and `e` expiry times
 * (ms since the epoch), `a` audit ids (the token's own, then its parent's when re-scoped).
 *
 * @module
 */

import { fromBase64UrlStrict, toBase64Url } from "./encoding.ts";

/** What a token says. */
export interface TokenPayload {
  /** The user the token was issued to. */
  userId: string;
  /** The project it is scoped to; absent for an unscoped token. */
  projectId?: string;
  /** The role names the user held on the project when the token was issued. */
  roles: string[];
  /** The methods that authenticated the user (`password`, `token`). */
  methods: string[];
  /** When it was issued (ms since the epoch). */
  issuedAt: number;
  /** When it expires (ms since the epoch). */
  expiresAt: number;
  /** Its audit id, followed by its parent's when it was made from another token. */
  auditIds: string[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Whether a value is an array of strings. */
function strings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** The payload in a decoded JSON value, or `undefined` when it does not have the right shape. */
function payloadOf(value: unknown): TokenPayload | undefined {
  if (!value || typeof value !== "object") return undefined;
  const { v, u, p, r, m, i, e, a } = value as Record<string, unknown>;
  if (v !== 1 || typeof u !== "string" || (p !== undefined && typeof p !== "string")) return;
  if (!strings(r) || !strings(m) || !strings(a) || a.length === 0) return undefined;
  if (typeof i !== "number" || typeof e !== "number") return undefined;
  return {
    userId: u,
    ...(p === undefined ? {} : { projectId: p }),
    roles: r,
    methods: m,
    issuedAt: i,
    expiresAt: e,
    auditIds: a,
  };
}

/**
 * Signs a payload into a token.
 *
 * @example
 * ```ts
 * const token = await sealToken(key, { userId, roles: [], methods: ["password"], issuedAt: now,
 *   expiresAt: now + 3_600_000, auditIds: [randomAuditId()] });
 * ```
 */
export async function sealToken(key: CryptoKey, payload: TokenPayload): Promise<string> {
  const compact = {
    v: 1,
    u: payload.userId,
    ...(payload.projectId === undefined ? {} : { p: payload.projectId }),
    r: payload.roles,
    m: payload.methods,
    i: payload.issuedAt,
    e: payload.expiresAt,
    a: payload.auditIds,
  };
  const body = toBase64Url(encoder.encode(JSON.stringify(compact)));
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * The payload of a token signed with `key`, or `undefined` for anything else (malformed, signed
 * with another key, altered). Expiry and revocation are the caller's to check.
 */
export async function openToken(key: CryptoKey, token: string): Promise<TokenPayload | undefined> {
  if (token.length > 8192) return undefined;
  const parts = token.split(".");
  if (parts.length !== 2) return undefined;
  const [body, signatureText] = parts;
  const signature = fromBase64UrlStrict(signatureText);
  const bytes = fromBase64UrlStrict(body);
  if (!signature || !bytes) return undefined;
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    signature as Uint8Array<ArrayBuffer>,
    encoder.encode(body),
  );
  if (!valid) return undefined;
  try {
    return payloadOf(JSON.parse(decoder.decode(bytes)));
  } catch {
    return undefined;
  }
}
