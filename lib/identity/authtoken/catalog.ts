/**
 * The service catalog of a v3 token: finding the Identity endpoint auth_token validates against,
 * and the v2-shaped copy it hands downstream in `X-Service-Catalog`.
 *
 * @module
 */
import type { CatalogService } from "./access.ts";

/** A service of a catalog in the v2 shape (`publicURL`, `internalURL`, ... per region). */
export interface V2CatalogService {
  type: string;
  name?: string;
  endpoints: Record<string, string>[];
}

/**
 * Convert a v3 catalog to the v2 shape keystonemiddleware always sends downstream: per service,
 * one endpoint object per region (`region` plus `<interface>URL` keys), in order of appearance.
 *
 * @example
 * ```ts
 * normalizeCatalog([{ type: "identity", name: "keystone", endpoints: [
 *   { interface: "public", region: "RegionOne", url: "http://ks/v3/" },
 * ] }]);
 * // [{ type: "identity", name: "keystone",
 * //    endpoints: [{ region: "RegionOne", publicURL: "http://ks/v3/" }] }]
 * ```
 */
export function normalizeCatalog(catalog: readonly CatalogService[]): V2CatalogService[] {
  return catalog.map((service) => {
    const regions = new Map<string | null, Record<string, string>>();
    for (const endpoint of service.endpoints ?? []) {
      const region = endpoint.region ?? null;
      let entry = regions.get(region);
      if (!entry) {
        entry = region ? { region } : {};
        regions.set(region, entry);
      }
      entry[`${endpoint.interface.toLowerCase()}URL`] = endpoint.url;
    }
    // key order type, name, endpoints, as Python builds the dict
    const out: V2CatalogService = {
      type: service.type,
      ...("name" in service ? { name: service.name } : {}),
      endpoints: [...regions.values()],
    };
    return out;
  });
}

/**
 * The URL of the Identity service in a catalog for one interface (`public`, `internal`, `admin`;
 * `internalURL` style names are accepted too) and, when given, one region. Null when absent.
 */
export function identityEndpoint(
  catalog: readonly CatalogService[] | null,
  wantedInterface: string,
  region: string | null,
): string | null {
  const iface = wantedInterface.toLowerCase().replace(/url$/, "");
  for (const service of catalog ?? []) {
    if (service.type !== "identity") continue;
    for (const endpoint of service.endpoints ?? []) {
      if (endpoint.interface.toLowerCase() !== iface) continue;
      if (region && endpoint.region_id !== region && endpoint.region !== region) continue;
      return endpoint.url;
    }
  }
  return null;
}

/**
 * The v3 API root for an Identity URL, which may be unversioned (`http://ks:5000/`), v2.0 or v3.
 * A stand-in for keystoneauth's version discovery, which would find the same URL on Keystone.
 *
 * @example
 * ```ts
 * v3Root("http://ks:5000/"); // "http://ks:5000/v3"
 * v3Root("http://ks/identity/v3/"); // "http://ks/identity/v3"
 * ```
 */
export function v3Root(url: string): string {
  const base = url.replace(/\/+$/, "");
  if (/\/v3(\.\d+)?$/.test(base)) return base;
  if (/\/v2\.0$/.test(base)) return base.replace(/\/v2\.0$/, "/v3");
  return `${base}/v3`;
}
