/**
 * Fill a fresh KV store for `deno task bench` before the APIs start: the five classic flavors and
 * more up to `--flavors`, a keypair per bench user, and `--servers` ACTIVE servers spread over
 * `--projects` projects (`bench-p00`, …, one member user `bench-u00`, … each, as the embedded
 * identity names them from `[identity] users`). Servers are written straight through the store's
 * own functions in batches that stay within one KV atomic operation's limits, so 10,000 take
 * seconds rather than the minutes 10,000 API creates would.
 *
 * Prints one JSON line: the projects and users, a server of the first project (for
 * `GET /v2.1/servers/{id}`), and writes a wrk Lua script that signs metadata requests for the
 * first servers as Neutron's metadata proxy does.
 *
 * Usage: deno run -P=test scripts/bench/seed.ts --store=PATH --lua=PATH --secret=S
 *   [--servers=10000] [--projects=20] [--flavors=50]
 *
 * @module
 */
import { stableId } from "../../lib/identity/embedded/ids.ts";
import { DEFAULT_DOMAIN } from "../../lib/identity/embedded/users_config.ts";
import { flavorWithDefaults } from "../../lib/flavors/manage.ts";
import { seedClassicFlavors } from "../../lib/flavors/seed.ts";
import { CIRROS_IMAGE_ID } from "../../lib/images/catalog.ts";
import { sshPublicKeyFingerprint } from "../../lib/crypto/ssh_public_key.ts";
import { generateKeyPair } from "../../lib/crypto/ssh_keygen.ts";
import { proxySignature } from "../../lib/metadata/identify.ts";
import { orderedUuid } from "../../lib/crypto/ordered_uuid.ts";
import { readAllFlavors, stageNewFlavor } from "../../lib/store/flavors.ts";
import { insertInstance } from "../../lib/store/instances.ts";
import { insertKeypair } from "../../lib/store/keypairs.ts";
import { migrate } from "../../lib/store/migrations.ts";
import type { FlavorSnapshot, Instance } from "../../lib/store/records.ts";
import { transact } from "../../lib/store/transaction.ts";

/**
 * Servers per atomic commit: one check each (its key must be free; KV allows 100) and five writes,
 * two of them copies of the record (about 2 KB each): about 500 KiB, inside KV's 800 KiB.
 */
const SERVER_BATCH = 90;
/** Commits in flight at once (the next batches are built while one is written). */
const SERVER_COMMITS = 4;
/** Flavors per atomic commit (two checks and three writes each). */
const FLAVOR_BATCH = 10;
/** Servers the metadata Lua script cycles through. */
const SIGNED_SERVERS = 100;

function option(name: string, fallback?: string): string {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  const value = arg?.slice(name.length + 3) ?? fallback;
  if (value === undefined) {
    console.error(`seed: --${name}= is required`);
    Deno.exit(2);
  }
  return value;
}

function count(name: string, fallback: string): number {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value < 1) {
    console.error(`seed: --${name} must be a positive integer`);
    Deno.exit(2);
  }
  return value;
}

const storePath = option("store");
const luaPath = option("lua");
const secret = option("secret");
const servers = count("servers", "10000");
const projects = count("projects", "20");
const flavorCount = count("flavors", "50");

const started = performance.now();
const kv = await Deno.openKv(storePath);
// At the current schema before anything is written, so the APIs start with no migration to run.
await migrate(kv);
const now = new Date();

// Flavors: the classic five, then bench.flavor.NN up to the count.
await seedClassicFlavors(kv, now);
for (let first = 6; first <= flavorCount; first += FLAVOR_BATCH) {
  await transact(kv, async (tx) => {
    for (let id = first; id < Math.min(first + FLAVOR_BATCH, flavorCount + 1); id++) {
      const record = flavorWithDefaults(
        {
          flavorid: String(id),
          name: `bench.flavor.${String(id).padStart(2, "0")}`,
          memory_mb: 512 * (1 + id % 16),
          vcpus: 1 + id % 8,
          root_gb: 10 * (1 + id % 10),
        },
        id,
        now,
      );
      await stageNewFlavor(tx, record, { assertFree: true, clearAccess: false });
    }
  });
}
const flavors: FlavorSnapshot[] = (await readAllFlavors(kv)).map((f) => ({
  flavorid: f.flavorid,
  name: f.name,
  memory_mb: f.memory_mb,
  vcpus: f.vcpus,
  root_gb: f.root_gb,
  ephemeral_gb: f.ephemeral_gb,
  swap: f.swap,
  rxtx_factor: f.rxtx_factor,
  extra_specs: f.extra_specs,
  description: f.description,
}));

