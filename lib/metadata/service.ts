/**
 * The metadata app of a process, from configuration and the store: the store-backed look-ups
 * with their cache, the vendor data providers (the StaticJSON file is read here, at start-up)
 * and the path responder, plugged into {@link metadataApp}. The look-ups and the responder
 * (`store_reads.ts`, with the instance domain) are imported when first used: the process answers
 * `GET /` and the version listings, and checks its configuration, without them.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { Handler } from "../http/types.ts";
import { instanceSettings } from "../instances/settings.ts";
import { networkCatalog } from "../networks/catalog.ts";
import { metadataApp } from "./app.ts";
import { MetadataCache } from "./cache.ts";
import type { ProviderPort } from "./identify.ts";
import type { InstanceMetadata } from "./instance.ts";
import type { VendorData } from "./openstack.ts";
import type { StoreReads, StoreReadsOptions } from "./store_reads.ts";
import { dynamicVendorData, loadStaticVendorData } from "./vendordata.ts";

/** What {@link metadataService} needs of the process. */
export interface MetadataServiceContext {
  config: Config;
  kv: Deno.Kv;
  log: (line: string) => void;
  /** The clock (tests); also the cache's. */
  now?: () => Date;
  /**
   * Given the loader of the instance reads ({@link storeReads}, imported on first use), so the
   * process can load them in the background once it serves; none: they load on the first look-up.
   */
  preload?: (load: () => Promise<unknown>) => void;
}

/** Import `store_reads.ts` and build its reads (the instance domain loads with it). */
async function loadStoreReads(opts: StoreReadsOptions): Promise<StoreReads> {
  return (await import("./store_reads.ts")).storeReads(opts);
}

/** The vendor data providers the configuration names (a bad static file throws a ConfigError). */
async function vendorDataOf(ctx: MetadataServiceContext): Promise<VendorData> {
  const { config, log } = ctx;
  const providers = config.get<string[]>("api", "vendordata_providers") ?? [];
  const vendor: VendorData = {
    providers,
    staticData: providers.includes("StaticJSON") ? await loadStaticVendorData(config) : {},
  };
  if (providers.includes("DynamicJSON")) {
    vendor.dynamic = dynamicVendorData({
      targets: config.get<string[]>("api", "vendordata_dynamic_targets") ?? [],
      connectTimeout: config.get<number>("api", "vendordata_dynamic_connect_timeout"),
      readTimeout: config.get<number>("api", "vendordata_dynamic_read_timeout"),
      failureFatal: config.get<boolean>("api", "vendordata_dynamic_failure_fatal"),
      log,
    });
  }
  return vendor;
}

/**
 * Build the metadata app of this process. Throws a ConfigError for a bad vendor data file or
 * network configuration.
 *
 * @example
 * ```ts
 * const app = await metadataService({ config, kv: await runtime.kv(), log: runtime.log });
 * ```
 */
export async function metadataService(ctx: MetadataServiceContext): Promise<Handler> {
  const { config, kv, log } = ctx;
  const now = ctx.now ?? (() => new Date());
  const vendor = await vendorDataOf(ctx);
  const cache = new MetadataCache<InstanceMetadata>(
    config.get<number>("api", "metadata_cache_expiration"),
    () => now().getTime(),
  );
  const providerCache = new MetadataCache<ProviderPort>(
    config.get<number>("api", "metadata_cache_expiration"),
    () => now().getTime(),
  );
  // Checked now, so a bad [networks] or [virt] line stops start-up; the reads (the instance
  // domain) load on first use.
  const catalog = networkCatalog(config);
  instanceSettings(config);
  let reads: Promise<StoreReads> | undefined;
  const load = () =>
    reads ??= loadStoreReads({ config, kv, catalog, vendor, cache, providerCache, now, log });
  ctx.preload?.(load);
  return metadataApp<InstanceMetadata>({
    lookupByAddress: async (address) => await (await load()).lookups.lookupByAddress(address),
    lookupById: async (id, address) => await (await load()).lookups.lookupById(id, address),
    lookupByProvider: async (id, address) =>
      await (await load()).lookups.lookupByProvider!(id, address),
    serviceMetadataProxy: config.get<boolean>("neutron", "service_metadata_proxy"),
    sharedSecret: config.get<string>("neutron", "metadata_proxy_shared_secret") ?? "",
    log,
    now,
    respond: async (request, md, path) => await (await load()).respond(request, md, path),
  });
}

/** Reads one metadata path for an instance id, as its guest would get it; null: no such instance. */
export type MetadataReader = (instanceId: string, path: string) => Promise<Response | null>;

/**
 * Build a {@link MetadataReader} over the same store, look-ups and responder as the metadata
 * app, for callers in this process that have already decided the instance may be shown (the web
 * console). Only reads: the password path answers as to a guest's GET.
 *
 * @example
 * ```ts
 * const read = await metadataReader({ config, kv, log });
 * await read(id, "/openstack/latest/meta_data.json");
 * ```
 */
export async function metadataReader(ctx: MetadataServiceContext): Promise<MetadataReader> {
  const { config, kv, log } = ctx;
  const now = ctx.now ?? (() => new Date());
  const vendor = await vendorDataOf(ctx);
  const { lookups, respond } = await loadStoreReads({
    config,
    kv,
    catalog: networkCatalog(config),
    vendor,
    // No cache: the console shows the store as it is now.
    cache: new MetadataCache<InstanceMetadata>(0, () => now().getTime()),
    now,
    log,
  });
  return async (instanceId, path) => {
    const md = await lookups.lookupById(instanceId, null);
    if (md === null) return null;
    return await respond(new Request("http://169.254.169.254" + path), md, path);
  };
}
