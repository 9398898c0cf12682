/**
 * `[emulator]` options: the test controls of the simulated hypervisor (`/v2.1/os-emulator`),
 * which no Nova has. Off unless `enabled = true`; when off the routes do not exist (404).
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean } from "../types.ts";

/** `[emulator]` options. */
export const emulatorGroup: OptionGroup = {
  name: "emulator",
  options: [
    {
      name: "enabled",
      type: boolean(),
      default: false,
      help: "Serve the admin-only emulator controls under /v2.1/os-emulator (fault injection, " +
        "step delays, advancing the simulated clock). For test clouds only.",
    },
  ],
};
