/**
 * The metadata process as deployed: under its own permission set (`-P=metadata`), and beside a
 * compute process on one store file. A file outside the set cannot be read (start-up stops with
 * one line naming it); a server deleted through the compute API is 404 on the metadata API once
 * `[api] metadata_cache_expiration` has passed.
 */
import assert from "node:assert/strict";
import { configDir, startService } from "./_process.ts";
import { proxySignature } from "../../lib/metadata/identify.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";

const SECRET = "e2e-metadata-secret";

/** The lines a process wrote that start with its name. */
function ownLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("metadata:"));
}

function metadataConf(dir: string, vendorFile: string): string {
  return `[DEFAULT]
metadata_listen = 127.0.0.1
metadata_listen_port = 0
[database]
connection = ${dir}/nova.sqlite
[neutron]
service_metadata_proxy = true
metadata_proxy_shared_secret = ${SECRET}
[api]
vendordata_jsonfile_path = ${vendorFile}
`;
}

Deno.test("metadata process: a vendor data file outside its permission set stops start-up with one line", async () => {
  // Readable by this test (so only the permission set can refuse it), outside ./state and ./etc.
  const outside = await Deno.makeTempFile({ dir: "/tmp", prefix: "vendor-", suffix: ".json" });
  await Deno.writeTextFile(outside, '{"from": "outside"}');
  assert.deepEqual(JSON.parse(await Deno.readTextFile(outside)), { from: "outside" });
  const dir = await configDir("");
  try {
    await Deno.writeTextFile(`${dir}/nova.conf`, metadataConf(dir, outside));
    const svc = await startService("metadata.ts", { OS_NOVA_CONFIG_DIR: dir });
    const status = await svc.stop();
    assert.equal(svc.url, "", "it must not listen");
    assert.equal(status.code, 1, svc.stderr());
    assert.deepEqual(ownLines(svc.stderr()), [
      `metadata: ${dir}/nova.conf:10: [api] vendordata_jsonfile_path = "${outside}": ` +
      "not readable under this process's permissions (name it in --allow-read)",
    ]);
    assert.doesNotMatch(svc.stderr(), /\n\s+at |uncaught/i);
  } finally {
    await Deno.remove(outside);
    await Deno.remove(dir, { recursive: true });
  }
});

const ADMIN = { "X-Auth-Token": "admin:admin", "Content-Type": "application/json" };

async function compute(url: string, method: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: ADMIN,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Poll `probe` (every 100 ms, for at most 20 s) until it answers true. */
async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

Deno.test("metadata process beside compute: a file inside its set is served; a server deleted through compute is 404 after the cache time", async () => {
  const dir = await configDir("");
  const inside = `${dir}/vendor.json`;
  await Deno.writeTextFile(inside, '{"from": "inside"}');
  await Deno.writeTextFile(
    `${dir}/nova.conf`,
    metadataConf(dir, inside) + `metadata_cache_expiration = 1
auth_strategy = noauth2
[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
[deno]
seed_flavors = true
fake_boot_seconds = 0
[virt]
fake_delete_seconds = 0
`,
  );
  const env = { OS_NOVA_CONFIG_DIR: dir };
  const api = await startService("compute.ts", env);
  const md = await startService("metadata.ts", env);
  try {
    assert.ok(api.url, api.stderr());
    assert.ok(md.url, md.stderr());
    const created = await compute(`${api.url}/v2.1/servers`, "POST", {
      server: {
        name: "gone-soon",
        imageRef: CIRROS_IMAGE_ID,
        flavorRef: "1",
        networks: [{ uuid: PRIVATE_NETWORK_ID }],
      },
    });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const id: string = created.body.server.id;
    const server = `${api.url}/v2.1/servers/${id}`;
    await until(
      "ACTIVE",
      async () => (await compute(server, "GET")).body.server.status === "ACTIVE",
    );
    const signed = {
      "x-instance-id": id,
      "x-tenant-id": "admin",
      "x-instance-id-signature": proxySignature(SECRET, id),
    };
    const read = async (path: string) => {
      const res = await fetch(`${md.url}/openstack/latest/${path}`, { headers: signed });
      return { status: res.status, text: await res.text() };
    };
    const meta = await read("meta_data.json");
    assert.equal(meta.status, 200, meta.text);
    assert.equal(JSON.parse(meta.text).uuid, id);
    assert.equal(JSON.parse(meta.text).name, "gone-soon");
    assert.deepEqual(JSON.parse((await read("vendor_data.json")).text), { from: "inside" });

    assert.equal((await compute(server, "DELETE")).status, 204);
    await until("gone from compute", async () => (await compute(server, "GET")).status === 404);
    // What the metadata process cached before the delete lives at most one second more.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await read("meta_data.json");
    assert.equal(after.status, 404, after.text);
  } finally {
    assert.equal((await md.stop()).code, 0, md.stderr());
    assert.equal((await api.stop()).code, 0, api.stderr());
    await Deno.remove(dir, { recursive: true });
  }
});
