/**
 * `[vnc]` options (Nova's `nova/conf/vnc.py`): whether guests get a VNC console and where the
 * noVNC proxy that serves it is reached.
 *
 * @module
 */
import type { OptionGroup } from "../option.ts";
import { boolean, hostAddress, uri } from "../types.ts";

/** `[vnc]` options, with Nova's defaults. */
export const vncGroup: OptionGroup = {
  name: "vnc",
  options: [
    {
      name: "enabled",
      type: boolean(),
      default: true,
      deprecatedNames: [{ group: "DEFAULT", name: "vnc_enabled" }],
      help: "Give guests a VNC console; when off, VNC console requests are refused (400).",
    },
    {
      name: "server_listen",
      type: hostAddress(),
      default: "127.0.0.1",
      help: "The address a guest's VNC server listens on, on its compute host.",
    },
    {
      name: "server_proxyclient_address",
      type: hostAddress(),
      default: "127.0.0.1",
      help: "The address the console proxy connects to (the `host` of a console token).",
    },
    {
      name: "novncproxy_base_url",
      type: uri(),
      default: "http://127.0.0.1:6080/vnc_auto.html",
      deprecatedNames: [{ group: "DEFAULT" }],
      help: "The public noVNC page; console URLs add the token to its `path` query parameter.",
    },
  ],
};
