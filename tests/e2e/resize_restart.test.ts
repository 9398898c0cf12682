/**
 * A compute process killed (SIGKILL) in the middle of a resize loses nothing: the steps live in
 * the stored record, so after a restart the resize goes on to VERIFY_RESIZE with the destination
 * holding the new flavor and the source the old one, and a confirm frees the source.
 */
import assert from "node:assert/strict";
import { getHostUsage } from "../../lib/store/hosts.ts";
import { getInstance } from "../../lib/store/instances.ts";
import { listInstanceMigrations } from "../../lib/store/server_migrations.ts";
import { configDir, type ServiceProcess, startService } from "./_process.ts";

const root = new URL("../../", import.meta.url).pathname;

function conf(store: string, bootSeconds: number): string {
  return `[DEFAULT]
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 0
[api]
auth_strategy = noauth2
[database]
connection = sqlite:////${store.replace(/^\//, "")}
[deno]
seed_flavors = true
fake_boot_seconds = ${bootSeconds}
[virt]
fake_delete_seconds = 0
`;
}

const ADMIN = { "X-Auth-Token": "admin:admin", "Content-Type": "application/json" };

async function call(url: string, method: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { ...ADMIN, "OpenStack-API-Version": "compute 2.37" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

/** Poll the server until `status` (the steps' own times decide when; no fixed sleep). */
async function until(base: string, id: string, status: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20000;
  for (;;) {
    const got = await call(`${base}/servers/${id}`, "GET");
    if (got.body.server.status === status) return got.body.server;
    assert.ok(Date.now() < deadline, `still ${got.body.server.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function withStore<T>(path: string, body: (kv: Deno.Kv) => Promise<T>): Promise<T> {
  const kv = await Deno.openKv(path);
  try {
    return await body(kv);
  } finally {
    kv.close();
  }
}

Deno.test("a resize survives a SIGKILL of the compute process and finishes after the restart", async () => {
  const stateDir = `${root}state/resize-restart-${crypto.randomUUID()}`;
  await Deno.mkdir(stateDir, { recursive: true });
  const store = `${stateDir}/nova.sqlite`;
  const instant = await configDir(conf(store, 0));
  const slow = await configDir(conf(store, 2));
  let svc: ServiceProcess | null = null;
  try {
    // Build at once, then resize with steps spread over two seconds.
    svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: instant });
    assert.ok(svc.url, svc.stderr());
    let base = `${svc.url}/v2.1`;
    const created = await call(`${base}/servers`, "POST", {
      server: {
        name: "vm1",
        imageRef: "155d900f-4e14-4e4c-a73d-069cbf4541e6",
        flavorRef: "1",
        networks: "none",
      },
    });
    assert.equal(created.status, 202, created.text);
    const id = created.body.server.id;
    const source = (await until(base, id, "ACTIVE"))["OS-EXT-SRV-ATTR:host"] as string;
    assert.equal((await svc.stop()).code, 0);

    svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: slow });
    assert.ok(svc.url, svc.stderr());
    base = `${svc.url}/v2.1`;
    const resized = await call(`${base}/servers/${id}/action`, "POST", {
      resize: { flavorRef: "2" },
    });
    assert.equal(resized.status, 202, resized.text);
    await svc.stop("SIGKILL");
    svc = null;

    // Killed mid-resize: the record still holds the steps to come.
    const dest = await withStore(store, async (kv) => {
      const record = await getInstance(kv, id);
      assert.ok(record && record.pending.length > 0, "steps still pending");
      assert.notEqual(record.vm_state, "resized");
      return record.migration_context!.dest_compute;
    });
    assert.notEqual(dest, source);

    svc = await startService("compute.ts", { OS_NOVA_CONFIG_DIR: slow });
    assert.ok(svc.url, svc.stderr());
    base = `${svc.url}/v2.1`;
    const verify = await until(base, id, "VERIFY_RESIZE");
    assert.equal(verify["OS-EXT-SRV-ATTR:host"], dest);
    assert.equal((verify.flavor as { id: string }).id, "2");
    const limits = await call(`${base}/limits`, "GET");
    assert.equal(limits.body.limits.absolute.totalRAMUsed, 2048);
    const confirmed = await call(`${base}/servers/${id}/action`, "POST", { confirmResize: null });
    assert.equal(confirmed.status, 204, confirmed.text);
    await until(base, id, "ACTIVE");
    assert.equal((await svc.stop()).code, 0);
    svc = null;

    await withStore(store, async (kv) => {
      const usage = await getHostUsage(kv, [source, dest]);
      assert.equal(usage.get(source)?.memory_mb, 0);
      assert.equal(usage.get(dest)?.memory_mb, 2048);
      const [migration] = await listInstanceMigrations(kv, id);
      assert.equal(migration.status, "confirmed");
    });
  } finally {
    await svc?.stop("SIGKILL");
    await Deno.remove(instant, { recursive: true });
    await Deno.remove(slow, { recursive: true });
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
});
