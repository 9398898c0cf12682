/**
 * The embedded identity's secrets kept in the store rather than in files, for hosts without a
 * writable disk (Deno Deploy): the token signing key under `["identity", "signing_key"]`, made by
 * whichever process asks first (the others read it), and revoked audit ids under
 * `["identity", "revoked", auditId]`, each expiring on its own once its token would have.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked } from "./transaction.ts";

/**
 * The signing key in the store, made (`size` random bytes) when there is none yet. Processes
 * racing to make it all end up with the one that was written first.
 *
 * @example
 * ```ts
 * const key = await storedSigningKey(kv, 32);
 * ```
 */
export async function storedSigningKey(kv: Deno.Kv, size: number): Promise<Uint8Array> {
  const key = keys.identitySigningKey();
  for (;;) {
    const found = await retryLocked(() => kv.get<Uint8Array>(key));
    if (found.value instanceof Uint8Array && found.value.length >= size) return found.value;
    const fresh = crypto.getRandomValues(new Uint8Array(size));
    const done = await retryLocked(() => kv.atomic().check(found).set(key, fresh).commit());
    if (done.ok) return fresh;
  }
}

/** Revoked audit ids held in the store, shared by every process that opens it. */
export class StoredRevocations {
  #kv: Deno.Kv;
  #now: () => number;

  /** Revocations in `kv`; `now` gives the time in ms. */
  constructor(kv: Deno.Kv, now: () => number = Date.now) {
    this.#kv = kv;
    this.#now = now;
  }

  /** Whether any of the audit ids is revoked (and its entry has not lapsed). */
  async isRevoked(auditIds: readonly string[]): Promise<boolean> {
    if (auditIds.length === 0) return false;
    const found = await retryLocked(() =>
      this.#kv.getMany<number[]>(auditIds.map((id) => keys.identityRevoked(id)))
    );
    const now = this.#now();
    return found.some((entry) => typeof entry.value === "number" && entry.value > now);
  }

  /** Revokes an audit id until `until` (ms since the epoch). */
  async revoke(auditId: string, until: number): Promise<void> {
    const left = Math.max(until - this.#now(), 0);
    await retryLocked(() =>
      this.#kv.set(keys.identityRevoked(auditId), until, { expireIn: left + 60_000 })
    );
  }
}
