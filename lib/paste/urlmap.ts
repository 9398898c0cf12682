/**
 * The urlmap composite: dispatch on the request path (and optionally the host) to apps mounted at
 * prefixes, longest prefix first. The matched prefix moves from `pathInfo` to `scriptName`.
 *
 * Two flavours share the mount table:
 * - Paste's (`egg:Paste#urlmap`): plain prefix matching.
 * - Nova's (`nova.api.openstack.urlmap:urlmap_factory`): a key ending in `/+` matches only when
 *   something follows the slash (`/v2.1/+` takes `/v2.1/flavors` but not `/v2.1/`); a path
 *   match on the root mount does not count as a version choice, so `version=` in `Content-Type`
 *   or `Accept` may pick a mount instead (that moves only `scriptName`); and it records the
 *   response type it chose (from a `.json` suffix or `Accept`) in `notes["nova.best_content_type"]`.
 *
 * @module
 */
import { environ, requestTarget } from "../http/environ.ts";
import { text } from "../http/respond.ts";
import type { Handler } from "../http/types.ts";
import { PasteError } from "./error.ts";
import { acceptOf, parseOptionsHeader } from "./media_params.ts";
import { collapseSlashes, type MountPoint, mountPoint, parsePathExpression } from "./mount_path.ts";
import type { AppLoader, FactoryContext } from "./types.ts";

/** The note Nova's urlmap leaves for the API router: the response media type it chose. */
export const BEST_CONTENT_TYPE_NOTE = "nova.best_content_type";

/** The media types Nova's API speaks (`nova.api.openstack.wsgi.get_supported_content_types`). */
export const SUPPORTED_CONTENT_TYPES: readonly string[] = [
  "application/json",
  "application/vnd.openstack.compute+json",
];

/** An app and where it is mounted. */
export interface MountedApp extends MountPoint {
  app: Handler;
}

interface Match {
  app: Handler;
  /** The prefix to move into `scriptName`. */
  prefix: string;
}

/**
 * The mount table: apps by (domain, path prefix), kept with host-specific mounts first and longer
 * prefixes before shorter ones, as Paste orders them.
 *
 * @example
 * ```ts
 * const map = new UrlMap();
 * map.mount("/", versions);
 * map.mount("/v2.1", v21);
 * map.match("localhost", "80", "/v2.1/flavors", false)?.prefix; // "/v2.1"
 * ```
 */
export class UrlMap {
  #apps: MountedApp[] = [];

  /** Mount `app` at a URL form (`/v2.1`, `http://host:port/path`), replacing an equal mount. */
  mount(url: string, app: Handler): void {
    const point = mountPoint(url);
    this.#apps = this.#apps.filter((m) => m.domain !== point.domain || m.path !== point.path);
    this.#apps.push({ ...point, app });
    this.#apps.sort(compareMounts);
  }

  /** The mounts in matching order. */
  get mounts(): readonly MountedApp[] {
    return this.#apps;
  }

  /**
   * The first mount that takes `pathInfo` on `host`/`port`. With `wildcards`, a path ending in
   * `/+` (Nova's extension) needs the prefix up to its slash and at least one more character.
   */
  match(host: string, port: string, pathInfo: string, wildcards: boolean): Match | undefined {
    for (const { domain, path, app } of this.#apps) {
      if (domain && domain !== host && domain !== `${host}:${port}`) continue;
      if (wildcards && path.endsWith("/+")) {
        if (!pathInfo.startsWith(path.slice(0, -1)) || pathInfo.length < path.length) continue;
        return { app, prefix: path.slice(0, -2) };
      }
      if (pathInfo === path || pathInfo.startsWith(`${path}/`)) return { app, prefix: path };
    }
    return undefined;
  }
}

/**
 * `egg:Paste#urlmap`: every section key (other than `not_found_app`) is a path expression and its
 * value the application to mount there.
 *
 * @example
 * ```ts
 * const table = { apps, filters, composites: { "egg:Paste#urlmap": pasteUrlmapFactory } };
 * ```
 */
export async function pasteUrlmapFactory<R>(
  loader: AppLoader,
  ctx: FactoryContext<R>,
): Promise<Handler> {
  const { map, notFound } = await buildMap(loader, ctx);
  return (request) => {
    const env = environ(request);
    const [host, port] = hostAndPort(request);
    const pathInfo = collapseSlashes(env.pathInfo);
    const found = map.match(host, port, pathInfo, false);
    if (!found) return notFound(request);
    env.scriptName += found.prefix;
    env.mountPrefix = found.prefix;
    env.pathInfo = pathInfo.slice(found.prefix.length);
    return found.app(request);
  };
}

