/**
 * The fault value: an HTTP error the API means to return, with Nova's status and message. It sits
 * on the ground floor so that validation and policy, which decide such errors, need nothing above
 * them; `lib/http/fault.ts` renders it as Nova's JSON.
 *
 * @module
 */

/**
 * An HTTP error the API means to return. Throw it anywhere below faultwrap; it becomes Nova's
 * fault JSON with this status and message.
 *
 * @example
 * ```ts
 * throw new NovaFault(404, "Flavor m1.huge could not be found.");
 * ```
 */
export class NovaFault extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "NovaFault";
    this.status = status;
    this.headers = headers;
  }
}
