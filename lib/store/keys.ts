/**
 * The key layout of the store: every KV key the project writes is built here, so this file is the
 * one place that documents it. Records are JSON-like objects; ids are strings.
 *
 * | key | value |
 * | --- | --- |
 * | `["meta", "schema_version"]` | number: the last migration applied |
 * | `["meta", "migration_lease"]` | string: the migrator running a step (expires after a minute) |
 * | `["meta", "epoch"]` | number: the store's current epoch (absent: 0; see `epoch.ts`) |
 * | `["meta", "reset_lease"]` | string: the process resetting the store (expires after a minute) |
 * | `["flavors", "id", flavorid]` | {@link import("./flavors.ts").FlavorRecord} |
 * | `["flavors", "name", name]` | flavorid (unique names) |
 * | `["flavors", "access", flavorid, projectId]` | `{ projectId }`: a private flavor's tenant access |
 * | `["flavors", "seq"]` | number: last internal flavor id handed out |
 * | `["flavors", "description", flavorid, n]` | string: part n of a long flavor description |
 * | `["flavors", "generation"]` | rewritten by every flavor write: its versionstamp dates the flavors |
 * | `["keypairs", "user", userId, name]` | {@link import("./keypairs.ts").KeypairRecord} |
 * | `["keypairs", "seq"]` | number: last keypair id handed out |
 * | `["quotas", "project", projectId, resource]` | number: a project's limit override |
 * | `["quotas", "user", projectId, userId, resource]` | number: a user's limit override |
 * | `["quotas", "class", className, resource]` | number: a quota class's limit |
 * | `["quotas", "stamp", projectId]` | number: bumped by every change to a project's limits |
 * | `["usage", "project", projectId, resource]` | number: counted usage of a project |
 * | `["usage", "user", projectId, userId, resource]` | number: counted usage of a user |
 * | `["usage", "keypairs", userId]` | number: keypairs a user owns (they belong to no project) |
 * | `["instances", "id", uuid]` | {@link import("./records.ts").Instance}: a live server |
 * | `["instances", "deleted", uuid]` | the last record of a deleted server (markers, `deleted=true`) |
 * | `["instances", "project", projectId, createdAt, uuid]` | a copy of the record (uuid when large): a project's live servers by age |
 * | `["instances", "all", createdAt, uuid]` | a copy of the record (uuid when large): every live server by age |
 * | `["instances", "deleted_project", projectId, createdAt, uuid]` | uuid: a project's deleted servers |
 * | `["instances", "deleted_all", createdAt, uuid]` | uuid: every deleted server by age |
 * | `["instances", "host", host, uuid]` | uuid: the live servers placed on a host |
 * | `["instances", "terminated", terminatedAt, uuid]` | uuid: every deleted server by end time |
 * | `["instances", "terminated_project", projectId, terminatedAt, uuid]` | uuid: a project's, by end time |
 * | `["instances", "generation"]` | rewritten by every live-server write: its versionstamp dates the listings |
 * | `["instances", "password", uuid]` | string: the password the guest posted to the metadata API |
 * | `["instance_actions", "seq", uuid]` | number: the last action id handed out for an instance |
 * | `["instance_actions", "action", uuid, id]` | {@link import("./instance_actions.ts").InstanceActionRecord} |
 * | `["instance_actions", "request", uuid, requestId]` | number: the id of the request's latest action |
 * | `["instance_actions", "event", uuid, id, event]` | {@link import("./instance_actions.ts").InstanceActionEventRecord} |
 * | `["hosts", "usage", host]` | {@link import("./records.ts").HostUsage}: what a host handed out |
 * | `["migrations", "seq"]` | number: the last migration id handed out |
 * | `["migrations", "id", id]` | {@link import("./server_migrations.ts").MigrationRecord} |
 * | `["migrations", "uuid", uuid]` | number: a migration's id by its uuid |
 * | `["migrations", "instance", uuid, id]` | number: an instance's migrations, by id |
 * | `["services", "host", host]` | {@link import("./services.ts").ServiceRecord}: a compute service's state |
 * | `["services", "deleted", binary, host]` | string: when an operator deleted the service (ISO 8601) |
 * | `["images", "id", imageId]` | {@link import("./images.ts").ImageRecord}: a snapshot or backup image |
 * | `["images", "instance", instanceUuid, imageId]` | imageId: the images taken of a server |
 * | `["ports", "id", portId]` | {@link import("./records.ts").Port} |
 * | `["ports", "address", ip, networkId]` | portId: the port holding a fixed IP (one per network) |
 * | `["ports", "network", networkId, portId]` | string[]: the port's fixed IPs |
 * | `["ports", "device", deviceId, portId]` | portId: the ports of an instance |
 * | `["ports", "project", projectId, portId]` | portId: the ports of a project |
 * | `["emulator", "settings"]` | {@link import("./emulator.ts").EmulatorSettings}: step delays |
 * | `["emulator", "server_settings", uuid]` | {@link import("./emulator.ts").EmulatorSettings}: one server's |
 * | `["emulator", "faults", id]` | {@link import("./emulator.ts").FaultRecord}: an armed fault |
 * | `["console_tokens", tokenHash]` | {@link import("./console_tokens.ts").ConsoleTokenRecord} |
 * | `["identity", "signing_key"]` | Uint8Array: the embedded identity's key when kept in the store |
 * | `["identity", "revoked", auditId]` | number: ms after which a revoked token would have expired |
 * | `["identity", "project", id]` | {@link import("./identity_directory.ts").StoredProject}: a project made through the API |
 * | `["identity", "project_name", domainId, name]` | string: a made project's id by its name |
 * | `["identity", "user", id]` | {@link import("./identity_directory.ts").StoredUser}: a user made through the API |
 * | `["identity", "user_name", domainId, name]` | string: a made user's id by its name |
 * | `["identity", "assignment", userId, projectId, roleId]` | {@link import("./identity_directory.ts").StoredAssignment}: a granted role |
 * | `["identity", "directory_generation"]` | rewritten by every directory write: its versionstamp dates them |
 * | `["aggregates", "seq"]` | number: the last aggregate id handed out |
 * | `["aggregates", "id", id]` | {@link import("./aggregates.ts").AggregateRecord}: a host aggregate |
 * | `["aggregates", "name", name]` | number: an aggregate's id by its name (unique names) |
 * | `["aggregates", "host", host]` | number[]: the ids of the aggregates a host belongs to |
 * | `["server_groups", "id", uuid]` | {@link import("./server_groups.ts").ServerGroupRecord} |
 * | `["server_groups", "project", projectId, createdAt, uuid]` | uuid: a project's groups by age |
 * | `["server_groups", "all", createdAt, uuid]` | uuid: every server group by age |
 * | `["server_groups", "instance", instanceUuid]` | uuid: the group a server is a member of |
 * | `["volumes", "id", id]` | {@link import("./volumes.ts").VolumeRecord}: a block storage volume |
 * | `["volumes", "project", projectId, createdAt, id]` | id: a project's volumes by age |
 * | `["volumes", "all", createdAt, id]` | id: every volume by age |
 * | `["volume_snapshots", "id", id]` | {@link import("./volumes.ts").SnapshotRecord} |
 * | `["volume_snapshots", "project", projectId, createdAt, id]` | id: a project's snapshots |
 * | `["volume_snapshots", "all", createdAt, id]` | id: every snapshot by age |
 * | `["security_groups", "id", id]` | {@link import("./security_groups.ts").SecurityGroupRecord} with its rules |
 * | `["security_groups", "project", projectId, id]` | id: a project's stored groups |
 * | `["security_groups", "stamp", projectId]` | number: bumped by every change to a project's groups |
 * | `["security_group_rules", "id", ruleId]` | the id of the stored group holding the rule |
 *
 * Every change that touches several of these (a record, its name index, usage) is one atomic
 * operation (see `transaction.ts`).
 *
 * Epochs (`epoch.ts`): the store a process opens is a view of one epoch. The keys above are those
 * the code reads and writes; in epoch 0 they are stored as they are, in epoch N > 0 under `[N, ...]`
 * (a number first, so no epoch's key can spell another's). Resetting the cloud seeds epoch N + 1
 * and moves `["meta", "epoch"]` to it in one atomic operation. The keys under
 * {@link GLOBAL_KEY_ROOTS} belong to no epoch and survive a reset: `["meta", ...]` (schema version,
 * leases, the epoch itself) and `["identity", ...]` (the signing key, revoked tokens, and the
 * projects, users and roles made through the embedded identity: Keystone's state, not the compute
 * cloud's, so tokens issued before a reset stay valid and revoked ones stay revoked).
 *
 * @module
 */
