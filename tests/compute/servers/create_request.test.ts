import assert from "node:assert/strict";
import { ApiVersion } from "../../../lib/compute/api_version.ts";
import {
  generatePassword,
  parseAvailabilityZone,
  readCreateRequest,
} from "../../../lib/compute/servers/create_request.ts";
import { NovaFault } from "../../../lib/http/fault.ts";
import { sample } from "../../support/samples.ts";

const v = (text: string) => ApiVersion.parse(text);
const NET = "3cb9bc59-5699-4588-a4b1-b87f96708bc6";
const PORT = "ce531f90-199f-48c0-816c-13e38010b442";
const read = (server: Record<string, unknown>, version = "2.1", extra = {}) =>
  readCreateRequest({ server: { name: "vm", flavorRef: "1", ...server }, ...extra }, v(version));

function fault400(fn: () => unknown, message: string) {
  assert.throws(fn, (e) => e instanceof NovaFault && e.status === 400 && e.message === message);
}

Deno.test("Nova's sample request reads into a create request", async () => {
  const r = readCreateRequest(
    await sample("servers/v2.74/server-create-req-with-host-and-node.json"),
    v("2.74"),
  );
  assert.equal(r.name, "new-server-test");
  assert.equal(r.adminPass, "MySecretPass");
  assert.equal(r.networks, "auto");
  assert.equal(r.requestedHost, "openstack-node-01");
  assert.equal(r.requestedNode, "openstack-node-01");
  assert.deepEqual(r.securityGroups, ["default"]);
  assert.deepEqual(r.metadata, { "My Server Name": "Apache1" });
});

Deno.test("counts default and compare", () => {
  const r = read({});
  assert.deepEqual([r.minCount, r.maxCount], [1, 1]);
  assert.deepEqual([read({ min_count: "2" }).minCount, read({ min_count: "2" }).maxCount], [2, 2]);
  fault400(() => read({ min_count: 3, max_count: "2" }), "min_count must be <= max_count");
});

Deno.test("description is the name before 2.19; hostname from 2.90", () => {
  assert.equal(read({ description: "x" }, "2.18").description, "vm");
  assert.equal(read({}, "2.19").description, null);
  assert.equal(read({ description: "d" }, "2.19").description, "d");
  assert.equal(read({ hostname: "h" }, "2.89").hostname, null);
  assert.equal(read({ hostname: "h" }, "2.90").hostname, "h");
});

Deno.test("networks: Nova's format checks", () => {
  assert.deepEqual(read({ networks: [{ uuid: NET, fixed_ip: "10.0.0.5", tag: "t" }] }).networks, [
    { uuid: NET, fixedIp: "10.0.0.5", tag: "t" },
  ]);
  assert.deepEqual(read({ networks: [{ port: PORT }] }).networks, [{ port: PORT }]);
  assert.equal(read({}).networks, undefined);
  fault400(
    () => read({ networks: [{ port: PORT }, { port: PORT }] }),
    `Port ID '${PORT}' was specified twice: you cannot attach a port multiple times.`,
  );
  fault400(
    () => read({ networks: [{ port: PORT, fixed_ip: "10.0.0.5" }] }),
    `Specified Fixed IP '10.0.0.5' cannot be used with port '${PORT}': the two cannot be ` +
      "specified together.",
  );
  fault400(
    () => read({ networks: [{ fixed_ip: "10.0.0.5" }] }),
    "Bad network format: missing 'uuid'",
  );
  fault400(
    () => read({ networks: [{ uuid: "private" }] }),
    "Bad networks format: network uuid is not in proper format (private)",
  );
});

Deno.test("availability zone: zone, zone:host, zone:host:node, zone::node", () => {
  assert.deepEqual(parseAvailabilityZone("nova"), { zone: "nova", host: null, node: null });
  assert.deepEqual(parseAvailabilityZone("nova:h1"), { zone: "nova", host: "h1", node: null });
  assert.deepEqual(parseAvailabilityZone("nova:h1:n1"), { zone: "nova", host: "h1", node: "n1" });
  assert.deepEqual(parseAvailabilityZone("nova::n1"), { zone: "nova", host: null, node: "n1" });
  assert.deepEqual(parseAvailabilityZone(":h1"), { zone: null, host: "h1", node: null });
  assert.deepEqual(parseAvailabilityZone(null), { zone: null, host: null, node: null });
  fault400(
    () => parseAvailabilityZone("a:b:c:d"),
    "Invalid input received: Unable to parse availability_zone",
  );
  fault400(
    () => read({ availability_zone: "nova:h1", host: "h2" }, "2.74"),
    "One mechanism with host and/or hypervisor_hostname and another mechanism with " +
      "zone:host:node are mutually exclusive.",
  );
});

Deno.test("security groups dedupe; hints from either key; password generated", () => {
  assert.deepEqual(
    read({ security_groups: [{ name: "a" }, { name: "a" }, { name: "b" }] }).securityGroups,
    ["a", "b"],
  );
  assert.deepEqual(read({}, "2.1", { "OS-SCH-HNT:scheduler_hints": { a: 1 } }).schedulerHints, {
    a: 1,
  });
  const p = generatePassword();
  assert.match(p, /^[2-9A-HJ-NP-Za-km-z]{12}$/);
  assert.match(p, /[2-9]/);
  assert.notEqual(generatePassword(), p);
  assert.equal(read({ config_drive: "yes" }).configDrive, true);
  assert.equal(read({ return_reservation_id: "False" }).returnReservationId, false);
});
