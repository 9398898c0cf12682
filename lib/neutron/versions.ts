/**
 * Neutron's version document: what `GET /` of the network mount answers.
 *
 * @module
 */
import { applicationUrl } from "../http/environ.ts";
import { json } from "../http/respond.ts";

/** The version document, with links under `base` (the mount's URL). */
export function networkVersions(base: string): Record<string, unknown> {
  return {
    versions: [{
      id: "v2.0",
      status: "CURRENT",
      links: [{ href: `${base}/v2.0/`, rel: "self" }],
    }],
  };
}

/** Answers `GET /` (and any unversioned path) with the version document. */
export function networkVersionsApp(request: Request): Promise<Response> {
  return Promise.resolve(json(networkVersions(applicationUrl(request))));
}
