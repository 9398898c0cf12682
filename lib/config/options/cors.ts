/**
 * `[cors]` options (oslo.middleware's CORS filter), with the defaults Nova sets for them.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, integer, list } from "../types.ts";

/** `[cors]` options. */
export const corsGroup: OptionGroup = {
  name: "cors",
  options: [
    {
      name: "allowed_origin",
      type: list(),
      default: null,
      help: "Origins (`scheme://host[:port]`) allowed to share the API's resources.",
    },
    {
      name: "allow_credentials",
      type: boolean(),
      default: true,
      help: "Whether cross-origin requests may carry user credentials.",
    },
    {
      name: "expose_headers",
      type: list(),
      default: [
        "X-Auth-Token",
        "X-Openstack-Request-Id",
        "X-Subject-Token",
        "X-Service-Token",
        "X-OpenStack-Nova-API-Version",
        "OpenStack-API-Version",
      ],
      help: "Response headers that cross-origin scripts may read.",
    },
    {
      name: "max_age",
      type: integer(),
      default: 3600,
      help: "Seconds a preflight response may be cached.",
    },
    {
      name: "allow_methods",
      type: list(),
      default: ["GET", "PUT", "POST", "DELETE", "PATCH"],
      help: "Methods cross-origin requests may use.",
    },
    {
      name: "allow_headers",
      type: list(),
      default: [
        "X-Auth-Token",
        "X-Openstack-Request-Id",
        "X-Identity-Status",
        "X-Roles",
        "X-Service-Catalog",
        "X-User-Id",
        "X-Tenant-Id",
        "X-OpenStack-Nova-API-Version",
        "OpenStack-API-Version",
      ],
      help: "Request headers cross-origin requests may send.",
    },
  ],
};
