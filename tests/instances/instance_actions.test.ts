import assert from "node:assert/strict";
import {
  ActionMarkerNotFound,
  createServers,
  deleteServer,
  getInstanceAction,
  getServer,
  getServerOrDeleted,
  InstanceNotReady,
  listInstanceActions,
  lockServer,
  rebootServer,
  stopServer,
  triggerCrashDump,
  unlockServer,
} from "../../lib/instances/mod.ts";
import type { InstanceDeps } from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const T0 = Date.parse("2024-05-01T12:00:00.000Z");
/** A host too small for the test flavor (512 MiB): every build finds no valid host. */
const TINY_HOST = "small:1:256:10";
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** The events of an action as (name, start, finish, result, host). */
async function events(kv: Deno.Kv, uuid: string, requestId: string) {
  const found = await getInstanceAction(kv, uuid, requestId);
  assert.ok(found, `no action ${requestId}`);
  return found.events.map((e) => [e.event, e.start_time, e.finish_time, e.result, e.host]);
}

/** An ACTIVE server built by request `req-create` (boot 4 s on the test clock). */
async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps): Promise<string> {
  const input = createInput();
  const [vm] = await createServers(
    kv,
    { ...input, context: { ...input.context, requestId: "req-create" } },
    deps,
  );
  clock.advance(4);
  assert.equal((await getServer(kv, vm.uuid, deps))?.vm_state, "active");
  return vm.uuid;
}

Deno.test("a create records its action at once and the build event as its steps apply", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const input = createInput();
    const [vm] = await createServers(
      kv,
      { ...input, context: { ...input.context, requestId: "req-1" } },
      deps,
    );
    const [created] = await listInstanceActions(kv, vm.uuid);
    assert.deepEqual(
      [created.action, created.request_id, created.user_id, created.project_id],
      ["create", "req-1", "u1", "p1"],
    );
    assert.equal(created.start_time, at(0));
    assert.equal(created.message, null);
    assert.deepEqual(await events(kv, vm.uuid, "req-1"), []);

    clock.advance(1);
    await getServer(kv, vm.uuid, deps);
    assert.deepEqual(await events(kv, vm.uuid, "req-1"), [
      ["compute__do_build_and_run_instance", at(1), null, null, vm.host],
    ]);
    clock.advance(3);
    await getServer(kv, vm.uuid, deps);
    assert.deepEqual(await events(kv, vm.uuid, "req-1"), [
      ["compute__do_build_and_run_instance", at(1), at(4), "Success", vm.host],
    ]);
    assert.equal((await listInstanceActions(kv, vm.uuid))[0].updated_at, at(4));
  });
});

Deno.test("a multi-create records one create action per server under the one request", async () => {
  await withKv(async (kv) => {
    const deps = testDeps(new TestClock());
    const input = createInput({ minCount: 3, maxCount: 3 });
    const vms = await createServers(
      kv,
      { ...input, context: { ...input.context, requestId: "req-multi" } },
      deps,
    );
    for (const vm of vms) {
      const found = await getInstanceAction(kv, vm.uuid, "req-multi");
      assert.equal(found?.action.action, "create");
    }
  });
});

Deno.test("a power action records its action, and its event finishes with the step", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const uuid = await activeServer(kv, clock, deps);
    await stopServer(kv, uuid, { ...OWNER, requestId: "req-stop" }, deps);
    const [stop, create] = await listInstanceActions(kv, uuid);
    assert.deepEqual([stop.action, create.action], ["stop", "create"]);
    assert.deepEqual([stop.request_id, stop.start_time, stop.user_id], ["req-stop", at(4), "u1"]);
    assert.deepEqual(await events(kv, uuid, "req-stop"), []);
    clock.advance(4);
    await getServer(kv, uuid, deps);
    const host = (await getServer(kv, uuid, deps))?.host;
    // The step only finishes the event: it started when the action did.
    assert.deepEqual(await events(kv, uuid, "req-stop"), [
      ["compute_stop_instance", at(4), at(8), "Success", host],
    ]);
  });
});

Deno.test("with no step delay, an action and its finished event land in the one change", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 0 } });
    const uuid = await activeServer(kv, clock, deps);
    await rebootServer(kv, uuid, "HARD", { ...OWNER, requestId: "req-reboot" }, deps);
    const found = await getInstanceAction(kv, uuid, "req-reboot");
    assert.deepEqual(found?.events.map((e) => [e.event, e.result]), [
      ["compute_reboot_instance", "Success"],
    ]);
  });
});

Deno.test("applying the same steps from many readers records each event once", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const input = createInput();
    const [vm] = await createServers(
      kv,
      { ...input, context: { ...input.context, requestId: "req-1" } },
      deps,
    );
    clock.advance(10);
    await Promise.all(Array.from({ length: 8 }, () => getServer(kv, vm.uuid, deps)));
    const found = await getInstanceAction(kv, vm.uuid, "req-1");
    assert.equal(found?.events.length, 1);
    assert.equal(found?.action.event_count, 1);
  });
});

Deno.test("a refused action records nothing", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const [vm] = await createServers(kv, createInput(), deps);
    await assert.rejects(
      stopServer(kv, vm.uuid, { ...OWNER, requestId: "req-early" }, deps),
      InstanceNotReady,
    );
    assert.equal(await getInstanceAction(kv, vm.uuid, "req-early"), null);
    assert.deepEqual((await listInstanceActions(kv, vm.uuid)).map((a) => a.action), ["create"]);
  });
});

