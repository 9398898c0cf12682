/**
 * `[serial_console]` options (Nova's `nova/conf/serial_console.py`): whether guests get a serial
 * console over TCP, the ports handed out for it and the websocket proxy's public URL.
 *
 * @module
 */
import type { OptionGroup } from "../option.ts";
import { boolean, string, uri } from "../types.ts";

/** `[serial_console]` options, with Nova's defaults. */
export const serialConsoleGroup: OptionGroup = {
  name: "serial_console",
  options: [
    {
      name: "enabled",
      type: boolean(),
      default: false,
      help: "Give guests a serial console; when off, serial console requests are refused (400).",
    },
    {
      name: "port_range",
      type: string({ regex: /^\d+:\d+$/ }),
      default: "10000:20000",
      help: "The TCP ports (MIN:MAX) a compute host hands out for guests' serial consoles.",
    },
    {
      name: "base_url",
      type: uri(),
      default: "ws://127.0.0.1:6083/",
      help: "The public websocket URL of the serial console proxy; URLs add `?token=\u2026`.",
    },
    {
      name: "proxyclient_address",
      type: string(),
      default: "127.0.0.1",
      help: "The address the serial proxy connects to (the `host` of a console token).",
    },
  ],
};
