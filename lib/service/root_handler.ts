/**
 * The whole paste app each service runtime serves, so an app inside it (the web console) can ask
 * the others in-process, through the same pipeline a client's request takes.
 *
 * @module
 */
import type { Handler } from "../http/types.ts";
import type { ServiceRuntime } from "./runtime.ts";

const rootHandlers = new WeakMap<ServiceRuntime, Handler>();

/** Record the app `runtime` serves (the service builder calls this once it is loaded). */
export function setRootHandler(runtime: ServiceRuntime, handler: Handler): void {
  rootHandlers.set(runtime, handler);
}

/** The app `runtime` serves, once the service builder has recorded it. */
export function rootHandlerOf(runtime: ServiceRuntime): Handler | undefined {
  return rootHandlers.get(runtime);
}
