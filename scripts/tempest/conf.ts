/**
 * What Tempest is told about a running cloud: its `tempest.conf` and the pre-provisioned accounts
 * file. Against the embedded identity Tempest runs with `use_dynamic_credentials = false` and the
 * accounts listed in the cloud's `[identity] users` (no PBKDF2 hashing per test class); the classes
 * that force their own project (`force_tenant_isolation`, the quota admin tests) make it through
 * the embedded identity's admin calls. Against a real Keystone it makes its own users as the admin.
 * The feature switches say what the compute API implements; each `false` names why.
 *
 * @module
 */

/** A pre-provisioned account: a user in a project of its own with its roles. */
export interface Account {
  username: string;
  password: string;
  project: string;
  roles: string[];
}

/**
 * The accounts for a run of `concurrency` workers: each worker may hold a primary, an alt and an
 * admin account at once, with one spare of each.
 */
export function tempestAccounts(concurrency: number): Account[] {
  const accounts: Account[] = [];
  const members = 2 * concurrency + 2;
  const admins = concurrency + 1;
  for (let i = 1; i <= members; i++) {
    accounts.push({
      username: `tempest-user-${i}`,
      password: `tempest-pw-${i}`,
      project: `tempest-project-${i}`,
      roles: ["member"],
    });
  }
  for (let i = 1; i <= admins; i++) {
    accounts.push({
      username: `tempest-admin-${i}`,
      password: `tempest-admin-pw-${i}`,
      project: `tempest-admin-project-${i}`,
      roles: ["admin"],
    });
  }
  return accounts;
}

/** The `[identity] users` line of an account (`NAME:PASSWORD:PROJECT:ROLES`). */
export function identityUserLine(account: Account): string {
  return `${account.username}:${account.password}:${account.project}:${account.roles.join("+")}`;
}

/** Tempest's accounts.yaml for `accounts` (YAML written by hand: JSON strings are YAML). */
export function accountsYaml(accounts: readonly Account[]): string {
  const q = JSON.stringify;
  return accounts.map((a) =>
    [
      `- username: ${q(a.username)}`,
      `  password: ${q(a.password)}`,
      `  project_name: ${q(a.project)}`,
      `  user_domain_name: "Default"`,
      `  project_domain_name: "Default"`,
      `  roles: [${a.roles.map((r) => q(r)).join(", ")}]`,
      ...(a.roles.includes("admin") ? [`  types: ["admin"]`] : []),
    ].join("\n")
  ).join("\n") + "\n";
}

/** What the running cloud offers, as read from it. */
export interface CloudFacts {
  /** The identity v3 URL (`…/v3`). */
  identityUri: string;
  /** The region of the catalog's endpoints. */
  region: string;
  imageRef: string;
  imageRefAlt: string;
  flavorRef: string;
  flavorRefAlt: string;
  minMicroversion: string;
  maxMicroversion: string;
  fixedNetworkName: string;
  /** How many enabled nova-compute services there are (migrations need two). */
  computeNodes: number;
  /** Whether the catalog lists a `volumev3` / `block-storage` service. */
  hasVolume: boolean;
}

/**
 * How Tempest gets its users: the pre-provisioned accounts file (the embedded identity), or
 * users it makes itself as an admin (a real Keystone).
 */
export type Credentials =
  | {
    kind: "accounts";
    file: string;
    /** The account Tempest's admin-only helpers (quota tests' project look-ups) use. */
    admin: { username: string; password: string; project: string };
  }
  | { kind: "dynamic"; admin: { username: string; password: string; project: string } };

function authSection(creds: Credentials): string {
  const admin = `admin_username = ${creds.admin.username}
admin_password = ${creds.admin.password}
admin_project_name = ${creds.admin.project}
admin_domain_name = Default`;
  if (creds.kind === "accounts") {
    return `use_dynamic_credentials = false
test_accounts_file = ${creds.file}
${admin}`;
  }
  return `use_dynamic_credentials = true
${admin}
tempest_roles = member`;
}

