/**
 * The library surface of nova-deno: build the compute or metadata application from Nova-style
 * configuration, or assemble the pieces yourself.
 *
 * @example
 * ```ts
 * import { buildService } from "./mod.ts";
 * const { handler } = await buildService("osapi_compute", { env: { OS_NOVA_CONFIG_DIR: "./etc/nova" } });
 * Deno.serve(handler);
 * ```
 *
 * @module
 */
export { buildService } from "./lib/service/build.ts";
export type { BuildOptions, BuiltService, ServiceName } from "./lib/service/build.ts";
export { FACTORIES } from "./lib/service/factories.ts";
export { defineEntry } from "./lib/service/serve.ts";
export { ConfigError, configFromValues, loadConfig, resolveConfigFiles } from "./lib/config/mod.ts";
export type { Config } from "./lib/config/mod.ts";
export { loadPasteApp, PasteError } from "./lib/paste/mod.ts";
export { compose } from "./lib/http/compose.ts";
export { faultResponse, NovaFault } from "./lib/http/fault.ts";
export type { FetchModule, Handler, Middleware, ServeInfo } from "./lib/http/types.ts";
export { createRouter } from "./lib/compute/router.ts";
export type { ApiRequest, Route, RouteEntry, RouteFamily } from "./lib/compute/router.ts";
export { allRoutes } from "./lib/compute/route.ts";
export { ApiVersion, MAX_API_VERSION, MIN_API_VERSION } from "./lib/compute/api_version.ts";
export { COMPUTE_ROUTES } from "./lib/compute/routes.ts";
export { createEnforcer, Enforcer } from "./lib/policy/mod.ts";
export type { RequestContext } from "./lib/context/context.ts";
