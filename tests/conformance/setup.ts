/**
 * The states the conformance rows need, each built through the compute API itself (and, for
 * volumes, the store the Cinder-like subset reads): a setup returns the names a row's path and
 * request use (`{server}`, `{aggregate}`, …).
 *
 * @module
 */
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { PRIVATE_NETWORK_ID } from "../../lib/networks/catalog.ts";
import type { Harness, Persona } from "../support/compute.ts";
import { makeVolume } from "../compute/volume_attachments/_volumes.ts";

/** Names a setup gives a row: `{name}` in a path or request string is replaced by its value. */
export type Vars = Record<string, string>;

/** A setup: drive the API into a state, return the names it made. */
export type Setup = (h: Harness, as: Persona, vars: Vars) => Promise<Vars>;

/** The project each persona acts in (noauth2 tokens of the paste pipeline). */
export const PROJECT: Partial<Record<Persona, string>> = {
  admin: "admin",
  member: "project-a",
};

/** A fetch that must answer `want`; returns the parsed body. */
export async function call(
  h: Harness,
  path: string,
  init: { as: Persona; version?: string; method?: string; json?: unknown },
  want: number,
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const res = await h.json(`/v2.1${path}`, init);
  if (res.status !== want) {
    throw new Error(`setup ${init.method ?? "GET"} ${path}: ${res.status} ${res.text}`);
  }
  return res.body;
}

/** A server, booted and ACTIVE: `{server}`. */
export const server: Setup = async (h, as, vars) => {
  const body = await call(h, "/servers", {
    as,
    json: {
      server: {
        name: "new-server-test",
        imageRef: CIRROS_IMAGE_ID,
        flavorRef: "1",
        networks: [{ uuid: PRIVATE_NETWORK_ID }],
        metadata: { "My Server Name": "Apache1" },
      },
      // Nova's samples boot with a scheduler hint (shown from 2.100), but not 2.104's.
      ...(vars.version === "2.104" ? {} : { "OS-SCH-HNT:scheduler_hints": { same_host: [] } }),
    },
  }, 202);
  return { server: body.server.id };
};

/** A second server (a page of one has a next link). */
export const server2: Setup = async (h, as, vars) => ({
  server2: (await server(h, as, vars)).server,
});

/** The keypair Nova's rebuild samples name: `new-key`. */
export const newKey: Setup = async (h, as) => {
  await call(h, "/os-keypairs", { as, json: { keypair: { name: "new-key" } } }, 200);
  return {};
};

/** A second keypair. */
export const keypair2: Setup = async (h, as) => {
  await call(h, "/os-keypairs", { as, json: { keypair: { name: "keypair-2" } } }, 200);
  return {};
};

/** `{server}` stopped: a second instance action. */
export const stopped: Setup = async (h, as, vars) => {
  await call(h, `/servers/${vars.server}/action`, { as, json: { "os-stop": null } }, 202);
  return {};
};

/** The newest migration: `{migration}` (its uuid, 2.59+), its user and project. */
export const lastMigration: Setup = async (h, as) => {
  const body = await call(h, "/os-migrations", { as, version: "2.80" }, 200);
  const m = body.migrations[0];
  return { migration: m.uuid, migration_user: m.user_id, migration_project: m.project_id };
};

/** The first instance action of `{server}`: `{request}`. */
export const action: Setup = async (h, as, vars) => {
  const body = await call(h, `/servers/${vars.server}/os-instance-actions`, { as }, 200);
  return { request: body.instanceActions[0].request_id };
};

/** A keypair named as Nova's samples name it: `{keypair}`. */
export const keypair: Setup = async (h, as) => {
  const name = "keypair-50ca852e-273f-4cdc-8949-45feba200837";
  await call(h, "/os-keypairs", { as, json: { keypair: { name } } }, 200);
  return { keypair: name };
};

/** Extra specs on flavor 1 (`hw:cpu_policy`, `hw:numa_nodes`). */
export const extraSpecs: Setup = async (h, as) => {
  await call(h, "/flavors/1/os-extra_specs", {
    as,
    json: { extra_specs: { "hw:cpu_policy": "shared", "hw:numa_nodes": "1" } },
  }, 200);
  return {};
};

/** The first compute service and hypervisor: `{service}`, `{host}`, `{hypervisor}`, `{hostname}`. */
export const hosts: Setup = async (h, as, vars) => {
  const services = await call(h, "/os-services?binary=nova-compute", { as, version: "2.53" }, 200);
  const hyps = await call(h, "/os-hypervisors", { as, version: "2.53" }, 200);
  const old = await call(h, "/os-hypervisors", { as, version: "2.52" }, 200);
  const upTo252 = Number(vars.version.split(".")[1]) < 53;
  return {
    service: services.services[0].id,
    host: services.services[0].host,
    hypervisor: String(upTo252 ? old.hypervisors[0].id : hyps.hypervisors[0].id),
    hostname: hyps.hypervisors[0].hypervisor_hostname,
  };
};

