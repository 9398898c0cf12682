/**
 * Errors of the instance domain, with Nova's messages.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Nova's `InstanceNotFound` (404). */
export class InstanceNotFound extends DomainError {
  constructor(uuid: string) {
    super("not-found", `Instance ${uuid} could not be found.`);
  }
}

/** Nova's `MarkerNotFound` (400): a list marker that names no server. */
export class MarkerNotFound extends DomainError {
  constructor(marker: string) {
    super("invalid", `marker [${marker}] not found`);
  }
}

/** Nova's `InstanceInvalidState` as the API words it for an action (409). */
export class InstanceInvalidState extends DomainError {
  constructor(action: string, uuid: string, attr: string, state: string | null) {
    super("conflict", `Cannot '${action}' instance ${uuid} while it is in ${attr} ${state}`);
  }
}

/** Nova's `InstanceIsLocked` (409). */
export class InstanceIsLocked extends DomainError {
  constructor(uuid: string) {
    super("conflict", `Instance ${uuid} is locked`);
  }
}
