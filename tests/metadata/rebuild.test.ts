/**
 * The metadata API after a rebuild: it reads the same record, so the new image, name, key pair,
 * user data and hostname are what the guest sees (cache off, as Nova's expiry of 0).
 */
import assert from "node:assert/strict";
import { startMetadata } from "./_pipeline.ts";
import { createServer, LOOPBACK_NETWORK, pastDeps } from "./_servers.ts";
import { rebuildServer } from "../../lib/instances/mod.ts";
import { DEFAULT_IMAGE } from "../../lib/images/catalog.ts";

const NEW_IMAGE = { ...DEFAULT_IMAGE, id: "6a1f1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b" };

Deno.test("metadata: a rebuilt server shows its new image, name, keys, user data and hostname", async () => {
  const m = await startMetadata({ ...LOOPBACK_NETWORK, OS_API__METADATA_CACHE_EXPIRATION: "0" });
  try {
    const vm = await createServer(m, { fixedIp: "127.0.0.1", name: "before", userData: btoa("A") });
    const amiBefore = await (await m.fetch("/latest/meta-data/ami-id")).text();
    await rebuildServer(
      m.kv,
      vm.uuid,
      { projectId: "p1", isAdmin: false, userId: "u1" },
      pastDeps(m, () => new Date()),
      {
        imageRef: NEW_IMAGE.id,
        image: NEW_IMAGE,
        name: "after",
        metadata: { role: "web" },
        keyName: "k1",
        keypair: { name: "k1", publicKey: "ssh-ed25519 AAAAC3Nza test" },
        userData: btoa("B"),
        hostname: "rebuilt",
      },
    );
    const res = await m.fetch("/openstack/latest/meta_data.json");
    assert.equal(res.status, 200);
    const md = await res.json();
    assert.equal(md.name, "after");
    assert.equal(md.hostname, "rebuilt.novalocal");
    assert.deepEqual(md.meta, { role: "web" });
    assert.deepEqual(md.public_keys, { k1: "ssh-ed25519 AAAAC3Nza test" });
    const amiAfter = await (await m.fetch("/latest/meta-data/ami-id")).text();
    assert.notEqual(amiAfter, amiBefore, "the EC2 ami-id follows the new image");
    const userData = await m.fetch("/openstack/latest/user_data");
    assert.equal(await userData.text(), "B");
  } finally {
    await m.close();
  }
});
