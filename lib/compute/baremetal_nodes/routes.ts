/**
 * The bare-metal node proxy's write routes (Nova's `BareMetalNodeController`, up to 2.35): Nova
 * never proxied node or port writes to Ironic, so each answers 400 naming the Ironic command to
 * use instead. The reads need Ironic and are not served; past 2.35 every route is capped
 * (`../capped/routes.ts`).
 *
 * @module
 */
import type { Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";
import { PROXY_CEILING } from "../capped/routes.ts";

/** The 400 Nova gives for a write it leaves to Ironic's `command`. */
function useIronic(command: string): () => never {
  return () => {
    throw new NovaFault(
      400,
      `Command not supported. Please use Ironic command ${command} to perform this action.`,
    );
  };
}

/** The bare-metal node write rows (2.1–2.35). */
export const BAREMETAL_NODE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/os-baremetal-nodes",
    max: PROXY_CEILING,
    handler: useIronic("node-create"),
  },
  {
    method: "DELETE",
    path: "/os-baremetal-nodes/{id}",
    max: PROXY_CEILING,
    handler: useIronic("node-delete"),
  },
  {
    method: "POST",
    path: "/os-baremetal-nodes/{id}/action",
    action: "add_interface",
    max: PROXY_CEILING,
    handler: useIronic("port-create"),
  },
  {
    method: "POST",
    path: "/os-baremetal-nodes/{id}/action",
    action: "remove_interface",
    max: PROXY_CEILING,
    handler: useIronic("port-delete"),
  },
];
