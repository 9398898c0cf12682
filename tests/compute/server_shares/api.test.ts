/**
 * `/servers/{server_id}/shares` over real HTTP (2.97): a server has no shares (no Manila here);
 * show and detach of a share are 404; attach is refused in Nova's order (the vm state, then what
 * the host and the flavor support, then the share Manila does not know). Another project's
 * server is 403 (Nova checks the policy against the instance mapping first), a missing one 404.
 */
import assert from "node:assert/strict";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { useTestClock } from "../servers/_clock.ts";
import { createServer, start } from "../servers/_support.ts";

const V = "2.97";

function attach(h: Harness, id: string, body: unknown, as: Persona = "member", version = V) {
  return h.json(`/servers/${id}/shares`, { as, json: body, version });
}

function action(h: Harness, id: string, body: unknown, as: Persona = "member") {
  return h.json(`/servers/${id}/action`, { as, json: body });
}

const NOT_CONFIGURED =
  "Feature not supported because either compute or instance are not configured correctly.";

Deno.test("shares: none listed; show and detach are 404; below 2.97 not found", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const share = crypto.randomUUID();
    const list = await h.json(`/servers/${id}/shares`, { as: "reader", version: V });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body, { shares: [] });
    const show = await h.json(`/servers/${id}/shares/${share}`, { as: "reader", version: V });
    assert.equal(show.status, 404, show.text);
    assert.equal(faultMessage(show.body), `Share ${share} could not be found.`);
    for (const path of [`/servers/${id}/shares`, `/servers/${id}/shares/${share}`]) {
      const old = await h.json(path, { as: "member", version: "2.96" });
      assert.equal(old.status, 404, `${path}: ${old.text}`);
    }
    // The reads take no query parameters.
    const q = await h.json(`/servers/${id}/shares?x=1`, { as: "member", version: V });
    assert.equal(q.status, 400, q.text);

    // Detach: 409 unless stopped or in error, then 404.
    const active = await h.json(`/servers/${id}/shares/${share}`, {
      as: "member",
      method: "DELETE",
      version: V,
    });
    assert.equal(active.status, 409, active.text);
    assert.equal(
      faultMessage(active.body),
      `Cannot 'delete share' instance ${id} while it is in vm_state active`,
    );
    assert.equal((await action(h, id, { "os-stop": null })).status, 202);
    const stopped = await h.json(`/servers/${id}/shares/${share}`, {
      as: "member",
      method: "DELETE",
      version: V,
    });
    assert.equal(stopped.status, 404, stopped.text);
    assert.equal(faultMessage(stopped.body), `Share ${share} could not be found.`);
  } finally {
    await h.close();
  }
});

Deno.test("shares: attach checks the vm state, the flavor, then the share", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    const share = crypto.randomUUID();
    const body = { share: { share_id: share, tag: "data" } };
    const active = await attach(h, id, body);
    assert.equal(active.status, 409, active.text);
    assert.equal(
      faultMessage(active.body),
      `Cannot 'create share' instance ${id} while it is in vm_state active`,
    );
    assert.equal((await action(h, id, { "os-stop": null })).status, 202);
    const plain = await attach(h, id, body);
    assert.equal(plain.status, 409, plain.text);
    assert.equal(faultMessage(plain.body), NOT_CONFIGURED);

    // A flavor with a memory page size can take a share: then Manila does not know it.
    const made = await h.json("/flavors", {
      json: { flavor: { name: "hp", id: "hp", ram: 512, vcpus: 1, disk: 1 } },
    });
    assert.equal(made.status, 200, made.text);
    await h.json("/flavors/hp/os-extra_specs", {
      json: { extra_specs: { "hw:mem_page_size": "large" } },
    });
    const hp = await createServer(h, "member", { flavorRef: "hp" });
    assert.equal((await action(h, hp, { "os-stop": null })).status, 202);
    const missing = await attach(h, hp, body);
    assert.equal(missing.status, 404, missing.text);
    assert.equal(faultMessage(missing.body), `Share ${share} could not be found.`);
    assert.equal((await attach(h, hp, body, "member", "2.96")).status, 404);
  } finally {
    await h.close();
  }
});

Deno.test("shares: bad bodies are 400", async () => {
  const h = await start();
  try {
    const id = await createServer(h);
    for (
      const body of [
        {},
        { share: {} },
        { share: { share_id: "not-a-uuid" } },
        { share: { share_id: crypto.randomUUID(), tag: "" } },
        { share: { share_id: crypto.randomUUID(), tag: "no spaces" } },
        { share: { share_id: crypto.randomUUID(), tag: "x".repeat(256) } },
        { share: { share_id: crypto.randomUUID(), colour: "red" } },
        { share: { share_id: crypto.randomUUID() }, extra: 1 },
        { share: "x" },
        [],
      ]
    ) {
      const res = await attach(h, id, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.ok(res.body.badRequest, res.text);
    }
  } finally {
    await h.close();
  }
});

Deno.test("shares: roles, another project's server, a missing server", async () => {
  const h = await start({ deno: { fake_boot_seconds: 10 } });
  const clock = useTestClock(h);
  try {
    const id = await createServer(h);
    clock.advance(10);
    const share = crypto.randomUUID();
    const body = { share: { share_id: share } };
    const reader = await attach(h, id, body, "reader");
    assert.equal(reader.status, 403, reader.text);
    assert.equal(
      faultMessage(reader.body),
      "Policy doesn't allow os_compute_api:os-server-shares:create to be performed.",
    );
    const readerDelete = await h.json(`/servers/${id}/shares/${share}`, {
      as: "reader",
      method: "DELETE",
      version: V,
    });
    assert.equal(readerDelete.status, 403, readerDelete.text);
    for (
      const [method, path, rule] of [
        ["GET", `/servers/${id}/shares`, "index"],
        ["GET", `/servers/${id}/shares/${share}`, "show"],
        ["DELETE", `/servers/${id}/shares/${share}`, "delete"],
      ]
    ) {
      const res = await h.json(path, { as: "other", method, version: V });
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      assert.equal(
        faultMessage(res.body),
        `Policy doesn't allow os_compute_api:os-server-shares:${rule} to be performed.`,
      );
    }
    assert.equal((await attach(h, id, body, "other")).status, 403);
    // An admin reaches any project's server.
    const admin = await h.json(`/servers/${id}/shares`, { as: "admin", version: V });
    assert.equal(admin.status, 200, admin.text);
    const unknown = crypto.randomUUID();
    const none = await h.json(`/servers/${unknown}/shares`, { as: "member", version: V });
    assert.equal(none.status, 404);
    assert.equal(faultMessage(none.body), `Instance ${unknown} has no mapping to a cell.`);
    // A building server is not stopped.
    const building = await createServer(h);
    const b = await h.json(`/servers/${building}/shares/${share}`, {
      as: "member",
      method: "DELETE",
      version: V,
    });
    assert.equal(b.status, 409, b.text);
    assert.equal(
      faultMessage(b.body),
      `Cannot 'delete share' instance ${building} while it is in vm_state building`,
    );
  } finally {
    await h.close();
  }
});
