/**
 * Cinder's version document and microversions for the block storage subset: `GET /` of the mount
 * (300, every version) and `GET /v3/` (200), and the `OpenStack-API-Version: volume X.Y` header a
 * request may carry (3.0 when absent, `latest` the highest).
 *
 * @module
 */
import { applicationUrl, environ } from "../http/environ.ts";
import { notFoundPage } from "../http/webob_error.ts";
import { json } from "../http/respond.ts";
import { NovaFault } from "../errors/fault.ts";

/** The lowest microversion served (Cinder's `_MIN_API_VERSION`). */
export const MIN_VOLUME_VERSION = "3.0";
/** The highest microversion served (Cinder master's `_MAX_API_VERSION`). */
export const MAX_VOLUME_VERSION = "3.71";

/** A volume microversion, comparable. */
export interface VolumeVersion {
  major: number;
  minor: number;
  /** `3.0`-style text. */
  text: string;
}

function parse(text: string): VolumeVersion | null {
  const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), text } : null;
}

/** Whether `version` is at least `min` (`3.13`). */
export function atLeast(version: VolumeVersion, min: string): boolean {
  const m = parse(min)!;
  return version.major > m.major || (version.major === m.major && version.minor >= m.minor);
}

/**
 * The request's volume microversion: the `volume` entry of `OpenStack-API-Version`, 3.0 when
 * there is none. A malformed one is 400, one outside the served range 406, as Cinder answers.
 */
export function requestedVersion(request: Request): VolumeVersion {
  const header = request.headers.get("openstack-api-version");
  let wanted: string | null = null;
  for (const item of (header ?? "").split(",")) {
    const [service, value] = item.trim().split(/\s+/, 2);
    if (service?.toLowerCase() === "volume" && value !== undefined) wanted = value;
  }
  if (wanted === null) return parse(MIN_VOLUME_VERSION)!;
  if (wanted.toLowerCase() === "latest") return parse(MAX_VOLUME_VERSION)!;
  const version = parse(wanted);
  if (!version) {
    throw new NovaFault(
      400,
      `API Version String ${wanted} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  if (!atLeast(version, MIN_VOLUME_VERSION) || atLeast(version, nextAfter(MAX_VOLUME_VERSION))) {
    throw new NovaFault(
      406,
      `Version ${wanted} is not supported by the API. Minimum is ${MIN_VOLUME_VERSION} and ` +
        `maximum is ${MAX_VOLUME_VERSION}.`,
    );
  }
  return version;
}

function nextAfter(text: string): string {
  const v = parse(text)!;
  return `${v.major}.${v.minor + 1}`;
}

/** The version document, with links under `base` (the mount's URL, `.../volume`). */
export function volumeVersions(base: string): Record<string, unknown> {
  return {
    versions: [{
      id: "v3.0",
      status: "CURRENT",
      version: MAX_VOLUME_VERSION,
      min_version: MIN_VOLUME_VERSION,
      updated: "2023-08-31T00:00:00Z",
      links: [
        { rel: "describedby", type: "text/html", href: "https://docs.openstack.org/" },
        { rel: "self", href: `${base}/v3/` },
      ],
      "media-types": [{
        base: "application/json",
        type: "application/vnd.openstack.volume+json;version=3",
      }],
    }],
  };
}

/** Answers `GET /` of the mount with 300 and the version document; any other path is 404. */
export function volumeVersionsApp(request: Request): Promise<Response> {
  const path = environ(request).pathInfo;
  if (path !== "/" && path !== "") return Promise.resolve(notFoundPage(request));
  return Promise.resolve(json(volumeVersions(applicationUrl(request)), 300));
}
