/**
 * `POST /os-emulator/reset` with two compute APIs and a metadata API on one KV file, as
 * `deno serve --parallel` or the quick start runs them: one resets while the others hold what
 * they read before (flavor listings, servers, a cached meta_data.json).
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { type Harness, startCompute } from "../../support/compute.ts";
import { startMetadata } from "../../metadata/_pipeline.ts";
import { type EpochKv, refreshEpoch } from "../../../lib/store/epoch.ts";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { ED25519_KEY } from "../keypairs/fixtures.ts";

const SECRET = "reset-test-secret";

function computeOn(file: string): Promise<Harness> {
  return startCompute({
    pipeline: "paste",
    config: { deno: { fake_boot_seconds: 0 }, virt: { fake_delete_seconds: 0 } },
    env: { OS_DATABASE__CONNECTION: file, OS_EMULATOR__ENABLED: "true" },
  });
}

async function names(h: Harness, path: string, field: string): Promise<string[]> {
  const res = await h.json(path);
  assert.equal(res.status, 200, res.text);
  return res.body[field].map((x: { name: string }) => x.name).sort();
}

const CLASSIC = ["m1.large", "m1.medium", "m1.small", "m1.tiny", "m1.xlarge"];

Deno.test("emulator reset: every process on the store sees the seed and none brings the old cloud back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nova-reset-" });
  const file = `${dir}/nova.sqlite`;
  const a = await computeOn(file);
  const b = await computeOn(file);
  const md = await startMetadata({
    OS_DATABASE__CONNECTION: file,
    OS_NEUTRON__SERVICE_METADATA_PROXY: "true",
    OS_NEUTRON__METADATA_PROXY_SHARED_SECRET: SECRET,
  });
  try {
    // The old cloud: a server, a flavor, a keypair, armed emulator settings.
    const made = await a.json("/v2.1/servers", {
      json: {
        server: {
          name: "old-vm",
          imageRef: CIRROS_IMAGE_ID,
          flavorRef: "1",
          networks: [{ uuid: PRIVATE_NETWORK_ID }],
        },
      },
    });
    assert.equal(made.status, 202, made.text);
    const id = made.body.server.id;
    const flavor = await a.json("/v2.1/flavors", {
      json: { flavor: { name: "old.big", ram: 1024, vcpus: 2, disk: 10 } },
    });
    assert.equal(flavor.status, 200, flavor.text);
    const delays = await a.json("/v2.1/os-emulator/settings", {
      method: "PUT",
      json: { settings: { boot_seconds: 30 } },
    });
    assert.equal(delays.status, 200, delays.text);

    // The other processes read (and cache) the old cloud.
    assert.deepEqual(await names(b, "/v2.1/servers/detail", "servers"), ["old-vm"]);
    assert.deepEqual(await names(b, "/v2.1/flavors/detail", "flavors"), [...CLASSIC, "old.big"]);
    const signed = {
      "X-Instance-ID": id,
      "X-Tenant-ID": made.body.server.tenant_id ?? "admin",
      "X-Instance-ID-Signature": createHmac("sha256", SECRET).update(id).digest("hex"),
    };
    const show = await b.json(`/v2.1/servers/${id}`);
    signed["X-Tenant-ID"] = show.body.server.tenant_id;
    const before = await md.fetch("/openstack/latest/meta_data.json", { headers: signed });
    assert.equal(before.status, 200, await before.clone().text());
    assert.equal((await before.json()).uuid, id);

    // A resets.
    const reset = await a.json("/v2.1/os-emulator/reset", { json: { reset: {} } });
    assert.equal(reset.status, 202, reset.text);
    assert.deepEqual(reset.body, { reset: { epoch: 1 } });
    // The resetting process serves the seed at once.
    assert.deepEqual(await names(a, "/v2.1/servers/detail", "servers"), []);
    assert.deepEqual(await names(a, "/v2.1/flavors/detail", "flavors"), CLASSIC);
    const settings = await a.json("/v2.1/os-emulator/settings");
    assert.deepEqual(settings.body.settings.boot_seconds, null);

    // B has not re-read the epoch yet, but a write cannot touch the old cloud: the commit fails,
    // B reads the epoch again, and the retry finds no such server.
    assert.equal((b.kv as EpochKv).epoch, 0);
    const rename = await b.json(`/v2.1/servers/${id}`, {
      method: "PUT",
      json: { server: { name: "resurrected" } },
    });
    assert.equal(rename.status, 404, rename.text);
    assert.equal((b.kv as EpochKv).epoch, 1);
    const keypair = await b.json("/v2.1/os-keypairs", {
      json: { keypair: { name: "after-reset", public_key: ED25519_KEY } },
    });
    assert.equal(keypair.status, 200, keypair.text);
    assert.deepEqual(
      (await a.json("/v2.1/os-keypairs")).body.keypairs.map(
        (k: { keypair: { name: string } }) => k.keypair.name,
      ),
      ["after-reset"],
      "B's write landed in the new cloud",
    );

    // Once its bound has passed (here: at once) the metadata API reads the new epoch too, and
    // its cache (15 s by default) does not serve the old server.
    await refreshEpoch(md.kv);
    const after = await md.fetch("/openstack/latest/meta_data.json", { headers: signed });
    assert.equal(after.status, 404, await after.text());
    assert.deepEqual(await names(b, "/v2.1/servers/detail", "servers"), []);
    assert.deepEqual(await names(b, "/v2.1/flavors/detail", "flavors"), CLASSIC);

    // A second reset while … none runs: fine, and the keypair B made goes too.
    const again = await a.json("/v2.1/os-emulator/reset", { json: { reset: {} } });
    assert.equal(again.status, 202, again.text);
    await refreshEpoch(b.kv);
    assert.deepEqual((await b.json("/v2.1/os-keypairs")).body.keypairs, []);
  } finally {
    await md.close();
    await b.close();
    await a.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('emulator reset: admins only, a body of {"reset": {}}, and only with the emulator on', async () => {
  const dir = await Deno.makeTempDir({ prefix: "nova-reset-" });
  const h = await computeOn(`${dir}/nova.sqlite`);
  const off = await startCompute({ pipeline: "paste" });
  try {
    const member = await h.json("/v2.1/os-emulator/reset", { as: "member", json: { reset: {} } });
    assert.equal(member.status, 403, member.text);
    const bad = await h.json("/v2.1/os-emulator/reset", { json: { reset: { all: true } } });
    assert.equal(bad.status, 400, bad.text);
    const none = await h.json("/v2.1/os-emulator/reset", { json: {} });
    assert.equal(none.status, 400, none.text);
    const disabled = await off.json("/v2.1/os-emulator/reset", { json: { reset: {} } });
    assert.equal(disabled.status, 404, disabled.text);
  } finally {
    await off.close();
    await h.close();
    await Deno.remove(dir, { recursive: true });
  }
});
