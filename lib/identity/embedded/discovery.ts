/**
 * Version discovery as Keystone answers it: `GET /` lists the one version with status 300 and a
 * `Location` header, `GET /v3` describes it. Both name `.../v3/` as the version's URL.
 *
 * @module
 */

import { json } from "../../http/respond.ts";

/** The identity API version served (Keystone's v3 at microversion 3.14). */
export const IDENTITY_VERSION = {
  id: "v3.14",
  status: "stable",
  updated: "2020-04-07T00:00:00Z",
} as const;

/** The version's description, for its `/v3/` URL. */
export function versionDocument(v3Url: string): Record<string, unknown> {
  return {
    ...IDENTITY_VERSION,
    links: [{ rel: "self", href: `${v3Url}/` }],
    "media-types": [{
      base: "application/json",
      type: "application/vnd.openstack.identity-v3+json",
    }],
  };
}

/** `GET /`: the version list, "Multiple Choices", pointing at the preferred (only) version. */
export function versionsResponse(v3Url: string): Response {
  return json({ versions: { values: [versionDocument(v3Url)] } }, 300, {
    location: `${v3Url}/`,
  });
}

/** `GET /v3`: the version itself. */
export function versionResponse(v3Url: string): Response {
  return json({ version: versionDocument(v3Url) });
}
