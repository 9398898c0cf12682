/**
 * A server's `addresses`: its ports' fixed IPs grouped by network name in port order, as Nova's
 * `views/ips.py` renders the network info cache. Used by the server views and by
 * `GET /servers/{id}/ips[/{network}]`.
 *
 * @module
 */
import type { Instance } from "../../instances/types.ts";

/** One address as Nova shows it; the `OS-EXT-IPS*` keys only in the server views. */
export type AddressView = Record<string, string | number>;

/** Resolves a network id to its name (the label addresses are grouped under). */
export type NetworkNameOf = (networkId: string) => string;

/**
 * The addresses of `instance` by network name. `extended` adds `OS-EXT-IPS:type` and
 * `OS-EXT-IPS-MAC:mac_addr` (the server views have them, the ips resource does not).
 *
 * @example
 * ```ts
 * serverAddresses(instance, () => "private", true);
 * // { private: [{ version: 4, addr: "10.0.0.3", "OS-EXT-IPS:type": "fixed", ... }] }
 * ```
 */
export function serverAddresses(
  instance: Instance,
  networkName: NetworkNameOf,
  extended: boolean,
): Record<string, AddressView[]> {
  const out: Record<string, AddressView[]> = {};
  for (const port of instance.ports) {
    const label = networkName(port.network_id);
    const list = Object.hasOwn(out, label) ? out[label] : (out[label] = []);
    for (const ip of port.fixed_ips) {
      const address: AddressView = {
        version: ip.ip_address.includes(":") ? 6 : 4,
        addr: ip.ip_address,
      };
      if (extended) {
        address["OS-EXT-IPS:type"] = "fixed";
        address["OS-EXT-IPS-MAC:mac_addr"] = port.mac_address;
      }
      list.push(address);
    }
  }
  return out;
}
