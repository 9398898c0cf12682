/**
 * `[console_ui]` options: the web console this port serves at `/console` (its own paste app),
 * which no Nova has. Off unless `enabled = true`; when off the mount answers 404.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, string } from "../types.ts";

/** `[console_ui]` options. */
export const consoleUiGroup: OptionGroup = {
  name: "console_ui",
  options: [
    {
      name: "enabled",
      type: boolean(),
      default: false,
      help: "Serve the web console (log-in, servers, hosts) under /console. It talks to the " +
        "compute API with the user's own token, so policy applies as to any client.",
    },
    {
      name: "auth_url",
      type: string(),
      default: null,
      help: "The Keystone v3 URL the console logs in against. Unset: the embedded identity " +
        "(/identity/v3 of this process) when [identity] users are set, otherwise " +
        "[keystone_authtoken] www_authenticate_uri.",
    },
  ],
};
