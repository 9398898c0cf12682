/**
 * The options this port knows, one file per group under `options/`, and the shared registry they
 * are registered in. To add a group, write `options/<group>.ts` exporting an {@link OptionGroup},
 * list it in {@link NOVA_OPTION_GROUPS}, or call {@link registerOptions} from the module that
 * needs it.
 *
 * @module
 */

import type { OptionGroup, OptionSpec } from "./option.ts";
import { OptionRegistry } from "./registry.ts";
import { apiGroup } from "./options/api.ts";
import { corsGroup } from "./options/cors.ts";
import { databaseGroup } from "./options/database.ts";
import { defaultGroup } from "./options/default.ts";
import { denoGroup } from "./options/deno.ts";
import { emulatorGroup } from "./options/emulator.ts";
import { healthcheckGroup } from "./options/healthcheck.ts";
import { identityGroup } from "./options/identity.ts";
import { imagesGroup } from "./options/images.ts";
import { keystoneAuthtokenGroup } from "./options/keystone_authtoken.ts";
import { networksGroup } from "./options/networks.ts";
import { neutronGroup } from "./options/neutron.ts";
import { osloMiddlewareGroup } from "./options/oslo_middleware.ts";
import { osloPolicyGroup } from "./options/oslo_policy.ts";
import { profilerGroup } from "./options/osprofiler.ts";
import { quotaGroup } from "./options/quota.ts";
import { wsgiGroup } from "./options/wsgi.ts";
import { allocationRatioGroup, virtGroup } from "./options/virt.ts";
import { vncGroup } from "./options/vnc.ts";
import { spiceGroup } from "./options/spice.ts";
import { serialConsoleGroup } from "./options/serial_console.ts";
import { mksGroup } from "./options/mks.ts";
import { consoleauthGroup } from "./options/consoleauth.ts";
import { consoleUiGroup } from "./options/console_ui.ts";

export {
  allocationRatioGroup,
  apiGroup,
  corsGroup,
  databaseGroup,
  defaultGroup,
  denoGroup,
  emulatorGroup,
  healthcheckGroup,
  identityGroup,
  imagesGroup,
  keystoneAuthtokenGroup,
  networksGroup,
  neutronGroup,
  osloMiddlewareGroup,
  osloPolicyGroup,
  profilerGroup,
  quotaGroup,
  virtGroup,
  wsgiGroup,
};
export { consoleauthGroup, mksGroup, serialConsoleGroup, spiceGroup, vncGroup };
export { consoleUiGroup };

/** Every built-in option group, in the order they are registered. */
export const NOVA_OPTION_GROUPS: readonly OptionGroup[] = [
  defaultGroup,
  wsgiGroup,
  apiGroup,
  osloMiddlewareGroup,
  healthcheckGroup,
  corsGroup,
  databaseGroup,
  quotaGroup,
  osloPolicyGroup,
  neutronGroup,
  keystoneAuthtokenGroup,
  profilerGroup,
  denoGroup,
  identityGroup,
  virtGroup,
  allocationRatioGroup,
  imagesGroup,
  networksGroup,
  emulatorGroup,
  vncGroup,
  spiceGroup,
  serialConsoleGroup,
  mksGroup,
  consoleauthGroup,
  consoleUiGroup,
];

/** The shared registry holding the built-in groups; `loadConfig` uses it unless told otherwise. */
export const novaOptions: OptionRegistry = new OptionRegistry().registerGroups(NOVA_OPTION_GROUPS);

/**
 * Registers options in a group of the shared registry (or of `registry`), so that later loads
 * type and validate them.
 *
 * @example
 * ```ts
 * registerOptions("metadata_extra", [
 *   { name: "greeting", type: string(), default: "hello", help: "What to say." },
 * ]);
 * ```
 */
export function registerOptions(
  group: string,
  options: readonly OptionSpec[],
  registry: OptionRegistry = novaOptions,
): OptionRegistry {
  return registry.register(group, options);
}
