/**
 * Finding servers on the metadata API over real HTTP, with servers created through the instance
 * domain in the service's store: by the caller's address, by a forwarded address that
 * http_proxy_to_wsgi trusts, and by Neutron's signed proxy headers; one instance never sees
 * another's data; the per-process cache; the password.
 */
import assert from "node:assert/strict";
import { startMetadata } from "./_pipeline.ts";
import { createServer, LOOPBACK_NETWORK, pastDeps } from "./_servers.ts";
import { deleteServer, updateServer } from "../../lib/instances/mod.ts";
import { proxySignature } from "../../lib/metadata/identify.ts";
import { getPassword } from "../../lib/store/passwords.ts";

const SECRET = "proxy-secret";
const PROXY = {
  ...LOOPBACK_NETWORK,
  OS_NEUTRON__SERVICE_METADATA_PROXY: "true",
  OS_NEUTRON__METADATA_PROXY_SHARED_SECRET: SECRET,
};

type Fetcher = { fetch(p: string, i?: RequestInit): Promise<Response> };

async function get(m: Fetcher, path: string, headers: Record<string, string> = {}) {
  const res = await m.fetch(path, { headers: { accept: "text/plain", ...headers } });
  return { status: res.status, text: await res.text() };
}

async function uuidSeen(m: Fetcher, headers: Record<string, string> = {}) {
  const r = await get(m, "/openstack/latest/meta_data.json", headers);
  return r.status === 200 ? JSON.parse(r.text).uuid : r.status;
}

const signed = (id: string, tenant: string) => ({
  "x-instance-id": id,
  "x-tenant-id": tenant,
  "x-instance-id-signature": proxySignature(SECRET, id),
});

Deno.test("lookup: by address, each caller sees its own server only", async () => {
  const m = await startMetadata({
    ...LOOPBACK_NETWORK,
    OS_OSLO_MIDDLEWARE__ENABLE_PROXY_HEADERS_PARSING: "true",
  });
  try {
    const a = await createServer(m, { fixedIp: "127.0.0.1", name: "a", userData: btoa("A!") });
    const b = await createServer(m, {
      fixedIp: "127.0.0.2",
      name: "b",
      projectId: "p2",
      userData: btoa("B!"),
    });
    assert.equal(await uuidSeen(m), a.uuid);
    // A forwarded address is trusted only because proxy header parsing is on.
    assert.equal(await uuidSeen(m, { "x-forwarded-for": "127.0.0.2" }), b.uuid);
    assert.equal(
      (await get(m, "/latest/user-data", { "x-forwarded-for": "127.0.0.2" })).text,
      "B!",
    );
    assert.equal(await uuidSeen(m, { "x-forwarded-for": "127.0.0.3" }), 404);
    // An instance id header names nobody when the proxy is off.
    assert.equal(await uuidSeen(m, signed(b.uuid, "p2")), a.uuid);
    // Nothing of b in anything a reads.
    const paths = [
      "/openstack/latest/meta_data.json",
      "/openstack/latest/user_data",
      "/openstack/latest/network_data.json",
      "/openstack/latest/vendor_data2.json",
      "/openstack/latest/password",
      "/latest/meta-data/instance-id",
      "/latest/meta-data/hostname",
      "/latest/meta-data/local-ipv4",
      "/latest/meta-data/reservation-id",
      "/latest/user-data",
    ];
    for (const path of paths) {
      const r = await get(m, path);
      assert.equal(r.status, 200, path);
      assert.notEqual(r.text, "127.0.0.2");
      for (const secret of [b.uuid, "B!", b.ports[0].mac_address, b.ports[0].id]) {
        assert.ok(!r.text.includes(secret), `${path} shows ${secret}`);
      }
    }
  } finally {
    await m.close();
  }
});

Deno.test("lookup: without proxy header parsing a forwarded address is ignored", async () => {
  const m = await startMetadata(LOOPBACK_NETWORK);
  try {
    const a = await createServer(m, { fixedIp: "127.0.0.1" });
    await createServer(m, { fixedIp: "127.0.0.2", projectId: "p2" });
    assert.equal(await uuidSeen(m, { "x-forwarded-for": "127.0.0.2" }), a.uuid);
  } finally {
    await m.close();
  }
});

