/**
 * The rebuild action over real HTTP: the 202 answer against Nova's samples per microversion, the
 * schema's microversion boundaries, Nova's 400s and 409s, and the state sequence on a test clock.
 */
import assert from "node:assert/strict";
import { CIRROS_IMAGE_ID } from "../../../lib/images/catalog.ts";
import type { Harness } from "../../support/compute.ts";
import { sampleTemplate, shapeMismatches } from "../../support/samples.ts";
import { TestClock } from "../../instances/support.ts";
import { createServer, start } from "./_support.ts";

const UNKNOWN = "11111111-2222-3333-4444-555555555555";

function action(h: Harness, id: string, body: unknown, version = "2.1", as = "member" as const) {
  return h.json(`/servers/${id}/action`, { as, version, json: body });
}

function rebuildBody(extra: Record<string, unknown> = {}) {
  return { rebuild: { imageRef: CIRROS_IMAGE_ID, ...extra } };
}

/** Differences a live server has from Nova's sample servers (booted with other options). */
const EXPECTED_DIFFERENCES = [
  /^server\.image\.properties\./,
  /^server\.scheduler_hints\./,
  // Nova's samples show kernel and ramdisk ids as "" or null, depending on the image.
  /^server\.OS-EXT-SRV-ATTR:(kernel|ramdisk)_id: expected string, got null/,
];

async function assertLikeSample(body: unknown, path: string): Promise<void> {
  const problems = shapeMismatches(body, await sampleTemplate(path), {
    nullable: [
      "description",
      "key_name",
      "locked_reason",
      "user_data",
      "pinned_availability_zone",
    ],
  }).filter((p) => !EXPECTED_DIFFERENCES.some((re) => re.test(p)));
  assert.deepEqual(problems, [], path);
}

Deno.test("rebuild answers 202 with the server as the samples show it at each microversion", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (const as of ["member", "admin"] as const) {
      const key = await h.json("/os-keypairs", { as, json: { keypair: { name: "new-key" } } });
      assert.equal(key.status, 200, key.text);
    }
    const versions = [
      ["2.1", "servers/server-action-rebuild-resp.json"],
      ["2.19", "servers/v2.19/server-action-rebuild-resp.json"],
      ["2.26", "servers/v2.26/server-action-rebuild-resp.json"],
      ["2.47", "servers/v2.47/server-action-rebuild-resp.json"],
      ["2.54", "servers/v2.54/server-action-rebuild-resp.json"],
      ["2.57", "servers/v2.57/server-action-rebuild-resp.json"],
      ["2.63", "servers/v2.63/server-action-rebuild-resp.json"],
      ["2.71", "servers/v2.71/server-action-rebuild-resp.json"],
      ["2.73", "servers/v2.73/server-action-rebuild-resp.json"],
      ["2.75", "servers/v2.75/server-action-rebuild-resp.json"],
      ["2.90", "servers/v2.90/server-action-rebuild-resp.json"],
      ["2.94", "servers/v2.94/server-action-rebuild-resp.json"],
      ["2.96", "servers/v2.96/server-action-rebuild-resp.json"],
      ["2.98", "servers/v2.98/server-action-rebuild-resp.json"],
      ["2.100", "servers/v2.100/server-action-rebuild-resp.json"],
    ];
    for (const [version, path] of versions) {
      const req = (await sampleTemplate(path.replace("-resp", ""))) as {
        rebuild: Record<string, unknown>;
      };
      const body: { rebuild: Record<string, unknown> } = {
        rebuild: { ...req.rebuild, imageRef: CIRROS_IMAGE_ID },
      };
      if (typeof body.rebuild.hostname === "string") body.rebuild.hostname = "rebuilt-host";
      // The 2.63 sample sets trusted certificates; later samples show a server without them.
      if (version !== "2.63" && Number(version.slice(2)) >= 63) {
        body.rebuild.trusted_image_certificates ??= null;
      }
      // Some samples come from an admin (the extended attributes show it).
      const sampleServer = ((await sampleTemplate(path)) as { server: Record<string, unknown> })
        .server;
      const as = "OS-EXT-SRV-ATTR:host" in sampleServer ? "admin" : "member";
      const res = await h.json(`/servers/${id}/action`, { as, version, json: body });
      assert.equal(res.status, 202, `${version}: ${res.text}`);
      assert.equal(res.headers.get("location"), `${h.base}/servers/${id}`);
      await assertLikeSample(res.body, path);
      assert.equal(res.body.server.adminPass, req.rebuild.adminPass);
      assert.equal(res.body.server.image.id, CIRROS_IMAGE_ID);
    }
    const show = await h.json(`/servers/${id}`, { as: "member", version: "2.100" });
    assert.equal(show.body.server["OS-DCF:diskConfig"], "AUTO");
    assert.equal(show.body.server.name, "foobar");
    assert.deepEqual(show.body.server.metadata, { meta_var: "meta_val" });
    assert.equal(show.body.server.accessIPv4, "1.2.3.4");
    assert.equal(show.body.server["OS-EXT-SRV-ATTR:hostname"], "rebuilt-host");
  } finally {
    await h.close();
  }
});

