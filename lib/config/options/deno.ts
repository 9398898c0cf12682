/**
 * `[deno]` options: settings of this port that Nova has no equivalent for.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, float, string } from "../types.ts";

/** `[deno]` options. */
export const denoGroup: OptionGroup = {
  name: "deno",
  options: [
    {
      name: "seed_flavors",
      type: boolean(),
      default: false,
      help: "Create the classic m1.* flavors when the store has no flavors.",
    },
    {
      name: "fake_boot_seconds",
      type: float({ min: 0 }),
      default: 1.0,
      help: "Seconds a fake server spends building before it becomes ACTIVE.",
    },
    {
      name: "state_dir",
      type: string(),
      default: "",
      help: "Where the port keeps its state (empty: the store decides).",
    },
    {
      name: "log_format",
      type: string({ choices: ["text", "json"] }),
      default: "text",
      help: "Request log lines: text (Nova's access line) or json (one JSON object per request, " +
        "with request id, method, path, status, microversion, duration, remote address, " +
        "project and user ids).",
    },
  ],
};
