/**
 * Build a service's application from configuration, as Nova's WSGI entry points do: resolve and
 * load the config files, find the paste file, and load the named app from it with our factories
 * (every one this port has; see `build_from.ts`).
 *
 * @module
 */
import { FACTORIES } from "./factories.ts";
import { checkCodeReadable } from "./code_access.ts";
import {
  type BuildOptions,
  buildServiceFrom,
  type BuiltService,
  type ServiceName,
} from "./build_from.ts";

export type { BuildOptions, BuiltService, ServiceName } from "./build_from.ts";

/**
 * Build one service (`osapi_compute` or `metadata`) from configuration. Its apps load their code
 * on first use, so a process that may not read its own code directory is refused here.
 */
export async function buildService(
  name: ServiceName,
  options: BuildOptions = {},
): Promise<BuiltService> {
  checkCodeReadable();
  return await buildServiceFrom(FACTORIES, name, options);
}
