/**
 * A second request while a task is in progress, over real HTTP: every action that starts a task
 * refuses a second action with Nova's 409 (the lock, then the host, then vm_state, then
 * task_state, in `compute.API`'s decorator order), and DELETE is accepted during any task, as
 * Nova's `delete` checks no state. A harness whose steps take an hour keeps each task in progress;
 * servers are built by an instant harness on the same store.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona, startCompute } from "../../support/compute.ts";
import { createServer, INSTANT } from "./_support.ts";
import { readInstance, updateInstance } from "../../../lib/store/instances.ts";
import { transact } from "../../../lib/store/transaction.ts";

const HOUR = { deno: { fake_boot_seconds: 3600 }, virt: { fake_delete_seconds: 3600 } };

function action(h: Harness, id: string, body: unknown, as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, json: body, version: "2.77" });
}

async function states(h: Harness, id: string): Promise<unknown[]> {
  const res = await h.json(`/servers/${id}`, { as: "admin" });
  assert.equal(res.status, 200, res.text);
  const s = res.body.server;
  return [s.status, s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:task_state"]];
}

async function withHarnesses(fn: (fast: Harness, slow: Harness) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  const fast = await startCompute({ seedFlavors: true, config: INSTANT, kv });
  const slow = await startCompute({ config: HOUR, kv });
  try {
    await fn(fast, slow);
  } finally {
    await slow.close();
    await fast.close();
    kv.close();
  }
}

/** Each case: how to get the task, the task, a second action and Nova's answer to it. */
const CASES: {
  setup?: unknown;
  first: unknown;
  task: string;
  second: unknown;
  message: (id: string) => string;
}[] = [
  {
    first: { "os-stop": null },
    task: "powering-off",
    second: { pause: null },
    message: (id) => `Cannot 'pause' instance ${id} while it is in task_state powering-off`,
  },
  {
    setup: { "os-stop": null },
    first: { "os-start": null },
    task: "powering-on",
    second: { "os-stop": null },
    message: (id) => `Cannot 'stop' instance ${id} while it is in vm_state stopped`,
  },
  {
    first: { reboot: { type: "SOFT" } },
    task: "rebooting",
    second: { reboot: { type: "SOFT" } },
    message: (id) => `Cannot 'reboot' instance ${id} while it is in task_state rebooting`,
  },
  {
    first: { reboot: { type: "HARD" } },
    task: "rebooting_hard",
    second: { suspend: null },
    message: (id) => `Cannot 'suspend' instance ${id} while it is in task_state rebooting_hard`,
  },
  {
    first: { pause: null },
    task: "pausing",
    second: { rescue: null },
    message: (id) => `Cannot 'rescue' instance ${id} while it is in task_state pausing`,
  },
  {
    first: { suspend: null },
    task: "suspending",
    second: { shelve: null },
    message: (id) => `Cannot 'shelve' instance ${id} while it is in task_state suspending`,
  },
  {
    first: { rescue: null },
    task: "rescuing",
    second: { unrescue: null },
    message: (id) => `Cannot 'unrescue' instance ${id} while it is in vm_state active`,
  },
  {
    first: { shelve: null },
    task: "shelving",
    second: { "os-stop": null },
    message: (id) => `Cannot 'stop' instance ${id} while it is in task_state shelving`,
  },
];

Deno.test("a second action during a task is Nova's 409; DELETE during it is accepted", async () => {
  await withHarnesses(async (fast, slow) => {
    for (const c of CASES) {
      const id = await createServer(fast);
      if (c.setup) assert.equal((await action(fast, id, c.setup)).status, 202);
      const first = await action(slow, id, c.first);
      assert.ok(first.status === 202 || first.status === 200, first.text);
      assert.equal((await states(slow, id))[2], c.task);
      const second = await action(slow, id, c.second);
      assert.equal(second.status, 409, `${JSON.stringify(c.second)}: ${second.text}`);
      assert.equal(faultMessage(second.body), c.message(id));
      const del = await slow.fetch(`/servers/${id}`, { method: "DELETE", as: "member" });
      assert.equal(del.status, 204, `${c.task}: delete`);
      assert.equal((await states(slow, id))[2], "deleting");
    }
  });
});

Deno.test("during a delete: actions are 409 (task deleting), another DELETE changes nothing", async () => {
  await withHarnesses(async (fast, slow) => {
    const id = await createServer(fast);
    assert.equal(
      (await slow.fetch(`/servers/${id}`, { method: "DELETE", as: "member" })).status,
      204,
    );
    for (
      const [body, name] of [
        [{ "os-stop": null }, "stop"],
        [{ pause: null }, "pause"],
        [{ reboot: { type: "HARD" } }, "reboot"],
        [{ changePassword: { adminPass: "x" } }, "changePassword"],
      ] as const
    ) {
      const res = await action(slow, id, body);
      assert.equal(res.status, 409, res.text);
      assert.equal(
        faultMessage(res.body),
        `Cannot '${name}' instance ${id} while it is in task_state deleting`,
      );
    }
    const again = await slow.fetch(`/servers/${id}`, { method: "DELETE", as: "member" });
    assert.equal(again.status, 204);
    const actions = await slow.json(`/servers/${id}/os-instance-actions`, { as: "admin" });
    const deletes = actions.body.instanceActions.filter((a: { action: string }) =>
      a.action === "delete"
    );
    assert.equal(deletes.length, 1, actions.text);
  });
});

Deno.test("during a build: actions are 409 in Nova's order, DELETE is accepted", async () => {
  await withHarnesses(async (_fast, slow) => {
    const id = await createServer(slow);
    assert.deepEqual(await states(slow, id), ["BUILD", "building", "scheduling"]);
    const pause = await action(slow, id, { pause: null });
    assert.equal(pause.status, 409, pause.text);
    assert.equal(
      faultMessage(pause.body),
      `Cannot 'pause' instance ${id} while it is in vm_state building`,
    );
    // os-stop checks the host first: none is chosen while scheduling.
    const stop = await action(slow, id, { "os-stop": null });
    assert.equal(stop.status, 409, stop.text);
    assert.equal(faultMessage(stop.body), `Instance ${id} is not ready`);
    const reset = await action(slow, id, { changePassword: { adminPass: "x" } });
    assert.equal(reset.status, 409, reset.text);
    assert.equal(
      faultMessage(reset.body),
      `Cannot 'changePassword' instance ${id} while it is in vm_state building`,
    );
    const del = await slow.fetch(`/servers/${id}`, { method: "DELETE", as: "member" });
    assert.equal(del.status, 204);
    // Nova deletes a server still being scheduled in the API: it is gone at once.
    const gone = await slow.json(`/servers/${id}`, { as: "admin" });
    assert.equal(gone.status, 404, gone.text);
    // Once networking has started the compute host holds it: the delete takes its time.
    const later = await createServer(slow);
    await transact(slow.kv, async (tx) => {
      const record = await readInstance(tx, later);
      updateInstance(tx, record!, { ...record!, task_state: "networking" });
    });
    const del2 = await slow.fetch(`/servers/${later}`, { method: "DELETE", as: "member" });
    assert.equal(del2.status, 204);
    assert.deepEqual(await states(slow, later), ["BUILD", "building", "deleting"]);
  });
});
