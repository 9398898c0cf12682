import assert from "node:assert/strict";
import { getService } from "../../lib/store/services.ts";
import { transact } from "../../lib/store/transaction.ts";
import {
  isServiceUp,
  serviceIsUp,
  serviceState,
  setServiceDisabled,
  setServiceForcedDown,
  unavailableHosts,
} from "../../lib/virt/services.ts";
import { withKv } from "../instances/support.ts";

const HOSTS = [{ name: "compute-1" }, { name: "compute-2" }, { name: "compute-3" }];

Deno.test("every host's service is enabled and up until someone changes it", async () => {
  await withKv(async (kv) => {
    assert.equal(await isServiceUp(kv, "compute-1"), true);
    assert.deepEqual(await serviceState(kv, "compute-1"), {
      disabled: false,
      disabled_reason: null,
      forced_down: false,
      updated_at: null,
    });
    assert.deepEqual(await transact(kv, (tx) => unavailableHosts(tx, HOSTS)), []);
  });
});

Deno.test("forced down and disabled services are unavailable to the scheduler", async () => {
  await withKv(async (kv) => {
    const at = new Date("2024-05-01T12:00:00Z");
    const down = await setServiceForcedDown(kv, "compute-1", true, at);
    assert.deepEqual(down, {
      disabled: false,
      disabled_reason: null,
      forced_down: true,
      updated_at: "2024-05-01T12:00:00.000Z",
    });
    assert.equal(await isServiceUp(kv, "compute-1"), false);
    await setServiceDisabled(kv, "compute-3", true, "maintenance", at);
    // Disabled is not down.
    assert.equal(await isServiceUp(kv, "compute-3"), true);
    assert.equal((await getService(kv, "compute-3")).disabled_reason, "maintenance");
    assert.deepEqual(await transact(kv, (tx) => unavailableHosts(tx, HOSTS)), [
      "compute-1",
      "compute-3",
    ]);
    await setServiceForcedDown(kv, "compute-1", false, at);
    const enabled = await setServiceDisabled(kv, "compute-3", false, "ignored", at);
    assert.equal(enabled.disabled_reason, null);
    assert.deepEqual(await transact(kv, (tx) => unavailableHosts(tx, HOSTS)), []);
    assert.equal(serviceIsUp({ forced_down: false }), true);
  });
});
