/**
 * Mount points of a urlmap, as Paste writes them: a key such as `/v2.1`, `domain example.com /`,
 * `domain example.com port 8774 /v2` or `http://example.com/v2` becomes a (domain, path) pair with
 * repeated slashes collapsed and the trailing slash dropped.
 *
 * @module
 */

/** Where an app is mounted: an optional `host` or `host:port`, and a path prefix. */
export interface MountPoint {
  /** `example.com` or `example.com:8774`; `undefined` matches any host. */
  domain?: string;
  /** The path prefix without a trailing slash (`""` for the root). */
  path: string;
}

const SCHEME = /^https?:\/\//;

/**
 * Turn a urlmap key into the URL form Paste keeps (`domain d port p /path` -> `http://d:p/path`).
 * Throws an `Error` for a dangling or repeated `domain` / `port`, a port without a domain, or two
 * paths.
 *
 * @example
 * ```ts
 * parsePathExpression("domain example.com port 8080 /v2"); // "http://example.com:8080//v2"
 * parsePathExpression("/v2.1/+"); // "/v2.1/+"
 * ```
 */
export function parsePathExpression(expression: string): string {
  const words = expression.split(/\s+/).filter((word) => word !== "");
  let domain: string | undefined;
  let port: string | undefined;
  let path: string | undefined;
  while (words.length > 0) {
    const word = words.shift() as string;
    if (word === "domain" || word === "port") {
      const value = words.shift();
      if (value === undefined) throw new Error(`"${word}" must be followed by a value`);
      if ((word === "domain" ? domain : port) !== undefined) {
        throw new Error(`"${word}" given twice`);
      }
      if (word === "domain") domain = value;
      else port = value;
    } else {
      if (path !== undefined) throw new Error(`more than one path given (${path}, ${word})`);
      path = word;
    }
  }
  if (port !== undefined && domain === undefined) {
    throw new Error("a port needs a domain too");
  }
  let url = domain === undefined ? "" : `http://${domain}`;
  if (port !== undefined) url += `:${port}`;
  if (path) url += url ? `/${path}` : path;
  return url;
}

/**
 * Split a URL form into its mount point. The path must be empty, start with `/`, or follow
 * `http://host` / `https://host`; otherwise an `Error` is thrown.
 *
 * @example
 * ```ts
 * mountPoint("http://example.com:8080//v2/"); // { domain: "example.com:8080", path: "/v2" }
 * mountPoint("/"); // { domain: undefined, path: "" }
 * ```
 */
export function mountPoint(url: string): MountPoint {
  let domain: string | undefined;
  let path = url;
  const scheme = SCHEME.exec(url);
  if (scheme) {
    const rest = url.slice(scheme[0].length);
    const slash = rest.indexOf("/");
    domain = slash < 0 ? rest : rest.slice(0, slash);
    path = slash < 0 ? "" : rest.slice(slash);
  } else if (path !== "" && !path.startsWith("/")) {
    throw new Error(`a mount path must start with / or http:// (got ${JSON.stringify(url)})`);
  }
  return { domain, path: collapseSlashes(path).replace(/\/+$/, "") };
}

/** Replace every run of slashes with one (`//v2.1//flavors` -> `/v2.1/flavors`). */
export function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, "/");
}
