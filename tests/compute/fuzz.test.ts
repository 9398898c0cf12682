/**
 * A bounded, reproducible fuzz of every POST and PUT route of the compute API over real HTTP
 * through the whole pipeline (noauth2): valid bodies, mutated bodies and random values, at random
 * microversions in 2.1..2.104, as admin and as a member, with a few reads mixed in.
 *
 * Invariants: no response is a 5xx; every 4xx is a Nova fault (one key holding `code` and
 * `message`) or webob's 404 page for a path no route matches; and afterwards the listings answer
 * 200 with well-formed bodies.
 *
 * The PRNG is seeded (`FUZZ_SEED` overrides the default) so a failure reproduces; every failure is
 * reported with the request that caused it. `FUZZ_REQUESTS` changes the number of requests.
 */
import assert from "node:assert/strict";
import { type Harness as Pipeline, read, startCompute } from "../support/compute.ts";
import { ED25519_KEY, RSA_KEY } from "./keypairs/fixtures.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 0x5eed_2104);
const REQUESTS = Number(Deno.env.get("FUZZ_REQUESTS") ?? 1500);
/** Below sizelimit's 114688 bytes, which answers with webob's 413 page instead of a fault. */
const MAX_BODY_BYTES = 100_000;
const MAX_DEPTH = 200;

/** mulberry32: small, fast and good enough to pick test cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
type Rng = ReturnType<typeof prng>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NUMBERS = [
  0,
  1,
  -1,
  2,
  7,
  -7,
  0.5,
  -0.5,
  1.5,
  1e-7,
  -0,
  255,
  256,
  65535,
  2147483647,
  2147483648,
  -2147483648,
  -2147483649,
  4294967296,
  9007199254740991,
  9007199254740993,
  -9007199254740993,
  1e20,
  1e308,
  -1e308,
  5e-324,
];
const NUMERIC_STRINGS = [
  "0",
  "1",
  "-1",
  "1.5",
  "1.0",
  "01",
  "0x10",
  "1e3",
  " 1",
  "1 ",
  "",
  "NaN",
  "Infinity",
  "-Infinity",
  "true",
  "null",
  "１",
  "2147483648",
  "99999999999999999999999",
];
const STRINGS = [
  "a",
  "m1.fuzz",
  " leading",
  "trailing ",
  "  ",
  "\t",
  "\n",
  "with space",
  "ünïcödé",
  "日本語の名前",
  "emoji 🚀🔥",
  "\u202eRTL override",
  "e\u0301 combining",
  "\u0000nul",
  "\u0007bell",
  "\ud800 lone surrogate",
  "\udfff",
  "\ufeffbom",
  "<script>alert(1)</script>",
  "'; DROP TABLE flavors; --",
  "../../etc/passwd",
  "%2F%00",
  "a/b",
  "{}",
  "[]",
  "__proto__",
  "constructor",
  "hw:cpu_policy",
  "dedicated",
  "ssh",
  "x509",
  "default",
  "admin",
  "demo",
];
const KEYS = [
  "name",
  "id",
  "ram",
  "vcpus",
  "disk",
  "swap",
  "description",
  "extra",
  "",
  " ",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "flavor",
  "keypair",
  "quota_set",
  "quota_class_set",
  "extra_specs",
  "force",
  "user_id",
  "type",
  "public_key",
  "tenant",
  "instances",
  "cores",
  "key_pairs",
  "hw:cpu_policy",
  "ключ",
  "🔑",
];

function randomString(rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick(NUMERIC_STRINGS);
    case 2: {
      // A long run: up to 60k one-byte or 20k three-byte characters.
      const unit = rng.pick(["x", "é", "日", " ", "a1-", "🚀"]);
      const n = rng.pick([255, 256, 65, 64, 1000, 4096, 20000]);
      return unit.repeat(Math.ceil(n / unit.length)).slice(0, n * (unit === "🚀" ? 2 : 1));
    }
    case 3: {
      let s = "";
      const n = rng.int(40);
      for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x3000));
      return s;
    }
    case 4: {
      let s = "";
      const n = 1 + rng.int(20);
      for (let i = 0; i < n; i++) s += "abcdefghijklmnopqrstuvwxyz0123456789-_. "[rng.int(40)];
      return s;
    }
    default:
      return rng.pick(STRINGS) + rng.pick(STRINGS);
  }
}

function deepNest(rng: Rng): Json {
  const depth = 1 + rng.int(MAX_DEPTH);
  let v: Json = rng.chance(0.5) ? rng.pick(NUMBERS) : randomString(rng);
  const asObject = rng.chance(0.5);
  for (let i = 0; i < depth; i++) v = asObject ? { [rng.pick(KEYS)]: v } : [v];
  return v;
}

/** Any JSON value, depth-bounded. */
function randomValue(rng: Rng, depth = 0): Json {
  const kinds = depth > 4 ? 6 : 9;
  switch (rng.int(kinds)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NUMBERS);
    case 3:
      return rng.int(2000) - 1000;
    case 4:
    case 5:
      return randomString(rng);
    case 6: {
      const n = rng.int(5);
      return Array.from({ length: n }, () => randomValue(rng, depth + 1));
    }
    case 7: {
      const n = rng.int(5);
      // fromEntries defines own properties, so "__proto__" is a real key, as JSON.parse makes it.
      return Object.fromEntries(
        Array.from({ length: n }, () => [rng.pick(KEYS), randomValue(rng, depth + 1)]),
      );
    }
    default:
      return deepNest(rng);
  }
}

