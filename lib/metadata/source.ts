/**
 * The instance look-ups of the metadata API over the store, as Nova's `get_metadata_by_address`
 * and `get_metadata_by_instance_id`: by fixed IP through the port address index, then the
 * instance the port belongs to; by id directly. A deleted instance, or one whose build has not
 * reached networking (Nova's has no port then), is not found by address. What a look-up builds
 * is cached per process ({@link MetadataCache}).
 *
 * A load-balanced metadata provider (`X-Metadata-Provider`) is found as Nova asks Neutron: the
 * provider's subnets are those of the networks whose id or name is the provider id (a network
 * stands for the edge that serves its subnets), and the instance is the device of the one port on
 * those networks holding the forwarded address.
 *
 * @module
 */
import type { InstanceDeps } from "../instances/deps.ts";
import { getServer } from "../instances/read.ts";
import type { Instance } from "../instances/types.ts";
import { findPortByIp, listPorts } from "../networks/ports.ts";
import { currentEpoch } from "../store/epoch.ts";
import { getKeypair } from "../store/keypairs.ts";
import type { InstanceLookup, ProviderPort } from "./identify.ts";
import type { MetadataCache } from "./cache.ts";
import {
  hasPorts,
  type InstanceKeypair,
  type InstanceMetadata,
  instanceMetadata,
  type MetadataContext,
} from "./instance.ts";

/** Settings of {@link storeLookups}. */
export interface StoreLookupOptions extends MetadataContext {
  kv: Deno.Kv;
  deps: InstanceDeps;
  /** The cache (one per process). */
  cache: MetadataCache<InstanceMetadata>;
  /** Which instance a provider's address is (one per process, the same expiration). */
  providerCache?: MetadataCache<ProviderPort>;
}

/** The keypair as the instance knows it: the stored one's type when it is still the same key. */
async function keypairOf(kv: Deno.Kv, instance: Instance): Promise<InstanceKeypair | null> {
  if (!instance.key_name || instance.key_data === null) return null;
  const stored = await getKeypair(kv, instance.user_id, instance.key_name);
  const type = stored && stored.publicKey === instance.key_data ? stored.type : "ssh";
  return { name: instance.key_name, type, public_key: instance.key_data };
}

/**
 * Look-ups that read the store.
 *
 * @example
 * ```ts
 * const lookups = storeLookups({ kv, deps, catalog, dhcpDomain: "novalocal", cache });
 * await lookups.lookupByAddress("10.0.0.5"); // InstanceMetadata or null
 * ```
 */
export function storeLookups(opts: StoreLookupOptions): InstanceLookup<InstanceMetadata> {
  const { kv, deps, cache } = opts;
  const build = async (instance: Instance, address: string | null) =>
    instanceMetadata(instance, opts, address, await keypairOf(kv, instance));
  return {
    async lookupByAddress(address) {
      // Keyed by the store's epoch: after a reset nothing cached from before it is served.
      const key = `${await currentEpoch(kv)}:metadata-${address}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const port = await findPortByIp(kv, address);
      if (!port || !port.device_id) return null;
      const instance = await getServer(kv, port.device_id, deps);
      if (!instance || !hasPorts(instance)) return null;
      const md = await build(instance, address);
      cache.set(key, md);
      return md;
    },
    async lookupById(instanceId, address) {
      const key = `${await currentEpoch(kv)}:metadata-${instanceId}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const instance = await getServer(kv, instanceId, deps);
      if (!instance) return null;
      const md = await build(instance, address);
      cache.set(key, md);
      return md;
    },
    async lookupByProvider(providerId, address) {
      const key = `${await currentEpoch(kv)}:provider-${providerId}-${address}`;
      const cached = opts.providerCache?.get(key);
      if (cached) return [cached];
      const networks = new Set(
        opts.catalog.list().filter((n) => n.id === providerId || n.name === providerId)
          .map((n) => n.id),
      );
      if (networks.size === 0) return null;
      const ports = (await listPorts(kv, { ipAddress: address }))
        .filter((p) => networks.has(p.network_id))
        .map((p) => ({ instanceId: p.device_id, tenantId: p.project_id }));
      if (ports.length === 1) opts.providerCache?.set(key, ports[0]);
      return ports;
    },
  };
}
