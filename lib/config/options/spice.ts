/**
 * `[spice]` options (Nova's `nova/conf/spice.py`): whether guests get a SPICE console and where
 * its HTML5 and direct proxies are reached.
 *
 * @module
 */
import type { OptionGroup } from "../option.ts";
import { boolean, string, uri } from "../types.ts";

/** `[spice]` options, with Nova's defaults. */
export const spiceGroup: OptionGroup = {
  name: "spice",
  options: [
    {
      name: "enabled",
      type: boolean(),
      default: false,
      help: "Give guests a SPICE console; when off, SPICE console requests are refused (400).",
    },
    {
      name: "html5proxy_base_url",
      type: uri(),
      default: "http://127.0.0.1:6082/spice_auto.html",
      help: "The public SPICE HTML5 page; console URLs add `?token=\u2026`.",
    },
    {
      name: "spice_direct_proxy_base_url",
      type: uri(),
      default: "http://127.0.0.1:13002/nova",
      help: "The public base of the spice-direct proxy (2.99 consoles); URLs add `?token=\u2026`.",
    },
    {
      name: "server_listen",
      type: string(),
      default: "127.0.0.1",
      help: "The address a guest's SPICE server listens on, on its compute host.",
    },
    {
      name: "server_proxyclient_address",
      type: string(),
      default: "127.0.0.1",
      help: "The address the console proxy connects to (the `host` of a console token).",
    },
  ],
};
