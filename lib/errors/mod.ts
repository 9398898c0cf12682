/**
 * Domain errors: what the domain layer (`lib/quota`, `lib/flavors`, `lib/keypairs`, and later
 * `lib/instances`, `lib/virt`, ...) raises when a request cannot be carried out, in the spirit of
 * Nova's `NovaException` family. Each error has a {@link ErrorKind} and Nova's message; the API that
 * serves the request maps kinds to HTTP faults in one table (`lib/compute/faults.ts`), so handlers
 * do not catch store or domain errors one by one.
 *
 * @module
 */

/**
 * What went wrong, as Nova's exception classes group it: `invalid` (Nova's `Invalid`, 400),
 * `forbidden` (403), `over-quota` (`OverQuota`, 403), `not-found` (`NotFound`, 404), `conflict`
 * (409, e.g. `FlavorExists`), `too-large` (413).
 */
export type ErrorKind =
  | "invalid"
  | "forbidden"
  | "over-quota"
  | "not-found"
  | "conflict"
  | "too-large";

/**
 * The base of every domain error.
 *
 * @example
 * ```ts
 * class FlavorNotFound extends DomainError {
 *   constructor(id: string) {
 *     super("not-found", `Flavor ${id} could not be found.`);
 *   }
 * }
 * ```
 */
export class DomainError extends Error {
  /** The kind, which decides the HTTP status. */
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = new.target.name;
  }
}
