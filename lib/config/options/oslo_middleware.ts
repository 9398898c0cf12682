/**
 * `[oslo_middleware]` options (oslo.middleware's request size limit, proxy header parsing and
 * HTTP basic auth).
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, integer, string } from "../types.ts";

/** `[oslo_middleware]` options. */
export const osloMiddlewareGroup: OptionGroup = {
  name: "oslo_middleware",
  options: [
    {
      name: "max_request_body_size",
      type: integer(),
      default: 114688,
      deprecatedNames: [
        { group: "DEFAULT", name: "osapi_max_request_body_size" },
        { group: "DEFAULT", name: "max_request_body_size" },
      ],
      help: "The largest request body accepted, in bytes.",
    },
    {
      name: "enable_proxy_headers_parsing",
      type: boolean(),
      default: false,
      help: "Trust X-Forwarded-Proto and similar headers set by a proxy in front of the API.",
    },
    {
      name: "http_basic_auth_user_file",
      type: string(),
      default: "/etc/htpasswd",
      help: "The htpasswd file for HTTP basic authentication.",
    },
  ],
};
