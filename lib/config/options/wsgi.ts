/**
 * `[wsgi]` options (Nova's `nova/conf/wsgi.py`).
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { string } from "../types.ts";

/** `[wsgi]` options. */
export const wsgiGroup: OptionGroup = {
  name: "wsgi",
  options: [
    {
      name: "api_paste_config",
      type: string(),
      default: "api-paste.ini",
      deprecatedNames: [{ group: "DEFAULT" }],
      help: "The paste.deploy file describing the API pipelines.",
    },
    {
      name: "secure_proxy_ssl_header",
      type: string(),
      default: null,
      deprecatedNames: [{ group: "DEFAULT" }],
      deprecatedForRemoval: true,
      help: "A header (WSGI form, e.g. HTTP_X_FORWARDED_PROTO) giving the original URL scheme.",
    },
  ],
};
