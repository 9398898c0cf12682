/**
 * Stable identities of the simulated deployment's services and compute nodes. Nova's records get
 * an autoincrement id and a random uuid when a service first starts; here nothing is seeded, so
 * both are derived: the integer id is the position in the deployment's service list (controller
 * services first, then the compute hosts in configuration order; compute nodes are numbered in
 * host order), and the uuid is a name-based UUID (RFC 9562 version 5) of the binary and host, so
 * every process, and every restart with the same configuration, shows the same ids.
 *
 * @module
 */

/** The namespace of the derived uuids (itself a random uuid, fixed for this project). */
const NAMESPACE = "3f0c6c1e-8a43-4b61-9d8e-2b7f5a4c9e10";

function hexBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll("-", "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/**
 * The version 5 UUID of `name` in this project's namespace.
 *
 * @example
 * ```ts
 * await nameUuid("service:nova-compute:compute-1"); // the same string on every call
 * ```
 */
export async function nameUuid(name: string): Promise<string> {
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + text.length);
  input.set(hexBytes(NAMESPACE));
  input.set(text, 16);
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

/** The uuid of the service `binary` on `host`. */
export function serviceUuid(binary: string, host: string): Promise<string> {
  return nameUuid(`service:${binary}:${host}`);
}

/** The uuid of the compute node (hypervisor) of `host`. */
export function computeNodeUuid(host: string): Promise<string> {
  return nameUuid(`compute_node:${host}`);
}
