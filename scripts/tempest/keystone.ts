/**
 * A throw-away Debian Keystone for the Tempest run's keystone mode: started and stopped with
 * `scripts/keystone/start.sh` / `stop.sh` on a free port and a state directory of the run's own,
 * seeded with `scripts/keystone/seed.ts` (the compute API's user `nova`), and given the catalog
 * entries of the running cloud: compute at `/v2.1`, image at `/image`, network at `/network`.
 *
 * @module
 */
import { issueToken, seedKeystone } from "../keystone/seed.ts";
import { freePort } from "../../tests/support/ports.ts";

const HERE = new URL(".", import.meta.url).pathname;

/** A running Keystone. */
export interface Keystone {
  /** Its base URL, e.g. `http://127.0.0.1:40000`. */
  url: string;
  adminPassword: string;
  novaPassword: string;
  stop(): Promise<void>;
}

async function script(name: string, env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command("bash", {
    args: [`${HERE}../keystone/${name}`],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`keystone/${name} failed:\n${text}`);
  return text;
}

/** Start a Keystone with its state in `dir` and seed it. */
export async function startKeystone(dir: string): Promise<Keystone> {
  const port = freePort();
  const adminPassword = "tempest-admin-secret";
  const novaPassword = "tempest-nova-secret";
  const env = {
    KS_PORT: String(port),
    KS_STATE: dir,
    KS_ADMIN_PASSWORD: adminPassword,
    KS_TOKEN_EXPIRATION: "7200",
  };
  await script("start.sh", env);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await script("stop.sh", env).catch(() => "");
  };
  try {
    await seedKeystone({ url, adminPassword, userPassword: adminPassword, novaPassword });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, adminPassword, novaPassword, stop };
}

/**
 * Register the cloud at `base` in the Keystone's catalog (RegionOne, public and internal):
 * compute, image and network, replacing endpoints an earlier call made.
 */
export async function registerCloud(keystone: Keystone, base: string): Promise<void> {
  const token = await issueToken(keystone.url, "admin", keystone.adminPassword, "admin");
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keystone.url}/v3${path}`, {
      method,
      headers: { "x-auth-token": token, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const services = [
    { name: "nova", type: "compute", url: `${base}/v2.1` },
    { name: "glance", type: "image", url: `${base}/image` },
    { name: "neutron", type: "network", url: `${base}/network` },
  ];
  for (const { name, type, url } of services) {
    const listed = await call("GET", `/services?type=${type}`);
    let service = listed.services.find((s: { name: string }) => s.name === name);
    service ??= (await call("POST", "/services", { service: { name, type } })).service;
    const endpoints = await call("GET", `/endpoints?service_id=${service.id}`);
    for (const endpoint of endpoints.endpoints) {
      await call("DELETE", `/endpoints/${endpoint.id}`);
    }
    for (const iface of ["public", "internal", "admin"]) {
      await call("POST", "/endpoints", {
        endpoint: { service_id: service.id, interface: iface, url, region_id: "RegionOne" },
      });
    }
  }
}
