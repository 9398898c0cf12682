/**
 * `[consoleauth]` options (Nova's `nova/conf/consoleauth.py`): how long a console token lasts.
 *
 * @module
 */
import type { OptionGroup } from "../option.ts";
import { boolean, integer } from "../types.ts";

/** `[consoleauth]` options, with Nova's defaults. */
export const consoleauthGroup: OptionGroup = {
  name: "consoleauth",
  options: [
    {
      name: "token_ttl",
      type: integer({ min: 0 }),
      default: 600,
      deprecatedNames: [{ group: "DEFAULT", name: "console_token_ttl" }],
      help: "Seconds a console token stays valid after it is handed out.",
    },
    {
      name: "enforce_session_timeout",
      type: boolean(),
      default: false,
      help: "Close console sessions when their token expires (kept for Nova's option set).",
    },
  ],
};