Deno.test("rebuild: a generated adminPass, none with enable_instance_password off", async () => {
  const h = await start({ api: { enable_instance_password: false } });
  try {
    const id = await createServer(h);
    const res = await action(h, id, rebuildBody());
    assert.equal(res.status, 202, res.text);
    assert.equal("adminPass" in res.body.server, false);
  } finally {
    await h.close();
  }
  const h2 = await start();
  try {
    const id = await createServer(h2);
    const res = await action(h2, id, rebuildBody());
    assert.equal(typeof res.body.server.adminPass, "string");
    assert.equal(res.body.server.adminPass.length, 12);
  } finally {
    await h2.close();
  }
});

Deno.test("rebuild's schema follows the microversions", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const cases: [string, Record<string, unknown>, number][] = [
      ["2.18", { description: "d" }, 400],
      ["2.19", { description: "d" }, 202],
      ["2.53", { key_name: null }, 400],
      ["2.54", { key_name: null }, 202],
      ["2.56", { personality: [{ path: "/etc/motd", contents: "aGk=" }] }, 202],
      ["2.57", { personality: [] }, 400],
      ["2.56", { user_data: "aGk=" }, 400],
      ["2.57", { user_data: "aGk=" }, 202],
      ["2.57", { user_data: "not base64!" }, 400],
      ["2.62", { trusted_image_certificates: ["c1"] }, 400],
      ["2.63", { trusted_image_certificates: ["c1"] }, 202],
      ["2.63", { trusted_image_certificates: [] }, 400],
      ["2.89", { hostname: "h1" }, 400],
      ["2.90", { hostname: "h1" }, 202],
      ["2.90", { hostname: "h1.example.com" }, 400],
      ["2.94", { hostname: "h1.example.com" }, 202],
      ["2.1", { preserve_ephemeral: true }, 202],
      ["2.1", { preserve_ephemeral: "maybe" }, 400],
      ["2.1", { "OS-DCF:diskConfig": "SOMETIMES" }, 400],
      ["2.1", { imageRef: "not-a-uuid" }, 400],
      ["2.1", { bogus: 1 }, 400],
    ];
    for (const [version, extra, status] of cases) {
      const res = await action(h, id, rebuildBody(extra), version);
      assert.equal(res.status, status, `${version} ${JSON.stringify(extra)}: ${res.text}`);
    }
    const missing = await action(h, id, { rebuild: { name: "x" } });
    assert.equal(missing.status, 400, missing.text);
    const v257 = await action(h, id, rebuildBody({ user_data: "aGk=" }), "2.57");
    assert.equal(v257.body.server.user_data, "aGk=");
    const cleared = await action(h, id, rebuildBody({ user_data: null }), "2.57");
    assert.equal(cleared.body.server.user_data, null);
    const v256 = await action(h, id, rebuildBody(), "2.56");
    assert.equal("user_data" in v256.body.server, false);
  } finally {
    await h.close();
  }
});

