/**
 * Errors of the moves (live migration, evacuation), with Nova's messages. Most are what Nova's
 * conductor raises before a live migration starts: the API answers them with 400 before 2.34;
 * from 2.34 they only end the migration in `error`.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Nova's `ComputeHostNotFound` (400 from a live migration). */
export class ComputeHostNotFound extends DomainError {
  constructor(host: string) {
    super("invalid", `Compute host ${host} could not be found.`);
  }
}

/** Nova's `NoValidHost` (400 from a synchronous live migration). */
export class NoValidHost extends DomainError {
  constructor(reason = "") {
    super("invalid", `No valid host was found. ${reason}`);
  }
}

/** Nova's `ComputeServiceUnavailable` (400 from a synchronous live migration). */
export class ComputeServiceUnavailable extends DomainError {
  constructor(host: string) {
    super("invalid", `Compute service of ${host} is unavailable at this time.`);
  }
}

/** Nova's `UnableToMigrateToSelf` (400 from a synchronous live migration). */
export class UnableToMigrateToSelf extends DomainError {
  constructor(uuid: string, host: string) {
    super("invalid", `Unable to migrate instance (${uuid}) to current host (${host}).`);
  }
}

/** Nova's `MigrationPreCheckError` (400 from a synchronous live migration). */
export class MigrationPreCheckError extends DomainError {
  constructor(reason: string) {
    super("invalid", `Migration pre-check error: ${reason}`);
  }
}

/** Nova's `ComputeServiceInUse` (400): an evacuation whose source service is still up. */
export class ComputeServiceInUse extends DomainError {
  constructor(host: string | null) {
    super("invalid", `Compute service of ${host} is still in use.`);
  }
}

/** The evacuate API's 404 for a target host it does not know. */
export class EvacuateHostNotFound extends DomainError {
  constructor(host: string) {
    super("not-found", `Compute host ${host} not found.`);
  }
}

/** The evacuate API's 400 for a target host that is the server's own. */
export class EvacuateToSameHost extends DomainError {
  constructor() {
    super("invalid", "The target host can't be the same one.");
  }
}

/** A number as Python's `str()` writes a float (`1024.0`, `1.5`). */
export function pyFloatText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}