import { sha256Hex } from "../crypto/sha256.ts";

const encoder = new TextEncoder();
const HASHED = "sha256:";

/**
 * A user-supplied string as a key part. KV keys are limited to 2 KiB, and Nova accepts ids of any
 * length in URLs (a read of an unknown one is simply not found), so a part longer than 256 bytes
 * stands as `sha256:<hex>` of itself; records keep the full string. A short part that itself
 * starts with `sha256:` is hashed too, so it can never spell a long part's key.
 */
export function part(text: string): string {
  if (encoder.encode(text).byteLength <= 256 && !text.startsWith(HASHED)) return text;
  return HASHED + sha256Hex(text);
}

/** The first parts of the keys that belong to no epoch (see the module doc). */
export const GLOBAL_KEY_ROOTS: ReadonlySet<string> = new Set(["meta", "identity"]);

/** Key builders, grouped by entity. */
export const keys = {
  schemaVersion: (): Deno.KvKey => ["meta", "schema_version"],
  migrationLease: (): Deno.KvKey => ["meta", "migration_lease"],
  /** The store's current epoch (a number; absent means 0). */
  storeEpoch: (): Deno.KvKey => ["meta", "epoch"],
  /** Held while one process resets the store (a reset at a time). */
  resetLease: (): Deno.KvKey => ["meta", "reset_lease"],

  flavor: (flavorid: string): Deno.KvKey => ["flavors", "id", part(flavorid)],
  flavors: (): Deno.KvKey => ["flavors", "id"],
  flavorName: (name: string): Deno.KvKey => ["flavors", "name", part(name)],
  flavorAccess: (flavorid: string, projectId: string): Deno.KvKey => [
    "flavors",
    "access",
    part(flavorid),
    part(projectId),
  ],
  flavorAccessList: (flavorid: string): Deno.KvKey => ["flavors", "access", part(flavorid)],
  flavorAccessAll: (): Deno.KvKey => ["flavors", "access"],
  flavorSeq: (): Deno.KvKey => ["flavors", "seq"],
  flavorsGeneration: (): Deno.KvKey => ["flavors", "generation"],
  flavorDescriptionPart: (flavorid: string, n: number): Deno.KvKey => [
    "flavors",
    "description",
    part(flavorid),
    n,
  ],

  keypair: (
    userId: string,
    name: string,
  ): Deno.KvKey => ["keypairs", "user", part(userId), part(name)],
  keypairs: (userId: string): Deno.KvKey => ["keypairs", "user", part(userId)],
  keypairSeq: (): Deno.KvKey => ["keypairs", "seq"],

  projectQuota: (projectId: string, resource: string): Deno.KvKey => [
    "quotas",
    "project",
    part(projectId),
    part(resource),
  ],
  projectQuotas: (projectId: string): Deno.KvKey => ["quotas", "project", part(projectId)],
  userQuota: (projectId: string, userId: string, resource: string): Deno.KvKey => [
    "quotas",
    "user",
    part(projectId),
    part(userId),
    part(resource),
  ],
  /** Every per-user limit within a project (all users). */
  projectUserQuotas: (projectId: string): Deno.KvKey => ["quotas", "user", part(projectId)],
  userQuotas: (projectId: string, userId: string): Deno.KvKey => [
    "quotas",
    "user",
    part(projectId),
    part(userId),
  ],
  classQuota: (className: string, resource: string): Deno.KvKey => [
    "quotas",
    "class",
    part(className),
    part(resource),
  ],
  classQuotas: (className: string): Deno.KvKey => ["quotas", "class", part(className)],
  /** A counter bumped whenever a project's or its users' limits change (a version to check). */
  quotaStamp: (projectId: string): Deno.KvKey => ["quotas", "stamp", part(projectId)],

  projectUsage: (projectId: string, resource: string): Deno.KvKey => [
    "usage",
    "project",
    part(projectId),
    part(resource),
  ],
  userUsage: (projectId: string, userId: string, resource: string): Deno.KvKey => [
    "usage",
    "user",
    part(projectId),
    part(userId),
    part(resource),
  ],
  keypairUsage: (userId: string): Deno.KvKey => ["usage", "keypairs", part(userId)],

  instance: (uuid: string): Deno.KvKey => ["instances", "id", part(uuid)],
  /** The prefix of every live server's record. */
  liveInstances: (): Deno.KvKey => ["instances", "id"],
  deletedInstance: (uuid: string): Deno.KvKey => ["instances", "deleted", part(uuid)],
  /** The prefix of every deleted server's last record. */
  deletedInstances: (): Deno.KvKey => ["instances", "deleted"],
  /** A project's servers ordered by (created_at, uuid); `projectInstances` is its prefix. */
  projectInstance: (projectId: string, createdAt: string, uuid: string): Deno.KvKey => [
    "instances",
    "project",
    part(projectId),
    createdAt,
    part(uuid),
  ],
  projectInstances: (projectId: string): Deno.KvKey => ["instances", "project", part(projectId)],
  /** Every live server ordered by (created_at, uuid); `allInstances` is its prefix. */
  globalInstance: (createdAt: string, uuid: string): Deno.KvKey => [
    "instances",
    "all",
    createdAt,
    part(uuid),
  ],
  allInstances: (): Deno.KvKey => ["instances", "all"],
  /** Rewritten by every live-server write: its versionstamp dates every listing. */
  instancesGeneration: (): Deno.KvKey => ["instances", "generation"],
  /** A project's deleted servers by (created_at, uuid); `deletedProjectInstances` is its prefix. */
  deletedProjectInstance: (projectId: string, createdAt: string, uuid: string): Deno.KvKey => [
    "instances",
    "deleted_project",
    part(projectId),
    createdAt,
    part(uuid),
  ],
  deletedProjectInstances: (projectId: string): Deno.KvKey => [
    "instances",
    "deleted_project",
    part(projectId),
  ],
  /** Every deleted server by (created_at, uuid); `deletedAllInstances` is its prefix. */
  deletedAllInstance: (createdAt: string, uuid: string): Deno.KvKey => [
    "instances",
    "deleted_all",
    createdAt,
    part(uuid),
  ],
  deletedAllInstances: (): Deno.KvKey => ["instances", "deleted_all"],
  /** Every deleted server by (terminated_at, uuid); `terminatedInstances` is its prefix. */
  terminatedInstance: (terminatedAt: string, uuid: string): Deno.KvKey => [
    "instances",
    "terminated",
    terminatedAt,
    part(uuid),
  ],
  terminatedInstances: (): Deno.KvKey => ["instances", "terminated"],
  /** A project's deleted servers by (terminated_at, uuid); `terminatedProjectInstances` is its prefix. */
  terminatedProjectInstance: (
    projectId: string,
    terminatedAt: string,
    uuid: string,
  ): Deno.KvKey => [
    "instances",
    "terminated_project",
    part(projectId),
    terminatedAt,
    part(uuid),
  ],
  terminatedProjectInstances: (projectId: string): Deno.KvKey => [
    "instances",
    "terminated_project",
    part(projectId),
  ],
  hostInstance: (host: string, uuid: string): Deno.KvKey => [
    "instances",
    "host",
    part(host),
    part(uuid),
  ],
  hostInstances: (host: string): Deno.KvKey => ["instances", "host", part(host)],
  /** The password a guest posted (Nova keeps it in system metadata as `password_0..3`). */
  instancePassword: (uuid: string): Deno.KvKey => ["instances", "password", part(uuid)],
  /** A console token, by the hex SHA-256 of the token (Nova stores only the hash too). */
  consoleToken: (tokenHash: string): Deno.KvKey => ["console_tokens", part(tokenHash)],
  /** The embedded identity's token signing key, when it lives in the store (Deno Deploy). */
  identitySigningKey: (): Deno.KvKey => ["identity", "signing_key"],
  /** A revoked token's audit id, when revocations live in the store. */
  identityRevoked: (auditId: string): Deno.KvKey => ["identity", "revoked", part(auditId)],
  /** A project made through the embedded identity's API; `identityProjects` is the prefix. */
  identityProject: (id: string): Deno.KvKey => ["identity", "project", part(id)],
  identityProjects: (): Deno.KvKey => ["identity", "project"],
  /** A made project's id by domain and name (unique names). */
  identityProjectName: (domainId: string, name: string): Deno.KvKey => [
    "identity",
    "project_name",
    part(domainId),
    part(name),
  ],
  /** A user made through the embedded identity's API; `identityUsers` is the prefix. */
  identityUser: (id: string): Deno.KvKey => ["identity", "user", part(id)],
  identityUsers: (): Deno.KvKey => ["identity", "user"],
  /** A made user's id by domain and name (unique names). */
  identityUserName: (domainId: string, name: string): Deno.KvKey => [
    "identity",
    "user_name",
    part(domainId),
    part(name),
  ],
  /** A role granted through the API; `identityAssignments` is the prefix of all of them. */
  identityAssignment: (userId: string, projectId: string, roleId: string): Deno.KvKey => [
    "identity",
    "assignment",
    part(userId),
    part(projectId),
    part(roleId),
  ],
  identityAssignments: (): Deno.KvKey => ["identity", "assignment"],
  /** Rewritten by every directory write: its versionstamp tells readers their copy is stale. */
  identityDirectoryGeneration: (): Deno.KvKey => ["identity", "directory_generation"],
  /** The last action id handed out for an instance (ids order its actions by creation). */
  instanceActionSeq: (uuid: string): Deno.KvKey => ["instance_actions", "seq", part(uuid)],
  /** One instance action; `instanceActions` is the prefix of an instance's, in id order. */
  instanceAction: (uuid: string, id: number): Deno.KvKey => [
    "instance_actions",
    "action",
    part(uuid),
    id,
  ],
  instanceActions: (uuid: string): Deno.KvKey => ["instance_actions", "action", part(uuid)],
  /** The id of the latest action a request started on an instance. */
  instanceActionRequest: (uuid: string, requestId: string): Deno.KvKey => [
    "instance_actions",
    "request",
    part(uuid),
    part(requestId),
  ],
  /** One event of an action, by its name; `instanceActionEvents` is the action's prefix. */
  instanceActionEvent: (uuid: string, id: number, event: string): Deno.KvKey => [
    "instance_actions",
    "event",
    part(uuid),
    id,
    part(event),
  ],
  instanceActionEvents: (uuid: string, id: number): Deno.KvKey => [
    "instance_actions",
    "event",
    part(uuid),
    id,
  ],
  hostUsage: (host: string): Deno.KvKey => ["hosts", "usage", part(host)],
  migrationSeq: (): Deno.KvKey => ["migrations", "seq"],
  /** One migration; `migrations` is the prefix of all, in id order. */
  migration: (id: number): Deno.KvKey => ["migrations", "id", id],
  migrations: (): Deno.KvKey => ["migrations", "id"],
  migrationUuid: (uuid: string): Deno.KvKey => ["migrations", "uuid", part(uuid)],
  instanceMigration: (instanceUuid: string, id: number): Deno.KvKey => [
    "migrations",
    "instance",
    part(instanceUuid),
    id,
  ],
  instanceMigrations: (instanceUuid: string): Deno.KvKey => [
    "migrations",
    "instance",
    part(instanceUuid),
  ],
  /** The state of the compute service of one host; `services` is the prefix of all. */
  service: (host: string): Deno.KvKey => ["services", "host", part(host)],
  services: (): Deno.KvKey => ["services", "host"],
  /** The mark of a deleted service (any binary). */
  deletedService: (binary: string, host: string): Deno.KvKey => [
    "services",
    "deleted",
    part(binary),
    part(host),
  ],
  /** One stored image; `images` is the prefix of all. */
  image: (id: string): Deno.KvKey => ["images", "id", part(id)],
  images: (): Deno.KvKey => ["images", "id"],
  /** An image taken of a server; `instanceImages` is the prefix of a server's. */
  instanceImage: (instanceUuid: string, id: string): Deno.KvKey => [
    "images",
    "instance",
    part(instanceUuid),
    part(id),
  ],
  instanceImages: (instanceUuid: string): Deno.KvKey => ["images", "instance", part(instanceUuid)],
  port: (portId: string): Deno.KvKey => ["ports", "id", part(portId)],
  ports: (): Deno.KvKey => ["ports", "id"],
  /** The lock on one fixed IP of one network: present while a port holds the address. */
  portAddress: (ip: string, networkId: string): Deno.KvKey => [
    "ports",
    "address",
    part(ip),
    part(networkId),
  ],
  /** Every network's holder of one address (the metadata API finds instances by it). */
  portAddresses: (ip: string): Deno.KvKey => ["ports", "address", part(ip)],
  networkPort: (networkId: string, portId: string): Deno.KvKey => [
    "ports",
    "network",
    part(networkId),
    part(portId),
  ],
  networkPorts: (networkId: string): Deno.KvKey => ["ports", "network", part(networkId)],
  devicePort: (deviceId: string, portId: string): Deno.KvKey => [
    "ports",
    "device",
    part(deviceId),
    part(portId),
  ],
  devicePorts: (deviceId: string): Deno.KvKey => ["ports", "device", part(deviceId)],
  projectPort: (projectId: string, portId: string): Deno.KvKey => [
    "ports",
    "project",
    part(projectId),
    part(portId),
  ],
  projectPorts: (projectId: string): Deno.KvKey => ["ports", "project", part(projectId)],
  aggregateSeq: (): Deno.KvKey => ["aggregates", "seq"],
  /** One host aggregate; `aggregates` is the prefix of all, in id order. */
  aggregate: (id: number): Deno.KvKey => ["aggregates", "id", id],
  aggregates: (): Deno.KvKey => ["aggregates", "id"],
  aggregateName: (name: string): Deno.KvKey => ["aggregates", "name", part(name)],
  /** The aggregates a compute host belongs to. */
  aggregateHost: (host: string): Deno.KvKey => ["aggregates", "host", part(host)],
  emulatorSettings: (): Deno.KvKey => ["emulator", "settings"],
  emulatorServerSettings: (uuid: string): Deno.KvKey => [
    "emulator",
    "server_settings",
    part(uuid),
  ],
  /** One armed fault; `emulatorFaults` is the prefix of all, in id order. */
  emulatorFault: (id: string): Deno.KvKey => ["emulator", "faults", part(id)],
  emulatorFaults: (): Deno.KvKey => ["emulator", "faults"],
  /** One server group. */
  serverGroup: (uuid: string): Deno.KvKey => ["server_groups", "id", part(uuid)],
  /** A project's server groups by (created_at, uuid); `projectServerGroups` is its prefix. */
  projectServerGroup: (projectId: string, createdAt: string, uuid: string): Deno.KvKey => [
    "server_groups",
    "project",
    part(projectId),
    createdAt,
    part(uuid),
  ],
  projectServerGroups: (projectId: string): Deno.KvKey => [
    "server_groups",
    "project",
    part(projectId),
  ],
  /** Every server group by (created_at, uuid); `allServerGroups` is its prefix. */
  globalServerGroup: (createdAt: string, uuid: string): Deno.KvKey => [
    "server_groups",
    "all",
    createdAt,
    part(uuid),
  ],
  allServerGroups: (): Deno.KvKey => ["server_groups", "all"],
  /** The group a server belongs to (a server is in at most one). */
  instanceServerGroup: (instanceUuid: string): Deno.KvKey => [
    "server_groups",
    "instance",
    part(instanceUuid),
  ],
  /** One volume. */
  volume: (id: string): Deno.KvKey => ["volumes", "id", part(id)],
  /** A project's volumes by (created_at, id); `projectVolumes` is its prefix. */
  projectVolume: (projectId: string, createdAt: string, id: string): Deno.KvKey => [
    "volumes",
    "project",
    part(projectId),
    createdAt,
    part(id),
  ],
  projectVolumes: (projectId: string): Deno.KvKey => ["volumes", "project", part(projectId)],
  /** Every volume by (created_at, id); `allVolumes` is its prefix. */
  globalVolume: (createdAt: string, id: string): Deno.KvKey => [
    "volumes",
    "all",
    createdAt,
    part(id),
  ],
  allVolumes: (): Deno.KvKey => ["volumes", "all"],
  /** One volume snapshot. */
  volumeSnapshot: (id: string): Deno.KvKey => ["volume_snapshots", "id", part(id)],
  /** A project's snapshots by (created_at, id); `projectVolumeSnapshots` is its prefix. */
  projectVolumeSnapshot: (projectId: string, createdAt: string, id: string): Deno.KvKey => [
    "volume_snapshots",
    "project",
    part(projectId),
    createdAt,
    part(id),
  ],
  projectVolumeSnapshots: (projectId: string): Deno.KvKey => [
    "volume_snapshots",
    "project",
    part(projectId),
  ],
  /** Every snapshot by (created_at, id); `allVolumeSnapshots` is its prefix. */
  globalVolumeSnapshot: (createdAt: string, id: string): Deno.KvKey => [
    "volume_snapshots",
    "all",
    createdAt,
    part(id),
  ],
  allVolumeSnapshots: (): Deno.KvKey => ["volume_snapshots", "all"],

  securityGroup: (id: string): Deno.KvKey => ["security_groups", "id", part(id)],
  securityGroups: (): Deno.KvKey => ["security_groups", "id"],
  projectSecurityGroup: (projectId: string, id: string): Deno.KvKey => [
    "security_groups",
    "project",
    part(projectId),
    part(id),
  ],
  projectSecurityGroups: (projectId: string): Deno.KvKey => [
    "security_groups",
    "project",
    part(projectId),
  ],
  securityGroupStamp: (projectId: string): Deno.KvKey => [
    "security_groups",
    "stamp",
    part(projectId),
  ],
  securityGroupRule: (ruleId: string): Deno.KvKey => ["security_group_rules", "id", part(ruleId)],
};

/**
 * Read every entry under a prefix in batches (KV lists at most 1,000 per batch).
 *
 * @example
 * ```ts
 * for await (const e of listAll<Flavor>(kv, keys.flavors())) console.log(e.value.name);
 * ```
 */
export async function* listAll<T>(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  options: { start?: Deno.KvKey; reverse?: boolean; limit?: number; batchSize?: number } = {},
): AsyncGenerator<Deno.KvEntry<T>> {
  const selector = options.start ? { prefix, start: options.start } : { prefix };
  yield* kv.list<T>(selector, {
    batchSize: options.batchSize ?? 500,
    reverse: options.reverse,
    limit: options.limit,
  });
}
