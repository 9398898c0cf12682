/**
 * The in-process token cache: validation results keyed by the token itself (a map lookup; hashing
 * each token with SHA-256 in JavaScript cost every request more than the rest of this filter),
 * each kept for at most `ttlMs` (`token_cache_time`) and never past the token's own expiry; Keystone's "no such token" answers are kept briefly too. Bounded: the least recently used
 * entry goes first when full. Lookups of the same token that arrive while a validation is under way
 * share that validation.
 *
 * @module
 */
import { sha256Hex } from "../../crypto/sha256.ts";
import type { TokenInfo } from "./access.ts";
import { InvalidToken } from "./errors.ts";

/** Settings of a {@link TokenCache}. */
export interface TokenCacheOptions {
  /** How long a valid token is kept, in ms; 0 or less disables caching (and sharing stays). */
  ttlMs: number;
  /** How long a token Keystone rejected is kept, in ms; 0 disables it. */
  invalidTtlMs: number;
  /** Most entries kept (default 10000). */
  maxEntries?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

type Entry = { until: number; info: TokenInfo | null };

/**
 * The hex SHA-256 of a token's UTF-8 bytes (keystonemiddleware's memcache key). The in-process
 * cache keys entries by the token string instead.
 */
export function tokenKey(token: string): Promise<string> {
  return Promise.resolve(sha256Hex(token));
}

/**
 * The token cache.
 *
 * @example
 * ```ts
 * const cache = new TokenCache({ ttlMs: 300_000, invalidTtlMs: 5_000 });
 * const info = await cache.fetch(token, () => identity.verifyToken(token));
 * ```
 */
export class TokenCache {
  #entries = new Map<string, Entry>();
  #pending = new Map<string, Promise<TokenInfo>>();
  #ttl: number;
  #invalidTtl: number;
  #max: number;
  #now: () => number;

  constructor(options: TokenCacheOptions) {
    this.#ttl = options.ttlMs;
    this.#invalidTtl = options.invalidTtlMs;
    this.#max = Math.max(1, options.maxEntries ?? 10000);
    this.#now = options.now ?? Date.now;
  }

  /** How many entries are held (expired ones included until they are next looked at). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The cached result for `token`, or the result of `validate` (shared with concurrent callers for
   * the same token and `variant`, then cached). A cached rejection throws {@link InvalidToken}.
   * Only {@link InvalidToken} rejections are cached, and only for the same `variant` (a token
   * refused as expired may still be fetched with `allow_expired`); other errors reach every
   * waiting caller and are forgotten.
   */
  // Async so that a cached rejection is a rejected promise, as callers expect.
  // deno-lint-ignore require-await
  async fetch(
    token: string,
    validate: () => Promise<TokenInfo>,
    variant = "",
  ): Promise<TokenInfo> {
    const key = token;
    const pendingKey = `${variant}\u0000${key}`;
    const hit = this.#lookup(key);
    if (hit) return hit;
    if (this.#lookup(pendingKey) === null) throw new InvalidToken();
    const pending = this.#pending.get(pendingKey);
    if (pending) return pending;
    const run = (async () => {
      try {
        const info = await validate();
        this.#store(key, info, Math.min(this.#now() + this.#ttl, info.expiresAt));
        return info;
      } catch (error) {
        if (error instanceof InvalidToken) {
          this.#store(pendingKey, null, this.#now() + this.#invalidTtl);
        }
        throw error;
      } finally {
        this.#pending.delete(pendingKey);
      }
    })();
    this.#pending.set(pendingKey, run);
    return run;
  }

  /** Forget everything. */
  clear(): void {
    this.#entries.clear();
  }

  /** `undefined`: not cached; `null`: cached rejection. */
  #lookup(key: string): TokenInfo | null | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.until <= this.#now()) return undefined;
    this.#entries.set(key, entry); // most recently used goes last
    return entry.info;
  }

  #store(key: string, info: TokenInfo | null, until: number): void {
    const now = this.#now();
    if (until <= now || (info !== null && this.#ttl <= 0)) return;
    this.#entries.delete(key);
    while (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { until, info });
  }
}