/** Every container in a value, with the key or index leading to each child. */
function slots(value: Json): { parent: Json[] | { [k: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push({ parent: v, key: i });
        walk(child);
      });
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        out.push({ parent: v, key: k });
        walk(child);
      }
    }
  };
  walk(value);
  return out;
}

function setSlot(parent: Json[] | { [k: string]: Json }, key: string | number, v: Json): void {
  if (Array.isArray(parent)) parent[key as number] = v;
  else {Object.defineProperty(parent, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });}
}

/** Apply one mutation somewhere in `body` (in place); returns the (possibly new) root. */
function mutate(rng: Rng, body: Json): Json {
  const all = slots(body);
  if (all.length === 0 || rng.chance(0.05)) return randomValue(rng);
  const { parent, key } = rng.pick(all);
  const current = (parent as Record<string | number, Json>)[key];
  switch (rng.int(11)) {
    case 0: // wrong type
      setSlot(parent, key, randomValue(rng));
      break;
    case 1: // missing key
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 2: { // extra key
      const target = current !== null && typeof current === "object" && !Array.isArray(current)
        ? current
        : Array.isArray(parent)
        ? null
        : parent;
      if (target) setSlot(target, rng.pick(KEYS) + (rng.chance(0.5) ? "" : "_x"), randomValue(rng));
      break;
    }
    case 3: // array instead of object (or of anything)
      setSlot(parent, key, [current]);
      break;
    case 4: // numbers as strings and back
      if (typeof current === "number") setSlot(parent, key, String(current));
      else if (typeof current === "string" && current.trim() !== "" && !isNaN(Number(current))) {
        setSlot(parent, key, Number(current));
      } else setSlot(parent, key, rng.pick(NUMERIC_STRINGS));
      break;
    case 5: // negative, float, huge
      setSlot(parent, key, rng.pick([-1, -2147483648, 0.5, 1.0000001, 2147483648, 1e20, -1e308]));
      break;
    case 6:
      setSlot(parent, key, null);
      break;
    case 7: // huge or unicode string
      setSlot(parent, key, randomString(rng));
      break;
    case 8:
      setSlot(parent, key, deepNest(rng));
      break;
    case 9: // bool for anything
      setSlot(parent, key, rng.pick([true, false, "True", "yes", 1, 0]));
      break;
    default: // object instead of scalar
      setSlot(parent, key, { [String(key)]: current });
  }
  return body;
}

const ADMIN = "admin:admin";
const MEMBER = "demo:demo";

interface Target {
  method: "POST" | "PUT";
  /** The path under /v2.1, with ids chosen for this request. */
  path: (rng: Rng, state: State) => string;
  /** A valid body (for some microversion), which mutations start from. */
  body: (rng: Rng, state: State, path: string) => Json;
}

interface State {
  flavorIds: string[];
  counter: number;
}

const SPEC_KEYS = [
  "hw:cpu_policy",
  "hw:mem_page_size",
  "quota:cpu_shares",
  "foo",
  "trait:HW_CPU_X86_AVX",
  "resources:VCPU",
];
const SPEC_VALUES = ["dedicated", "shared", "large", "10", "bar", "required", "1"];

