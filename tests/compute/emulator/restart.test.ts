/**
 * `POST /os-emulator/hosts/{host}/restart` over real HTTP: after an evacuation Nova refuses to
 * force the source's compute service up until that compute restarts; the restart moves the
 * `done` evacuation to `completed`, and the service may then be forced up.
 */
import assert from "node:assert/strict";
import { faultMessage } from "../../support/compute.ts";
import { createServer, show, startEmulator } from "./_support.ts";

Deno.test("a host restart completes its done evacuations, then os-services may force it up", async () => {
  const h = await startEmulator();
  try {
    const id = await createServer(h);
    const source = (await show(h, id))["OS-EXT-SRV-ATTR:host"];
    const serviceId = async () => {
      const res = await h.json(`/os-services?host=${source}&binary=nova-compute`, {
        as: "admin",
        version: "2.53",
      });
      return res.body.services[0].id;
    };
    const sid = await serviceId();
    const force = (down: boolean) =>
      h.json(`/os-services/${sid}`, {
        method: "PUT",
        as: "admin",
        version: "2.53",
        json: { forced_down: down },
      });
    assert.equal((await force(true)).status, 200);
    const evac = await h.json(`/servers/${id}/action`, {
      as: "admin",
      version: "2.14",
      json: { evacuate: {} },
    });
    assert.equal(evac.status, 200, evac.text);
    const server = await show(h, id);
    assert.notEqual(server["OS-EXT-SRV-ATTR:host"], source);

    const refused = await force(false);
    assert.equal(refused.status, 400, refused.text);
    assert.match(faultMessage(refused.body), /`done` evacuation/);

    const unknown = await h.json("/os-emulator/hosts/nowhere/restart", {
      method: "POST",
      as: "admin",
    });
    assert.equal(unknown.status, 404, unknown.text);
    const member = await h.json(`/os-emulator/hosts/${source}/restart`, {
      method: "POST",
      as: "member",
    });
    assert.equal(member.status, 403, member.text);

    const restart = await h.json(`/os-emulator/hosts/${source}/restart`, {
      method: "POST",
      as: "admin",
    });
    assert.equal(restart.status, 200, restart.text);
    assert.deepEqual(restart.body, { restart: { host: source, completed_evacuations: 1 } });
    const migrations = await h.json(`/os-migrations?instance_uuid=${id}`, {
      as: "admin",
      version: "2.59",
    });
    assert.equal(migrations.body.migrations[0].status, "completed");
    assert.equal((await force(false)).status, 200);
  } finally {
    await h.close();
  }
});
