/**
 * The start-up check of the compute API's options.
 *
 * @module
 */
import type { OptionReader } from "./runtime.ts";
import { imageCatalog } from "../images/catalog.ts";
import { instanceSettings } from "../instances/settings.ts";
import { networkCatalog } from "../networks/catalog.ts";

/**
 * Read every option the compute runtime (`runtime_factory.ts`) reads (a bad value throws its
 * `ConfigError`) and keep nothing: start-up calls this so bad configuration stops it, while the
 * runtime itself (and the instance domain, quota engine and policy engine it needs) is built when
 * the compute API is first used.
 */
export function checkComputeOptions(config: OptionReader): void {
  imageCatalog(config);
  networkCatalog(config);
  instanceSettings(config);
}