Deno.test("lookup: through Neutron's proxy, the signed id and its own tenant only", async () => {
  const m = await startMetadata(PROXY);
  try {
    const a = await createServer(m, { fixedIp: "127.0.0.5", projectId: "p1" });
    const b = await createServer(m, { fixedIp: "127.0.0.6", projectId: "p2" });
    assert.equal(await uuidSeen(m, signed(a.uuid, "p1")), a.uuid);
    assert.equal(await uuidSeen(m, signed(b.uuid, "p2")), b.uuid);
    // Another tenant's instance, a forged signature, a missing header.
    assert.equal(await uuidSeen(m, signed(b.uuid, "p1")), 404);
    assert.equal(await uuidSeen(m, signed(a.uuid, "p2")), 404);
    assert.equal(
      await uuidSeen(m, { ...signed(a.uuid, "p1"), "x-instance-id": b.uuid }),
      403,
    );
    assert.equal(
      await uuidSeen(m, { "x-instance-id": a.uuid, "x-tenant-id": "p1" }),
      400,
    );
    // The address is not how the proxy path finds instances.
    assert.equal(await uuidSeen(m), 400);
    // local-ipv4 is the instance's fixed IP; the forwarded address is only a fallback.
    const ip = await get(m, "/latest/meta-data/local-ipv4", {
      ...signed(b.uuid, "p2"),
      "x-forwarded-for": "192.0.2.9",
    });
    assert.equal(ip.text, "127.0.0.6");
    // An unknown, and a deleted, instance.
    const ghost = crypto.randomUUID();
    assert.equal(await uuidSeen(m, signed(ghost, "p1")), 404);
  } finally {
    await m.close();
  }
});

Deno.test("lookup: a metadata provider names the instance by its network and forwarded address", async () => {
  const m = await startMetadata(PROXY);
  try {
    const a = await createServer(m, { fixedIp: "127.0.0.5", projectId: "p1" });
    const b = await createServer(m, { fixedIp: "127.0.0.6", projectId: "p2" });
    const network = a.ports[0].network_id;
    const provider = (id: string, address: string, signature = proxySignature(SECRET, id)) => ({
      "x-metadata-provider": id,
      "x-metadata-provider-signature": signature,
      "x-forwarded-for": `${address}, 192.0.2.1`,
    });
    // The provider is the network, by name or id; the first forwarded address is the instance.
    assert.equal(await uuidSeen(m, provider("lo", "127.0.0.5")), a.uuid);
    assert.equal(await uuidSeen(m, provider(network, "127.0.0.6")), b.uuid);
    assert.equal(
      (await get(m, "/latest/meta-data/local-ipv4", provider("lo", "127.0.0.6"))).text,
      "127.0.0.6",
    );
    // Forged: signed for another provider, or with a signature of the right length but wrong.
    const forged = provider("lo", "127.0.0.5", proxySignature(SECRET, network));
    assert.equal(await uuidSeen(m, forged), 403);
    assert.equal(await uuidSeen(m, provider("lo", "127.0.0.5", "0".repeat(64))), 403);
    assert.equal(await uuidSeen(m, provider("lo", "127.0.0.5", "")), 403);
    assert.ok(
      m.logs.includes(
        `WARNING X-Instance-ID-Signature: ${"0".repeat(64)} does not match the expected ` +
          "signature for id: lo. Request From: 127.0.0.5",
      ),
      m.logs.join("\n"),
    );
    assert.ok(!m.logs.some((l) => l.includes(SECRET)));
    // Missing: the signature, the forwarded address.
    const { "x-metadata-provider-signature": _, ...unsigned } = provider("lo", "127.0.0.5");
    assert.equal(await uuidSeen(m, unsigned), 403);
    const { "x-forwarded-for": __, ...nowhere } = provider("lo", "127.0.0.5");
    const missing = await get(m, "/openstack/latest/meta_data.json", nowhere);
    assert.equal(missing.status, 400);
    assert.match(missing.text, /X-Forwarded-For is missing from request\./);
    // A provider with no network, and an address with no port on the provider's networks.
    const stranger = await get(m, "/openstack/latest/meta_data.json", provider("lb9", "127.0.0.5"));
    assert.equal(stranger.status, 400);
    assert.match(stranger.text, /Could not find any subnets for provider lb9/);
    const empty = await get(m, "/openstack/latest/meta_data.json", provider("lo", "127.0.0.7"));
    assert.equal(empty.status, 400);
    assert.match(
      empty.text,
      /Expected a single port matching provider lo and IP 127\.0\.0\.7\. Found 0\./,
    );
  } finally {
    await m.close();
  }
});

