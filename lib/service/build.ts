/**
 * Build a service's application from configuration, as Nova's WSGI entry points do: resolve and
 * load the config files, find the paste file, and load the named app from it with our factories
 * (every one this port has; see `build_from.ts`).
 *
 * @module
 */
import { FACTORIES } from "./factories.ts";
import {
  type BuildOptions,
  buildServiceFrom,
  type BuiltService,
  type ServiceName,
} from "./build_from.ts";

export type { BuildOptions, BuiltService, ServiceName } from "./build_from.ts";

/** Build one service (`osapi_compute` or `metadata`) from configuration. */
export function buildService(name: ServiceName, options: BuildOptions = {}): Promise<BuiltService> {
  return buildServiceFrom(FACTORIES, name, options);
}