Deno.test("a build no host takes fails its scheduling event; the action says Error", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 }, virt: { host: [TINY_HOST] } });
    const input = createInput();
    const [vm] = await createServers(
      kv,
      { ...input, context: { ...input.context, requestId: "req-big" } },
      deps,
    );
    clock.advance(1);
    assert.equal((await getServer(kv, vm.uuid, deps))?.vm_state, "error");
    const found = await getInstanceAction(kv, vm.uuid, "req-big");
    assert.equal(found?.action.message, "Error");
    const [event] = found!.events;
    assert.deepEqual(
      [event.event, event.result, event.details, event.host],
      ["conductor_schedule_and_build_instances", "Error", "No valid host was found. ", null],
    );
    assert.match(event.traceback ?? "", /NoValidHost/);
  });
});

Deno.test("a delete records its action; the actions outlive the server", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 4 },
      virt: { fake_delete_seconds: 2 },
    });
    const uuid = await activeServer(kv, clock, deps);
    const host = (await getServer(kv, uuid, deps))?.host;
    await deleteServer(kv, uuid, deps, { requestId: "req-del", userId: "u1", projectId: "p1" });
    // Deleting again while deleting is no new action.
    await deleteServer(kv, uuid, deps, { requestId: "req-del2" });
    clock.advance(2);
    assert.equal(await getServer(kv, uuid, deps), null);
    assert.deepEqual((await listInstanceActions(kv, uuid)).map((a) => a.action), [
      "delete",
      "create",
    ]);
    assert.deepEqual(await events(kv, uuid, "req-del"), [
      ["compute_terminate_instance", at(4), at(6), "Success", host],
    ]);
    assert.equal(
      (await getServerOrDeleted(kv, uuid, deps, { deleted: true }))?.deleted_at,
      at(6),
    );
    assert.equal(await getServerOrDeleted(kv, uuid, deps, { deleted: false }), null);
  });
});

Deno.test("a delete of a server no host holds records its action but no event", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 }, virt: { host: [TINY_HOST] } });
    const [vm] = await createServers(kv, createInput(), deps);
    clock.advance(1);
    await deleteServer(kv, vm.uuid, deps, { requestId: "req-del" });
    assert.deepEqual(await events(kv, vm.uuid, "req-del"), []);
  });
});

Deno.test("lock and unlock record their actions with Nova's api_ events", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const uuid = await activeServer(kv, clock, deps);
    await lockServer(kv, uuid, { ...OWNER, requestId: "req-lock" }, null, deps);
    // The owner locking a locked server changes nothing, so records nothing.
    await lockServer(kv, uuid, { ...OWNER, requestId: "req-lock2" }, null, deps);
    await unlockServer(kv, uuid, deps, { ...OWNER, requestId: "req-unlock" });
    assert.deepEqual((await listInstanceActions(kv, uuid)).map((a) => a.action), [
      "unlock",
      "lock",
      "create",
    ]);
    assert.deepEqual(await events(kv, uuid, "req-lock"), [
      ["api_lock", at(4), at(4), "Success", null],
    ]);
    assert.deepEqual(await events(kv, uuid, "req-unlock"), [
      ["api_unlock", at(4), at(4), "Success", null],
    ]);
  });
});

Deno.test("trigger_crash_dump records its action and the compute event at once", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const uuid = await activeServer(kv, clock, deps);
    await triggerCrashDump(kv, uuid, { ...OWNER, requestId: "req-dump" }, deps);
    const host = (await getServer(kv, uuid, deps))?.host;
    assert.deepEqual(await events(kv, uuid, "req-dump"), [
      ["compute_trigger_crash_dump", at(4), at(4), "Success", host],
    ]);
  });
});

Deno.test("listing pages by request-id marker and filters by update time", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 4 } });
    const uuid = await activeServer(kv, clock, deps);
    for (let i = 0; i < 5; i++) {
      await lockServer(kv, uuid, { ...OWNER, requestId: `req-l${i}` }, null, deps);
      await unlockServer(kv, uuid, deps, { ...OWNER, requestId: `req-u${i}` });
      clock.advance(10);
    }
    const all = (await listInstanceActions(kv, uuid)).map((a) => a.request_id);
    assert.equal(all.length, 11);
    assert.deepEqual(all.slice(0, 3), ["req-u4", "req-l4", "req-u3"]);
    assert.equal(all.at(-1), "req-create");
    const pages: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await listInstanceActions(kv, uuid, { limit: 4, marker });
      pages.push(...page.map((a) => a.request_id));
      if (page.length < 4) break;
      marker = page.at(-1)!.request_id;
    }
    assert.deepEqual(pages, all);
    assert.deepEqual(await listInstanceActions(kv, uuid, { limit: 0 }), []);
    await assert.rejects(
      listInstanceActions(kv, uuid, { marker: "req-nope" }),
      (e) => e instanceof ActionMarkerNotFound && e.message === "Marker None could not be found.",
    );
    // Round i locks and unlocks at 4 + 10 i seconds.
    const since = (await listInstanceActions(kv, uuid, { changesSince: Date.parse(at(34)) }))
      .map((a) => a.request_id);
    assert.deepEqual(since, ["req-u4", "req-l4", "req-u3", "req-l3"]);
    const window = await listInstanceActions(kv, uuid, {
      changesSince: Date.parse(at(14)),
      changesBefore: Date.parse(at(14)),
    });
    assert.deepEqual(window.map((a) => a.request_id), ["req-u1", "req-l1"]);
  });
});