/**
 * `nova.api.openstack.urlmap:urlmap_factory`: Paste's urlmap with Nova's `/+` mounts and
 * version-by-header selection (see the module notes).
 *
 * @example
 * ```ts
 * const table = {
 *   apps,
 *   filters,
 *   composites: { "nova.api.openstack.urlmap:urlmap_factory": urlmapFactory },
 * };
 * ```
 */
export async function urlmapFactory<R>(
  loader: AppLoader,
  ctx: FactoryContext<R>,
): Promise<Handler> {
  const { map, notFound } = await buildMap(loader, ctx);
  return (request) => {
    const env = environ(request);
    const [host, port] = hostAndPort(request);
    const pathInfo = collapseSlashes(env.pathInfo);

    // 1. The path: a `.json`-style suffix names the media type, a non-root mount the version.
    let mediaType = suffixMediaType(pathInfo);
    let found: Match | undefined;
    let movePath = false;
    const byPath = pathInfo.includes("/") ? map.match(host, port, pathInfo, true) : undefined;
    if (byPath?.prefix) {
      found = byPath;
      movePath = true;
    }
    const supported = [...SUPPORTED_CONTENT_TYPES];
    if ((found && `${found.prefix}/` === pathInfo) || pathInfo === "/") {
      supported.push("application/atom+xml");
    }
    // 2. `Content-Type: ...;version=2.1`, then 3. `Accept: ...;version=2.1` (and the media type).
    if (!found) {
      const version = parseOptionsHeader(request.headers.get("content-type") ?? "")[1].version;
      if (version !== undefined) found = map.match(host, port, `/v${version}`, true);
    }
    if (!mediaType || !found) {
      const accept = acceptOf(request.headers.get("accept") ?? "");
      const [type, params] = accept.bestMatch(supported);
      mediaType ??= type;
      if (!found && params.version !== undefined) {
        found = map.match(host, port, `/v${params.version}`, true);
      }
    }
    // 4. Otherwise the path again, the root mount included.
    if (!found) {
      found = map.match(host, port, pathInfo, true);
      movePath = true;
    }
    if (!found) return notFound(request);
    env.notes[BEST_CONTENT_TYPE_NOTE] = mediaType ?? "application/json";
    env.scriptName += found.prefix;
    env.mountPrefix = found.prefix;
    if (movePath) env.pathInfo = pathInfo.slice(found.prefix.length);
    return found.app(request);
  };
}

/**
 * Both urlmap flavours under the names paste files use, ready to spread into a factory table's
 * `composites`.
 */
export const URLMAP_COMPOSITES = {
  "egg:Paste#urlmap": pasteUrlmapFactory,
  "nova.api.openstack.urlmap:urlmap_factory": urlmapFactory,
} as const;

/** Paste's answer when no mount takes the path. */
export function notFoundResponse(): Response {
  return text("404 Not Found\n\nThe resource could not be found.\n", 404);
}

async function buildMap<R>(
  loader: AppLoader,
  ctx: FactoryContext<R>,
): Promise<{ map: UrlMap; notFound: Handler }> {
  const mounts = { ...ctx.localConf };
  const notFoundName = mounts.not_found_app ?? ctx.globalConf.not_found_app;
  delete mounts.not_found_app;
  const notFound: Handler = notFoundName
    ? await loader(notFoundName)
    : () => Promise.resolve(notFoundResponse());
  const map = new UrlMap();
  for (const [expression, appName] of Object.entries(mounts)) {
    let url: string;
    try {
      url = parsePathExpression(expression);
      mountPoint(url);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PasteError(
        { file: ctx.file, section: ctx.section },
        `[${ctx.section}] ${expression}: ${reason}`,
      );
    }
    map.mount(url, await loader(appName));
  }
  return { map, notFound };
}

function compareMounts(a: MountPoint, b: MountPoint): number {
  // Host-specific mounts first (by host), then longer paths first, then by path.
  const hostA = a.domain ?? "\uffff";
  const hostB = b.domain ?? "\uffff";
  if (hostA !== hostB) return hostA < hostB ? -1 : 1;
  if (a.path.length !== b.path.length) return b.path.length - a.path.length;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The request's host (lower-cased) and port, from the `Host` header or the server's name. */
function hostAndPort(request: Request): [string, string] {
  const { scheme, host: named } = requestTarget(request);
  const host = named.toLowerCase();
  const colon = host.indexOf(":");
  if (colon >= 0) return [host.slice(0, colon), host.slice(colon + 1)];
  return [host, scheme === "http" ? "80" : "443"];
}

function suffixMediaType(pathInfo: string): string | undefined {
  const dot = pathInfo.lastIndexOf(".");
  if (dot < 0) return undefined;
  const type = `application/${pathInfo.slice(dot + 1)}`;
  return SUPPORTED_CONTENT_TYPES.includes(type) ? type : undefined;
}
