/**
 * `[profiler]` options (osprofiler). osprofiler registers them in the `profiler` group; the port
 * accepts them so that existing files load, and does not profile.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, string } from "../types.ts";

/** `[profiler]` options. */
export const profilerGroup: OptionGroup = {
  name: "profiler",
  options: [
    {
      name: "enabled",
      type: boolean(),
      default: false,
      deprecatedNames: [{ name: "profiler_enabled" }],
      help: "Enable request profiling.",
    },
    {
      name: "trace_sqlalchemy",
      type: boolean(),
      default: false,
      help: "Also trace database queries.",
    },
    {
      name: "hmac_keys",
      type: string(),
      default: "SECRET_KEY",
      secret: true,
      help: "Comma-separated keys that sign profiling requests.",
    },
    {
      name: "connection_string",
      type: string(),
      default: "messaging://",
      help: "Where profiling traces are sent.",
    },
  ],
};
