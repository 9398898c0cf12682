/**
 * `[mks]` options (Nova's `nova/conf/mks.py`): VMware's WebMKS consoles, off by default.
 *
 * @module
 */
import type { OptionGroup } from "../option.ts";
import { boolean, uri } from "../types.ts";

/** `[mks]` options, with Nova's defaults. */
export const mksGroup: OptionGroup = {
  name: "mks",
  options: [
    {
      name: "mksproxy_base_url",
      type: uri(),
      default: "http://127.0.0.1:6090/",
      help: "The public base of the MKS proxy; URLs add `?token=\u2026`.",
    },
    {
      name: "enabled",
      type: boolean(),
      default: false,
      help: "Allow WebMKS consoles (2.8 `mks`); when off, they are refused (400).",
    },
  ],
};
