import assert from "node:assert/strict";
import {
  createServers,
  deleteServerMetadataItem,
  getServer,
  InstanceInvalidState,
  InstanceNotFound,
  MetadataLimitExceeded,
  setServerMetadata,
} from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const ACTOR = { projectId: "p1", userId: "u1", isAdmin: false };

Deno.test("metadata: merge, replace and delete an item, each kept on the record", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 0 } });
    const [vm] = await createServers(kv, createInput({ metadata: { a: "1" } }), deps);
    assert.deepEqual(await setServerMetadata(kv, vm.uuid, { b: "2" }, false, ACTOR, deps), {
      a: "1",
      b: "2",
    });
    assert.deepEqual(await setServerMetadata(kv, vm.uuid, { c: "3" }, true, ACTOR, deps), {
      c: "3",
    });
    await deleteServerMetadataItem(kv, vm.uuid, "c", ACTOR, deps);
    assert.deepEqual((await getServer(kv, vm.uuid, deps))!.metadata, {});
  });
});

Deno.test("metadata: concurrent merges lose nothing", async () => {
  await withKv(async (kv) => {
    const deps = testDeps(new TestClock(), { deno: { fake_boot_seconds: 0 } });
    const [vm] = await createServers(kv, createInput(), deps);
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    await Promise.all(
      keys.map((k) => setServerMetadata(kv, vm.uuid, { [k]: "v" }, false, ACTOR, deps)),
    );
    assert.deepEqual(
      Object.keys((await getServer(kv, vm.uuid, deps))!.metadata).sort(),
      [
        ...keys,
      ].sort(),
    );
  });
});

Deno.test("metadata: the metadata_items limit counts the merged result", async () => {
  await withKv(async (kv) => {
    const deps = testDeps(new TestClock(), {
      deno: { fake_boot_seconds: 0 },
      quota: { metadata_items: 2 },
    });
    const [vm] = await createServers(kv, createInput({ metadata: { a: "1" } }), deps);
    await setServerMetadata(kv, vm.uuid, { b: "2" }, false, ACTOR, deps);
    await assert.rejects(
      setServerMetadata(kv, vm.uuid, { c: "3" }, false, ACTOR, deps),
      (e) =>
        e instanceof MetadataLimitExceeded &&
        e.message === "Maximum number of metadata items exceeds 2",
    );
    // Replacing with two is within the limit.
    await setServerMetadata(kv, vm.uuid, { x: "1", y: "2" }, true, ACTOR, deps);
  });
});

Deno.test("metadata: refused while building (409), unknown server (404)", async () => {
  await withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 60 } });
    const [vm] = await createServers(kv, createInput(), deps);
    await assert.rejects(
      setServerMetadata(kv, vm.uuid, { a: "1" }, false, ACTOR, deps),
      (e) =>
        e instanceof InstanceInvalidState &&
        e.message ===
          `Cannot 'update metadata' instance ${vm.uuid} while it is in vm_state building`,
    );
    clock.advance(3600);
    await setServerMetadata(kv, vm.uuid, { a: "1" }, false, ACTOR, deps);
    await assert.rejects(
      deleteServerMetadataItem(kv, "nope", "a", ACTOR, deps),
      InstanceNotFound,
    );
  });
});
