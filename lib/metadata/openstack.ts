/**
 * The OpenStack tree (`/openstack/<version>/...`): each version's file listing and documents, each
 * key from the version that introduced it, as Nova's `InstanceMetadata` renders them.
 *
 * @module
 */
import { pyJsonDumps } from "../http/pyjson.ts";
import type { InstanceMetadata } from "./instance.ts";
import { OPENSTACK_VERSION_LIST, OPENSTACK_VERSIONS as V } from "./versions.ts";

/** Whether `requested` is `required` or later. */
export function osSince(required: string, requested: string): boolean {
  return OPENSTACK_VERSION_LIST.indexOf(requested) >= OPENSTACK_VERSION_LIST.indexOf(required);
}

/** What the vendor data documents come from. */
export interface VendorData {
  /** `[api] vendordata_providers`, in order. */
  providers: readonly string[];
  /** The StaticJSON document (`{}` when no file is configured). */
  staticData: unknown;
  /** The DynamicJSON targets' answers, by name (absent: none configured). */
  dynamic?: (md: InstanceMetadata) => Promise<Record<string, unknown>>;
}

/** One served document. */
export type OpenstackAnswer =
  | { kind: "text"; body: string | Uint8Array; json: boolean }
  | { kind: "password" };

const MD_JSON = "meta_data.json";
const UD = "user_data";
const PASSWORD = "password";
const VD_JSON = "vendor_data.json";
const NW_JSON = "network_data.json";
const VD2_JSON = "vendor_data2.json";

/** The files a version lists. */
export function versionFiles(md: InstanceMetadata, version: string): string[] {
  const out = [MD_JSON];
  if (md.userData !== null) out.push(UD);
  if (osSince(V.GRIZZLY, version)) out.push(PASSWORD);
  if (osSince(V.HAVANA, version)) out.push(VD_JSON);
  if (osSince(V.LIBERTY, version)) out.push(NW_JSON);
  if (osSince(V.NEWTON_TWO, version)) out.push(VD2_JSON);
  return out;
}

/** 512 random bytes, base64: a fresh `random_seed` for every read, as Nova makes. */
function randomSeed(): string {
  return crypto.getRandomValues(new Uint8Array(512)).toBase64();
}

/** The tagged devices (NICs with a tag), as libvirt's device metadata reports them. */
function devices(md: InstanceMetadata, version: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  md.ports.forEach((port, index) => {
    if (!port.tag) return;
    const device: Record<string, unknown> = {};
    if (osSince(V.ROCKY, version)) device.vf_trusted = false;
    device.type = "nic";
    device.mac = port.mac_address;
    device.bus = "pci";
    device.address = `0000:00:${(3 + index).toString(16).padStart(2, "0")}.0`;
    device.tags = [port.tag];
    out.push(device);
  });
  return out;
}

/** The pinned CPUs of a `hw:cpu_policy=dedicated` flavor (one per vCPU), else none. */
function dedicatedCpus(md: InstanceMetadata): number[] {
  const flavor = md.instance.flavor;
  if (flavor.extra_specs["hw:cpu_policy"] !== "dedicated") return [];
  return Array.from({ length: flavor.vcpus }, (_, n) => n);
}

/** `meta_data.json` for `version`. */
export function metaDataJson(md: InstanceMetadata, version: string): string {
  const i = md.instance;
  const doc: Record<string, unknown> = { uuid: md.uuid };
  if (Object.keys(i.metadata).length > 0) doc.meta = { ...i.metadata };
  if (i.key_name && md.keypair) {
    doc.public_keys = { [md.keypair.name]: md.keypair.public_key };
    doc.keys = [{ name: md.keypair.name, type: md.keypair.type, data: md.keypair.public_key }];
  }
  doc.hostname = md.hostname;
  doc.name = i.name;
  doc.launch_index = i.launch_index;
  doc.availability_zone = i.availability_zone;
  if (osSince(V.GRIZZLY, version)) doc.random_seed = randomSeed();
  if (osSince(V.LIBERTY, version)) doc.project_id = i.project_id;
  if (osSince(V.NEWTON_ONE, version)) doc.devices = devices(md, version);
  if (osSince(V.VICTORIA, version)) doc.dedicated_cpus = dedicatedCpus(md);
  return pyJsonDumps(doc);
}

/**
 * The answer for `tokens` below `/openstack` (at least one token), or null when there is none.
 *
 * @example
 * ```ts
 * await openstackItem(md, ["latest", "meta_data.json"], vendor); // { kind: "text", json: true, ... }
 * ```
 */
export async function openstackItem(
  md: InstanceMetadata,
  tokens: readonly string[],
  vendor: VendorData,
): Promise<OpenstackAnswer | null> {
  // `/openstack/content/<n>` holds a config drive's injected files; the service has none.
  if (tokens[0] === "content") return null;
  const version = tokens[0] === "latest" ? OPENSTACK_VERSION_LIST.at(-1)! : tokens[0];
  if (!OPENSTACK_VERSION_LIST.includes(version)) return null;
  const path = tokens.length === 1 ? "version" : tokens.slice(1).join("/");
  const text = (body: string | Uint8Array, json = false): OpenstackAnswer => ({
    kind: "text",
    body,
    json,
  });
  switch (path) {
    case "version":
      return text(versionFiles(md, version).join("\n"));
    case MD_JSON:
      return text(metaDataJson(md, version), true);
    case UD:
      return md.userData === null ? null : text(md.userData);
    case NW_JSON:
      return text(pyJsonDumps(md.network ?? {}));
    case PASSWORD:
      return osSince(V.GRIZZLY, version) ? { kind: "password" } : null;
    case VD_JSON:
      if (!osSince(V.HAVANA, version) || !vendor.providers.includes("StaticJSON")) return null;
      return text(pyJsonDumps(vendor.staticData), true);
    case VD2_JSON: {
      if (!osSince(V.NEWTON_TWO, version)) return null;
      const doc: Record<string, unknown> = {};
      for (const provider of vendor.providers) {
        if (provider === "StaticJSON") doc.static = vendor.staticData;
        else if (provider === "DynamicJSON" && vendor.dynamic) {
          for (const [name, value] of Object.entries(await vendor.dynamic(md))) {
            if (!(name in doc)) doc[name] = value;
          }
        }
      }
      return text(pyJsonDumps(doc), true);
    }
    default:
      return null;
  }
}
