/**
 * The bare-metal node proxy (Nova's `BareMetalNodeController`, up to 2.35; past it every route is
 * capped, `../capped/routes.ts`).
 *
 * - The writes: Nova never proxied node or port writes to Ironic, so each answers 400 naming the
 *   Ironic command to use instead.
 * - The reads (list, show): after their admin-only policy, Nova opens its Ironic connection
 *   (`utils.get_sdk_adapter("baremetal", check_service=True)`). This deployment has no Ironic, and
 *   a Nova without one has no `[ironic]` credentials, so keystoneauth cannot even look for the
 *   endpoint: it raises `MissingAuthPlugin`, which no handler expects, and Nova's API wrapper
 *   answers 500 "Unexpected API Error" naming that class (see {@link IronicUnavailable}).
 *
 * @module
 */
import type { Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";
import { PROXY_CEILING } from "../capped/routes.ts";

/** The class keystoneauth raises when Nova's `[ironic]` group names no credentials. */
export const IRONIC_ERROR_CLASS = "keystoneauth1.exceptions.auth_plugins.MissingAuthPlugin";

/**
 * What opening the Ironic connection throws here. Not a {@link NovaFault}: faultwrap renders it
 * as Nova renders an unexpected exception, `Unexpected API Error. <support>\n<class '...'>`, with
 * its class printed as Python prints keystoneauth's ({@link IRONIC_ERROR_CLASS}).
 */
export class IronicUnavailable extends Error {
  constructor() {
    super("An auth plugin is required to determine endpoint URL");
  }
}
Object.defineProperty(IronicUnavailable, "name", { value: IRONIC_ERROR_CLASS });

function ironicConnection(): never {
  throw new IronicUnavailable();
}

const P = (name: string) => `os_compute_api:os-baremetal-nodes:${name}`;

/** The 400 Nova gives for a write it leaves to Ironic's `command`. */
function useIronic(command: string): () => never {
  return () => {
    throw new NovaFault(
      400,
      `Command not supported. Please use Ironic command ${command} to perform this action.`,
    );
  };
}

/** The bare-metal node rows (2.1-2.35). */
export const BAREMETAL_NODE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-baremetal-nodes",
    max: PROXY_CEILING,
    policy: { rule: P("list"), target: () => ({}) },
    handler: ironicConnection,
  },
  {
    method: "GET",
    path: "/os-baremetal-nodes/{id}",
    max: PROXY_CEILING,
    policy: { rule: P("show"), target: () => ({}) },
    handler: ironicConnection,
  },
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
