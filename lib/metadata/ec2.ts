/**
 * The EC2 tree (`/<version>/meta-data/...`, `/<version>/user-data`): each key from the EC2 version
 * that introduced it, as Nova's `get_ec2_metadata` builds it.
 *
 * @module
 */
import type { InstanceMetadata } from "./instance.ts";
import type { Node } from "./tree.ts";
import { EC2_VERSIONS } from "./versions.ts";

/** Whether `requested` is `required` or later. */
function since(required: string, requested: string): boolean {
  return EC2_VERSIONS.indexOf(requested) >= EC2_VERSIONS.indexOf(required);
}

/**
 * The tree for one EC2 version (`latest` is the newest), or null for an unknown version.
 *
 * @example
 * ```ts
 * const tree = ec2Tree(md, "2009-04-04");
 * ```
 */
export function ec2Tree(md: InstanceMetadata, version: string): Node | null {
  if (version === "latest") version = EC2_VERSIONS.at(-1)!;
  if (!EC2_VERSIONS.includes(version)) return null;
  const i = md.instance;
  const fixedIp = md.fixedIps[0] ?? "";
  const meta: Record<string, Node> = {
    "ami-id": md.ec2AmiId,
    "ami-launch-index": i.launch_index,
    "ami-manifest-path": "FIXME",
    "instance-id": md.ec2InstanceId,
    "hostname": md.hostname,
    "local-ipv4": fixedIp || md.address,
    "reservation-id": i.reservation_id,
    "security-groups": [...i.security_groups],
  };
  if (i.key_name) {
    meta["public-keys"] = { "0": { _name: `0=${i.key_name}`, "openssh-key": i.key_data } };
  }
  if (since("2007-01-19", version)) {
    meta["local-hostname"] = md.hostname;
    meta["public-hostname"] = md.hostname;
    meta["public-ipv4"] = "";
  }
  if (since("2007-08-29", version)) meta["instance-type"] = i.flavor.name;
  if (since("2007-12-15", version)) meta["block-device-mapping"] = { ...md.blockDeviceMapping };
  if (since("2008-02-01", version)) {
    meta["placement"] = { "availability-zone": i.availability_zone };
  }
  if (since("2008-09-01", version)) meta["instance-action"] = "none";
  const tree: Record<string, Node> = { "meta-data": meta };
  if (md.userData !== null) tree["user-data"] = md.userData;
  return tree;
}
