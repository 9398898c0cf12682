/**
 * What the metadata app does once an instance is identified: the look-ups that read it from the
 * store (through the instance domain, with the process's caches) and the responder that answers
 * a path of its metadata. `service.ts` imports this module when the first instance is looked up
 * (or in the background once the process serves), so the process answers `GET /` and the version
 * listings without loading the instance domain.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import { instanceDeps } from "../instances/deps.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";
import { allocatePort, releasePorts } from "../networks/ports.ts";
import type { MetadataCache } from "./cache.ts";
import type { InstanceLookup, ProviderPort } from "./identify.ts";
import type { InstanceMetadata } from "./instance.ts";
import type { VendorData } from "./openstack.ts";
import { metadataResponder } from "./serve.ts";
import { storeLookups } from "./source.ts";

/** What {@link storeReads} builds on: the process's configuration, store, caches and vendor data. */
export interface StoreReadsOptions {
  config: Config;
  kv: Deno.Kv;
  catalog: NetworkCatalog;
  vendor: VendorData;
  /** The instance cache (one per process). */
  cache: MetadataCache<InstanceMetadata>;
  /** Which instance a provider's address is (one per process); none: not cached. */
  providerCache?: MetadataCache<ProviderPort>;
  now: () => Date;
  log: (line: string) => void;
}

/** The look-ups and the path responder of {@link storeReads}. */
export interface StoreReads {
  lookups: InstanceLookup<InstanceMetadata>;
  respond: (request: Request, md: InstanceMetadata, pathInfo: string) => Promise<Response>;
}

/**
 * The store-backed look-ups and the path responder of one process.
 *
 * @example
 * ```ts
 * const { lookups, respond } = storeReads({ config, kv, catalog, vendor, cache, now, log });
 * const md = await lookups.lookupById(id, null);
 * if (md) await respond(request, md, "/openstack/latest/meta_data.json");
 * ```
 */
export function storeReads(opts: StoreReadsOptions): StoreReads {
  const { config, kv, vendor, now, log } = opts;
  return {
    lookups: storeLookups({
      kv,
      deps: instanceDeps(config, { allocatePort, releasePorts }, now),
      catalog: opts.catalog,
      dhcpDomain: config.get<string | null>("api", "dhcp_domain"),
      cache: opts.cache,
      providerCache: opts.providerCache,
    }),
    respond: metadataResponder({ kv, vendor, now, log }),
  };
}
