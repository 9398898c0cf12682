/**
 * The volume domain's errors, with the messages Cinder's exceptions carry (Nova's proxies repeat
 * the not-found ones word for word).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Cinder's and Nova's `VolumeNotFound` (404). */
export class VolumeNotFound extends DomainError {
  constructor(id: string) {
    super("not-found", `Volume ${id} could not be found.`);
  }
}

/** Cinder's and Nova's `SnapshotNotFound` (404). */
export class SnapshotNotFound extends DomainError {
  constructor(id: string) {
    super("not-found", `Snapshot ${id} could not be found.`);
  }
}

/** Cinder's `VolumeTypeNotFoundByName` / `VolumeTypeNotFound` (404). */
export class VolumeTypeNotFound extends DomainError {
  constructor(nameOrId: string, byName: boolean) {
    super(
      "not-found",
      byName
        ? `Volume type with name ${nameOrId} could not be found.`
        : `Volume type ${nameOrId} could not be found.`,
    );
  }
}

/** Cinder's `InvalidVolume` (400): "Invalid volume: <reason>". */
export class InvalidVolume extends DomainError {
  constructor(reason: string) {
    super("invalid", `Invalid volume: ${reason}`);
  }
}

/** Cinder's `InvalidInput` (400): "Invalid input received: <reason>". */
export class InvalidVolumeInput extends DomainError {
  constructor(reason: string) {
    super("invalid", `Invalid input received: ${reason}`);
  }
}

/** Cinder's `InvalidAvailabilityZone` (400). */
export class InvalidAvailabilityZone extends DomainError {
  constructor(zone: string) {
    super("invalid", `Availability zone '${zone}' is invalid.`);
  }
}