/** A path segment: lone surrogates cannot be percent-encoded, so they become U+FFFD first. */
function segment(text: string): string {
  return encodeURIComponent(text.toWellFormed().slice(0, 300)) || "x";
}

function flavorId(rng: Rng, state: State): string {
  if (rng.chance(0.8) && state.flavorIds.length > 0) {
    return encodeURIComponent(rng.pick(state.flavorIds));
  }
  return segment(randomString(rng));
}

function projectId(rng: Rng): string {
  return rng.chance(0.8)
    ? rng.pick(["admin", "demo", "0a1b2c", "other-project"])
    : segment(randomString(rng));
}

const TARGETS: Target[] = [
  {
    method: "POST",
    path: () => "/flavors",
    body: (rng, state) => {
      const flavor: { [k: string]: Json } = {
        name: `fz-${state.counter}-${rng.pick(["a", "é", "日本", "x y", "m1.z"])}`,
        ram: rng.pick([1, 512, 2048]),
        vcpus: rng.pick([1, 2, 8]),
        disk: rng.pick([0, 1, 20]),
      };
      if (rng.chance(0.5)) {
        flavor.id = rng.pick([`fz-id-${state.counter}`, String(1000 + state.counter), "auto"]);
      }
      if (rng.chance(0.3)) flavor.swap = rng.pick([0, 512, ""]);
      if (rng.chance(0.3)) flavor["OS-FLV-EXT-DATA:ephemeral"] = rng.pick([0, 10]);
      if (rng.chance(0.3)) flavor.rxtx_factor = rng.pick([1, 1.5]);
      if (rng.chance(0.3)) flavor["os-flavor-access:is_public"] = rng.chance(0.5);
      if (rng.chance(0.3)) flavor.description = rng.pick(["a flavor", "", null, "日本語"]);
      return { flavor };
    },
  },
  {
    method: "PUT",
    path: (rng, state) => `/flavors/${flavorId(rng, state)}`,
    body: (rng) => ({ flavor: { description: rng.pick(["updated", "", null, "ünï"]) } }),
  },
  {
    method: "POST",
    path: (rng, state) => `/flavors/${flavorId(rng, state)}/action`,
    body: (rng) => ({
      [rng.pick(["addTenantAccess", "removeTenantAccess"])]: {
        tenant: rng.pick(["demo", "p1", "0abc"]),
      },
    }),
  },
  {
    method: "POST",
    path: (rng, state) => `/flavors/${flavorId(rng, state)}/os-extra_specs`,
    body: (rng) => ({
      extra_specs: Object.fromEntries(
        Array.from({ length: 1 + rng.int(3) }, () => [rng.pick(SPEC_KEYS), rng.pick(SPEC_VALUES)]),
      ),
    }),
  },
  {
    method: "PUT",
    path: (rng, state) =>
      `/flavors/${flavorId(rng, state)}/os-extra_specs/${encodeURIComponent(rng.pick(SPEC_KEYS))}`,
    body: (rng, _state, path) => ({
      [decodeURIComponent(path.slice(path.lastIndexOf("/") + 1))]: rng.pick(SPEC_VALUES),
    }),
  },
  {
    method: "POST",
    path: () => "/os-keypairs",
    body: (rng, state) => {
      const keypair: { [k: string]: Json } = {
        name: `fz-key-${state.counter}${rng.pick(["", " x", "_y", "-z"])}`,
        public_key: rng.pick([RSA_KEY, ED25519_KEY]),
      };
      if (rng.chance(0.4)) keypair.type = rng.pick(["ssh", "x509"]);
      if (rng.chance(0.2)) keypair.user_id = rng.pick(["demo", "admin", "someone"]);
      return { keypair };
    },
  },
  {
    method: "PUT",
    path: (rng) => `/os-quota-sets/${projectId(rng)}${rng.chance(0.2) ? "?user_id=demo" : ""}`,
    body: (rng) => {
      const quota_set: { [k: string]: Json } = {};
      for (
        const k of ["instances", "cores", "ram", "key_pairs", "metadata_items", "server_groups"]
      ) {
        if (rng.chance(0.4)) quota_set[k] = rng.pick([-1, 0, 10, 100, 51200]);
      }
      if (rng.chance(0.3)) quota_set.force = rng.pick([true, false, "True", "false"]);
      return { quota_set };
    },
  },
  {
    method: "PUT",
    path: (rng) =>
      `/os-quota-class-sets/${
        rng.chance(0.8) ? rng.pick(["default", "gold"]) : segment(randomString(rng))
      }`,
    body: (rng) => {
      const quota_class_set: { [k: string]: Json } = {};
      for (
        const k of ["instances", "cores", "ram", "key_pairs", "floating_ips", "injected_files"]
      ) {
        if (rng.chance(0.5)) quota_class_set[k] = rng.pick([-1, 0, 10, 50, 51200]);
      }
      return { quota_class_set };
    },
  },
];

