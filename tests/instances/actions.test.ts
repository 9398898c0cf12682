import assert from "node:assert/strict";
import {
  createServers,
  deleteServer,
  getServer,
  type Instance,
  InstanceInvalidState,
  InstanceIsLocked,
  InstanceNotFound,
  InstanceNotLaunched,
  InstanceNotReady,
  isExpectedLockedBy,
  lockServer,
  pauseServer,
  rebootServer,
  resumeServer,
  startServer,
  stopServer,
  suspendServer,
  triggerCrashDump,
  unlockServer,
  unpauseServer,
} from "../../lib/instances/mod.ts";
import type { InstanceDeps } from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false };
const ADMIN = { projectId: "admin", isAdmin: true };

type State = [string, string | null, number];

function state(i: Instance | null): State {
  assert.ok(i);
  return [i.vm_state, i.task_state, i.power_state];
}

/** An ACTIVE server (boot 4 s on the test clock, also the length of each action). */
async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps): Promise<string> {
  const [vm] = await createServers(kv, createInput(), deps);
  clock.advance(4);
  assert.deepEqual(state(await getServer(kv, vm.uuid, deps)), ["active", null, 1]);
  return vm.uuid;
}

/** The states a reader sees at each second for `seconds` seconds. */
async function observe(
  kv: Deno.Kv,
  clock: TestClock,
  deps: InstanceDeps,
  uuid: string,
  seconds: number,
): Promise<State[]> {
  const seen: State[] = [];
  for (let i = 0; i < seconds; i++) {
    clock.advance(1);
    seen.push(state(await getServer(kv, uuid, deps)));
  }
  return seen;
}

function setup(body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 3 } });
    await body(kv, clock, deps);
  });
}

Deno.test("stop then start: powering-off → SHUTOFF (power 4), powering-on → ACTIVE", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    assert.deepEqual(state(await stopServer(kv, uuid, OWNER, deps)), ["active", "powering-off", 1]);
    assert.deepEqual(await observe(kv, clock, deps, uuid, 3), [
      ["active", "powering-off", 1],
      ["active", "powering-off", 1],
      ["stopped", null, 4],
    ]);
    assert.deepEqual(state(await startServer(kv, uuid, OWNER, deps)), [
      "stopped",
      "powering-on",
      4,
    ]);
    clock.advance(3);
    const after = await getServer(kv, uuid, deps);
    assert.deepEqual(state(after), ["active", null, 1]);
    assert.deepEqual(after!.pending, []);
  });
});

Deno.test("reboot SOFT and HARD go through Nova's pending and started task states", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    assert.deepEqual(state(await rebootServer(kv, uuid, "SOFT", OWNER, deps)), [
      "active",
      "rebooting",
      1,
    ]);
    assert.deepEqual(await observe(kv, clock, deps, uuid, 3), [
      ["active", "reboot_pending", 1],
      ["active", "reboot_started", 1],
      ["active", null, 1],
    ]);
    await stopServer(kv, uuid, OWNER, deps);
    clock.advance(3);
    // A SOFT reboot needs ACTIVE; a HARD one starts a stopped server.
    await assert.rejects(
      () => rebootServer(kv, uuid, "SOFT", OWNER, deps),
      (e: Error) =>
        e instanceof InstanceInvalidState &&
        e.message === `Cannot 'reboot' instance ${uuid} while it is in vm_state stopped`,
    );
    assert.deepEqual(state(await rebootServer(kv, uuid, "HARD", OWNER, deps)), [
      "stopped",
      "rebooting_hard",
      4,
    ]);
    assert.deepEqual(await observe(kv, clock, deps, uuid, 3), [
      ["stopped", "reboot_pending_hard", 4],
      ["stopped", "reboot_started_hard", 4],
      ["active", null, 1],
    ]);
  });
});

