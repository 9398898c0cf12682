/**
 * Support for the tests that drive the stock `openstack` CLI: whether it is installed (CI must have
 * it; elsewhere those tests are skipped), and a free loopback port for a service under test.
 *
 * @module
 */

const probe = await new Deno.Command("sh", { args: ["-c", "command -v openstack"] }).output();
if (!probe.success && Deno.env.get("CI")) {
  throw new Error("CI needs the openstack CLI: run scripts/install-clients.sh");
}

/** Whether the `openstack` CLI is on PATH. */
export const HAS_OSC: boolean = probe.success;

/** A loopback port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

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
