/**
 * A port deleted in Neutron while a server has it (Neutron allows it; Nova hears of it through a
 * `network-vif-deleted` event and drops the interface from the instance): the port, its
 * addresses and the server's copy go in one atomic change.
 *
 * @module
 */
import { PortNotFound } from "../networks/errors.ts";
import { readInstance, updateInstance } from "../store/instances.ts";
import { readPort, stagePortRemoval } from "../store/ports.ts";
import { transact } from "../store/transaction.ts";

/**
 * Delete port `portId` and drop it from the server it is bound to, if any. `visible` says
 * whether the caller may see the port; {@link PortNotFound} when it may not or there is none.
 *
 * @example
 * ```ts
 * await deletePortEverywhere(kv, portId, (p) => p.project_id === callerProject);
 * ```
 */
export async function deletePortEverywhere(
  kv: Deno.Kv,
  portId: string,
  visible: (port: { project_id: string }) => boolean,
): Promise<void> {
  await transact(kv, async (tx) => {
    const port = await readPort(tx, portId);
    if (!port || !visible(port)) throw new PortNotFound(portId);
    if (port.device_id) {
      const instance = await readInstance(tx, port.device_id);
      if (instance && instance.ports.some((p) => p.id === portId)) {
        updateInstance(tx, instance, {
          ...instance,
          ports: instance.ports.filter((p) => p.id !== portId),
        });
      }
    }
    stagePortRemoval(tx, port);
  });
}
