/**
 * What the metadata API knows about one instance, gathered once per look-up (and cached): Nova's
 * `InstanceMetadata` collection step. Everything a path needs is computed here from the instance
 * record, its ports and the network catalog; serving a path then costs no store read (the
 * password excepted, which is read fresh).
 *
 * @module
 */
import { sha256Hex } from "../crypto/sha256.ts";
import type { Instance } from "../instances/types.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";
import type { Port } from "../networks/types.ts";
import { fixedIpv4s, type NetworkData, networkData } from "./network_data.ts";

/** The keypair the instance was built with. */
export interface InstanceKeypair {
  name: string;
  type: string;
  public_key: string;
}

/** One instance's metadata, ready to serve. */
export interface InstanceMetadata {
  /** The instance's project (identification checks it against the proxy's tenant). */
  projectId: string;
  uuid: string;
  instance: Instance;
  /** The address the request came from (or the proxy forwarded), if known. */
  address: string | null;
  /** The hostname with `[api] dhcp_domain` appended when set. */
  hostname: string;
  /** The decoded user data, null when none was given. */
  userData: Uint8Array | null;
  /** The ports the guest sees (none while the build has not reached networking). */
  ports: Port[];
  /** `network_data.json` (null: no network info, served as `{}`). */
  network: NetworkData | null;
  /** The instance's IPv4 fixed addresses. */
  fixedIps: string[];
  keypair: InstanceKeypair | null;
  /** EC2's `i-xxxxxxxx` and `ami-xxxxxxxx`. */
  ec2InstanceId: string;
  ec2AmiId: string;
  /** EC2's `block-device-mapping`. */
  blockDeviceMapping: Record<string, string>;
}

/** What building the metadata needs besides the instance. */
export interface MetadataContext {
  catalog: NetworkCatalog;
  /** `[api] dhcp_domain` ("" or null for none). */
  dhcpDomain: string | null;
}

/**
 * The 32-bit EC2 number of an id: its first eight hex digits when it starts with them (a UUID's
 * own random bits, so `i-0c7b5a3e` belongs to `0c7b5a3e-...`), else the first eight of its SHA-256.
 * Nova counts EC2 ids in a table; deriving them keeps them stable without one, and the same in
 * every process.
 *
 * @example
 * ```ts
 * ec2Number("0c7b5a3e-1b59-4f4e-9f4c-3f5f1d0f4a11"); // "0c7b5a3e"
 * ```
 */
export function ec2Number(id: string): string {
  const m = /^[0-9a-f]{8}/i.exec(id);
  if (m) return m[0].toLowerCase();
  return sha256Hex(id).slice(0, 8);
}

/** Decode base64 user data (padding forgiven), null when there is none or it is not base64. */
export function decodeUserData(text: string | null): Uint8Array | null {
  if (text === null) return null;
  try {
    const bin = atob(text.replace(/\s+/g, ""));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return new TextEncoder().encode(text);
  }
}

/** Whether the build has reached networking (before it, Nova's instance has no port yet). */
export function hasPorts(instance: Instance): boolean {
  return !(instance.vm_state === "building" && instance.task_state === "scheduling");
}

/** Nova's mapping before a root device is named (early in the build). */
const DEFAULT_MAPPINGS = { ami: "sda1", ephemeral0: "sda2", root: "/dev/sda1", swap: "sda3" };

/** `block-device-mapping` as libvirt names the disks: root vda, then ephemeral, then swap. */
function blockDeviceMapping(instance: Instance): Record<string, string> {
  const early = instance.vm_state === "building" &&
    (instance.task_state === "scheduling" || instance.task_state === "networking");
  if (early) return { ...DEFAULT_MAPPINGS };
  const out: Record<string, string> = { ami: "vda", root: "/dev/vda" };
  let next = "b".charCodeAt(0);
  if (instance.flavor.ephemeral_gb > 0) out.ephemeral0 = `/dev/vd${String.fromCharCode(next++)}`;
  if (instance.flavor.swap > 0) out.swap = `/dev/vd${String.fromCharCode(next++)}`;
  if (instance.image_ref === "") out.ebs0 = "/dev/vda";
  return out;
}

/**
 * Gather an instance's metadata.
 *
 * @example
 * ```ts
 * const md = instanceMetadata(server, { catalog, dhcpDomain: "novalocal" }, "10.0.0.5", null);
 * md.hostname; // "vm1.novalocal"
 * ```
 */
export function instanceMetadata(
  instance: Instance,
  context: MetadataContext,
  address: string | null,
  keypair: InstanceKeypair | null,
): InstanceMetadata {
  const ports = hasPorts(instance) ? instance.ports : [];
  return {
    projectId: instance.project_id,
    uuid: instance.uuid,
    instance,
    address,
    hostname: context.dhcpDomain ? `${instance.hostname}.${context.dhcpDomain}` : instance.hostname,
    userData: decodeUserData(instance.user_data),
    ports,
    network: networkData(ports, context.catalog),
    fixedIps: fixedIpv4s(ports, context.catalog),
    keypair,
    ec2InstanceId: `i-${ec2Number(instance.uuid)}`,
    ec2AmiId: instance.image_ref === "" ? "ami-00000000" : `ami-${ec2Number(instance.image_ref)}`,
    blockDeviceMapping: blockDeviceMapping(instance),
  };
}
