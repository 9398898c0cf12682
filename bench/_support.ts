/**
 * Shared set-up of the benchmarks: the whole compute service built in-process (config, paste
 * pipeline, policy, in-memory KV) exactly as `compute.ts` builds it, minus the socket, plus ways to
 * fill its store through the API itself.
 *
 * @module
 */
import { buildService, type BuiltService } from "../lib/service/build.ts";

/** The noauth2 admin token (`user:project`). */
export const ADMIN_TOKEN = "admin:admin";

/** A base URL for in-process requests; nothing listens there. */
export const ORIGIN = "http://127.0.0.1:8774";

/** Services built by {@link buildComputeInProcess}, closed together at unload. */
const opened: BuiltService[] = [];
globalThis.addEventListener("unload", () => {
  for (const built of opened) {
    try {
      built.runtime.close();
    } catch { /* already closed by the bench itself */ }
  }
});

/**
 * Build the compute API in-process with noauth2, an in-memory store and (unless told) the five
 * classic flavors, reading no files.
 */
export async function buildComputeInProcess(
  extraEnv: Record<string, string> = {},
): Promise<BuiltService> {
  const built = await buildService("osapi_compute", {
    noFiles: true,
    env: {
      OS_API__AUTH_STRATEGY: "noauth2",
      OS_DATABASE__CONNECTION: ":memory:",
      OS_DENO__SEED_FLAVORS: "true",
      ...extraEnv,
    },
    log: () => {},
  });
  opened.push(built);
  return built;
}

/** Options of {@link call}. */
export interface CallInit {
  method?: string;
  /** A JSON body. */
  json?: unknown;
  /** `OpenStack-API-Version: compute <version>`. */
  version?: string;
  /** Send no token (for the unauthenticated version documents). */
  anonymous?: boolean;
}

/** One request through the whole pipeline; returns the status after reading the body. */
export async function call(
  built: BuiltService,
  path: string,
  init: CallInit = {},
): Promise<{ status: number; text: string }> {
  const headers = new Headers({ Accept: "application/json" });
  if (!init.anonymous) headers.set("X-Auth-Token", ADMIN_TOKEN);
  if (init.version) headers.set("OpenStack-API-Version", `compute ${init.version}`);
  let body: string | undefined;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.set("Content-Type", "application/json");
  }
  const response = await built.handler(
    new Request(ORIGIN + path, { method: init.method ?? "GET", headers, body }),
  );
  return { status: response.status, text: await response.text() };
}

/** {@link call}, throwing unless the status is the one expected. */
export async function expect(
  built: BuiltService,
  status: number,
  path: string,
  init: CallInit = {},
): Promise<string> {
  const res = await call(built, path, init);
  if (res.status !== status) {
    throw new Error(
      `${init.method ?? "GET"} ${path}: ${res.status} (wanted ${status}): ${res.text}`,
    );
  }
  return res.text;
}

/** Create flavors through the API until the store holds `total` of them. */
export async function fillFlavors(built: BuiltService, total: number): Promise<void> {
  const have = JSON.parse(await expect(built, 200, "/v2.1/flavors")).flavors.length as number;
  for (let i = have; i < total; i++) {
    await expect(built, 200, "/v2.1/flavors", {
      method: "POST",
      json: {
        flavor: {
          name: `bench.flavor.${String(i).padStart(4, "0")}`,
          ram: 512 * (1 + (i % 16)),
          vcpus: 1 + (i % 8),
          disk: 10 * (1 + (i % 10)),
          "OS-FLV-EXT-DATA:ephemeral": i % 3,
          swap: i % 2 ? 512 : 0,
          rxtx_factor: 1.0,
        },
      },
    });
  }
}

/** An `ssh-ed25519` public key line with random key bytes (the API checks the wire format). */
export function randomEd25519Line(comment: string): string {
  const type = new TextEncoder().encode("ssh-ed25519");
  const key = crypto.getRandomValues(new Uint8Array(32));
  const wire = new Uint8Array(4 + type.length + 4 + key.length);
  const view = new DataView(wire.buffer);
  view.setUint32(0, type.length);
  wire.set(type, 4);
  view.setUint32(4 + type.length, key.length);
  wire.set(key, 8 + type.length);
  let binary = "";
  for (const byte of wire) binary += String.fromCharCode(byte);
  return `ssh-ed25519 ${btoa(binary)} ${comment}`;
}

/** Import `count` keypairs for the admin user through the API. */
export async function fillKeypairs(built: BuiltService, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const name = `bench-key-${String(i).padStart(3, "0")}`;
    await expect(built, 200, "/v2.1/os-keypairs", {
      method: "POST",
      json: { keypair: { name, public_key: randomEd25519Line(`${name}@bench`) } },
    });
  }
}

/** The repository root (for `compute.ts` and `etc/nova`). */
export const ROOT = new URL("../", import.meta.url).pathname;