Deno.test("lookup: a server still scheduling has no port yet: not found by address, empty network by id", async () => {
  const m = await startMetadata({ ...PROXY, OS_DENO__FAKE_BOOT_SECONDS: "3600" });
  const byAddress = await startMetadata({
    ...LOOPBACK_NETWORK,
    OS_DENO__FAKE_BOOT_SECONDS: "3600",
  });
  try {
    const a = await createServer(m, { fixedIp: "127.0.0.1", now: true });
    assert.equal(a.task_state, "scheduling");
    const net = await get(m, "/openstack/latest/network_data.json", {
      ...signed(a.uuid, "p1"),
      "x-forwarded-for": "192.0.2.9",
    });
    assert.deepEqual([net.status, net.text], [200, "{}"]);
    const ip = await get(m, "/latest/meta-data/local-ipv4", {
      ...signed(a.uuid, "p1"),
      "x-forwarded-for": "192.0.2.9",
    });
    // Without a port, local-ipv4 is the address the proxy forwarded (as the look-up cached it).
    assert.equal(ip.text, "192.0.2.9");
    await createServer(byAddress, { fixedIp: "127.0.0.1", now: true });
    assert.equal(await uuidSeen(byAddress), 404);
  } finally {
    await m.close();
    await byAddress.close();
  }
});

Deno.test("lookup: a change shows after the cache time; with caching off at once", async () => {
  // Default [api] metadata_cache_expiration (15 s): the first answer is kept.
  const cached = await startMetadata(PROXY);
  try {
    const a = await createServer(cached, { name: "before" });
    const name = async () =>
      JSON.parse((await get(cached, "/openstack/latest/meta_data.json", signed(a.uuid, "p1"))).text)
        .name;
    assert.equal(await name(), "before");
    await updateServer(cached.kv, a.uuid, { name: "after" }, pastDeps(cached));
    assert.equal(await name(), "before");
    await deleteServer(cached.kv, a.uuid, pastDeps(cached));
    assert.equal(await name(), "before");
  } finally {
    await cached.close();
  }
  const fresh = await startMetadata({ ...PROXY, OS_API__METADATA_CACHE_EXPIRATION: "0" });
  try {
    const a = await createServer(fresh, { name: "before" });
    const read = () => get(fresh, "/openstack/latest/meta_data.json", signed(a.uuid, "p1"));
    assert.equal(JSON.parse((await read()).text).name, "before");
    await updateServer(fresh.kv, a.uuid, { name: "after" }, pastDeps(fresh));
    assert.equal(JSON.parse((await read()).text).name, "after");
    // Deleted through the instance domain (the delete step is long due): not found.
    await deleteServer(fresh.kv, a.uuid, pastDeps(fresh));
    assert.equal((await read()).status, 404);
  } finally {
    await fresh.close();
  }
});

Deno.test("lookup: the password is posted once, read back, and bounded", async () => {
  const m = await startMetadata({
    ...LOOPBACK_NETWORK,
    OS_API__METADATA_CACHE_EXPIRATION: "0",
    OS_OSLO_MIDDLEWARE__ENABLE_PROXY_HEADERS_PARSING: "true",
  });
  try {
    const a = await createServer(m, { fixedIp: "127.0.0.1" });
    const path = "/openstack/latest/password";
    const first = await m.fetch(path);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("content-type"), "text/html; charset=UTF-8");
    assert.equal(await first.text(), "");
    const tooBig = await m.fetch(path, {
      method: "POST",
      body: "x".repeat(1021),
      headers: { accept: "text/plain" },
    });
    assert.equal(tooBig.status, 400);
    assert.equal(await tooBig.text(), "400 Bad Request\n\nRequest is too large.\n\n   ");
    const put = await m.fetch(path, {
      method: "PUT",
      body: "x",
      headers: { accept: "text/plain" },
    });
    assert.equal(put.status, 400);
    assert.equal(await put.text(), "400 Bad Request\n\nGET and POST only are supported.\n\n   ");
    // Two concurrent posts: exactly one is stored.
    const posts = await Promise.all(
      ["first-secret", "second-secret"].map((p) =>
        m.fetch(path, { method: "POST", body: p.repeat(1), headers: { accept: "text/plain" } })
      ),
    );
    const statuses = posts.map((r) => r.status).sort();
    await Promise.all(posts.map((r) => r.body?.cancel()));
    assert.deepEqual(statuses, [200, 409]);
    const stored = await getPassword(m.kv, a.uuid);
    assert.ok(stored === "first-secret" || stored === "second-secret");
    assert.equal(await (await m.fetch(path)).text(), stored);
    const again = await m.fetch(path, { method: "POST", body: "x" });
    assert.equal(again.status, 409);
    await again.body?.cancel();
    const max = "y".repeat(1020);
    const b = await createServer(m, { fixedIp: "127.0.0.2" });
    const ok = await m.fetch(path, {
      method: "POST",
      body: max,
      headers: { "x-forwarded-for": "127.0.0.2" },
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.equal(await getPassword(m.kv, b.uuid), max);
    assert.equal(await getPassword(m.kv, a.uuid), stored);
    assert.equal((await get(m, "/openstack/2012-08-10/password")).status, 404);
  } finally {
    await m.close();
  }
});