Deno.test("rebuild's 400s, 403s and 409s carry Nova's messages", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const fault = (res: { body: Record<string, { message: string }> }) =>
      Object.values(res.body)[0].message;
    const unknown = await action(h, id, rebuildBody({ imageRef: UNKNOWN }));
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(fault(unknown), "Cannot find image for rebuild");
    const key = await action(h, id, rebuildBody({ key_name: "nope" }), "2.54");
    assert.equal(key.status, 400, key.text);
    assert.equal(fault(key), "Invalid key_name provided.");
    const meta = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, "v"]));
    const over = await action(h, id, rebuildBody({ metadata: meta }));
    assert.equal(over.status, 403, over.text);
    assert.equal(fault(over), "Maximum number of metadata items exceeds 128");
    const files = Array.from({ length: 6 }, (_, i) => ({ path: `/f${i}`, contents: "aGk=" }));
    const tooMany = await action(h, id, rebuildBody({ personality: files }));
    assert.equal(tooMany.status, 403, tooMany.text);
    assert.equal(fault(tooMany), "Personality file limit exceeded");
    const other = await action(h, id, rebuildBody(), "2.1", "other" as "member");
    assert.equal(other.status, 404, other.text);
    const reader = await action(h, id, rebuildBody(), "2.1", "reader" as "member");
    assert.equal(reader.status, 403, reader.text);
    const trusted = await h.json(`/servers/${id}/action`, {
      as: "member",
      version: "2.63",
      json: rebuildBody({ trusted_image_certificates: null }),
    });
    assert.equal(trusted.status, 202, trusted.text);

    const lock = await action(h, id, { lock: null });
    assert.equal(lock.status, 202, lock.text);
    const locked = await action(h, id, rebuildBody());
    assert.equal(locked.status, 409, locked.text);
    assert.equal(fault(locked), `Instance ${id} is locked`);
    await action(h, id, { unlock: null });
    await action(h, id, { pause: null });
    const paused = await action(h, id, rebuildBody());
    assert.equal(paused.status, 409, paused.text);
    assert.equal(fault(paused), `Cannot 'rebuild' instance ${id} while it is in vm_state paused`);
  } finally {
    await h.close();
  }
});

Deno.test("rebuild shows REBUILD, then the compute steps, then ACTIVE on the test clock", async () => {
  const h = await start({ deno: { fake_boot_seconds: 3 } });
  const clock = new TestClock(Date.now());
  h.runtime.instances.clock = clock.now;
  try {
    const id = await createServer(h);
    clock.advance(3);
    const res = await action(h, id, rebuildBody(), "2.75");
    assert.equal(res.status, 202, res.text);
    const s = res.body.server;
    assert.deepEqual(
      [s.status, s["OS-EXT-STS:vm_state"], s["OS-EXT-STS:task_state"], s.progress],
      ["REBUILD", "active", "rebuilding", 0],
    );
    const busy = await action(h, id, rebuildBody());
    assert.equal(busy.status, 409, busy.text);
    assert.match(busy.text, /while it is in task_state rebuilding/);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      const show = await h.json(`/servers/${id}`, { as: "member", version: "2.75" });
      const v = show.body.server;
      seen.push(`${v.status}/${v["OS-EXT-STS:task_state"]}`);
    }
    assert.deepEqual(seen, [
      "REBUILD/rebuild_block_device_mapping",
      "REBUILD/rebuild_spawning",
      "ACTIVE/null",
    ]);
    const actions = await h.json(`/servers/${id}/os-instance-actions`, { as: "member" });
    assert.equal(actions.body.instanceActions[0].action, "rebuild");
  } finally {
    await h.close();
  }
});

Deno.test("rebuild with preserve_ephemeral answers as Nova's preserve-ephemeral sample", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const dir = "os-preserve-ephemeral-rebuild/";
    const req = (await sampleTemplate(`${dir}server-action-rebuild-preserve-ephemeral.json`)) as {
      rebuild: Record<string, unknown>;
    };
    const res = await action(h, id, { rebuild: { ...req.rebuild, imageRef: CIRROS_IMAGE_ID } });
    assert.equal(res.status, 202, res.text);
    await assertLikeSample(res.body, `${dir}server-action-rebuild-preserve-ephemeral-resp.json`);
  } finally {
    await h.close();
  }
});
