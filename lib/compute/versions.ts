/**
 * The compute API's version documents: the list at `/` (and 300 Multiple Choices for any other
 * path the root app gets), and the single version document at `/v2.1/` and `/v2/`.
 *
 * @module
 */
import {
  MAX_API_VERSION,
  MIN_API_VERSION,
  negotiateRequestVersion,
  versionHeaders,
} from "./api_version.ts";
import { NovaFault } from "../http/fault.ts";
import { applyLinkPrefix } from "./link_prefix.ts";
import { environ } from "../http/environ.ts";
import { json } from "../http/respond.ts";
import type { Handler } from "../http/types.ts";
import type { ApiRequest, Route } from "./route.ts";
import { SHOW_VERSION_RESPONSE } from "./version_response_schemas.ts";

interface VersionInfo {
  id: string;
  status: string;
  version: string;
  min_version: string;
  updated: string;
  mediaType: string;
  path: string;
}

const VERSIONS: readonly VersionInfo[] = [
  {
    id: "v2.0",
    status: "DEPRECATED",
    version: "",
    min_version: "",
    updated: "2025-07-04T12:00:00Z",
    mediaType: "application/vnd.openstack.compute+json;version=2",
    path: "v2",
  },
  {
    id: "v2.1",
    status: "CURRENT",
    version: MAX_API_VERSION,
    min_version: MIN_API_VERSION,
    updated: "2013-07-23T11:33:21Z",
    mediaType: "application/vnd.openstack.compute+json;version=2.1",
    path: "v2.1",
  },
];

const DESCRIBED_BY = { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" };

function mediaTypes(v: VersionInfo) {
  return [{ base: "application/json", type: v.mediaType }];
}

function prefixOf(request: Request, linkPrefix?: string): string {
  const env = environ(request);
  return applyLinkPrefix(env.origin + env.scriptName, linkPrefix).replace(/\/$/, "");
}

/**
 * The root versions app (`nova.api.openstack.compute.versions:Versions.factory`): `GET /` lists
 * the versions; any other path answers 300 with a `choices` list pointing at each version.
 */
export function versionsApp(options: { linkPrefix?: string } = {}): Handler {
  return (request) => {
    const env = environ(request);
    const prefix = prefixOf(request, options.linkPrefix);
    if (env.pathInfo === "/" || env.pathInfo === "") {
      return Promise.resolve(json({
        versions: VERSIONS.map((v) => ({
          id: v.id,
          status: v.status,
          version: v.version,
          min_version: v.min_version,
          updated: v.updated,
          links: [{ rel: "self", href: `${prefix}/${v.path}/` }],
        })),
      }));
    }
    return Promise.resolve(json(
      {
        choices: VERSIONS.map((v) => ({
          id: v.id,
          status: v.status,
          links: [{ rel: "self", href: `${prefix}/${v.path}${env.pathInfo}` }],
          "media-types": mediaTypes(v),
        })),
      },
      300,
    ));
  };
}

/**
 * The single version document (`nova.api.openstack.compute.versions:VersionsV2.factory`): v2.1, or
 * v2.0 when legacy_v2_compatible marked the request.
 *
 * Unlike the root list (whose resource turns `support_api_request_version` off), this one is an
 * ordinary microversioned Nova resource: it negotiates the version from the request headers (a
 * malformed one is a 400, one out of range a 406) and answers with the version headers.
 * legacy_v2_compatible removes both directions of them for `/v2`.
 */
export function versionDocumentApp(options: { linkPrefix?: string } = {}): Handler {
  return (request) => {
    const env = environ(request);
    let version;
    try {
      version = negotiateRequestVersion(request);
    } catch (e) {
      return Promise.reject(e);
    }
    const v = VERSIONS[env.notes.legacyV2 ? 0 : 1];
    const headers = versionHeaders(version);
    return Promise.resolve(json(
      versionDocument(v, prefixOf(request, options.linkPrefix)),
      200,
      headers,
    ));
  };
}

/** The body of one version's document, its self link at `prefix/` (Nova's `build_version`). */
function versionDocument(v: VersionInfo, prefix: string): Record<string, unknown> {
  return {
    version: {
      id: v.id,
      status: v.status,
      version: v.version,
      min_version: v.min_version,
      updated: v.updated,
      links: [{ rel: "self", href: `${prefix}/` }, DESCRIBED_BY],
      "media-types": mediaTypes(v),
    },
  };
}

/**
 * `GET /versions/{id}` inside the compute API (Nova's `VersionsController.show`): the document of
 * `v2.0` or `v2.1` (under `/v2` always `v2.0`), else a 404 fault. Its links use the same link bases
 * as every other compute view.
 */
export function showVersion(req: ApiRequest): Response {
  const id = environ(req.request).notes.legacyV2 ? "v2.0" : req.params.id;
  const v = VERSIONS.find((candidate) => candidate.id === id);
  if (!v) throw new NovaFault(404, "The resource could not be found.");
  const linkPrefix = req.runtime.config.get<string>("api", "compute_link_prefix") ?? "";
  return json(versionDocument(v, prefixOf(req.request, linkPrefix)));
}

/** The version routes inside the compute API (`/` itself is the paste versions app). */
export const VERSION_ROUTES: readonly Route[] = [
  { method: "GET", path: "/versions/{id}", response: SHOW_VERSION_RESPONSE, handler: showVersion },
];