Deno.test("pause/unpause and suspend/resume reach PAUSED (3), SUSPENDED (7) and back", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    assert.equal((await pauseServer(kv, uuid, OWNER, deps)).task_state, "pausing");
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["paused", null, 3]);
    assert.equal((await unpauseServer(kv, uuid, OWNER, deps)).task_state, "unpausing");
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
    assert.equal((await suspendServer(kv, uuid, OWNER, deps)).task_state, "suspending");
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["suspended", null, 7]);
    assert.equal((await resumeServer(kv, uuid, OWNER, deps)).task_state, "resuming");
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
  });
});

Deno.test("Nova's 409s: wrong vm_state, a task in progress, no host", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const invalid = (action: string, attr: string, st: string) => (e: Error) =>
      e instanceof InstanceInvalidState &&
      e.message === `Cannot '${action}' instance ${uuid} while it is in ${attr} ${st}`;
    await assert.rejects(
      () => startServer(kv, uuid, OWNER, deps),
      invalid("start", "vm_state", "active"),
    );
    await assert.rejects(
      () => unpauseServer(kv, uuid, OWNER, deps),
      invalid("unpause", "vm_state", "active"),
    );
    await assert.rejects(
      () => resumeServer(kv, uuid, OWNER, deps),
      invalid("resume", "vm_state", "active"),
    );
    await pauseServer(kv, uuid, OWNER, deps);
    // A second action while the first runs.
    await assert.rejects(
      () => pauseServer(kv, uuid, OWNER, deps),
      invalid("pause", "task_state", "pausing"),
    );
    await assert.rejects(
      () => stopServer(kv, uuid, OWNER, deps),
      invalid("stop", "task_state", "pausing"),
    );
    await assert.rejects(
      () => rebootServer(kv, uuid, "SOFT", OWNER, deps),
      invalid("reboot", "task_state", "pausing"),
    );
    // A HARD reboot may interrupt a pause: its steps replace the pause's.
    await rebootServer(kv, uuid, "HARD", OWNER, deps);
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, uuid, deps)), ["active", null, 1]);
    await pauseServer(kv, uuid, OWNER, deps);
    clock.advance(3);
    await assert.rejects(
      () => pauseServer(kv, uuid, OWNER, deps),
      invalid("pause", "vm_state", "paused"),
    );
    await assert.rejects(
      () => suspendServer(kv, uuid, OWNER, deps),
      invalid("suspend", "vm_state", "paused"),
    );

    // A server still scheduling has no compute host yet (Nova's claim sets it): not ready.
    const [building] = await createServers(kv, createInput(), deps);
    await assert.rejects(
      () => stopServer(kv, building.uuid, OWNER, deps),
      (e: Error) => e.message === `Instance ${building.uuid} is not ready`,
    );
    // Once networking, the host holds it: refused on its vm_state.
    clock.advance(1);
    await assert.rejects(
      () => stopServer(kv, building.uuid, OWNER, deps),
      (e: Error) =>
        e.message === `Cannot 'stop' instance ${building.uuid} while it is in vm_state building`,
    );
    // An ERROR server no host took: stop checks the host first, a HARD reboot the launch.
    const flavor = { ...createInput().flavor, root_gb: 10_000 };
    const [unplaced] = await createServers(kv, createInput({ flavor }), deps);
    clock.advance(3);
    assert.deepEqual(state(await getServer(kv, unplaced.uuid, deps)), ["error", null, 0]);
    await assert.rejects(
      () => stopServer(kv, unplaced.uuid, OWNER, deps),
      (e: Error) =>
        e instanceof InstanceNotReady && e.message === `Instance ${unplaced.uuid} is not ready`,
    );
    await assert.rejects(
      () => rebootServer(kv, unplaced.uuid, "HARD", OWNER, deps),
      (e: Error) =>
        e instanceof InstanceNotLaunched &&
        e.message === `Instance ${unplaced.uuid} is in an invalid state for 'reboot'`,
    );
    await assert.rejects(() => stopServer(kv, crypto.randomUUID(), OWNER, deps), InstanceNotFound);
  });
});

