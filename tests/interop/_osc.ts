/**
 * Support for the tests that drive the stock `openstack` CLI: whether it is installed (CI must have
 * it; elsewhere those tests are skipped), and a free loopback port for a service under test.
 *
 * @module
 */

/**
 * Whether a missing client, cloud-init or Keystone fails the run instead of skipping tests: in CI
 * and under `deno task test:interop` (scripts/test-interop.sh sets `NOVA_INTEROP_STRICT=1`).
 */
export const CLIENTS_REQUIRED: boolean = Boolean(
  Deno.env.get("CI") || Deno.env.get("NOVA_INTEROP_STRICT"),
);

const probe = await new Deno.Command("sh", { args: ["-c", "command -v openstack"] }).output();
if (!probe.success && CLIENTS_REQUIRED) {
  throw new Error("the interop run needs the openstack CLI: run scripts/install-clients.sh");
}

/** Whether the `openstack` CLI is on PATH. */
export const HAS_OSC: boolean = probe.success;

export { freePort } from "../support/ports.ts";

/**
 * The `[keystone_authtoken]` section that lets a compute API on `port` validate tokens through its
 * own embedded identity, as the service user `nova` (password `nova-pw`, project `service`; list
 * `users = nova:nova-pw:service:admin+service` under `[identity]`).
 */
export function authtokenSection(port: number): string {
  return `[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:${port}/identity/v3
auth_url = http://127.0.0.1:${port}/identity/v3
auth_type = password
username = nova
password = nova-pw
user_domain_name = Default
project_name = service
project_domain_name = Default
`;
}

/** One cloud of a clouds.yaml: a user of the embedded identity and the project it works in. */
export interface Cloud {
  /** The `--os-cloud` name. */
  name: string;
  username: string;
  password: string;
  project: string;
}

/**
 * Write `dir/clouds.yaml` with `clouds`, each authenticating against the embedded identity of the
 * compute API at `url`; returns its path.
 */
export async function writeClouds(
  dir: string,
  url: string,
  clouds: readonly Cloud[],
): Promise<string> {
  const path = `${dir}/clouds.yaml`;
  const entry = (c: Cloud) =>
    `  ${c.name}:\n    auth:\n      auth_url: ${url}/identity\n      username: ${c.username}\n` +
    `      password: ${c.password}\n      project_name: ${c.project}\n` +
    `      user_domain_name: Default\n      project_domain_name: Default\n` +
    `    region_name: RegionOne\n    identity_api_version: 3\n`;
  await Deno.writeTextFile(path, `clouds:\n${clouds.map(entry).join("")}`);
  return path;
}

/**
 * A runner of `openstack --os-cloud <cloud> …` with only the clouds.yaml, PATH and HOME in its
 * environment; it fails the test when the command fails and returns its standard output.
 */
export function oscRunner(
  clouds: string,
  home: string,
): (cloud: string, ...args: string[]) => Promise<string> {
  return async (cloud, ...args) => {
    const out = await new Deno.Command("openstack", {
      args: ["--os-cloud", cloud, ...args],
      env: { OS_CLIENT_CONFIG_FILE: clouds, PATH: "/usr/bin:/bin", HOME: home },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    if (!out.success) throw new Error(`openstack ${args.join(" ")}: ${stderr}`);
    return new TextDecoder().decode(out.stdout);
  };
}
