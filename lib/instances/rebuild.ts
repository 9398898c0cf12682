/**
 * Rebuild (Nova's `compute.API.rebuild`): the server boots again from an image (the same one or
 * another), with what the request changes (name, metadata, access IPs, key pair, user data,
 * trusted certificates, description, hostname). One atomic change that first applies the due
 * steps, checks Nova's preconditions in Nova's order (the lock, vm_state, task_state, then the
 * key pair, the image, the volume-backed rules, quotas and the flavor's fit), records the
 * instance action `rebuild` and stores the compute manager's steps (task rebuilding, then
 * rebuild_block_device_mapping, rebuild_spawning, ACTIVE or STOPPED).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import type { Image } from "../images/types.ts";
import { assertDiskFits, assertMemoryFits } from "../images/fit.ts";
import { OverQuota, quotaReader } from "../quota/mod.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import { rebuildSteps } from "../virt/image_timelines.ts";
import type { ActionActor } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked, InstanceNotFound } from "./errors.ts";
import { emulatedSteps } from "./emulator.ts";
import { recordActionStart } from "./instance_actions.ts";
import { checkMetadataQuota } from "./metadata.ts";
import { readSettled, settleInTx } from "./settle.ts";
import type { Instance, VmState } from "./types.ts";

/** Nova's API answer to `ImageNotFound` on rebuild (400). */
export class RebuildImageNotFound extends DomainError {
  constructor() {
    super("invalid", "Cannot find image for rebuild");
  }
}

/** Nova's API answer to `KeypairNotFound` on rebuild (400). */
export class RebuildKeypairNotFound extends DomainError {
  constructor() {
    super("invalid", "Invalid key_name provided.");
  }
}

/** Nova's `ImageNotActive` (400 from rebuild). */
export class ImageNotActive extends DomainError {
  constructor(id: string) {
    super("invalid", `Image ${id} is not active.`);
  }
}

/** Nova's `ImageUnacceptable` (400). */
export class ImageUnacceptable extends DomainError {
  constructor(id: string, reason: string) {
    super("invalid", `Image ${id} is unacceptable: ${reason}`);
  }
}

/** Nova's `AutoDiskConfigDisabledByImage` (400). */
export class AutoDiskConfigDisabledByImage extends DomainError {
  constructor(id: string) {
    super("invalid", `Requested image ${id} has automatic disk resize disabled.`);
  }
}

/** Nova's `InvalidArchitectureName` (400): the image names an architecture Nova does not know. */
export class InvalidArchitectureName extends DomainError {
  constructor(arch: string) {
    super("invalid", `Architecture name '${arch}' is not recognised`);
  }
}

/** Nova's architecture names (libvirt's). */
const ARCHITECTURES = new Set(
  ("alpha armv6 armv7l armv7b aarch64 cris i686 ia64 lm32 m68k microblaze microblazeel mips " +
    "mipsel mips64 mips64el openrisc parisc parisc64 ppc ppcle ppc64 ppc64le ppcemb s390 s390x " +
    "sh4 sh4eb sparc sparc64 unicore32 x86_64 xtensa xtensaeb").split(" "),
);

/** Nova's `Architecture.canonicalize` as a check: aliases are fine, anything else is refused. */
function checkArchitecture(image: Image): void {
  const arch = image.properties.hw_architecture;
  if (!arch) return;
  let name = arch.toLowerCase();
  if (["i386", "i486", "i586", "x86_32", "x86_32p"].includes(name)) name = "i686";
  if (name === "amd64") name = "x86_64";
  if (!ARCHITECTURES.has(name)) throw new InvalidArchitectureName(arch);
}

/** Nova's `CertificateValidationFailed` as rebuild raises it for a volume-backed server (400). */
export class CertificateValidationFailed extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

/** Nova's `OnsetFileLimitExceeded` family (403): personality files over their limits. */
export class OnsetFileLimitExceeded extends DomainError {
  constructor(message = "Personality file limit exceeded") {
    super("over-quota", message);
  }
}

/** A key pair as the rebuild records it. */
export interface RebuildKeypair {
  name: string;
  publicKey: string;
}

