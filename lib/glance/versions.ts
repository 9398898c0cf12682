/**
 * Glance's version document: what `GET /` of the image mount answers (300 Multiple Choices, as
 * Glance does), listing v2.16 as current and the earlier v2 minors as supported.
 *
 * @module
 */
import { applicationUrl } from "../http/environ.ts";
import { json } from "../http/respond.ts";

/** The image API versions this subset claims, newest first. */
export const IMAGE_VERSIONS: readonly string[] = Array.from(
  { length: 17 },
  (_, i) => `v2.${16 - i}`,
);

/** The version document, with links under `base` (the mount's URL). */
export function imageVersions(base: string): Record<string, unknown> {
  return {
    versions: IMAGE_VERSIONS.map((id, i) => ({
      id,
      status: i === 0 ? "CURRENT" : "SUPPORTED",
      links: [{ rel: "self", href: `${base}/v2/` }],
    })),
  };
}

/** Answers `GET /` (and any unversioned path) with the version document. */
export function imageVersionsApp(request: Request): Promise<Response> {
  return Promise.resolve(json(imageVersions(applicationUrl(request)), 300));
}
