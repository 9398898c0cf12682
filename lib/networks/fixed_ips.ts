/**
 * One more address for a port that already exists (what Neutron does when a port update asks for
 * another fixed IP on a subnet): the lowest free address of the subnet's pools, read inside the
 * caller's transaction so that the commit fails if another writer takes it first.
 *
 * @module
 */
import { ipv4ToNumber, numberToIpv4 } from "../config/options/networks.ts";
import { addressesInUse, addressHolder } from "../store/ports.ts";
import type { Transaction } from "../store/transaction.ts";
import { NoMoreFixedIps } from "./errors.ts";
import type { Network, Port } from "./types.ts";

/**
 * `port` with one more fixed IP from the first subnet of `network` (the port's own network), or
 * {@link NoMoreFixedIps} when its pools are full. The caller stages the updated port.
 */
export async function withExtraFixedIp(
  tx: Transaction,
  network: Network,
  port: Port,
): Promise<Port> {
  const subnet = network.subnets[0];
  if (!subnet) throw new NoMoreFixedIps(network.id);
  const used = await addressesInUse(tx.kv, network.id);
  for (const pool of subnet.allocation_pools) {
    const end = ipv4ToNumber(pool.end);
    for (let n = ipv4ToNumber(pool.start); n <= end; n++) {
      const ip = numberToIpv4(n);
      if (used.has(ip)) continue;
      if (await addressHolder(tx, network.id, ip) !== null) continue;
      return {
        ...port,
        fixed_ips: [...port.fixed_ips, { subnet_id: subnet.id, ip_address: ip }],
      };
    }
  }
  throw new NoMoreFixedIps(network.id);
}
