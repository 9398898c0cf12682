/**
 * `[neutron]` options this port reads: the metadata proxy settings.
 *
 * @module
 */

import type { OptionGroup } from "../option.ts";
import { boolean, string } from "../types.ts";

/** `[neutron]` options. */
export const neutronGroup: OptionGroup = {
  name: "neutron",
  options: [
    {
      name: "service_metadata_proxy",
      type: boolean(),
      default: false,
      help: "Metadata requests arrive through Neutron's proxy, signed with the shared secret.",
    },
    {
      name: "metadata_proxy_shared_secret",
      type: string(),
      default: "",
      secret: true,
      help: "The secret the metadata proxy signs instance ids with.",
    },
  ],
};
