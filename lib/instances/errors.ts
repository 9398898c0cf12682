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
