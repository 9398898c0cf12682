/**
 * Errors of volume attachments and assisted volume snapshots, with the status and message Nova's
 * API gives each (`volume_attachments.py`, `assisted_volume_snapshots.py`).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Nova's `VolumeNotFound` (404 for the volume of the URL). */
export class VolumeNotFound extends DomainError {
  constructor(volumeId: string) {
    super("not-found", `Volume ${volumeId} could not be found.`);
  }
}

/** Nova's `VolumeNotFound` for a volume named in a body (swap's new volume): 400. */
export class BodyVolumeNotFound extends DomainError {
  constructor(volumeId: string) {
    super("invalid", `Volume ${volumeId} could not be found.`);
  }
}

/** Nova's `InvalidVolume` (400). */
export class InvalidVolume extends DomainError {
  constructor(reason: string) {
    super("invalid", `Invalid volume: ${reason}`);
  }
}

/** Nova's `InvalidInput` (400), e.g. Cinder refusing a request. */
export class InvalidInput extends DomainError {
  constructor(reason: string) {
    super("invalid", `Invalid input received: ${reason}`);
  }
}

/** The API's 404 for a volume the server has no mapping of. */
export class VolumeNotAttached extends DomainError {
  constructor(serverId: string, volumeId: string) {
    super("not-found", `Instance ${serverId} is not attached to volume ${volumeId}`);
  }
}

/** Nova's `VolumeBDMNotFound` (404 from a swap; assisted snapshots answer it 400). */
export class VolumeBDMNotFound extends DomainError {
  constructor(volumeId: string, kind: "not-found" | "invalid" = "not-found") {
    super(kind, `No volume Block Device Mapping with id ${volumeId}.`);
  }
}

/** Nova's `VolumeBDMIsMultiAttach` (400). */
export class VolumeBDMIsMultiAttach extends DomainError {
  constructor(volumeId: string) {
    super(
      "invalid",
      `Block Device Mapping ${volumeId} is a multi-attach volume and is not valid for this operation.`,
    );
  }
}

/** Nova's `MultiattachNotSupportedOldMicroversion` (400). */
export class MultiattachNotSupportedOldMicroversion extends DomainError {
  constructor() {
    super(
      "invalid",
      "Multiattach volumes are only supported starting with compute API version 2.60.",
    );
  }
}

/** Nova's `MultiattachToShelvedNotSupported` (400). */
export class MultiattachToShelvedNotSupported extends DomainError {
  constructor() {
    super(
      "invalid",
      "Attaching multiattach volumes is not supported for shelved-offloaded instances.",
    );
  }
}

/** Nova's `VolumeTaggedAttachToShelvedNotSupported` (400). */
export class VolumeTaggedAttachToShelvedNotSupported extends DomainError {
  constructor() {
    super(
      "invalid",
      "Tagged volume attachment is not supported for shelved-offloaded instances.",
    );
  }
}

/** Nova's `MultiattachSwapVolumeNotSupported` (400). */
export class MultiattachSwapVolumeNotSupported extends DomainError {
  constructor() {
    super(
      "invalid",
      "Swapping multi-attach volumes with more than one read/write attachment is not supported.",
    );
  }
}

/** The API's 400 for detaching a server's boot volume. */
export class RootVolumeDetach extends DomainError {
  constructor() {
    super("invalid", "Cannot detach a root device volume");
  }
}

/** The API's 409 for a swap of a volume Cinder is not migrating. */
export class VolumeNotMigrating extends DomainError {
  constructor(volumeId: string) {
    super(
      "conflict",
      `volume ${volumeId} is not migrating; this API should only be called by Cinder`,
    );
  }
}

/** Nova's `ServiceUnavailable` (409 from a detach whose compute service is down). */
export class ServiceUnavailable extends DomainError {
  constructor() {
    super("conflict", "Service is unavailable at this time.");
  }
}

/** The API's 400 for a PUT that changes a field that cannot change (2.85). */
export class NotMutable extends DomainError {
  constructor(field: string) {
    super("invalid", `The ${field} property is not mutable`);
  }
}
