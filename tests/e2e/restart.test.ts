import assert from "node:assert/strict";
import { configDir, startService } from "./_process.ts";

const root = new URL("../../", import.meta.url).pathname;

function conf(store: string): string {
  return `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
[api]
auth_strategy = noauth2
[database]
connection = sqlite:////${store.replace(/^\//, "")}
[deno]
seed_flavors = true
`;
}

const ADMIN = { "X-Auth-Token": "admin:admin", "Content-Type": "application/json" };

async function call(url: string, method: string, body?: unknown, version = "2.92") {
  const res = await fetch(url, {
    method,
    headers: { ...ADMIN, "OpenStack-API-Version": `compute ${version}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

Deno.test("every record survives a restart of the compute process", async () => {
  // The store must sit where the compute permission set may write.
  const stateDir = `${root}state/restart-${crypto.randomUUID()}`;
  const dir = await configDir(conf(`${stateDir}/nova.sqlite`));
  const env = { OS_NOVA_CONFIG_DIR: dir };
  try {
    let svc = await startService("compute.ts", env);
    assert.ok(svc.url, svc.stderr());
    let base = `${svc.url}/v2.1`;
    const flavor = await call(`${base}/flavors`, "POST", {
      flavor: { name: "keep-me", ram: 128, vcpus: 1, disk: 1, "os-flavor-access:is_public": false },
    });
    assert.equal(flavor.status, 200, JSON.stringify(flavor.body));
    const fid = flavor.body.flavor.id;
    assert.equal(
      (await call(`${base}/flavors/${fid}/os-extra_specs`, "POST", {
        extra_specs: { "hw:numa_nodes": "1" },
      }))
        .status,
      200,
    );
    assert.equal(
      (await call(`${base}/flavors/${fid}/action`, "POST", {
        addTenantAccess: { tenant: "proj-x" },
      })).status,
      200,
    );
    const kp = await call(`${base}/os-keypairs`, "POST", {
      keypair: {
        name: "keep-key",
        public_key:
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBSHRANtUIwRzUNZyoGj1Lgs9bmHD6X/N0nF9hv+LSpU keep@test",
      },
    });
    assert.equal(kp.status, 201, JSON.stringify(kp.body));
    assert.equal(
      (await call(`${base}/os-quota-sets/proj-x`, "PUT", { quota_set: { instances: 7 } })).status,
      200,
    );
    const before = await call(`${base}/flavors/detail?is_public=none`, "GET");
    assert.equal((await svc.stop()).code, 0);

    svc = await startService("compute.ts", env);
    assert.ok(svc.url, svc.stderr());
    base = `${svc.url}/v2.1`;
    try {
      const after = await call(`${base}/flavors/detail?is_public=none`, "GET");
      const portless = (body: unknown) =>
        JSON.parse(JSON.stringify(body).replaceAll(/127\.0\.0\.1:\d+/g, "HOST"));
      assert.deepEqual(
        portless(after.body),
        portless(before.body),
        "same flavors, no second seeding",
      );
      assert.equal(after.body.flavors.length, 6);
      const specs = await call(`${base}/flavors/${fid}/os-extra_specs`, "GET");
      assert.deepEqual(specs.body, { extra_specs: { "hw:numa_nodes": "1" } });
      const access = await call(`${base}/flavors/${fid}/os-flavor-access`, "GET");
      assert.deepEqual(access.body.flavor_access.map((a: { tenant_id: string }) => a.tenant_id), [
        "proj-x",
      ]);
      const key = await call(`${base}/os-keypairs/keep-key`, "GET");
      assert.equal(key.status, 200);
      assert.equal(key.body.keypair.fingerprint, kp.body.keypair.fingerprint);
      const quota = await call(`${base}/os-quota-sets/proj-x`, "GET");
      assert.equal(quota.body.quota_set.instances, 7);
    } finally {
      assert.equal((await svc.stop()).code, 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
});