// Projects and users as the embedded identity derives their ids from the configured names.
const tenants = await Promise.all(
  Array.from({ length: projects }, async (_, i) => {
    const n = String(i).padStart(2, "0");
    return {
      project: `bench-p${n}`,
      user: `bench-u${n}`,
      projectId: await stableId("project", DEFAULT_DOMAIN.id, `bench-p${n}`),
      userId: await stableId("user", DEFAULT_DOMAIN.id, `bench-u${n}`),
    };
  }),
);

// One keypair per user (one key made, imported under each owner).
const pair = await generateKeyPair();
const fingerprint = sshPublicKeyFingerprint(pair.publicKey);
await transact(kv, async (tx) => {
  for (const t of tenants) {
    await insertKeypair(tx, {
      name: "bench-key",
      userId: t.userId,
      type: "ssh",
      publicKey: pair.publicKey,
      fingerprint,
    }, now);
  }
});

console.error(
  `seed: flavors, identities and keypairs after ${Math.round(performance.now() - started)} ms`,
);
// Servers, oldest first, one millisecond apart so listings have a stable order.
const base = now.getTime() - servers;
const signed: { id: string; project: string }[] = [];
const batches: number[] = [];
for (let first = 0; first < servers; first += SERVER_BATCH) batches.push(first);
// Uuids ordered by creation time, as the API makes them: each batch appends to the B-trees.
const writeBatch = (first: number) =>
  transact(kv, (tx) => {
    for (let i = first; i < Math.min(first + SERVER_BATCH, servers); i++) {
      const t = tenants[i % projects];
      const uuid = orderedUuid(base + i);
      const created = new Date(base + i).toISOString();
      const instance: Instance = {
        uuid,
        name: `bench-${i}`,
        project_id: t.projectId,
        user_id: t.userId,
        description: null,
        hostname: `bench-${i}`,
        vm_state: "active",
        task_state: null,
        power_state: 1,
        host: i % 2 ? "compute-2" : "compute-1",
        node: i % 2 ? "compute-2" : "compute-1",
        availability_zone: "nova",
        pinned_availability_zone: null,
        flavor: flavors[i % flavors.length],
        image_ref: CIRROS_IMAGE_ID,
        key_name: "bench-key",
        key_data: pair.publicKey,
        user_data: btoa("#cloud-config\nhostname: bench\n"),
        metadata: { purpose: "bench", index: String(i) },
        tags: [],
        security_groups: ["default"],
        ports: [],
        requested_networks: "none",
        block_device_mapping: [],
        config_drive: false,
        access_ip_v4: null,
        access_ip_v6: null,
        locked: false,
        locked_by: null,
        locked_reason: null,
        reservation_id: `r-bench${String(i % 1000).padStart(3, "0")}`,
        launch_index: 0,
        scheduler_hints: {},
        trusted_image_certificates: null,
        fault: null,
        progress: 0,
        created_at: created,
        updated_at: created,
        launched_at: created,
        terminated_at: null,
        deleted_at: null,
        pending: [],
        quota_counted: true,
      };
      insertInstance(tx, instance);
      if (i < SIGNED_SERVERS) signed[i] = { id: uuid, project: t.projectId };
    }
    return Promise.resolve();
  });
let next = 0;
await Promise.all(
  Array.from({ length: SERVER_COMMITS }, async () => {
    while (next < batches.length) await writeBatch(batches[next++]);
  }),
);
kv.close();

// wrk calls request() for every request: cycle through the signed servers.
const rows = signed.map((s) => `  {"${s.id}", "${s.project}", "${proxySignature(secret, s.id)}"},`)
  .join("\n");
await Deno.writeTextFile(
  luaPath,
  `-- Written by scripts/bench/seed.ts: metadata requests as Neutron's proxy signs them.
local servers = {
${rows}
}
local n = 0
request = function()
  n = n % #servers + 1
  local s = servers[n]
  wrk.headers["X-Instance-ID"] = s[1]
  wrk.headers["X-Tenant-ID"] = s[2]
  wrk.headers["X-Instance-ID-Signature"] = s[3]
  return wrk.format(nil)
end
`,
);

const first = signed.find((s) => s.project === tenants[0].projectId)!;
console.log(JSON.stringify({
  servers,
  projects,
  flavors: flavors.length,
  seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  users: tenants.map((t) => `${t.user}:${t.user}-pw:${t.project}:member`),
  member: { user: tenants[0].user, password: `${tenants[0].user}-pw`, project: tenants[0].project },
  server: first.id,
  image: CIRROS_IMAGE_ID,
}));
