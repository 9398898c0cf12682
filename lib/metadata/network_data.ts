/**
 * `network_data.json` and the EC2 addresses, rendered from an instance's ports and the subnets
 * of the network catalog the way Nova renders its network info cache (`get_network_metadata` and
 * `get_ec2_ip_info` of `nova/virt/netutils.py`).
 *
 * This port behaves like an ML2/OVN deployment: ports are bound as `ovs` and no subnet has a
 * `network:dhcp` port, so a link's MTU is the network's and a subnet with DHCP enabled is an
 * `ipv4_dhcp` network. Only IPv4 subnets exist in the catalog.
 *
 * @module
 */
import { cidrRange, numberToIpv4 } from "../config/options/networks.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";
import type { Port, Subnet } from "../networks/types.ts";

/** One interface (a VIF) of `network_data.json`. */
export interface Link {
  id: string;
  vif_id: string;
  type: string;
  mtu: number | null;
  ethernet_mac_address: string;
}

/** A DNS server of `network_data.json`. */
export interface DnsService {
  type: "dns";
  address: string;
}

/** The whole document. */
export interface NetworkData {
  links: Link[];
  networks: Record<string, unknown>[];
  services: DnsService[];
}

/** Nova names a Neutron port's device `tap` + its id, cut to 14 characters. */
export function devname(portId: string): string {
  return ("tap" + portId).slice(0, 14);
}

/** The dotted netmask of a CIDR (`10.0.0.0/24` -> `255.255.255.0`). */
export function netmaskOf(cidr: string): string {
  const { prefix } = cidrRange(cidr);
  return numberToIpv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

function dnsOf(subnet: Subnet): DnsService[] {
  return subnet.dns_nameservers.map((address) => ({ type: "dns", address }));
}

/** The subnets `port` has addresses on (Nova's VIF model knows only those), in address order. */
function subnetsOf(port: Port, catalog: NetworkCatalog): Subnet[] {
  const out: Subnet[] = [];
  for (const f of port.fixed_ips) {
    const subnet = catalog.subnet(f.subnet_id);
    if (subnet && !out.includes(subnet)) out.push(subnet);
  }
  return out;
}

/**
 * `network_data.json` for these ports (null when there are none, which Nova serves as `{}`).
 *
 * @example
 * ```ts
 * const doc = networkData(instance.ports, networkCatalog(config));
 * doc?.links[0].id; // "tap" + the first 11 characters of the port id
 * ```
 */
export function networkData(ports: readonly Port[], catalog: NetworkCatalog): NetworkData | null {
  if (ports.length === 0) return null;
  const links: Link[] = [];
  const networks: Record<string, unknown>[] = [];
  const services: DnsService[] = [];
  const seen = (s: DnsService) => services.some((x) => x.address === s.address);
  let ifc = -1;
  let net = -1;
  for (const port of ports) {
    const network = catalog.get(port.network_id);
    const subnets = subnetsOf(port, catalog);
    if (!network || subnets.length === 0) continue;
    ifc++;
    const subnet = subnets.find((s) => s.ip_version === 4);
    if (!subnet) continue;
    const ips = port.fixed_ips.filter((f) => f.subnet_id === subnet.id).map((f) => f.ip_address);
    const link: Link = {
      id: devname(port.id),
      vif_id: port.id,
      type: "ovs",
      mtu: network.mtu,
      ethernet_mac_address: port.mac_address,
    };
    links.push(link);
    if (ips.length === 0) continue;
    net++;
    if (subnet.enable_dhcp) {
      networks.push({
        id: `network${net}`,
        type: "ipv4_dhcp",
        link: link.id,
        network_id: network.id,
      });
    } else {
      const gateway = subnet.gateway_ip;
      networks.push({
        id: `network${net}`,
        type: "ipv4",
        link: link.id,
        ip_address: ips[0],
        netmask: netmaskOf(subnet.cidr),
        routes: gateway ? [{ network: "0.0.0.0", netmask: "0.0.0.0", gateway }] : [],
        network_id: network.id,
        services: dnsOf(subnet),
      });
    }
    for (const s of dnsOf(subnet)) if (!seen(s)) services.push(s);
  }
  return { links, networks, services };
}

/** The instance's IPv4 fixed addresses, in port order (EC2's `local-ipv4` is the first). */
export function fixedIpv4s(ports: readonly Port[], catalog: NetworkCatalog): string[] {
  const out: string[] = [];
  for (const port of ports) {
    for (const f of port.fixed_ips) {
      const subnet = catalog.subnet(f.subnet_id);
      if (!subnet || subnet.ip_version === 4) out.push(f.ip_address);
    }
  }
  return out;
}
