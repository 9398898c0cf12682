/**
 * This port's own policy rule (no Nova has it): the emulator controls of the simulated hypervisor
 * (`/os-emulator`), for cloud administrators only.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { ADMIN } from "./base.ts";

/** The rule of every `/os-emulator` route. */
export const EMULATOR_RULE = "os_compute_api:os-emulator";

/** Default rules of the emulator controls. */
export const emulatorRules: readonly RuleDefault[] = [
  {
    name: EMULATOR_RULE,
    checkStr: ADMIN,
    description: "Control the simulated hypervisor: inject faults, set step delays, advance " +
      "the clock (only served with [emulator] enabled = true).",
    scopeTypes: ["project"],
    operations: [
      { method: "GET", path: "/os-emulator/faults" },
      { method: "POST", path: "/os-emulator/faults" },
      { method: "DELETE", path: "/os-emulator/faults/{fault_id}" },
      { method: "GET", path: "/os-emulator/settings" },
      { method: "PUT", path: "/os-emulator/settings" },
      { method: "POST", path: "/os-emulator/clock" },
    ],
  },
];
