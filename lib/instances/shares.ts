/**
 * Shares of a server (Nova's 2.97 `ShareMapping`s, virtiofs mounts of Manila shares). This port
 * has no Manila, so a server never has a share: every share id is unknown. What it keeps of
 * Nova's attach and detach is the order of its checks and their answers: the vm state first, then
 * whether the compute host and the flavor can serve a share, then the share itself.
 *
 * The simulated hosts run QEMU 8.2.2 under a recent libvirt, which reports the
 * `COMPUTE_STORAGE_VIRTIO_FS` trait but not `COMPUTE_MEM_BACKING_FILE` (no file-backed memory), so
 * a server's flavor must set `hw:mem_page_size` for a share to be possible, as in Nova's
 * `hardware.check_shares_supported`.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { InstanceInvalidState } from "./errors.ts";
import type { Instance } from "./types.ts";

/** Nova's `ShareNotFound` (404). */
export class ShareNotFound extends DomainError {
  constructor(shareId: string) {
    super("not-found", `Share ${shareId} could not be found.`);
  }
}

/** Nova's `ForbiddenSharesNotConfiguredCorrectly`, as the shares API answers it (409). */
export class SharesNotConfiguredCorrectly extends DomainError {
  constructor() {
    super(
      "conflict",
      "Feature not supported because either compute or instance are not configured correctly.",
    );
  }
}

/** The shares attached to `instance`: none, without Manila. */
export function serverShares(_instance: Instance): never[] {
  return [];
}

/** The share `shareId` of `instance`: {@link ShareNotFound}, as no server has one. */
export function serverShare(_instance: Instance, shareId: string): never {
  throw new ShareNotFound(shareId);
}

/**
 * Attach share `shareId` to `instance`: `InstanceInvalidState` (409) unless it is stopped,
 * {@link SharesNotConfiguredCorrectly} (409) unless its flavor sets `hw:mem_page_size`, then
 * {@link ShareNotFound} (404): Manila knows no share here.
 */
export function attachShare(instance: Instance, shareId: string): never {
  if (instance.vm_state !== "stopped") {
    throw new InstanceInvalidState("create share", instance.uuid, "vm_state", instance.vm_state);
  }
  if (!Object.hasOwn(instance.flavor.extra_specs ?? {}, "hw:mem_page_size")) {
    throw new SharesNotConfiguredCorrectly();
  }
  throw new ShareNotFound(shareId);
}

/**
 * Detach share `shareId` from `instance`: `InstanceInvalidState` (409) unless it is stopped or in
 * error, then {@link ShareNotFound} (404).
 */
export function detachShare(instance: Instance, shareId: string): never {
  if (instance.vm_state !== "stopped" && instance.vm_state !== "error") {
    throw new InstanceInvalidState("delete share", instance.uuid, "vm_state", instance.vm_state);
  }
  throw new ShareNotFound(shareId);
}