/** Reads mixed in, so that something odd the writes stored is looked at as well. */
const READS: ((rng: Rng, state: State) => string)[] = [
  () => "/flavors",
  () => "/flavors/detail",
  (rng) => `/flavors/detail?is_public=${rng.pick(["none", "true", "false"])}`,
  (rng, state) => `/flavors/${flavorId(rng, state)}`,
  (rng, state) => `/flavors/${flavorId(rng, state)}/os-extra_specs`,
  (rng, state) => `/flavors/${flavorId(rng, state)}/os-flavor-access`,
  () => "/os-keypairs",
  (rng) => `/os-quota-sets/${projectId(rng)}`,
  (rng) => `/os-quota-sets/${projectId(rng)}/detail`,
  () => "/os-quota-class-sets/default",
  () => "/limits",
];

function randomVersionHeaders(rng: Rng): { label: string; headers: Record<string, string> } {
  const r = rng.next();
  if (r < 0.05) return { label: "(none)", headers: {} };
  const version = r < 0.1 ? "latest" : `2.${1 + rng.int(104)}`;
  if (r > 0.9) {
    return { label: `legacy ${version}`, headers: { "X-OpenStack-Nova-API-Version": version } };
  }
  return { label: version, headers: { "OpenStack-API-Version": `compute ${version}` } };
}

const WEBOB_404 = {
  message: "The resource could not be found.<br /><br />\n\n\n",
  code: "404 Not Found",
  title: "Not Found",
};

/** What is wrong with a response, or null. */
function problem(r: Awaited<ReturnType<typeof read>>): string | null {
  if (r.status >= 500) return `status ${r.status}`;
  if (r.status >= 400) {
    if (r.status === 404 && JSON.stringify(r.body) === JSON.stringify(WEBOB_404)) return null;
    if (r.headers.get("content-type") !== "application/json; charset=UTF-8") {
      return `fault content-type ${r.headers.get("content-type")}`;
    }
    const body = r.body;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return "fault not an object";
    }
    const keys = Object.keys(body);
    if (keys.length !== 1) return `fault has ${keys.length} keys`;
    const inner = body[keys[0]];
    if (inner?.code !== r.status) return `fault code ${inner?.code} for status ${r.status}`;
    if (typeof inner.message !== "string" || inner.message === "") return "fault without message";
    return null;
  }
  const type = r.headers.get("content-type");
  if (type?.startsWith("application/json") && r.text !== "" && r.body === undefined) {
    return "2xx body is not JSON";
  }
  return null;
}

function describe(
  method: string,
  path: string,
  version: string,
  token: string,
  body: string,
): string {
  const shown = body.length > 600 ? `${body.slice(0, 600)}… (${body.length} chars)` : body;
  return `${method} /v2.1${path} [${version}] as ${token}: ${shown}`;
}

async function flavorIds(p: Pipeline): Promise<string[]> {
  const r = await read(await p.fetch("/v2.1/flavors?is_public=none"));
  return r.body.flavors.map((f: { id: string }) => f.id);
}

