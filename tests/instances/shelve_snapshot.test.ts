/**
 * The snapshot a shelve takes: `<name>-shelved`, uploaded while the shelve runs, recorded as the
 * server's `shelved_image_id`, deleted by the unshelve (and kept when an offloaded server finds
 * no host); a volume-backed server gets none.
 */
import assert from "node:assert/strict";
import { catalogOf, DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { findImage } from "../../lib/images/stored.ts";
import {
  createServers,
  getServer,
  type InstanceDeps,
  shelveServer,
  unshelveServer,
} from "../../lib/instances/mod.ts";
import { writeHostUsage } from "../../lib/store/hosts.ts";
import { transact } from "../../lib/store/transaction.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1" };
const CATALOG = catalogOf([DEFAULT_IMAGE]);

function setup(
  body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>,
  offload = -1,
) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, {
      deno: { fake_boot_seconds: 3 },
      DEFAULT: { shelved_offload_time: offload },
    });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps, image = true) {
  const [vm] = await createServers(kv, createInput({ image: image ? DEFAULT_IMAGE : null }), deps);
  clock.advance(3);
  return vm.uuid;
}

Deno.test("shelve snapshots the server as <name>-shelved; unshelve of SHELVED deletes it", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const shelving = await shelveServer(kv, uuid, OWNER, deps, { baseImage: DEFAULT_IMAGE });
    const imageId = shelving.shelved_image_id;
    assert.ok(imageId);
    const queued = await findImage(kv, CATALOG, imageId, clock.now());
    assert.equal(queued?.status, "queued");
    assert.equal(queued?.name, "vm1-shelved");
    assert.equal(queued?.properties.image_type, "snapshot");
    assert.equal(queued?.properties.instance_uuid, uuid);
    assert.equal(queued?.properties.os_distro, "cirros");
    clock.advance(2);
    assert.equal((await findImage(kv, CATALOG, imageId, clock.now()))?.status, "saving");
    clock.advance(1);
    assert.equal((await getServer(kv, uuid, deps))?.vm_state, "shelved");
    assert.equal((await findImage(kv, CATALOG, imageId, clock.now()))?.status, "active");
    const unshelving = await unshelveServer(kv, uuid, OWNER, deps);
    assert.equal(unshelving.shelved_image_id, null);
    assert.equal(await findImage(kv, CATALOG, imageId, clock.now()), null);
  }));

Deno.test("an offloaded server keeps its snapshot until a host takes it", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const shelving = await shelveServer(kv, uuid, OWNER, deps);
    const imageId = shelving.shelved_image_id!;
    clock.advance(3);
    assert.equal((await getServer(kv, uuid, deps))?.vm_state, "shelved_offloaded");
    // Every host full: the unshelve finds none and the snapshot stays.
    await transact(kv, (tx) => {
      for (const host of deps.hosts) {
        writeHostUsage(tx, host.name, {
          vcpus: 100_000,
          memory_mb: 100_000_000,
          disk_gb: 100_000,
          instances: 0,
        });
      }
      return Promise.resolve();
    });
    const failed = await unshelveServer(kv, uuid, OWNER, deps);
    assert.equal(failed.shelved_image_id, imageId);
    assert.ok(await findImage(kv, CATALOG, imageId, clock.now()));
  }, 0));

Deno.test("a volume-backed server is shelved without a snapshot", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps, false);
    const shelving = await shelveServer(kv, uuid, OWNER, deps);
    assert.equal(shelving.shelved_image_id, undefined);
  }));
