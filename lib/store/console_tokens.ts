/**
 * Console authorisation tokens (Nova's `console_auth_tokens` table), kept under
 * `["console_tokens", sha256(token)]`: only the token's hash is stored, as Nova does, and a record
 * carries its expiry time; a reader compares it with its own clock. The KV entry also expires on
 * its own a minute after the token would, so expired tokens do not pile up.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked } from "./transaction.ts";

/** One authorised console connection. */
export interface ConsoleTokenRecord {
  /** Hex SHA-256 of the token. */
  token_hash: string;
  /** `novnc`, `spice-html5`, `spice-direct`, `serial`, `webmks`, ... */
  console_type: string;
  /** Where the console proxy connects to. */
  host: string;
  port: number;
  /** spice-direct's TLS port, null for other consoles. */
  tls_port: number | null;
  internal_access_path: string | null;
  instance_uuid: string;
  /** The compute host the instance was on when the token was handed out. */
  compute_host: string;
  /** The public base URL the access URL was built from. */
  access_url_base: string;
  /** Epoch seconds after which the token is no longer valid. */
  expires: number;
}

const GRACE_MS = 60_000;

/**
 * Store a token record; the entry is removed by the store some time after `expires`.
 *
 * @example
 * ```ts
 * await putConsoleToken(kv, record, Date.now());
 * ```
 */
export async function putConsoleToken(
  kv: Deno.Kv,
  record: ConsoleTokenRecord,
  nowMs: number,
): Promise<void> {
  const expireIn = Math.max(0, record.expires * 1000 - nowMs) + GRACE_MS;
  await retryLocked(() => kv.set(keys.consoleToken(record.token_hash), record, { expireIn }));
}

/** The record stored under a token hash, or null (expiry is the caller's to check). */
export async function getConsoleToken(
  kv: Deno.Kv,
  tokenHash: string,
): Promise<ConsoleTokenRecord | null> {
  return (await retryLocked(() => kv.get<ConsoleTokenRecord>(keys.consoleToken(tokenHash))))
    .value;
}
