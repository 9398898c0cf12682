/**
 * A server's volume block device mappings, read the one way every volume feature needs them.
 * `instance.block_device_mapping` holds two kinds of entries: those a create request gave (the
 * request's own shape, where a `source_type: volume` entry names its volume in `uuid`) and those a
 * volume attach adds (Nova's BDM fields: `volume_id`, `device_name`, `tag`,
 * `delete_on_termination`, `attachment_id` and the mapping's own `uuid`). {@link volumeBdms} reads
 * both as {@link VolumeBdm}s; an entry without an attachment id or a uuid of its own gets a stable
 * name-based one, as Nova's records always carry both.
 *
 * @module
 */
import { nameUuid } from "../virt/service_ids.ts";
import type { BlockDeviceMapping, Instance } from "./types.ts";

/** One volume mapping of a server, as Nova's `BlockDeviceMapping` object shows it. */
export interface VolumeBdm {
  /** Where it sits in `instance.block_device_mapping`. */
  index: number;
  volume_id: string;
  /** The guest device (`/dev/vdb`), null when none was chosen yet (a shelved-offloaded attach). */
  device_name: string | null;
  tag: string | null;
  delete_on_termination: boolean;
  attachment_id: string;
  /** The mapping's own uuid (Nova's `bdm_uuid`, 2.89). */
  uuid: string;
  /** Whether it is the boot disk (`boot_index` 0). */
  is_root: boolean;
}

const TRUE_STRINGS = ["1", "t", "true", "on", "y", "yes"];

function truthy(value: unknown): boolean {
  if (typeof value === "string") return TRUE_STRINGS.includes(value.toLowerCase());
  return Boolean(value);
}

/** The volume an entry maps, or null when it maps none (an image, a blank or a local disk). */
export function volumeIdOf(bdm: BlockDeviceMapping): string | null {
  if (typeof bdm.volume_id === "string" && bdm.volume_id !== "") return bdm.volume_id;
  if (bdm.source_type === "volume" && typeof bdm.uuid === "string" && bdm.uuid !== "") {
    return bdm.uuid;
  }
  return null;
}

function isRoot(bdm: BlockDeviceMapping): boolean {
  return bdm.boot_index === 0 || bdm.boot_index === "0";
}

/** The volume mappings of `instance`, in the order they were made. */
export async function volumeBdms(instance: Instance): Promise<VolumeBdm[]> {
  const out: VolumeBdm[] = [];
  for (const [index, bdm] of instance.block_device_mapping.entries()) {
    const volumeId = volumeIdOf(bdm);
    if (volumeId === null) continue;
    // A create request's entry names its volume in `uuid`; an attach's has `volume_id` and its own.
    const ownUuid = typeof bdm.volume_id === "string" && typeof bdm.uuid === "string"
      ? bdm.uuid
      : null;
    const root = isRoot(bdm);
    out.push({
      index,
      volume_id: volumeId,
      device_name: typeof bdm.device_name === "string" && bdm.device_name !== ""
        ? bdm.device_name
        : root
        ? "/dev/vda"
        : null,
      tag: typeof bdm.tag === "string" ? bdm.tag : null,
      delete_on_termination: truthy(bdm.delete_on_termination),
      attachment_id: typeof bdm.attachment_id === "string"
        ? bdm.attachment_id
        : await nameUuid(`attachment:${instance.uuid}:${volumeId}`),
      uuid: ownUuid ?? await nameUuid(`bdm:${instance.uuid}:${index}`),
      is_root: root,
    });
  }
  return out;
}

/**
 * Every mapping of `instance` in Nova's record order, a volume's as its {@link VolumeBdm} and any
 * other as null: what Nova's list pages over before it drops the mappings that are no volume. An
 * image-backed server whose request named no boot disk has Nova's root image mapping first.
 */
export async function mappingSlots(instance: Instance): Promise<(VolumeBdm | null)[]> {
  const volumes = new Map((await volumeBdms(instance)).map((b) => [b.index, b]));
  const slots: (VolumeBdm | null)[] = [];
  if (instance.image_ref !== "" && !instance.block_device_mapping.some(isRoot)) slots.push(null);
  instance.block_device_mapping.forEach((_, i) => slots.push(volumes.get(i) ?? null));
  return slots;
}

/** The letters after `vd` of the n-th disk: a ... z, aa ... zz (as libvirt names them). */
function diskLetters(n: number): string {
  let out = "";
  let i = n + 1;
  while (i > 0) {
    const r = (i - 1) % 26;
    out = String.fromCharCode(97 + r) + out;
    i = Math.floor((i - 1) / 26);
  }
  return out;
}

/**
 * The device the next attached volume gets, as libvirt picks it (a device the caller names is
 * ignored, as libvirt ignores it): the first free `/dev/vdX` after the root disk, the flavor's
 * ephemeral and swap disks and the volumes already attached.
 */
export function nextDeviceName(instance: Instance, attached: readonly VolumeBdm[]): string {
  const used = new Set<string>(["/dev/vda"]);
  let n = 1;
  if (instance.flavor.ephemeral_gb > 0) used.add(`/dev/vd${diskLetters(n++)}`);
  if (instance.flavor.swap > 0) used.add(`/dev/vd${diskLetters(n++)}`);
  for (const bdm of attached) if (bdm.device_name) used.add(bdm.device_name);
  for (let i = 1;; i++) {
    const name = `/dev/vd${diskLetters(i)}`;
    if (!used.has(name)) return name;
  }
}