/** The tempest.conf for `facts`, with Tempest's users from `creds` and logs in `logDir`. */
export function tempestConf(facts: CloudFacts, creds: Credentials, logDir: string): string {
  const yes = (b: boolean) => (b ? "true" : "false");
  return `# Written by scripts/tempest/run.ts from the running cloud; do not edit.
[DEFAULT]
log_dir = ${logDir}
log_file = tempest.log
debug = true

[auth]
${authSection(creds)}
default_credentials_domain_name = Default
create_isolated_networks = false
admin_domain_scope = false

[identity]
uri_v3 = ${facts.identityUri}
auth_version = v3
region = ${facts.region}
v3_endpoint_type = public
admin_role = admin
default_domain_id = default

[identity-feature-enabled]
api_v2 = false
api_v3 = true
# Tempest's compute tests use no trusts.
trust = false
security_compliance = false

[compute]
region = ${facts.region}
catalog_type = compute
endpoint_type = publicURL
image_ref = ${facts.imageRef}
image_ref_alt = ${facts.imageRefAlt}
flavor_ref = ${facts.flavorRef}
flavor_ref_alt = ${facts.flavorRefAlt}
min_microversion = ${facts.minMicroversion}
max_microversion = ${facts.maxMicroversion}
fixed_network_name = ${facts.fixedNetworkName}
min_compute_nodes = ${facts.computeNodes}
build_interval = 1
build_timeout = 120
shelved_offload_time = 0
# Empty: volumes attach across availability zones (Nova's default [cinder] cross_az_attach = true).
compute_volume_common_az =

[compute-feature-enabled]
# What the compute API implements (lib/compute/servers/actions.ts, lib/instances/*).
resize = true
cold_migration = ${yes(facts.computeNodes >= 2)}
live_migration = ${yes(facts.computeNodes >= 2)}
live_migrate_back_and_forth = false
block_migration_for_live_migration = true
# The simulated backend moves a server's attachments (lib/instances/volume_placement.ts), so a
# server with a volume attached or booted from one live-migrates when the Cinder subset is served.
block_migrate_cinder_iscsi = ${yes(facts.hasVolume)}
volume_backed_live_migration = ${yes(facts.hasVolume)}
can_migrate_between_any_hosts = true
# Mirrors the cloud's [vnc] enabled (Nova's default, true), as Tempest asks; the noVNC proxy
# itself is not served, so test_novnc's websocket checks fail.
vnc_console = true
spice_console = false
serial_console = false
rdp_console = false
change_password = true
console_output = true
snapshot = true
rescue = true
# A rescue image's hw_rescue_* properties are set through the Glance subset's PATCH.
stable_rescue = true
pause = true
shelve = true
shelve_migrate = false
suspend = true
metadata_service = true
config_drive = true
# Injected files before 2.57 (accepted, counted against maxPersonality).
personality = true
attach_encrypted_volume = false
interface_attach = true
scheduler_enabled_filters = AvailabilityZoneFilter, ComputeFilter, ComputeCapabilitiesFilter, ImagePropertiesFilter, ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter, SameHostFilter, DifferentHostFilter
swap_volume = false
volume_multiattach = false
disk_config = true
xenapi_apis = false
hostname_fqdn_sanitization = true
# No real guests: nothing to ssh into.
console_log_validation = false

[validation]
# The emulated guests have no network to reach.
run_validation = false
connect_method = fixed
auth_method = keypair

[image]
region = ${facts.region}
catalog_type = image
endpoint_type = publicURL

[image-feature-enabled]
api_v2 = true
api_v1 = false

[network]
region = ${facts.region}
catalog_type = network
endpoint_type = publicURL
# No router or external network: the Neutron subset is read-only.
project_networks_reachable = false
shared_physical_network = false
floating_network_name =
public_network_id =

[network-feature-enabled]
ipv6 = false
api_extensions = all
floating_ips = false
port_security = true

[volume]
region = ${facts.region}
catalog_type = volumev3

[volume-feature-enabled]
api_v2 = false
api_v3 = ${yes(facts.hasVolume)}

[service_available]
nova = true
# Glance's read subset served by the compute process (GET images, DELETE snapshots).
glance = true
# Neutron's read subset served by the compute process.
neutron = true
cinder = ${yes(facts.hasVolume)}
swift = false
heat = false
horizon = false
`;
}

/**
 * `conf` with `section.key=value` overrides applied: an existing key of the section is replaced,
 * a missing one is added at the section's start (a missing section is appended).
 *
 * @example
 * ```ts
 * withOverrides("[a]\nx = 1\n", ["a.x=2", "b.y=3"]); // "[a]\nx = 2\n\n[b]\ny = 3\n"
 * ```
 */
export function withOverrides(conf: string, overrides: readonly string[]): string {
  let text = conf;
  for (const override of overrides) {
    const match = /^([\w-]+)\.(\w+)=(.*)$/.exec(override);
    if (!match) throw new Error(`bad override ${JSON.stringify(override)} (SECTION.KEY=VALUE)`);
    const [, section, key, value] = match;
    const header = `[${section}]\n`;
    const start = text.indexOf(header);
    if (start < 0) {
      text += `\n${header}${key} = ${value}\n`;
      continue;
    }
    const bodyStart = start + header.length;
    const next = text.indexOf("\n[", bodyStart);
    const bodyEnd = next < 0 ? text.length : next + 1;
    const body = text.slice(bodyStart, bodyEnd);
    const line = new RegExp(`^${key} = .*$`, "m");
    const replaced = line.test(body)
      ? body.replace(line, () => `${key} = ${value}`)
      : `${key} = ${value}\n${body}`;
    text = text.slice(0, bodyStart) + replaced + text.slice(bodyEnd);
  }
  return text;
}
