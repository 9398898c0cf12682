/** The volume attachment domain: detach with the compute service down, the delete release, devices. */
import assert from "node:assert/strict";
import {
  attachVolume,
  detachVolume,
  type Instance,
  mappingSlots,
  volumeBdms,
} from "../../lib/instances/mod.ts";
import { nextDeviceName } from "../../lib/instances/volume_bdms.ts";
import { setServiceForcedDown } from "../../lib/virt/services.ts";
import { getVolume } from "../../lib/store/volumes.ts";
import { createServer, start } from "../compute/servers/_support.ts";
import { makeVolume } from "../compute/volume_attachments/_volumes.ts";

const MEMBER = { projectId: "project-a", isAdmin: false, userId: "member-user" };

Deno.test("detach while the server's compute service is down: ServiceUnavailable (409), nothing changed", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const vol = await makeVolume(h.kv);
    const deps = h.runtime.instances;
    const { instance } = await attachVolume(
      h.kv,
      id,
      {
        volumeId: vol.id,
        tag: null,
        deleteOnTermination: false,
        supportsMultiattach: false,
      },
      MEMBER,
      deps,
    );
    await setServiceForcedDown(h.kv, instance.host!, true);
    await assert.rejects(
      () => detachVolume(h.kv, id, vol.id, MEMBER, deps),
      (e: Error & { kind?: string }) =>
        e.kind === "conflict" && e.message === "Service is unavailable at this time.",
    );
    assert.equal((await getVolume(h.kv, vol.id))?.status, "in-use");
    await setServiceForcedDown(h.kv, instance.host!, false);
    const after = await detachVolume(h.kv, id, vol.id, MEMBER, deps);
    assert.deepEqual(await volumeBdms(after), []);
    assert.equal((await getVolume(h.kv, vol.id))?.status, "available");
  } finally {
    await h.close();
  }
});

function server(fields: Partial<Instance>): Instance {
  return {
    uuid: "00000000-0000-4000-8000-000000000001",
    image_ref: "img",
    block_device_mapping: [],
    flavor: { ephemeral_gb: 0, swap: 0 },
    ...fields,
  } as unknown as Instance;
}

Deno.test("devices: after the root, the flavor's ephemeral and swap disks and the attached volumes", async () => {
  assert.equal(nextDeviceName(server({}), []), "/dev/vdb");
  const withDisks = server({ flavor: { ephemeral_gb: 1, swap: 512 } as Instance["flavor"] });
  assert.equal(nextDeviceName(withDisks, []), "/dev/vdd");
  const many = server({
    block_device_mapping: Array.from({ length: 25 }, (_, i) => ({
      volume_id: `v${i}`,
      device_name: `/dev/vd${String.fromCharCode(98 + i)}`,
    })),
  });
  assert.equal(nextDeviceName(many, await volumeBdms(many)), "/dev/vdaa");
});

Deno.test("mappings: a create request's volume entry names its volume in uuid; others are no volume", async () => {
  const bfv = server({
    image_ref: "",
    block_device_mapping: [
      { uuid: "vol-root", source_type: "volume", destination_type: "volume", boot_index: 0 },
      { source_type: "blank", destination_type: "local", boot_index: -1 },
      { volume_id: "vol-2", uuid: "bdm-2", device_name: "/dev/vdc", attachment_id: "att-2" },
    ],
  });
  const bdms = await volumeBdms(bfv);
  assert.deepEqual(bdms.map((b) => [b.volume_id, b.device_name, b.is_root]), [
    ["vol-root", "/dev/vda", true],
    ["vol-2", "/dev/vdc", false],
  ]);
  assert.equal(bdms[1].uuid, "bdm-2");
  assert.equal(bdms[1].attachment_id, "att-2");
  // Ids Nova would have are made stable for entries that lack them.
  assert.equal((await volumeBdms(bfv))[0].uuid, bdms[0].uuid);
  assert.match(bdms[0].attachment_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual((await mappingSlots(bfv)).map((s) => s?.volume_id ?? null), [
    "vol-root",
    null,
    "vol-2",
  ]);
  // An image-backed server has Nova's root image mapping first.
  const image = server({ block_device_mapping: [{ volume_id: "v" }] });
  assert.deepEqual((await mappingSlots(image)).map((s) => s?.volume_id ?? null), [null, "v"]);
});