/**
 * What a rebuild asks for. Lookups are done by the caller and passed in (null when not found) so
 * the domain raises their errors after the lock and state checks, in Nova's order; an absent
 * field leaves the server's value as it is.
 */
export interface RebuildRequest {
  /** The id asked for and the image found for it (null: not found). */
  imageRef: string;
  image: Image | null;
  name?: string;
  metadata?: Record<string, string>;
  accessIpV4?: string | null;
  accessIpV6?: string | null;
  /** `OS-DCF:diskConfig`: AUTO true, MANUAL false. */
  autoDiskConfig?: boolean;
  /** Personality files (<= 2.56): path and base64 contents. */
  files?: readonly { path: string; contents: string }[];
  /** 2.54: the key pair found for `key_name` (null: not found), or null to unset. */
  keyName?: string | null;
  keypair?: RebuildKeypair | null;
  /** 2.57. */
  userData?: string | null;
  /** 2.63. */
  trustedCerts?: string[] | null;
  /** 2.19. */
  description?: string | null;
  /** 2.90. */
  hostname?: string;
  /** 2.93: a volume-backed server may take a different image (its root volume is re-imaged). */
  reimageBootVolume?: boolean;
}

const REBUILDABLE: readonly VmState[] = ["active", "stopped", "error"];

/** The image a volume-backed server booted from: the image of its boot block device, if any. */
export function bootVolumeImage(instance: Instance): string | null {
  const sorted = [...instance.block_device_mapping].sort((a, b) =>
    Number(a.boot_index ?? 99) - Number(b.boot_index ?? 99)
  );
  for (const bdm of sorted) {
    const image = bdm.image_id ??
      (bdm.source_type === "image" && typeof bdm.uuid === "string" ? bdm.uuid : undefined);
    if (typeof image === "string" && image !== "") return image;
  }
  return null;
}

/** Nova's `_validate_flavor_image_nostatus` for a local root disk (volume-backed skips the disk). */
function checkFlavorFits(instance: Instance, image: Image, volumeBacked: boolean): void {
  const flavor = instance.flavor;
  assertMemoryFits(image, flavor.memory_mb);
  if (volumeBacked || flavor.root_gb === 0) return;
  assertDiskFits(image, flavor.root_gb);
}

const TRUE_WORDS = ["1", "t", "true", "on", "y", "yes"];

/** oslo's non-strict `bool_from_string` of an image property (absent: false). */
function truthyProperty(value: string | undefined): boolean {
  return value !== undefined && TRUE_WORDS.includes(value.trim().toLowerCase());
}

/** Nova's `_check_injected_file_quota`: the number of files, then path and content lengths. */
export async function checkInjectedFiles(
  deps: InstanceDeps,
  kv: Deno.Kv,
  actor: { projectId: string; userId: string },
  files: readonly { path: string; contents: string }[],
): Promise<void> {
  if (files.length === 0) return;
  const reader = quotaReader(kv);
  try {
    await deps.quota.check(reader, { ...actor, values: { injected_files: files.length } });
  } catch (e) {
    if (e instanceof OverQuota) throw new OnsetFileLimitExceeded();
    throw e;
  }
  const path = Math.max(...files.map((f) => f.path.length));
  const content = Math.max(...files.map((f) => f.contents.length));
  try {
    await deps.quota.check(reader, {
      ...actor,
      values: { injected_file_path_bytes: path, injected_file_content_bytes: content },
    });
  } catch (e) {
    if (!(e instanceof OverQuota)) throw e;
    const { overs, quotas } = e.details;
    if (overs.includes("injected_file_path_bytes")) {
      throw new OnsetFileLimitExceeded(
        `Personality file path exceeds maximum ${quotas.injected_file_path_bytes}`,
      );
    }
    throw new OnsetFileLimitExceeded(
      `Personality file content exceeds maximum ${quotas.injected_file_content_bytes}`,
    );
  }
}

/**
 * `rebuild`: an ACTIVE, STOPPED or ERROR server with no task -> task rebuilding with the new
 * image and attributes, then ACTIVE (STOPPED for a stopped server) after
 * `[deno] fake_boot_seconds`. Errors, in Nova's order: {@link InstanceNotFound} (404),
 * {@link InstanceIsLocked} and {@link InstanceInvalidState} (409), {@link RebuildKeypairNotFound},
 * {@link RebuildImageNotFound}, {@link AutoDiskConfigDisabledByImage}, {@link InvalidArchitectureName},
 * {@link CertificateValidationFailed}, {@link ImageUnacceptable} (400), the `metadata_items` and
 * personality limits (403), {@link ImageNotActive} and the flavor's fit (400).
 */
