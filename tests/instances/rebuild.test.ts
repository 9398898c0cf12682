/** Rebuild in the instance domain: the state sequence, what changes, and Nova's checks in order. */
import assert from "node:assert/strict";
import { DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import type { Image } from "../../lib/images/types.ts";
import {
  AutoDiskConfigDisabledByImage,
  CertificateValidationFailed,
  createServers,
  getInstanceAction,
  getServer,
  ImageNotActive,
  ImageUnacceptable,
  type InstanceDeps,
  InstanceInvalidState,
  InstanceIsLocked,
  lockServer,
  MetadataLimitExceeded,
  OnsetFileLimitExceeded,
  pauseServer,
  RebuildImageNotFound,
  RebuildKeypairNotFound,
  type RebuildRequest,
  rebuildServer,
  stopServer,
} from "../../lib/instances/mod.ts";
import { createInput, TestClock, testDeps, withKv } from "./support.ts";

const OWNER = { projectId: "p1", isAdmin: false, userId: "u1", requestId: "req-rebuild-1" };
const OTHER_IMAGE: Image = { ...DEFAULT_IMAGE, id: "0b7c7b39-84c1-4a2b-a3d2-5b0c4f0c9a11" };

function setup(body: (kv: Deno.Kv, clock: TestClock, deps: InstanceDeps) => Promise<void>) {
  return withKv(async (kv) => {
    const clock = new TestClock();
    const deps = testDeps(clock, { deno: { fake_boot_seconds: 3 } });
    await body(kv, clock, deps);
  });
}

async function activeServer(kv: Deno.Kv, clock: TestClock, deps: InstanceDeps, image = true) {
  const input = createInput({
    image: image ? DEFAULT_IMAGE : null,
    blockDeviceMapping: image ? [] : [{
      boot_index: 0,
      source_type: "image",
      uuid: DEFAULT_IMAGE.id,
      destination_type: "volume",
    }],
  });
  const [vm] = await createServers(kv, input, deps);
  clock.advance(3);
  assert.equal((await getServer(kv, vm.uuid, deps))?.vm_state, "active");
  return vm.uuid;
}

function request(extra: Partial<RebuildRequest> = {}): RebuildRequest {
  return { imageRef: OTHER_IMAGE.id, image: OTHER_IMAGE, ...extra };
}

Deno.test("rebuild walks Nova's task states and records the rebuild action", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const started = await rebuildServer(
      kv,
      uuid,
      OWNER,
      deps,
      request({
        name: "renamed",
        metadata: { a: "b" },
        accessIpV4: "1.2.3.4",
        autoDiskConfig: true,
        description: "d",
        hostname: "new-host",
        userData: "aGk=",
        trustedCerts: ["cert-1"],
      }),
    );
    assert.equal(started.task_state, "rebuilding");
    assert.equal(started.image_ref, OTHER_IMAGE.id);
    assert.equal(started.name, "renamed");
    assert.deepEqual(started.metadata, { a: "b" });
    assert.equal(started.access_ip_v4, "1.2.3.4");
    assert.equal(started.auto_disk_config, true);
    assert.equal(started.description, "d");
    assert.equal(started.hostname, "new-host");
    assert.equal(started.user_data, "aGk=");
    assert.deepEqual(started.trusted_image_certificates, ["cert-1"]);
    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      const got = await getServer(kv, uuid, deps);
      seen.push(`${got?.vm_state}/${got?.task_state}`);
    }
    assert.deepEqual(seen, [
      "active/rebuild_block_device_mapping",
      "active/rebuild_spawning",
      "active/null",
    ]);
    const done = await getServer(kv, uuid, deps);
    assert.equal(done?.power_state, 1);
    assert.equal(done?.launched_at, clock.now().toISOString());
    const action = await getInstanceAction(kv, uuid, "req-rebuild-1");
    assert.equal(action?.action.action, "rebuild");
    assert.deepEqual(
      action?.events.map((e) => [e.event, e.result]),
      [["compute_rebuild_instance", "Success"], ["rebuild_server", "Success"]],
    );
  }));

