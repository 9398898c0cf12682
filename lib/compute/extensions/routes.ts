/**
 * `/extensions` and `/extensions/{alias}` (Nova's `ExtensionInfoController`): the frozen list of
 * `./list.ts`, at every microversion, behind `os_compute_api:extensions`. A request through the
 * legacy v2 compatible endpoint sees one more entry, as Nova's v2 did. From 2.102 unknown query
 * parameters are refused.
 *
 * @module
 */
import type { ApiRequest, Route, VersionedSchema } from "../route.ts";
import { environ } from "../../http/environ.ts";
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { type ExtensionRow, EXTENSIONS, LEGACY_V2_EXTRA } from "./list.ts";
import { LIST_EXTENSIONS_RESPONSE, SHOW_EXTENSION_RESPONSE } from "./response_schemas.ts";

const NO_PARAMS: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false }],
  ["2.1", { type: "object", properties: {}, additionalProperties: true }],
];

const POLICY = { rule: "os_compute_api:extensions", target: () => ({}) };

/** One extension as the API shows it (Nova's key order). */
function view([alias, name, description]: ExtensionRow): Record<string, unknown> {
  return {
    alias,
    description,
    links: [],
    name,
    namespace: "http://docs.openstack.org/compute/ext/fake_xml",
    updated: "2014-12-03T00:00:00Z",
  };
}

/** The list a request sees: the legacy v2 endpoint adds its one extra, in alias order. */
function visible(req: ApiRequest): readonly ExtensionRow[] {
  if (!environ(req.request).notes.legacyV2) return EXTENSIONS;
  return [...EXTENSIONS, LEGACY_V2_EXTRA].sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** The extension routes. */
export const EXTENSION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/extensions",
    response: LIST_EXTENSIONS_RESPONSE,
    query: NO_PARAMS,
    policy: POLICY,
    handler: (req) => json({ extensions: visible(req).map(view) }),
  },
  {
    method: "GET",
    path: "/extensions/{id}",
    response: SHOW_EXTENSION_RESPONSE,
    query: NO_PARAMS,
    policy: POLICY,
    handler: (req) => {
      const found = visible(req).find(([alias]) => alias === req.params.id);
      if (!found) throw new NovaFault(404, "The resource could not be found.");
      return json({ extension: view(found) });
    },
  },
];
