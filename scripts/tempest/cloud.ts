/**
 * A throw-away cloud for Tempest: `scripts/start.ts` on a copy of `etc/nova` whose ports are free
 * loopback ports, whose store and signing key live in a temporary directory, and whose embedded
 * identity lists the extra users Tempest's pre-provisioned accounts need (the embedded identity
 * cannot create users or projects, so Tempest cannot make its own). With `keystoneUrl`, the
 * compute API validates tokens against that Keystone instead and serves no `/identity`.
 *
 * @module
 */
import { quickStartConf } from "../../tests/interop/_quickstart.ts";
import { spawnStart } from "../start/spawn.ts";
import { freePort } from "../../tests/support/ports.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** A running cloud. */
export interface Cloud {
  /** The compute API's base URL, e.g. `http://127.0.0.1:40123`. */
  base: string;
  /** The metadata API's base URL. */
  metadataBase: string;
  /** The directory holding the configuration and the state. */
  dir: string;
  /** What start printed so far. */
  output(): string;
  /** Whether start has exited (by itself or stopped). */
  exited(): boolean;
  /** Stop both APIs and wait for them. */
  stop(): Promise<void>;
}

/** Options of {@link startCloud}. */
export interface CloudOptions {
  /** Extra `[identity] users` lines (`NAME:PASSWORD:PROJECT:ROLES`). */
  users: string[];
  /** `[images] image` lines (the default catalog holds one CirrOS image). */
  images?: string[];
  /** A Keystone's base URL (`http://127.0.0.1:5000`) to authenticate against instead. */
  keystoneUrl?: string;
  /** The service user's password in that Keystone (user `nova`, project `service`). */
  keystoneNovaPassword?: string;
}

/** The nova.conf of a cloud: the quick start's, with free ports, `dir` for state and `options`. */
export function cloudConf(
  conf: string,
  dir: string,
  compute: number,
  meta: number,
  options: CloudOptions,
): string {
  let text = quickStartConf(conf, dir, compute, meta);
  const extra = options.users.map((u) => `users = ${u}\n`).join("");
  text = text.replace(/^(users = nova:.*\n)/m, `$1${extra}`);
  if (options.images?.length) {
    text += `\n[images]\n${options.images.map((i) => `image = ${i}\n`).join("")}`;
  }
  if (options.keystoneUrl) {
    const ks = options.keystoneUrl.replace(/\/$/, "");
    text = text
      .replace(/^www_authenticate_uri = .*$/m, `www_authenticate_uri = ${ks}/v3`)
      .replace(/^auth_url = .*$/m, `auth_url = ${ks}/v3`)
      .replace(
        /^password = nova-service-password$/m,
        `password = ${options.keystoneNovaPassword ?? "nova-service-password"}`,
      );
  }
  return text;
}

/** Start the cloud; throws (after stopping it) when it does not come up within a minute. */
export async function startCloud(dir: string, options: CloudOptions): Promise<Cloud> {
  const compute = freePort();
  let meta = freePort();
  while (meta === compute) meta = freePort();
  const conf = await Deno.readTextFile(`${ROOT}/etc/nova/nova.conf`);
  const written = cloudConf(conf, dir, compute, meta, options);
  if (!written.includes(`osapi_compute_listen_port = ${compute}`)) {
    throw new Error("etc/nova/nova.conf changed shape");
  }
  await Deno.writeTextFile(`${dir}/nova.conf`, written);
  let paste = await Deno.readTextFile(`${ROOT}/etc/nova/api-paste.ini`);
  if (options.keystoneUrl) paste = paste.replace(/^\/identity: identity\n/m, "");
  await Deno.writeTextFile(`${dir}/api-paste.ini`, paste);
  const started = await spawnStart(dir, `${dir}/clouds.yaml`, "the cloud");
  return {
    base: `http://127.0.0.1:${compute}`,
    metadataBase: `http://127.0.0.1:${meta}`,
    dir,
    output: started.output,
    exited: started.exited,
    stop: started.stop,
  };
}