export function rebuildServer(
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
  request: RebuildRequest,
): Promise<Instance> {
  return transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.locked && !actor.isAdmin) throw new InstanceIsLocked(uuid);
    if (!REBUILDABLE.includes(current.vm_state)) {
      throw new InstanceInvalidState("rebuild", uuid, "vm_state", current.vm_state);
    }
    if (current.task_state !== null) {
      throw new InstanceInvalidState("rebuild", uuid, "task_state", current.task_state);
    }
    // Nova's check_instance_state(must_have_launched): an ERROR server that never booted is 409.
    if (!current.launched_at) throw new InstanceInvalidState("rebuild", uuid, "launched_at", null);
    let next: Instance = { ...current };
    if (request.keyName !== undefined) {
      if (request.keyName) {
        if (!request.keypair) throw new RebuildKeypairNotFound();
        next.key_name = request.keypair.name;
        next.key_data = request.keypair.publicKey;
      } else {
        next.key_name = null;
        next.key_data = null;
      }
    }
    const image = request.image;
    if (!image) throw new RebuildImageNotFound();
    if (request.autoDiskConfig && image.properties.auto_disk_config === "disabled") {
      throw new AutoDiskConfigDisabledByImage(image.id);
    }
    checkArchitecture(image);
    const volumeBacked = current.image_ref === "";
    if (volumeBacked) {
      if (request.trustedCerts?.length) {
        throw new CertificateValidationFailed(
          "Image certificate validation is not supported for volume-backed servers.",
        );
      }
      if (bootVolumeImage(current) !== request.imageRef && !request.reimageBootVolume) {
        throw new ImageUnacceptable(
          request.imageRef,
          "Unable to rebuild with a different image for a volume-backed server.",
        );
      }
    }
    const quotaActor = { projectId: actor.projectId, userId: actor.userId ?? "" };
    await checkMetadataQuota(quotaReader(kv), deps, quotaActor, request.metadata ?? {});
    await checkInjectedFiles(deps, kv, quotaActor, request.files ?? []);
    if (image.status !== "active") throw new ImageNotActive(image.id);
    checkFlavorFits(current, image, volumeBacked);

    const requestId = await recordActionStart(tx, uuid, "rebuild", actor, now);
    if (!volumeBacked) next.image_ref = request.imageRef;
    if (request.name !== undefined) next.name = request.name;
    if (request.metadata !== undefined) next.metadata = { ...request.metadata };
    if (request.accessIpV4 !== undefined) next.access_ip_v4 = request.accessIpV4 || null;
    if (request.accessIpV6 !== undefined) next.access_ip_v6 = request.accessIpV6 || null;
    // Nova's _inherit_properties_from_image: absent, the new image's property decides.
    const auto = request.autoDiskConfig ?? truthyProperty(image.properties.auto_disk_config);
    if (auto || next.auto_disk_config !== undefined) next.auto_disk_config = auto;
    if (request.userData !== undefined) next.user_data = request.userData;
    if (request.trustedCerts !== undefined) {
      next.trusted_image_certificates = request.trustedCerts?.length
        ? [...request.trustedCerts]
        : null;
    }
    if (request.description !== undefined) next.description = request.description;
    if (request.hostname !== undefined) next.hostname = request.hostname;
    next = {
      ...next,
      task_state: "rebuilding",
      progress: 0,
      updated_at: now.toISOString(),
      pending: await emulatedSteps(
        tx,
        deps,
        { instance: current, action: "rebuild", requestId, now },
        (d) =>
          rebuildSteps(now, {
            vm_state: current.vm_state,
            power_state: current.power_state,
          }, { seconds: d.bootSeconds }),
      ),
    };
    const after = await settleInTx(tx, deps, next, now);
    if (after === null) throw new InstanceNotFound(uuid);
    updateInstance(tx, found, after);
    return after;
  });
}
