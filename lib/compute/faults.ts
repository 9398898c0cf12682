/**
 * The one table that turns domain errors into the compute API's faults: a {@link DomainError}'s
 * kind decides the status, its message is the fault's message (Nova's `format_message()`).
 *
 * @module
 */
import { DomainError, type ErrorKind } from "../errors/mod.ts";
import { NovaFault } from "../http/fault.ts";

/** HTTP status per domain error kind, as Nova's API layer answers each exception family. */
export const FAULT_STATUS: Readonly<Record<ErrorKind, number>> = {
  "invalid": 400,
  "forbidden": 403,
  "over-quota": 403,
  "not-found": 404,
  "conflict": 409,
  "too-large": 413,
};

/**
 * The fault for a thrown value: a domain error becomes its {@link NovaFault}; anything else comes
 * back unchanged (faultwrap renders a `NovaFault` as is and anything else as a 500).
 *
 * @example
 * ```ts
 * asFault(new DomainError("not-found", "Flavor 9 could not be found.")); // NovaFault 404
 * ```
 */
export function asFault(error: unknown): unknown {
  if (error instanceof DomainError) return new NovaFault(FAULT_STATUS[error.kind], error.message);
  return error;
}