Deno.test({
  name:
    `fuzz: ${REQUESTS} requests to every POST/PUT route never 5xx and always fault properly (seed ${SEED})`,
  async fn() {
    const rng = prng(SEED);
    const p = await startCompute({ pipeline: "paste" });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    try {
      const state: State = { flavorIds: await flavorIds(p), counter: 0 };
      for (let i = 0; i < REQUESTS; i++) {
        state.counter = i;
        const { label, headers } = randomVersionHeaders(rng);
        const token = rng.chance(0.6) ? ADMIN : MEMBER;
        headers["Accept"] = "application/json";
        let method: string;
        let path: string;
        let text = "";
        if (rng.chance(0.1)) {
          method = "GET";
          path = rng.pick(READS)(rng, state);
        } else {
          const target = rng.pick(TARGETS);
          method = target.method;
          path = target.path(rng, state);
          let body: Json = target.body(rng, state, path);
          const roll = rng.next();
          if (roll < 0.03) {
            text = rng.pick([
              "{",
              "{'a': 1}",
              "[1,",
              "tru",
              "\u0000",
              '{"a":1}}',
              "NaN",
              "Infinity",
            ]);
          } else {
            if (roll < 0.12) body = randomValue(rng);
            else if (roll >= 0.25) {
              const n = 1 + rng.int(3);
              for (let m = 0; m < n; m++) body = mutate(rng, body);
            }
            text = JSON.stringify(body);
            if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) {
              text = JSON.stringify(target.body(rng, state, path));
            }
          }
          // Keep key generation (about 0.3 s a key) rare: re-add the public key most of the time.
          if (path === "/os-keypairs" && !text.includes("public_key") && rng.chance(0.85)) {
            text = text.replace(
              '"keypair":{',
              `"keypair":{"public_key":${JSON.stringify(ED25519_KEY)},`,
            );
          }
          headers["Content-Type"] = "application/json";
        }
        const request = describe(method, path, label, token, text);
        let response;
        try {
          response = await read(
            await p.fetch(`/v2.1${path}`, {
              method,
              token,
              headers,
              body: method === "GET" ? undefined : text,
            }),
          );
        } catch (e) {
          failures.push(`${request}\n  -> fetch failed: ${e}`);
          continue;
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const wrong = problem(response);
        if (wrong) failures.push(`${request}\n  -> ${wrong}: ${response.text.slice(0, 300)}`);
        if (method === "POST" && path === "/flavors" && response.status === 200) {
          state.flavorIds.push(response.body.flavor.id);
        }
      }

      if (Deno.env.get("FUZZ_VERBOSE")) {
        console.log("statuses", Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])));
        console.log("flavors", state.flavorIds.length);
      }
      // The store is whole: listings and every flavor answer 200 with well-formed bodies.
      const checks = await storeChecks(p);
      failures.push(...checks);
    } finally {
      await p.close();
    }
    assert.deepEqual(
      failures,
      [],
      `seed ${SEED}: ${failures.length} bad responses (statuses seen: ${
        JSON.stringify(Object.fromEntries(statuses))
      })\n${failures.slice(0, 20).join("\n")}`,
    );
    // The loop did reach the handlers: successes and validation failures both occurred.
    assert.ok((statuses.get(400) ?? 0) > 100, JSON.stringify(Object.fromEntries(statuses)));
    assert.ok(
      [...statuses].some(([s, n]) => s >= 200 && s < 300 && n > 50),
      JSON.stringify(Object.fromEntries(statuses)),
    );
  },
});

function isInt(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v);
}

