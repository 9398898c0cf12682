/**
 * Support for the emulator API tests: a compute harness with `[emulator] enabled = true`, the
 * classic flavors and instant builds, and small readers of a server's states.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Harness, startCompute } from "../../support/compute.ts";
import { INSTANT } from "../servers/_support.ts";

export { createServer, serverBody } from "../servers/_support.ts";

/** A router-form harness with the emulator on; `config` adds to instant builds and deletes. */
export function startEmulator(
  config: Record<string, Record<string, unknown>> = {},
): Promise<Harness> {
  return startCompute({
    seedFlavors: true,
    config: { ...INSTANT, ...config, emulator: { enabled: true } },
  });
}

/** A server as an admin sees it at 2.73 (the fault's details included). */
// deno-lint-ignore no-explicit-any
export async function show(h: Harness, id: string): Promise<any> {
  const res = await h.json(`/servers/${id}`, { as: "admin", version: "2.73" });
  assert.equal(res.status, 200, res.text);
  return res.body.server;
}

/** status, vm_state, task_state, power_state. */
export function states(server: Record<string, unknown>): unknown[] {
  return [
    server.status,
    server["OS-EXT-STS:vm_state"],
    server["OS-EXT-STS:task_state"],
    server["OS-EXT-STS:power_state"],
  ];
}

/** The newest instance action of a server with its events (as an admin sees it at 2.84). */
// deno-lint-ignore no-explicit-any
export async function latestAction(h: Harness, id: string): Promise<any> {
  const list = await h.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
  assert.equal(list.status, 200, list.text);
  const requestId = list.body.instanceActions[0].request_id;
  const res = await h.json(`/servers/${id}/os-instance-actions/${requestId}`, {
    as: "admin",
    version: "2.84",
  });
  assert.equal(res.status, 200, res.text);
  return res.body.instanceAction;
}
