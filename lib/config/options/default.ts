/**
 * Options of the `[DEFAULT]` section that the API services read (from Nova's `netconf`, `paths`,
 * `service` and `availability_zone` modules, oslo.log and oslo.messaging).
 *
 * @module
 */

import type { DefaultContext, OptionGroup } from "../option.ts";
import { boolean, hostDomain, integer, port, string } from "../types.ts";

/**
 * The host name default: `$HOSTNAME` from the environment, else the system's host name when
 * the process may ask for it, else `localhost`.
 */
export function defaultHostname(ctx: DefaultContext): string {
  const fromEnv = ctx.env.HOSTNAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    return Deno.hostname();
  } catch {
    return "localhost";
  }
}

/** `[DEFAULT]` options. */
export const defaultGroup: OptionGroup = {
  name: "DEFAULT",
  options: [
    {
      name: "debug",
      type: boolean(),
      default: false,
      help: "Log at debug level instead of the default info level.",
    },
    {
      name: "host",
      type: hostDomain(),
      default: defaultHostname,
      help: "The name of this host: a host name, FQDN or IP address (Nova uses the system's).",
    },
    {
      name: "my_ip",
      type: string(),
      default: "127.0.0.1",
      help: "The IP address of this host (Nova guesses one; this port defaults to loopback).",
    },
    {
      name: "pybasedir",
      type: string(),
      default: ".",
      help: "The directory Nova is installed in; here, the working directory.",
    },
    {
      name: "state_path",
      type: string(),
      default: "$pybasedir",
      help: "The top-level directory for keeping state.",
    },
    {
      name: "osapi_compute_listen",
      type: string(),
      default: "0.0.0.0",
      help: "The address the compute API listens on.",
    },
    {
      name: "osapi_compute_listen_port",
      type: port(),
      default: 8774,
      help: "The port the compute API listens on.",
    },
    {
      name: "osapi_compute_workers",
      type: integer({ min: 1 }),
      default: null,
      help: "How many worker processes serve the compute API (unset: one per CPU).",
    },
    {
      name: "metadata_listen",
      type: string(),
      default: "0.0.0.0",
      help: "The address the metadata API listens on.",
    },
    {
      name: "metadata_listen_port",
      type: port(),
      default: 8775,
      help: "The port the metadata API listens on.",
    },
    {
      name: "metadata_workers",
      type: integer({ min: 1 }),
      default: null,
      help: "How many worker processes serve the metadata API (unset: one per CPU).",
    },
    {
      name: "transport_url",
      type: string(),
      default: null,
      secret: true,
      help: "The message bus URL. Accepted for compatibility; this port has no message bus.",
    },
    {
      name: "default_availability_zone",
      type: string(),
      default: "nova",
      help: "The availability zone compute services are placed in unless told otherwise.",
    },
    {
      name: "internal_service_availability_zone",
      type: string(),
      default: "internal",
      help: "The availability zone shown for services other than nova-compute.",
    },
    {
      name: "instance_name_template",
      type: string(),
      default: "instance-%08x",
      help: "A printf-style template for instance names, filled with the instance's numeric id.",
    },
    {
      name: "reclaim_instance_interval",
      type: integer(),
      default: 0,
      help: "Seconds a deleted server stays soft-deleted (restorable) before it is reclaimed; " +
        "0 or less deletes at once.",
    },
    {
      name: "shelved_offload_time",
      type: integer({ min: -1 }),
      default: 0,
      help: "Seconds a shelved server keeps its host before it is offloaded; 0 offloads at " +
        "once, -1 never.",
    },
    {
      name: "allow_resize_to_same_host",
      type: boolean(),
      default: false,
      help: "Whether a resize may choose the server's current host (a cold migration never does).",
    },
    {
      name: "resize_confirm_window",
      type: integer({ min: 0 }),
      default: 0,
      help: "Seconds after which a resized server waiting for confirmation is confirmed on its " +
        "own; 0 never.",
    },
    {
      name: "instance_usage_audit_period",
      type: string({ regex: /^(hour|month|day|year)(@([0-9]+))?$/ }),
      default: "month",
      help: "The period instance usage audits cover (`hour`, `day`, `month` or `year`, with an " +
        "optional `@offset`, e.g. `month@15`); os-instance_usage_audit_log reports on it.",
    },
  ],
};
