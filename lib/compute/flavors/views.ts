/**
 * Flavor views: pure functions of a record, the microversion and the request's link bases, as
 * Nova's `views/flavors.py` builds them. The microversion gates sit beside the fields they gate.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import type { LinkBases } from "../router.ts";
import type { FlavorRecord } from "../../flavors/mod.ts";
import { pyFloat } from "../../http/pyfloat.ts";
import { collectionLinks, type Link } from "../collection.ts";

/** The JSON of one flavor. */
export type FlavorView = Record<string, unknown>;

/** `self` and `bookmark` links of a flavor (the id goes in unescaped, as Nova writes it). */
export function flavorLinks(flavorid: string, links: LinkBases): Link[] {
  return [
    { rel: "self", href: `${links.self}/flavors/${flavorid}` },
    { rel: "bookmark", href: `${links.bookmark}/flavors/${flavorid}` },
  ];
}

/**
 * The brief form used by `GET /flavors`: id, name, links; description from 2.55.
 *
 * @example
 * ```ts
 * flavorBasic(record, ApiVersion.parse("2.55"), links); // { id, name, links, description }
 * ```
 */
export function flavorBasic(
  flavor: FlavorRecord,
  version: ApiVersion,
  links: LinkBases,
): FlavorView {
  const view: FlavorView = {
    id: flavor.flavorid,
    name: flavor.name,
    links: flavorLinks(flavor.flavorid, links),
  };
  if (version.atLeast("2.55")) view.description = flavor.description;
  return view;
}

/**
 * The full form used by show, detail, create and update.
 *
 * - `swap` is `""` for no swap before 2.75, an integer from 2.75;
 * - `description` from 2.55;
 * - `extra_specs` from 2.61, only when the caller may list extra specs (`includeExtraSpecs`);
 * - `OS-FLV-DISABLED:disabled` and `rxtx_factor` are gone from 2.102.
 */
export function flavorDetail(
  flavor: FlavorRecord,
  version: ApiVersion,
  links: LinkBases,
  includeExtraSpecs = false,
): FlavorView {
  const view: FlavorView = {
    id: flavor.flavorid,
    name: flavor.name,
    ram: flavor.memory_mb,
    disk: flavor.root_gb,
    swap: version.atLeast("2.75") ? flavor.swap || 0 : flavor.swap || "",
    "OS-FLV-EXT-DATA:ephemeral": flavor.ephemeral_gb,
  };
  if (version.atMost("2.101")) view["OS-FLV-DISABLED:disabled"] = flavor.disabled;
  view.vcpus = flavor.vcpus;
  view["os-flavor-access:is_public"] = flavor.is_public;
  // A float in Nova's JSON (`1.0`, not `1`); an unset factor shows as "".
  if (version.atMost("2.101")) {
    view.rxtx_factor = flavor.rxtx_factor ? pyFloat(flavor.rxtx_factor) : "";
  }
  view.links = flavorLinks(flavor.flavorid, links);
  if (version.atLeast("2.55")) view.description = flavor.description;
  if (includeExtraSpecs) view.extra_specs = { ...flavor.extra_specs };
  return view;
}

/**
 * A list body: `{flavors: [...]}` plus `flavors_links` with a `next` link when the page is
 * full (the shared collection helper's rule, Nova's `_get_collection_links`).
 */
export function flavorList(
  items: FlavorView[],
  flavors: readonly FlavorRecord[],
  page: { collectionUrl: string; query: URLSearchParams; maxLimit: number },
): Record<string, unknown> {
  const body: Record<string, unknown> = { flavors: items };
  const links = collectionLinks({
    count: flavors.length,
    lastMarker: flavors.at(-1)?.flavorid,
    ...page,
  });
  if (links) body.flavors_links = links;
  return body;
}
