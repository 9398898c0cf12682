/**
 * `[images]` options: the image catalog this port serves in place of Glance (see `lib/images/`).
 * Each `image` line is a comma-separated list of `key=value` pairs, checked when the configuration
 * loads so that a bad line stops start-up with one message naming it.
 *
 * @module
 */

import { InvalidValue } from "../errors.ts";
import type { OptionGroup } from "../option.ts";
import { dict, type OptionType } from "../types.ts";

/** One configured image, as its `image` line spells it (not yet given ids or defaults). */
export interface ImageLine {
  name: string;
  id?: string;
  disk_format?: string;
  container_format?: string;
  size?: number;
  min_disk?: number;
  min_ram?: number;
  visibility?: "public" | "private" | "shared" | "community";
  owner?: string;
  /** Every key that is not one of the fields above (as Glance keeps extra keys as properties). */
  properties: Record<string, string>;
}

/** Glance's disk formats. */
export const DISK_FORMATS: readonly string[] = [
  "ami",
  "ari",
  "aki",
  "vhd",
  "vhdx",
  "vmdk",
  "raw",
  "qcow2",
  "vdi",
  "iso",
  "ploop",
];

/** Glance's container formats. */
export const CONTAINER_FORMATS: readonly string[] = [
  "ami",
  "ari",
  "aki",
  "bare",
  "ovf",
  "ova",
  "docker",
  "compressed",
];

const VISIBILITIES = ["public", "private", "shared", "community"] as const;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const pairs = dict(undefined, { separator: "=" });

function count(key: string, text: string): number {
  if (!/^\d{1,15}$/.test(text)) {
    throw new InvalidValue(`expected ${key} to be a whole number, got "${text}"`);
  }
  return Number(text);
}

function oneOf(key: string, text: string, choices: readonly string[]): string {
  if (!choices.includes(text)) {
    throw new InvalidValue(`expected ${key} to be one of ${choices.join(", ")}, got "${text}"`);
  }
  return text;
}

/**
 * Parses one `image` line.
 *
 * @example
 * ```ts
 * parseImageLine("name=cirros, disk_format=qcow2, min_ram=64, os_distro=cirros");
 * // { name: "cirros", disk_format: "qcow2", min_ram: 64, properties: { os_distro: "cirros" } }
 * ```
 */
export function parseImageLine(text: string): ImageLine {
  const fields = pairs.parse(text);
  const line: ImageLine = { name: "", properties: {} };
  for (const [key, value] of Object.entries(fields)) {
    switch (key) {
      case "name":
        line.name = value;
        break;
      case "id":
        if (!UUID.test(value)) throw new InvalidValue(`expected id to be a UUID, got "${value}"`);
        line.id = value.toLowerCase();
        break;
      case "disk_format":
        line.disk_format = oneOf(key, value, DISK_FORMATS);
        break;
      case "container_format":
        line.container_format = oneOf(key, value, CONTAINER_FORMATS);
        break;
      case "size":
      case "min_disk":
      case "min_ram":
        line[key] = count(key, value);
        break;
      case "visibility":
        line.visibility = oneOf(key, value, VISIBILITIES) as ImageLine["visibility"];
        break;
      case "owner":
        line.owner = value;
        break;
      case "status":
      case "created_at":
      case "updated_at":
      case "checksum":
      case "file":
      case "self":
      case "schema":
      case "locations":
      case "tags":
        throw new InvalidValue(`${key} is not a property an image line may set`);
      default:
        line.properties[key] = value;
    }
  }
  if (line.name === "") throw new InvalidValue("expected a name=NAME pair");
  if (line.visibility && line.visibility !== "public" && line.visibility !== "community") {
    if (!line.owner) throw new InvalidValue(`a ${line.visibility} image needs owner=PROJECT_ID`);
  }
  return line;
}

/** The option type of an `image` line. */
export function imageLine(): OptionType<ImageLine> {
  return {
    name: "image line",
    parse: (value) =>
      typeof value === "object" && value !== null ? value as ImageLine : parseImageLine(
        String(value),
      ),
    render: (value) => JSON.stringify(value),
  };
}

/** `[images]` options. */
export const imagesGroup: OptionGroup = {
  name: "images",
  options: [
    {
      name: "image",
      type: imageLine(),
      multi: true,
      default: [],
      help: "One image of the catalog the compute process serves in place of Glance, per line, " +
        "as comma-separated key=value pairs: name (required), id (a UUID; derived from the " +
        "name when absent), disk_format (qcow2), container_format (bare), size (bytes), " +
        "min_disk (GiB), min_ram (MiB), visibility (public, private, shared or community; " +
        "public), owner (a project id, required unless public or community); any other key is " +
        "an image property (os_distro=cirros, hw_disk_bus=virtio). Without any line the " +
        "catalog holds one public CirrOS image named cirros.",
    },
  ],
};
