/**
 * Ports a user makes through the Neutron subset (`POST /v2.0/ports`), to hand to a server later
 * (an interface attach by `port_id`): unbound (no device), with a fixed IP of the network's
 * subnet and marked `preserve_on_delete`, so that a detach or the server's delete unbinds it
 * instead of deleting it.
 *
 * @module
 */
import { stagePortRebind } from "../store/ports.ts";
import { transact } from "../store/transaction.ts";
import { allocatePort } from "./ports.ts";
import type { Network, Port } from "./types.ts";

/** What a new user port asks for. */
export interface UserPortRequest {
  /** The owner. */
  projectId: string;
  /** A specific address of the network's subnet. */
  fixedIp?: string;
  name?: string;
}

/**
 * Make an unbound port on `network` and return it. Throws what {@link allocatePort} throws
 * (`NetworkRequiresSubnet`, `InvalidFixedIp`, `FixedIpAlreadyInUse`, `NoMoreFixedIps`).
 *
 * @example
 * ```ts
 * const port = await createUserPort(kv, network, { projectId: "p1", name: "spare" });
 * port.device_id; // ""
 * ```
 */
export async function createUserPort(
  kv: Deno.Kv,
  network: Network,
  request: UserPortRequest,
): Promise<Port> {
  return await transact(kv, async (tx) => {
    const staged = await allocatePort(tx, network, {
      deviceId: "",
      projectId: request.projectId,
      fixedIp: request.fixedIp,
      availabilityZone: "",
    });
    const port: Port = {
      ...staged,
      device_owner: "",
      preserve_on_delete: true,
      name: request.name ?? "",
    };
    stagePortRebind(tx, staged, port);
    return port;
  });
}
