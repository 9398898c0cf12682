/**
 * Serving an entry module: under `deno serve` or Deno Deploy the runtime serves the default export;
 * run directly (`deno run compute.ts`) the module serves itself on its configured address. SIGINT
 * and SIGTERM drain in-flight requests, then the process exits 0.
 *
 * @module
 */
import type { FetchModule, Handler, ServeInfo } from "../http/types.ts";
import { environ } from "../http/environ.ts";

/** Where a directly-run service listens. */
export interface ListenAddress {
  hostname: string;
  port: number;
}

/** What {@link defineEntry} needs. */
export interface EntryOptions {
  /** Human name for log lines (`compute`, `metadata`). */
  name: string;
  /** Builds the app once; a rejection stops start-up with its message. */
  build: () => Promise<{ handler: Handler; listen: ListenAddress }>;
  /** `import.meta.main` of the entry module. */
  main: boolean;
}

/** The export of an entry module, plus a promise that settles once the app is built. */
export interface Entry extends FetchModule {
  ready: Promise<void>;
  /** Called by `deno serve` when it listens; tells the module not to serve itself. */
  onListen(addr: Deno.NetAddr): void;
}

function withPeer(handler: Handler): FetchModule["fetch"] {
  return (request: Request, info?: ServeInfo) => {
    const addr = info?.remoteAddr?.hostname;
    if (addr) environ(request).remoteAddr = addr;
    return handler(request);
  };
}

/**
 * Define an entry module's export and, when run directly, serve it.
 *
 * `deno serve` calls the export's `onListen` before the first timer fires (measured on Deno
 * 2.9.6); the module waits one timer tick and serves itself only if that did not happen. Deno
 * Deploy (`DENO_DEPLOYMENT_ID` set) always serves the export.
 */
export function defineEntry(options: EntryOptions): Entry {
  let handler: FetchModule["fetch"] | undefined;
  let servedByRuntime = false;
  const ready = options.build().then((built) => {
    handler = withPeer(built.handler);
    return built;
  });
  const entry: Entry = {
    ready: ready.then(() => {}),
    async fetch(request, info) {
      if (!handler) await ready;
      return handler!(request, info);
    },
    onListen(addr) {
      servedByRuntime = true;
      console.error(`${options.name}: listening on http://${addr.hostname}:${addr.port}/`);
    },
  };
  ready.catch((e) => {
    console.error(`${options.name}: ${e instanceof Error ? e.message : String(e)}`);
    if (options.main) Deno.exit(1);
  });
  if (options.main && !isDeploy()) {
    setTimeout(() => {
      if (servedByRuntime) return;
      ready.then((built) => serveSelf(options.name, entry, built.listen), () => {});
    }, 0);
  }
  return entry;
}

function isDeploy(): boolean {
  try {
    return Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
  } catch {
    return false;
  }
}

function serveSelf(name: string, entry: Entry, listen: ListenAddress): void {
  const server = Deno.serve({
    hostname: listen.hostname,
    port: listen.port,
    onListen(addr) {
      console.error(`${name}: listening on http://${addr.hostname}:${addr.port}/`);
    },
  }, (request, info) => entry.fetch(request, info));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.error(`${name}: draining in-flight requests`);
    server.shutdown().then(() => Deno.exit(0));
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
