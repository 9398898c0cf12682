/**
 * `[database]` options (oslo.db), of which this port reads only the connection URL.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { string } from "../types.ts";

/** `[database]` options. */
export const databaseGroup: OptionGroup = {
  name: "database",
  options: [
    {
      name: "connection",
      type: string(),
      default: null,
      secret: true,
      help: "The URL of the main database.",
    },
  ],
};
