/**
 * The permission flags `deno task start` gives each service process. A process runs under its
 * permission set of `deno.json` (`-P=compute`, `-P=metadata`); when the configuration puts a
 * file the process must read or write outside that set's lists (a config dir in /tmp, a store in
 * /srv), the process also gets an `--allow-read=` / `--allow-write=` flag. Such a flag replaces
 * the set's list rather than adding to it, so the flag names the set's whole list plus the
 * missing paths.
 *
 * @module
 */
import type { Config } from "../../lib/config/mod.ts";
import { storeLocation } from "../../lib/store/open.ts";

/** One permission set of `deno.json`: for each kind, `true`, `false` or a list of paths. */
export type PermissionSet = Record<string, boolean | string[] | undefined>;

/** Paths a process must be able to read and to write, and hosts it must reach or listen on. */
export interface NeededPaths {
  read: string[];
  write: string[];
  /** `host` or `host:port` entries, as `--allow-net` takes them (absent: none). */
  net?: string[];
}

/** `path` made absolute against `base` (an absolute directory) and normalised. */
export function absolute(path: string, base: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith("/") ? path : `${base}/${path}`).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

function within(path: string, granted: readonly string[]): boolean {
  return granted.some((g) => g === "/" || path === g || path.startsWith(`${g}/`));
}

/**
 * The flags that let a process under `set` also use `needed`: for each of read and write, none
 * when the set grants everything or already covers every path, else `--allow-<kind>=` with the
 * set's list and the missing paths (absolute, against `base`).
 *
 * @example
 * ```ts
 * permissionFlags({ read: ["./etc"], write: ["./state"] }, { read: ["/tmp/x"], write: [] }, "/repo");
 * // ["--allow-read=/repo/etc,/tmp/x"]
 * ```
 */
export function permissionFlags(set: PermissionSet, needed: NeededPaths, base: string): string[] {
  const flags: string[] = [];
  for (const kind of ["read", "write"] as const) {
    const grant = set[kind];
    if (grant === true) continue;
    const listed = Array.isArray(grant) ? grant.map((p) => absolute(p, base)) : [];
    const missing = [...new Set(needed[kind].map((p) => absolute(p, base)))]
      .filter((p) => !within(p, listed));
    if (missing.length === 0) continue;
    if (missing.some((p) => p.includes(","))) {
      throw new Error(`cannot grant ${kind} access to a path with a comma: ${missing.join(" ")}`);
    }
    flags.push(`--allow-${kind}=${[...listed, ...missing].join(",")}`);
  }
  const net = set.net;
  if (net !== true && needed.net?.length) {
    const listed = Array.isArray(net) ? net : [];
    // A bare host in the set covers every port of it.
    const missing = [...new Set(needed.net)].filter((h) =>
      !listed.includes(h) && !listed.includes(hostOf(h))
    );
    if (missing.length) flags.push(`--allow-net=${[...listed, ...missing].join(",")}`);
  }
  return flags;
}

/** The host of a `host:port` entry (`[::1]:80` → `[::1]`). */
function hostOf(entry: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(entry);
  return m ? m[1] : entry;
}

/** `host:port` of a URL, with the scheme's default port; undefined when it is no URL. */
function urlHost(text: string): string | undefined {
  try {
    const url = new URL(text);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    return `${url.hostname}:${port}`;
  } catch {
    return undefined;
  }
}

/** The file path of a file store; undefined for others and for values the service will reject. */
function storeFile(connection: string | null): string | undefined {
  try {
    const store = storeLocation(connection);
    return store.kind === "file" ? store.path : undefined;
  } catch {
    return undefined; // the service itself stops with a line naming the option
  }
}

/**
 * What a service reads and writes according to its configuration: the config dir, the config
 * files' folders and an absolute paste file (read), the folder of a file store (read and write),
 * for compute with embedded identity users the signing key's folder (read and write), and for
 * metadata the StaticJSON vendor data file (read) and the hosts it may use: its listen address,
 * its DynamicJSON targets and a remote store (net).
 * Relative paths are against `base`, the working directory of the processes.
 */
export function configuredPaths(
  config: Config,
  service: "compute" | "metadata",
  base: string,
): NeededPaths {
  const read = [config.dir, ...config.files.map(dirname)];
  const write: string[] = [];
  const paste = config.get<string>("wsgi", "api_paste_config");
  if (paste.startsWith("/")) read.push(paste);
  const store = storeFile(config.get<string | null>("database", "connection"));
  if (store) write.push(dirname(absolute(store, base)));
  const keyFile = config.get<string>("identity", "signing_key_file");
  if (service === "compute" && keyFile && config.get<string[]>("identity", "users").length > 0) {
    write.push(dirname(absolute(keyFile, base)));
  }
  // Read at start-up, relative to the working directory as Nova opens it.
  const vendorFile = config.get<string | null>("api", "vendordata_jsonfile_path");
  if (service === "metadata" && vendorFile) read.push(vendorFile);
  const net: string[] = [];
  if (service === "metadata") {
    // It listens where it is told and reaches out only to its DynamicJSON targets and a remote
    // store: its permission set names loopback alone.
    const host = config.get<string>("DEFAULT", "metadata_listen");
    const port = config.get<number>("DEFAULT", "metadata_listen_port");
    net.push(`${host.includes(":") ? `[${host}]` : host}:${port}`);
    for (const target of config.get<string[]>("api", "vendordata_dynamic_targets")) {
      const url = urlHost(target.slice(target.indexOf("@") + 1));
      if (url) net.push(url);
    }
    const connection = config.get<string | null>("database", "connection") ?? "";
    if (/^https?:\/\//.test(connection)) net.push(urlHost(connection)!);
  }
  return {
    read: [...read, ...write].map((p) => absolute(p, base)),
    write: write.map((p) => absolute(p, base)),
    ...(net.length ? { net } : {}),
  };
}
