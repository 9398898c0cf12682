/**
 * The two auth modes the client matrix (`clients.test.ts`) runs in, each a throw-away cloud started
 * once: `scripts/start.ts` on a copy of `etc/nova` with free ports and its state in a temporary
 * directory, authenticating either through its embedded identity or through the Debian Keystone
 * of the interop run (`KEYSTONE_URL`, seeded by `scripts/keystone/seed.ts`, which registers the
 * cloud in Keystone's catalog). Each mode writes a clouds.yaml with the clouds `demo` (a member of
 * project demo) and `admin`, so one scenario runs unchanged in both.
 *
 * @module
 */
import { cloudConf } from "../../scripts/tempest/cloud.ts";
import { freePort } from "../support/ports.ts";
import { spawnStart } from "../../scripts/start/spawn.ts";
import { issueToken, seedKeystone } from "../../scripts/keystone/seed.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** The quick start's shared secret of Neutron's metadata proxy (etc/nova/nova.conf). */
export const METADATA_SECRET = "quickstart-metadata-secret";

/** An account of a mode's identity. */
export interface Account {
  username: string;
  password: string;
  project: string;
}

/** A running cloud in one auth mode. */
export interface ModeCloud {
  /** `embedded` (the compute API's own identity) or `keystone` (Debian's Keystone). */
  mode: "embedded" | "keystone";
  /** The compute API's base URL (no version). */
  base: string;
  /** The metadata API's base URL. */
  metadataBase: string;
  /** The clouds.yaml holding the clouds `demo` and `admin`. */
  cloudsYaml: string;
  /** A directory for the clients' HOME and scratch files. */
  dir: string;
  /** A project-scoped token of the admin (for checks that do not go through a client). */
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

function cloudsYaml(authUrl: string, accounts: Record<string, Account>): string {
  const entry = ([name, a]: [string, Account]) =>
    `  ${name}:\n    auth:\n      auth_url: ${authUrl}\n      username: ${a.username}\n` +
    `      password: ${a.password}\n      project_name: ${a.project}\n` +
    `      user_domain_name: Default\n      project_domain_name: Default\n` +
    `    region_name: RegionOne\n    identity_api_version: 3\n`;
  return `clouds:\n${Object.entries(accounts).map(entry).join("")}`;
}

/** Steps of half a second or less, so waits really poll but the scenarios stay short. */
function quick(conf: string): string {
  return conf.replace(/^\[deno\]\n/m, "[deno]\nfake_boot_seconds = 0.3\n") +
    "\n[virt]\nfake_delete_seconds = 0.3\n";
}

/**
 * Start a cloud in `mode`. The keystone mode needs `keystoneUrl` (the run's Keystone); it seeds
 * the accounts (passwords from `KS_ADMIN_PASSWORD`, `KS_USER_PASSWORD`, `KS_NOVA_PASSWORD`,
 * default `secret`) and points the catalog's compute, image, network and volume entries at it.
 */
export async function startModeCloud(
  mode: "embedded" | "keystone",
  keystoneUrl?: string,
): Promise<ModeCloud> {
  const dir = await Deno.makeTempDir({ prefix: `nova-deno-${mode}-` });
  const env = (name: string) => Deno.env.get(name) ?? "secret";
  const ks = keystoneUrl?.replace(/\/+$/, "").replace(/\/v3$/, "");
  if (mode === "keystone" && !ks) throw new Error("the keystone mode needs KEYSTONE_URL");
  const compute = freePort();
  let meta = freePort();
  while (meta === compute) meta = freePort();
  const conf = await Deno.readTextFile(`${ROOT}/etc/nova/nova.conf`);
  const written = quick(cloudConf(conf, dir, compute, meta, {
    users: [],
    keystoneUrl: mode === "keystone" ? ks : undefined,
    keystoneNovaPassword: env("KS_NOVA_PASSWORD"),
  }));
  if (!written.includes(`osapi_compute_listen_port = ${compute}`)) {
    throw new Error("etc/nova/nova.conf changed shape");
  }
  await Deno.writeTextFile(`${dir}/nova.conf`, written);
  let paste = await Deno.readTextFile(`${ROOT}/etc/nova/api-paste.ini`);
  if (mode === "keystone") paste = paste.replace(/^\/identity: identity\n/m, "");
  await Deno.writeTextFile(`${dir}/api-paste.ini`, paste);
  const base = `http://127.0.0.1:${compute}`;
  let accounts: Record<string, Account>;
  let authUrl: string;
  if (mode === "keystone") {
    await seedKeystone({
      url: ks!,
      adminPassword: env("KS_ADMIN_PASSWORD"),
      userPassword: env("KS_USER_PASSWORD"),
      novaPassword: env("KS_NOVA_PASSWORD"),
      computeUrl: `${base}/v2.1`,
    });
    authUrl = `${ks}/v3`;
    accounts = {
      demo: { username: "demo", password: env("KS_USER_PASSWORD"), project: "demo" },
      admin: { username: "admin", password: env("KS_ADMIN_PASSWORD"), project: "admin" },
    };
  } else {
    authUrl = `${base}/identity`;
    accounts = {
      demo: { username: "demo", password: "demo", project: "demo" },
      admin: { username: "admin", password: "admin", project: "admin" },
    };
  }
  let started;
  try {
    started = await spawnStart(dir, `${dir}/start-clouds.yaml`, `the ${mode} cloud`);
  } catch (e) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw e;
  }
  const yaml = `${dir}/clouds.yaml`;
  await Deno.writeTextFile(yaml, cloudsYaml(authUrl, accounts));
  return {
    mode,
    base,
    metadataBase: `http://127.0.0.1:${meta}`,
    cloudsYaml: yaml,
    dir,
    adminToken: () =>
      issueToken(authUrl, accounts.admin.username, accounts.admin.password, "admin"),
    async stop() {
      await started.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
