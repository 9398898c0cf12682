/**
 * Serving an entry module: under `deno serve` or Deno Deploy the runtime serves the default export;
 * run directly (`deno run compute.ts`) the module serves itself on its configured address and says
 * so in one line, `compute: listening on http://127.0.0.1:8774/ (pid 4242)`, naming the address
 * it really bound and its own pid. An address it cannot bind stops it with one line
 * (`compute: cannot listen on 127.0.0.1:8774: address in use`) and exit code 1.
 *
 * The service runtime's background work (see `runtime.ts`) starts once the service is served.
 * Under `deno serve`, SIGINT and SIGTERM stop it while `deno serve` drains its server. Run
 * directly, SIGINT and SIGTERM drain in-flight requests (`Deno.serve`'s `shutdown()`), then
 * close the runtime (background work stopped, store closed); the process prints
 * `compute: stopped` and exits 0.
 *
 * @module
 */
import type { FetchModule, Handler, ServeInfo } from "../http/types.ts";
import { environ } from "../http/environ.ts";
import type { ServiceRuntime } from "./runtime.ts";
import { batchLogLines, writeLogLineNow } from "./log_lines.ts";
import { raiseMallocTrimThreshold } from "./malloc_tuning.ts";

/** Where a directly-run service listens. */
export interface ListenAddress {
  hostname: string;
  port: number;
}

/** What serving needs of a service runtime: start its background work, stop it, close it. */
export type Lifecycle = Pick<ServiceRuntime, "start" | "stop" | "close">;

/** What {@link defineEntry} needs. */
export interface EntryOptions {
  /** Human name for log lines (`compute`, `metadata`). */
  name: string;
  /**
   * Builds the app once; a rejection stops start-up with its message. The `runtime` it returns
   * is started once the app is served and, when the module serves itself, closed on shutdown.
   */
  build: () => Promise<{ handler: Handler; listen: ListenAddress; runtime?: Lifecycle }>;
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
 * `deno serve` calls the export's `onListen` as soon as the module has been evaluated, before
 * the build (which reads files and opens the store) can settle; the module serves itself once the
 * app is built, and only if that did not happen. Deno Deploy (`DENO_DEPLOYMENT_ID` set) always
 * serves the export.
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
      writeLogLineNow(listeningLine(options.name, addr));
      batchLogLines();
      ready.then((built) => {
        built.runtime?.start();
        if (built.runtime) stopOnSignals(built.runtime);
      }, () => {});
    },
  };
  ready.catch((e) => {
    writeLogLineNow(`${options.name}: ${e instanceof Error ? e.message : String(e)}`);
    if (options.main) Deno.exit(1);
  });
  if (isDeploy()) {
    ready.then((built) => built.runtime?.start(), () => {});
  } else if (options.main) {
    // No timer to wait on: the process's first setTimeout costs Deno 2.9 some 15 ms of CPU.
    ready.then((built) => {
      if (!servedByRuntime) serveSelf(options.name, entry, built.listen, built.runtime);
    }, () => {});
  }
  return entry;
}

/**
 * Under `deno serve`, which drains its server on SIGINT or SIGTERM and exits once nothing is left
 * to run: end the runtime's background work then (its tickers would keep the process alive).
 */
function stopOnSignals(runtime: Lifecycle): void {
  const stop = () => void runtime.stop();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, stop);
    } catch { /* a platform without this signal */ }
  }
}

function isDeploy(): boolean {
  try {
    return Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
  } catch {
    return false;
  }
}

/** Why `Deno.serve` could not listen, in the words of a start-up error line. */
function listenReason(e: unknown): string {
  if (e instanceof Deno.errors.AddrInUse) return "address in use";
  if (e instanceof Deno.errors.AddrNotAvailable) return "address not available";
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  return (e instanceof Error ? e.message : String(e)).replace(/ \(os error \d+\)$/, "");
}

/**
 * The one line a service prints when it cannot listen, e.g.
 * `compute: cannot listen on 127.0.0.1:8774: address in use`.
 */
export function listenErrorLine(name: string, listen: ListenAddress, error: unknown): string {
  return `${name}: cannot listen on ${hostPort(listen.hostname, listen.port)}: ${
    listenReason(error)
  }`;
}

/** `host:port`, with an IPv6 host in brackets. */
function hostPort(hostname: string, port: number): string {
  return `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}

/** The start-up line: the address really bound and the process that bound it. */
function listeningLine(name: string, addr: Deno.NetAddr): string {
  return `${name}: listening on http://${hostPort(addr.hostname, addr.port)}/ (pid ${Deno.pid})`;
}

async function serveSelf(
  name: string,
  entry: Entry,
  listen: ListenAddress,
  runtime: Lifecycle | undefined,
): Promise<void> {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: listen.hostname,
      port: listen.port,
      onListen(addr) {
        writeLogLineNow(listeningLine(name, addr));
        batchLogLines();
        raiseMallocTrimThreshold();
      },
    }, (request, info) => entry.fetch(request, info));
  } catch (e) {
    writeLogLineNow(listenErrorLine(name, listen, e));
    await runtime?.close().catch(() => {});
    Deno.exit(1);
  }
  runtime?.start();
  let stopping = false;
  const stop = async (signal: Deno.Signal) => {
    if (stopping) return;
    stopping = true;
    writeLogLineNow(`${name}: ${signal}: draining in-flight requests`);
    try {
      await server.shutdown();
      await runtime?.close();
    } catch (e) {
      writeLogLineNow(`${name}: stopping failed: ${e instanceof Error ? e.message : String(e)}`);
      Deno.exit(1);
    }
    writeLogLineNow(`${name}: stopped`);
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
}