Deno.test("a lock blocks every power action for non-admins, not for admins", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const locked = await lockServer(kv, uuid, OWNER, "maintenance", deps);
    assert.equal(locked.locked, true);
    assert.equal(locked.locked_by, "owner");
    assert.equal(locked.locked_reason, "maintenance");
    const isLocked = (e: Error) =>
      e instanceof InstanceIsLocked && e.message === `Instance ${uuid} is locked`;
    for (
      const act of [
        () => stopServer(kv, uuid, OWNER, deps),
        () => startServer(kv, uuid, OWNER, deps),
        () => rebootServer(kv, uuid, "HARD", OWNER, deps),
        () => pauseServer(kv, uuid, OWNER, deps),
        () => unpauseServer(kv, uuid, OWNER, deps),
        () => suspendServer(kv, uuid, OWNER, deps),
        () => resumeServer(kv, uuid, OWNER, deps),
      ]
    ) {
      await assert.rejects(act, isLocked); // the lock is checked before the state
    }
    assert.equal((await stopServer(kv, uuid, ADMIN, deps)).task_state, "powering-off");
    clock.advance(3);
    const unlocked = await unlockServer(kv, uuid, deps);
    assert.equal(unlocked.locked, false);
    assert.equal(unlocked.locked_by, null);
    assert.equal(unlocked.locked_reason, null);
    assert.equal((await startServer(kv, uuid, OWNER, deps)).task_state, "powering-on");
  });
});

Deno.test("lock: the owner's second lock changes nothing; an admin's takes the lock over", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await lockServer(kv, uuid, OWNER, null, deps);
    const again = await lockServer(kv, uuid, OWNER, "later reason", deps);
    assert.equal(again.locked_reason, null);
    assert.equal(isExpectedLockedBy(again, OWNER), true);
    assert.equal(isExpectedLockedBy(again, ADMIN), false);
    const byAdmin = await lockServer(kv, uuid, ADMIN, "ops", deps);
    assert.equal(byAdmin.locked_by, "admin");
    assert.equal(byAdmin.locked_reason, "ops");
    // Without a reason the earlier one stays, as Nova keeps it.
    const kept = await lockServer(kv, uuid, ADMIN, null, deps);
    assert.equal(kept.locked_reason, "ops");
    assert.equal(isExpectedLockedBy(kept, OWNER), false);
    assert.equal(isExpectedLockedBy(kept, ADMIN), true);
  });
});

Deno.test("deleting a server during an action wins; a deleted server has no actions", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await suspendServer(kv, uuid, OWNER, deps);
    const deleting = await deleteServer(kv, uuid, deps);
    assert.equal(deleting?.task_state, "deleting");
    clock.advance(5);
    assert.equal(await getServer(kv, uuid, deps), null);
    await assert.rejects(() => resumeServer(kv, uuid, OWNER, deps), InstanceNotFound);
    await assert.rejects(() => lockServer(kv, uuid, OWNER, null, deps), InstanceNotFound);
  });
});

Deno.test("two concurrent stops: one wins, the other gets Nova's task_state 409", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const results = await Promise.allSettled([
      stopServer(kv, uuid, OWNER, deps),
      stopServer(kv, uuid, OWNER, deps),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    assert.equal(ok.length, 1);
    assert.equal(failed.length, 1);
    assert.equal(
      failed[0].reason.message,
      `Cannot 'stop' instance ${uuid} while it is in task_state powering-off`,
    );
  });
});

Deno.test("trigger_crash_dump changes nothing; it needs a host, an allowed vm_state, no task", async () => {
  await setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const dumped = await triggerCrashDump(kv, uuid, OWNER, deps);
    assert.deepEqual(state(dumped), ["active", null, 1]);
    assert.deepEqual(dumped.pending, []);
    await suspendServer(kv, uuid, OWNER, deps);
    await assert.rejects(
      () => triggerCrashDump(kv, uuid, OWNER, deps),
      (e: Error) =>
        e.message ===
          `Cannot 'trigger_crash_dump' instance ${uuid} while it is in task_state suspending`,
    );
    clock.advance(3);
    await assert.rejects(
      () => triggerCrashDump(kv, uuid, OWNER, deps),
      (e: Error) =>
        e.message ===
          `Cannot 'trigger_crash_dump' instance ${uuid} while it is in vm_state suspended`,
    );
  });
});
