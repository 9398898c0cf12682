/**
 * Talking HTTP to the Identity service the way keystoneauth's session does for auth_token: a
 * per-request timeout (`http_connect_timeout`) and, when the connection itself fails, up to
 * `http_request_max_retries` further attempts after 0.5 s, 1 s, 2 s, ... (at most 60 s apart).
 *
 * @module
 */
import { IdentityUnreachable } from "./errors.ts";

/** A `fetch`-like function (the global one unless a test supplies another). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Settings of an {@link IdentityHttp}. */
export interface IdentityHttpOptions {
  /** Seconds allowed per request; null: no limit of our own beyond `fallbackTimeoutMs`. */
  timeoutSeconds: number | null;
  /** Further attempts after a connection failure. */
  retries: number;
  /** The fetch to use. */
  fetch?: FetchLike;
  /** Limit applied when `timeoutSeconds` is null (default 60 s), so that a hung peer frees us. */
  fallbackTimeoutMs?: number;
  /** Sleeps between attempts (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Extra fetch options (a `client` with a CA bundle). */
  init?: RequestInit;
  /** `User-Agent` sent with every request. */
  userAgent?: string;
}

/** The answer of the Identity service, body already read. */
export interface IdentityResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body was empty or not JSON. */
  body: unknown;
  /** The body as text (for log lines). */
  text: string;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An HTTP client for the Identity service.
 *
 * @example
 * ```ts
 * const http = new IdentityHttp({ timeoutSeconds: null, retries: 3 });
 * const res = await http.send("http://ks/v3/auth/tokens", { method: "GET", headers });
 * ```
 */
export class IdentityHttp {
  #opts: IdentityHttpOptions;
  #fetch: FetchLike;

  constructor(opts: IdentityHttpOptions) {
    this.#opts = opts;
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * Send one request (retrying connection failures) and read the whole answer.
   *
   * @throws {IdentityUnreachable} when no answer came (refused, reset, timed out).
   */
  async send(url: string, init: RequestInit): Promise<IdentityResponse> {
    const timeoutMs = this.#opts.timeoutSeconds !== null && this.#opts.timeoutSeconds > 0
      ? this.#opts.timeoutSeconds * 1000
      : this.#opts.fallbackTimeoutMs ?? 60_000;
    const sleep = this.#opts.sleep ?? delay;
    let pause = 500;
    for (let attempt = 0;; attempt++) {
      const headers = new Headers(init.headers);
      if (this.#opts.userAgent) headers.set("user-agent", this.#opts.userAgent);
      try {
        const response = await this.#fetch(url, {
          ...this.#opts.init,
          ...init,
          headers,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        let body: unknown = null;
        if (text !== "") {
          try {
            body = JSON.parse(text);
          } catch {
            body = null;
          }
        }
        return { status: response.status, headers: response.headers, body, text };
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === "TimeoutError";
        if (timedOut || attempt >= this.#opts.retries) {
          const what = timedOut ? "timed out" : "failed";
          throw new IdentityUnreachable(
            `${init.method ?? "GET"} ${url} ${what}: ${(error as Error).message}`,
            { cause: error },
          );
        }
        await sleep(pause);
        pause = Math.min(pause * 2, 60_000);
      }
    }
  }
}
