/**
 * `/os-emulator` (this port's own API, no Nova has it): admin-only controls of the simulated
 * hypervisor for test authors. Served only with `[emulator] enabled = true`; otherwise its paths
 * are unknown routes (404), as in Nova. Every row checks `os_compute_api:os-emulator` (default:
 * admins only) after its body schema.
 *
 * - `GET|POST /os-emulator/faults`, `GET|DELETE /os-emulator/faults/{fault_id}`: armed faults;
 *   the next `count` starts of `action` (on `server_id`, or any server) fail in `mode` `error`
 *   (ERROR with an instance fault) or `rollback` (back to the states before).
 * - `GET|PUT /os-emulator/settings`, `GET|PUT /os-emulator/servers/{server_id}/settings`: step
 *   delays (`boot_seconds`, `delete_seconds`, `action_seconds`) over the configured ones.
 * - `POST /os-emulator/clock {"advance": seconds, "server_id"?}`: pending steps come due sooner.
 * - `POST /os-emulator/hosts/{host}/restart`: the host's compute service restarts (its `done`
 *   evacuations become `completed`, so `os-services` may force it up again); 404 for an unknown
 *   host.
 * - `POST /os-emulator/reset {"reset": {}}`: the cloud goes back to the quick-start seed (what an
 *   empty store gets on first start); 202 `{"reset": {"epoch": N}}` once every process's next
 *   write (and, within a second, every read) sees the seed, while the old state is deleted in the
 *   background; 409 while another reset runs.
 *
 * The domain is `lib/instances/emulator.ts` (the reset: `emulator_reset.ts`).
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import type { OptionReader } from "../runtime.ts";
import { empty, json } from "../../http/respond.ts";
import {
  advanceClock,
  armFault,
  disarmFault,
  type EmulatorFault,
  EmulatorFaultNotFound,
  type EmulatorSettings,
  getEmulatorDelays,
  getServerEmulatorDelays,
  listFaults,
  resetCloud,
  setEmulatorDelays,
  setServerEmulatorDelays,
} from "../../instances/mod.ts";
import { EMULATOR_RULE } from "../../policy/defaults/mod.ts";
import { ADVANCE_CLOCK, CREATE_FAULT, RESET, UPDATE_SETTINGS } from "./schemas.ts";
import { restartCompute } from "../../virt/compute_restart.ts";
import { NovaFault } from "../../http/fault.ts";

/** Whether `[emulator] enabled` serves the rows. */
function enabled(config: OptionReader): boolean {
  return config.get<boolean>("emulator", "enabled") === true;
}

function faultView(fault: EmulatorFault): Record<string, unknown> {
  return {
    id: fault.id,
    action: fault.action,
    server_id: fault.server_id,
    count: fault.count,
    mode: fault.mode,
    message: fault.message,
    created_at: fault.created_at,
  };
}

interface FaultBody {
  fault: {
    action: string;
    server_id?: string | null;
    count?: number;
    mode?: "error" | "rollback";
    message?: string | null;
  };
}

async function createFault(req: ApiRequest): Promise<Response> {
  const { fault } = req.body as FaultBody;
  const armed = await armFault(req.runtime.kv, {
    action: fault.action,
    serverId: fault.server_id,
    count: fault.count,
    mode: fault.mode,
    message: fault.message,
  }, req.runtime.instances);
  return json({ fault: faultView(armed) }, 201);
}

async function indexFaults(req: ApiRequest): Promise<Response> {
  return json({ faults: (await listFaults(req.runtime.kv)).map(faultView) });
}

async function showFault(req: ApiRequest): Promise<Response> {
  const id = req.params.fault_id;
  const found = (await listFaults(req.runtime.kv)).find((f) => f.id === id);
  if (!found) throw new EmulatorFaultNotFound(id);
  return json({ fault: faultView(found) });
}

async function deleteFault(req: ApiRequest): Promise<Response> {
  await disarmFault(req.runtime.kv, req.params.fault_id);
  return empty(204);
}

async function showSettings(req: ApiRequest): Promise<Response> {
  return json({ settings: await getEmulatorDelays(req.runtime.kv) });
}

async function updateSettings(req: ApiRequest): Promise<Response> {
  const { settings } = req.body as { settings: EmulatorSettings };
  return json({ settings: await setEmulatorDelays(req.runtime.kv, settings) });
}

async function showServerSettings(req: ApiRequest): Promise<Response> {
  return json({ settings: await getServerEmulatorDelays(req.runtime.kv, req.params.server_id) });
}

async function updateServerSettings(req: ApiRequest): Promise<Response> {
  const { settings } = req.body as { settings: EmulatorSettings };
  const kv = req.runtime.kv;
  return json({ settings: await setServerEmulatorDelays(kv, req.params.server_id, settings) });
}

async function advance(req: ApiRequest): Promise<Response> {
  const body = req.body as { advance: number; server_id?: string };
  const { servers } = await advanceClock(
    req.runtime.kv,
    req.runtime.instances,
    body.advance,
    body.server_id,
  );
  return json({ clock: { advance: body.advance, servers } });
}

async function restart(req: ApiRequest): Promise<Response> {
  const host = req.params.host;
  if (!req.runtime.instances.hosts.some((h) => h.name === host)) {
    throw new NovaFault(404, `Compute host ${host} could not be found.`);
  }
  const completed = await restartCompute(req.runtime.kv, host, req.runtime.instances.clock());
  return json({ restart: { host, completed_evacuations: completed } });
}

async function reset(req: ApiRequest): Promise<Response> {
  const epoch = await resetCloud(req.runtime.kv, {
    seedFlavors: req.runtime.config.get<boolean>("deno", "seed_flavors") === true,
    now: req.runtime.instances.clock(),
  });
  return json({ reset: { epoch } }, 202);
}

const policy = { rule: EMULATOR_RULE };
const row = { enabled, policy };

/** The `/os-emulator` route rows (served only with `[emulator] enabled = true`). */
export const EMULATOR_ROUTES: readonly Route[] = [
  { ...row, method: "GET", path: "/os-emulator/faults", handler: indexFaults },
  { ...row, method: "POST", path: "/os-emulator/faults", body: CREATE_FAULT, handler: createFault },
  { ...row, method: "GET", path: "/os-emulator/faults/{fault_id}", handler: showFault },
  { ...row, method: "DELETE", path: "/os-emulator/faults/{fault_id}", handler: deleteFault },
  { ...row, method: "GET", path: "/os-emulator/settings", handler: showSettings },
  {
    ...row,
    method: "PUT",
    path: "/os-emulator/settings",
    body: UPDATE_SETTINGS,
    handler: updateSettings,
  },
  {
    ...row,
    method: "GET",
    path: "/os-emulator/servers/{server_id}/settings",
    handler: showServerSettings,
  },
  {
    ...row,
    method: "PUT",
    path: "/os-emulator/servers/{server_id}/settings",
    body: UPDATE_SETTINGS,
    handler: updateServerSettings,
  },
  { ...row, method: "POST", path: "/os-emulator/clock", body: ADVANCE_CLOCK, handler: advance },
  { ...row, method: "POST", path: "/os-emulator/hosts/{host}/restart", handler: restart },
  { ...row, method: "POST", path: "/os-emulator/reset", body: RESET, handler: reset },
];