async function storeChecks(p: Pipeline): Promise<string[]> {
  const out: string[] = [];
  const get = async (path: string, version: string, token = ADMIN) => {
    const r = await read(await p.fetch(`/v2.1${path}`, { version, token }));
    if (r.status !== 200) {
      out.push(
        `after the loop GET ${path} [${version}] as ${token}: ${r.status} ${r.text.slice(0, 300)}`,
      );
    }
    return r;
  };
  for (const version of ["2.1", "2.55", "2.61", "2.75", "latest"]) {
    const detail = await get("/flavors/detail?is_public=none", version);
    if (detail.status !== 200) continue;
    for (const f of detail.body.flavors ?? []) {
      const ok = typeof f.id === "string" && typeof f.name === "string" && isInt(f.ram) &&
        isInt(f.vcpus) && isInt(f.disk) && Array.isArray(f.links) && f.links.length === 2 &&
        f.links.every((l: { href: unknown }) => typeof l.href === "string") &&
        (version === "2.1" || typeof f.description === "string" || f.description === null) &&
        (!["2.61", "2.75", "latest"].includes(version) ||
          (typeof f.extra_specs === "object" &&
            Object.values(f.extra_specs).every((v) => typeof v === "string")));
      if (!ok) {
        out.push(`malformed flavor in detail [${version}]: ${JSON.stringify(f).slice(0, 300)}`);
      }
    }
    await get("/flavors", version, MEMBER);
  }
  for (const id of await flavorIds(p)) {
    const show = await get(`/flavors/${encodeURIComponent(id)}`, "latest");
    if (show.status === 200 && show.body.flavor?.id !== id) {
      out.push(`flavor ${id} shows as ${show.body.flavor?.id}`);
    }
    const specs = await get(`/flavors/${encodeURIComponent(id)}/os-extra_specs`, "latest");
    if (
      specs.status === 200 &&
      !Object.values(specs.body.extra_specs ?? { x: 1 }).every((v) => typeof v === "string")
    ) {
      out.push(`extra specs of ${id}: ${specs.text.slice(0, 300)}`);
    }
  }
  for (
    const [token, version] of [[ADMIN, "2.1"], [ADMIN, "latest"], [MEMBER, "2.35"], [
      MEMBER,
      "latest",
    ]]
  ) {
    const keys = await get("/os-keypairs", version, token);
    if (keys.status !== 200) continue;
    for (const k of keys.body.keypairs ?? []) {
      const kp = k.keypair;
      if (
        typeof kp?.name !== "string" || typeof kp.public_key !== "string" ||
        typeof kp.fingerprint !== "string"
      ) {
        out.push(`malformed keypair [${version}]: ${JSON.stringify(k).slice(0, 300)}`);
      }
    }
  }
  for (const version of ["2.1", "2.36", "2.57", "latest"]) {
    for (
      const path of ["/os-quota-sets/admin", "/os-quota-sets/demo", "/os-quota-sets/admin/detail"]
    ) {
      const q = await get(path, version);
      if (q.status !== 200) continue;
      const set = q.body.quota_set;
      const numbers = Object.entries(set ?? {}).filter(([k]) => k !== "id");
      const ok = set?.id === path.split("/")[2] &&
        numbers.every(([, v]) =>
          isInt(v) ||
          (typeof v === "object" && v !== null && isInt((v as { limit: unknown }).limit))
        );
      if (!ok) out.push(`malformed quota set ${path} [${version}]: ${q.text.slice(0, 300)}`);
    }
    await get("/os-quota-class-sets/default", version);
    await get("/limits", version, MEMBER);
  }
  return out;
}

/**
 * Found by this fuzz (seed 3, 5000 requests): an id longer than Deno KV's key limit (2048 bytes)
 * reaches the store as part of a key and fails there with a TypeError, which faultwrap turns into a
 * 500. The fix belongs in the store (or in the controllers' checks), not in the router; un-ignore
 * this once it is in.
 */
Deno.test({
  name: "ids past the store's key limit are never 500s",
  async fn() {
    const p = await startCompute({ pipeline: "paste" });
    const long = "a".repeat(3000);
    const requests: [string, string, unknown?][] = [
      ["POST", "/v2.1/os-keypairs", {
        keypair: { name: "k", public_key: ED25519_KEY, user_id: long },
      }],
      ["GET", `/v2.1/os-keypairs?user_id=${long}`],
      ["GET", `/v2.1/os-keypairs/k?user_id=${long}`],
      ["DELETE", `/v2.1/os-keypairs/k?user_id=${long}`],
      ["GET", `/v2.1/os-keypairs/${long}`],
      ["GET", `/v2.1/os-quota-sets/${long}`],
      ["GET", `/v2.1/os-quota-sets/admin?user_id=${long}`],
      ["PUT", `/v2.1/os-quota-sets/${long}`, { quota_set: { cores: 5 } }],
      ["PUT", `/v2.1/os-quota-sets/admin?user_id=${long}`, { quota_set: { cores: 5 } }],
      ["DELETE", `/v2.1/os-quota-sets/${long}`],
      ["GET", `/v2.1/os-quota-class-sets/${long}`],
      ["GET", `/v2.1/flavors/${long}`],
    ];
    const bad: string[] = [];
    try {
      for (const [method, path, json] of requests) {
        const r = await read(await p.fetch(path, { method, json, version: "2.10" }));
        if (r.status >= 500) bad.push(`${method} ${path.slice(0, 60)}… -> ${r.status}`);
      }
    } finally {
      await p.close();
    }
    assert.deepEqual(bad, []);
  },
});