/** An aggregate named `name` in zone `london`: `{aggregate}`. */
export const aggregate: Setup = async (h, as) => {
  const body = await call(h, "/os-aggregates", {
    as,
    json: { aggregate: { name: "name", availability_zone: "london" } },
  }, 200);
  return { aggregate: String(body.aggregate.id) };
};

/** An aggregate with `{host}` in it. */
export const aggregateHost: Setup = async (h, as, vars) => {
  await call(h, `/os-aggregates/${vars.aggregate}/action`, {
    as,
    json: { add_host: { host: vars.host } },
  }, 200);
  return {};
};

/** An anti-affinity server group: `{group}`. */
export const group: Setup = async (h, as) => {
  const body = await call(h, "/os-server-groups", {
    as,
    version: "2.64",
    json: {
      server_group: { name: "test", policy: "anti-affinity", rules: { max_server_per_host: 3 } },
    },
  }, 200);
  return { group: body.server_group.id };
};

/** `{server}` cold-migrated and confirmed: one migration record. */
export const migrated: Setup = async (h, as, vars) => {
  await call(h, `/servers/${vars.server}/action`, { as, json: { migrate: null } }, 202);
  await call(h, `/servers/${vars.server}/action`, { as, json: { confirmResize: null } }, 204);
  return {};
};

/** `{server2}` live-migrating, held half-way (running) by the emulator's step delay (an hour) and clock. */
export const liveMigrating: Setup = async (h, as, vars) => {
  await call(h, `/os-emulator/servers/${vars.server2}/settings`, {
    as: "admin",
    method: "PUT",
    json: { settings: { action_seconds: 3600 } },
  }, 200);
  await call(h, `/servers/${vars.server2}/action`, {
    as,
    version: "2.25",
    json: { "os-migrateLive": { host: null, block_migration: "auto" } },
  }, 202);
  // Half-way: queued, preparing, then running (Nova shows links for a running live migration).
  await call(h, "/os-emulator/clock", {
    as: "admin",
    json: { advance: 1800, server_id: vars.server2 },
  }, 200);
  return {};
};

/** `{server}` rescued. */
export const rescued: Setup = async (h, as, vars) => {
  await call(h, `/servers/${vars.server}/action`, { as, json: { rescue: null } }, 200);
  return {};
};

/** `{server}` rescued, then unrescued. */
export const unrescued: Setup = async (h, as, vars) => {
  await rescued(h, as, vars);
  await call(h, `/servers/${vars.server}/action`, { as, json: { unrescue: null } }, 202);
  return {};
};

/** `{server}` tagged `tag1`, `tag2` (2.26). */
export const tagged: Setup = async (h, as, vars) => {
  await call(h, `/servers/${vars.server}/tags`, {
    as,
    version: "2.26",
    method: "PUT",
    json: { tags: ["tag1", "tag2"] },
  }, 200);
  return {};
};

/** The compute service of `{server}`'s host forced down (an evacuation needs it). */
export const hostDown: Setup = async (h, _as, vars) => {
  const shown = await call(h, `/servers/${vars.server}`, { as: "admin" }, 200);
  const host = shown.server["OS-EXT-SRV-ATTR:host"];
  const services = await call(h, `/os-services?binary=nova-compute&host=${host}`, {
    as: "admin",
    version: "2.53",
  }, 200);
  await call(h, `/os-services/${services.services[0].id}`, {
    as: "admin",
    version: "2.53",
    method: "PUT",
    json: { forced_down: true },
  }, 200);
  return {};
};

/** An available volume of the persona's project: `{volume}`. */
export const volume: Setup = async (h, as) => {
  const project = PROJECT[as] ?? "admin";
  const record = await makeVolume(h.kv, { project_id: project, user_id: as });
  return { volume: record.id };
};

/** `{volume}` attached to `{server}`. */
export const attached: Setup = async (h, as, vars) => {
  await call(h, `/servers/${vars.server}/os-volume_attachments`, {
    as,
    json: { volumeAttachment: { volumeId: vars.volume } },
  }, 200);
  return {};
};

/** The first port of `{server}`: `{port}`. */
export const port: Setup = async (h, as, vars) => {
  const body = await call(h, `/servers/${vars.server}/os-interface`, { as }, 200);
  return { port: body.interfaceAttachments[0].port_id };
};

/** `{project}`: the persona's project; `{image}`, `{network}`: the catalog's. */
export const names: Setup = (_h, as) =>
  Promise.resolve({
    project: PROJECT[as] ?? "admin",
    image: CIRROS_IMAGE_ID,
    network: PRIVATE_NETWORK_ID,
  });