Deno.test("rebuild of a stopped server ends stopped; key pair set and unset", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    await stopServer(kv, uuid, OWNER, deps);
    clock.advance(3);
    const keypair = { name: "k1", publicKey: "ssh-rsa AAAA" };
    const started = await rebuildServer(
      kv,
      uuid,
      OWNER,
      deps,
      request({ keyName: "k1", keypair }),
    );
    assert.equal(started.key_name, "k1");
    assert.equal(started.key_data, "ssh-rsa AAAA");
    clock.advance(3);
    const done = await getServer(kv, uuid, deps);
    assert.deepEqual([done?.vm_state, done?.task_state, done?.power_state], ["stopped", null, 4]);
    const unset = await rebuildServer(kv, uuid, OWNER, deps, request({ keyName: null }));
    assert.equal(unset.key_name, null);
    assert.equal(unset.key_data, null);
  }));

Deno.test("rebuild refuses in Nova's order: lock, vm_state, task_state, then the lookups", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps);
    const reject = (
      extra: Partial<RebuildRequest>,
      type: (new (...a: never[]) => Error) | RegExp,
    ) => assert.rejects(rebuildServer(kv, uuid, OWNER, deps, request(extra)), type);
    await reject({ image: null, keyName: "gone", keypair: null }, RebuildKeypairNotFound);
    await reject({ image: null }, RebuildImageNotFound);
    await reject({ image: { ...OTHER_IMAGE, status: "queued" } }, ImageNotActive);
    await reject({ image: { ...OTHER_IMAGE, min_ram: 4096 } }, /memory is too small/);
    await reject({ image: { ...OTHER_IMAGE, min_disk: 20 } }, /smaller than the minimum size/);
    await reject({ image: { ...OTHER_IMAGE, size: 5 * 1024 ** 3 } }, /disk is too small/);
    await reject(
      {
        autoDiskConfig: true,
        image: { ...OTHER_IMAGE, properties: { auto_disk_config: "disabled" } },
      },
      AutoDiskConfigDisabledByImage,
    );
    const arch = (a: string) => ({ image: { ...OTHER_IMAGE, properties: { hw_architecture: a } } });
    await reject(arch("z80"), /Architecture name 'z80' is not recognised/);
    const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, "v"]));
    await reject({ metadata: many }, MetadataLimitExceeded);
    const files = Array.from({ length: 6 }, (_, i) => ({ path: `/f${i}`, contents: "aGk=" }));
    await reject({ files }, OnsetFileLimitExceeded);
    await assert.rejects(
      rebuildServer(
        kv,
        uuid,
        OWNER,
        deps,
        request({ files: [{ path: "/".repeat(256), contents: "" }] }),
      ),
      /Personality file path exceeds maximum 255/,
    );

    // An alias Nova canonicalizes is fine.
    await rebuildServer(kv, uuid, OWNER, deps, request(arch("AMD64")));
    await assert.rejects(
      rebuildServer(kv, uuid, OWNER, deps, request({ image: null })),
      (e: Error) => e instanceof InstanceInvalidState && /task_state rebuilding/.test(e.message),
    );
    clock.advance(3);
    await pauseServer(kv, uuid, OWNER, deps);
    clock.advance(3);
    await assert.rejects(
      rebuildServer(kv, uuid, OWNER, deps, request({ image: null })),
      /Cannot 'rebuild' instance .* while it is in vm_state paused/,
    );
    await lockServer(kv, uuid, OWNER, null, deps);
    await assert.rejects(
      rebuildServer(kv, uuid, OWNER, deps, request({ image: null })),
      InstanceIsLocked,
    );
  }));

Deno.test("a volume-backed server keeps its image before 2.93 and is re-imaged from 2.93", () =>
  setup(async (kv, clock, deps) => {
    const uuid = await activeServer(kv, clock, deps, false);
    await assert.rejects(
      rebuildServer(kv, uuid, OWNER, deps, request()),
      (e: Error) =>
        e instanceof ImageUnacceptable &&
        e.message ===
          `Image ${OTHER_IMAGE.id} is unacceptable: Unable to rebuild with a different image ` +
            "for a volume-backed server.",
    );
    await assert.rejects(
      rebuildServer(kv, uuid, OWNER, deps, request({ trustedCerts: ["c"] })),
      CertificateValidationFailed,
    );
    const same = await rebuildServer(kv, uuid, OWNER, deps, {
      imageRef: DEFAULT_IMAGE.id,
      image: DEFAULT_IMAGE,
    });
    assert.equal(same.image_ref, "");
    clock.advance(3);
    const reimaged = await rebuildServer(
      kv,
      uuid,
      OWNER,
      deps,
      request({ reimageBootVolume: true }),
    );
    assert.equal(reimaged.task_state, "rebuilding");
    assert.equal(reimaged.image_ref, "", "a volume-backed server keeps an empty image_ref");
  }));
