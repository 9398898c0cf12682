/**
 * Handlers and middleware whose code loads on first use. A paste factory validates its configuration at start-up
 * (a bad option still stops the process) but leaves the large part, the module graph of an API's
 * routes and views, to a dynamic `import()` made when the first request reaches it, so the
 * process answers its first request (`GET /`) without loading every API it serves.
 *
 * Once the service listens, {@link lazyHandler} also loads the code in the background a second
 * later (a background task of the runtime, out of the way of the first answers), so later first
 * requests seldom wait for it.
 *
 * @example
 * ```ts
 * const app = lazyHandler(runtime, "image API", async () => {
 *   const { glanceApp } = await import("../glance/app.ts");
 *   return glanceApp(catalog);
 * });
 * ```
 *
 * @module
 */
import type { Handler, Middleware } from "../http/types.ts";
import { pause } from "./background.ts";

/** What {@link lazyHandler} needs of the service runtime: registering background work. */
export interface LazyHost {
  background(name: string, task: (signal: AbortSignal) => Promise<void> | void): void;
}

/** How long after the service starts the background loading waits, in milliseconds. */
export const PRELOAD_DELAY_MS = 1000;

/**
 * A value made once by `load`: on the first call of `get`, or in the background once the host
 * starts ({@link PRELOAD_DELAY_MS} later). `now` is the value once made.
 */
function loadOnce<T>(
  host: LazyHost | undefined,
  name: string,
  load: () => Promise<T>,
): { get: () => Promise<T>; now: () => T | undefined } {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  const get = () =>
    loading ??= load().then((value) => {
      loaded = value;
      return value;
    });
  if (host) preloadLater(host, name, get);
  return { get, now: () => loaded };
}

/**
 * Have `host` call `get` in the background, {@link PRELOAD_DELAY_MS} after it starts (a failure
 * is left for a request to meet): for code a service imports on first use.
 *
 * @example
 * ```ts
 * preloadLater(runtime, "metadata reads", () => import("../metadata/store_reads.ts"));
 * ```
 */
export function preloadLater(host: LazyHost, name: string, get: () => Promise<unknown>): void {
  host.background(`load ${name}`, (signal) => preload(signal, get));
}

/** A handler that calls `load` once, on its first request or in the background, then delegates. */
export function lazyHandler(
  host: LazyHost | undefined,
  name: string,
  load: () => Promise<Handler>,
): Handler {
  const { get, now } = loadOnce(host, name, load);
  return (request) => now()?.(request) ?? get().then((handler) => handler(request));
}

/**
 * A middleware that calls `load` once, on its first request or in the background, then
 * delegates: a filter whose options are checked at start-up and whose code loads later.
 */
export function lazyMiddleware(
  host: LazyHost | undefined,
  name: string,
  load: () => Promise<Middleware>,
): Middleware {
  const { get, now } = loadOnce(host, name, load);
  return (request, next) =>
    now()?.(request, next) ?? get().then((middleware) => middleware(request, next));
}

/**
 * Wait {@link PRELOAD_DELAY_MS} (or until aborted; `pause` uses no `setTimeout`), then load; a
 * failure waits for a request.
 */
async function preload(signal: AbortSignal, get: () => Promise<unknown>): Promise<void> {
  await pause(PRELOAD_DELAY_MS, signal);
  if (!signal.aborted) await get().catch(() => {});
}
