/**
 * The create checks Nova's compute API makes before building: fixed IPs, ports and a hostname
 * with max_count > 1, unknown availability zones, and 2.74 requested hosts and nodes that no
 * compute host has; a forced host (`zone:host`) in another zone drops the zone.
 */
import assert from "node:assert/strict";
import { PRIVATE_NETWORK_ID } from "../../../lib/networks/catalog.ts";
import { faultMessage, type Harness, type Persona } from "../../support/compute.ts";
import { serverBody, start } from "./_support.ts";

async function create(
  h: Harness,
  extra: Record<string, unknown>,
  version = "2.1",
  as: Persona = "member",
) {
  return await h.json("/servers", { as, version, json: serverBody(extra) });
}

async function refused(res: Promise<{ status: number; body: unknown }>) {
  const r = await res;
  assert.equal(r.status, 400, JSON.stringify(r.body));
  return faultMessage(r.body);
}

Deno.test("several servers cannot share a fixed IP, a port or a hostname", async () => {
  const h = await start();
  try {
    assert.equal(
      await refused(create(h, {
        max_count: 2,
        networks: [{ uuid: PRIVATE_NETWORK_ID, fixed_ip: "10.0.0.50" }],
      })),
      "Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.",
    );
    assert.equal(
      await refused(
        create(h, { max_count: 2, networks: [{ port: "9f6b0c1e-0d9a-4d6e-9b1e-2f3c4d5e6f70" }] }),
      ),
      "Failed to launch instances: Unable to launch multiple instances with a single " +
        "configured port ID. Please launch your instance one by one with different ports.",
    );
    assert.equal(
      await refused(create(h, { max_count: 3, hostname: "web" }, "2.90")),
      "Unable to allocate a single hostname to multiple instances",
    );
    // One server with a fixed IP or a hostname is fine.
    const one = await create(h, {
      networks: [{ uuid: PRIVATE_NETWORK_ID, fixed_ip: "10.0.0.50" }],
    });
    assert.equal(one.status, 202, one.text);
    const named = await create(h, { hostname: "web" }, "2.90");
    assert.equal(named.status, 202, named.text);
  } finally {
    await h.close();
  }
});

Deno.test("an availability zone no host is in: 400; a host's zone is fine", async () => {
  const h = await start();
  try {
    assert.equal(
      await refused(create(h, { availability_zone: "mars" })),
      "The requested availability zone is not available",
    );
    const ok = await create(h, { availability_zone: "nova" });
    assert.equal(ok.status, 202, ok.text);
    // A forced host skips the zone check; a zone the host is not in is dropped.
    const forced = await create(h, { availability_zone: "mars:compute-2" }, "2.1", "admin");
    assert.equal(forced.status, 202, forced.text);
    const shown = await h.json(`/servers/${forced.body.server.id}`, { as: "admin" });
    assert.equal(shown.body.server["OS-EXT-SRV-ATTR:host"], "compute-2");
    assert.equal(shown.body.server["OS-EXT-AZ:availability_zone"], "nova");
  } finally {
    await h.close();
  }
});

Deno.test("2.74 host and hypervisor_hostname must name a compute host", async () => {
  const h = await start();
  try {
    const v = "2.74";
    assert.equal(
      await refused(create(h, { host: "nowhere" }, v, "admin")),
      "Compute host nowhere could not be found.",
    );
    assert.equal(
      await refused(create(h, { hypervisor_hostname: "nonode" }, v, "admin")),
      "Compute host nonode could not be found.",
    );
    assert.equal(
      await refused(create(h, { host: "compute-1", hypervisor_hostname: "compute-2" }, v, "admin")),
      "Compute host compute-1 could not be found.",
    );
    const ok = await create(h, { host: "compute-2", hypervisor_hostname: "compute-2" }, v, "admin");
    assert.equal(ok.status, 202, ok.text);
    const shown = await h.json(`/servers/${ok.body.server.id}`, { as: "admin", version: v });
    assert.equal(shown.body.server["OS-EXT-SRV-ATTR:host"], "compute-2");
  } finally {
    await h.close();
  }
});

Deno.test("security groups must exist in the project; a group hint names a server group", async () => {
  const h = await start();
  try {
    assert.equal(
      await refused(create(h, { security_groups: [{ name: "web" }] })),
      "Security group web not found.",
    );
    const ok = await create(h, { security_groups: [{ name: "default" }] });
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    const group = "5d1b3d7e-7b1a-4b6b-9f0d-1c2e3f4a5b6c";
    const hinted = await h.json("/servers", {
      as: "member",
      json: { ...serverBody(), "os:scheduler_hints": { group } },
    });
    assert.equal(hinted.status, 400, hinted.text);
    assert.equal(faultMessage(hinted.body), `Instance group ${group} could not be found.`);
  } finally {
    await h.close();
  }
});
