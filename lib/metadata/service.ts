/**
 * The metadata app of a process, from configuration and the store: the store-backed look-ups
 * with their cache, the vendor data providers (the StaticJSON file is read here, at start-up)
 * and the path responder, plugged into {@link metadataApp}.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { Handler } from "../http/types.ts";
import { instanceDeps } from "../instances/deps.ts";
import { networkCatalog } from "../networks/catalog.ts";
import { allocatePort, releasePorts } from "../networks/ports.ts";
import { metadataApp } from "./app.ts";
import { MetadataCache } from "./cache.ts";
import type { ProviderPort } from "./identify.ts";
import type { InstanceMetadata } from "./instance.ts";
import type { VendorData } from "./openstack.ts";
import { metadataResponder } from "./serve.ts";
import { storeLookups } from "./source.ts";
import { dynamicVendorData, loadStaticVendorData } from "./vendordata.ts";

/** What {@link metadataService} needs of the process. */
export interface MetadataServiceContext {
  config: Config;
  kv: Deno.Kv;
  log: (line: string) => void;
  /** The clock (tests); also the cache's. */
  now?: () => Date;
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
  const lookups = storeLookups({
    kv,
    deps: instanceDeps(config, { allocatePort, releasePorts }, now),
    catalog: networkCatalog(config),
    dhcpDomain: config.get<string | null>("api", "dhcp_domain"),
    cache,
    providerCache,
  });
  return metadataApp<InstanceMetadata>({
    ...lookups,
    serviceMetadataProxy: config.get<boolean>("neutron", "service_metadata_proxy"),
    sharedSecret: config.get<string>("neutron", "metadata_proxy_shared_secret") ?? "",
    log,
    now,
    respond: metadataResponder({ kv, vendor, now, log }),
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
  const lookups = storeLookups({
    kv,
    deps: instanceDeps(config, { allocatePort, releasePorts }, now),
    catalog: networkCatalog(config),
    dhcpDomain: config.get<string | null>("api", "dhcp_domain"),
    // No cache: the console shows the store as it is now.
    cache: new MetadataCache<InstanceMetadata>(0, () => now().getTime()),
  });
  const respond = metadataResponder({ kv, vendor, now, log });
  return async (instanceId, path) => {
    const md = await lookups.lookupById(instanceId, null);
    if (md === null) return null;
    return await respond(new Request("http://169.254.169.254" + path), md, path);
  };
}
