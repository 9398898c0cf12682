/**
 * Stored server groups (Nova's `instance_groups` with their members): one record per group
 * under its uuid, listed per project and overall in creation order, and an index from each
 * member server to its group (a server is in at most one group).
 *
 * Quota counting is not done here: the server-group domain (`lib/instances/server_groups.ts`)
 * reserves and releases `server_groups` in the same transaction.
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import type { Instance } from "./records.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** A scheduling policy of a group. */
export type ServerGroupPolicy =
  | "affinity"
  | "anti-affinity"
  | "soft-affinity"
  | "soft-anti-affinity";

/** One member: the server and the user who created it (`server_group_members` is per user). */
export interface ServerGroupMember {
  uuid: string;
  userId: string;
}

/** A stored server group. */
export interface ServerGroupRecord {
  uuid: string;
  name: string;
  projectId: string;
  userId: string;
  policy: ServerGroupPolicy;
  /** Policy rules (2.64): `max_server_per_host` for anti-affinity. */
  rules: { max_server_per_host?: number };
  /** Live member servers, in the order they joined. */
  members: ServerGroupMember[];
  /** ISO 8601 creation time (UTC). */
  createdAt: string;
}

/** Read one group, or null. */
export async function getServerGroup(kv: Deno.Kv, uuid: string): Promise<ServerGroupRecord | null> {
  return (await retryLocked(() => kv.get<ServerGroupRecord>(keys.serverGroup(uuid)))).value;
}

/** Read one group through `tx` (its version is checked at commit), or null. */
export function readServerGroup(tx: Transaction, uuid: string): Promise<ServerGroupRecord | null> {
  return tx.get<ServerGroupRecord>(keys.serverGroup(uuid));
}

/** Every group of a project (or of all projects), oldest first. */
export async function listServerGroups(
  kv: Deno.Kv,
  projectId?: string,
): Promise<ServerGroupRecord[]> {
  const prefix = projectId === undefined
    ? keys.allServerGroups()
    : keys.projectServerGroups(projectId);
  const uuids: string[] = [];
  for await (const entry of listAll<string>(kv, prefix)) uuids.push(entry.value);
  const records = await readValues<ServerGroupRecord>(kv, uuids.map((u) => keys.serverGroup(u)));
  return records.filter((r): r is ServerGroupRecord => r !== null);
}

/** Queue a new group and its indexes; the commit fails if the uuid is taken. */
export function insertServerGroup(tx: Transaction, record: ServerGroupRecord): void {
  const key = keys.serverGroup(record.uuid);
  tx.assertAbsent(key);
  tx.set(key, record);
  tx.set(keys.projectServerGroup(record.projectId, record.createdAt, record.uuid), record.uuid);
  tx.set(keys.globalServerGroup(record.createdAt, record.uuid), record.uuid);
}

/** Queue the new state of a group read through `tx`. */
export function updateServerGroup(tx: Transaction, record: ServerGroupRecord): void {
  tx.set(keys.serverGroup(record.uuid), record);
}

/** Queue removing a group read through `tx`, its indexes and its members' links to it. */
export function removeServerGroup(tx: Transaction, record: ServerGroupRecord): void {
  tx.delete(keys.serverGroup(record.uuid));
  tx.delete(keys.projectServerGroup(record.projectId, record.createdAt, record.uuid));
  tx.delete(keys.globalServerGroup(record.createdAt, record.uuid));
  for (const m of record.members) tx.delete(keys.instanceServerGroup(m.uuid));
}

/** Queue linking a member server to its group. */
export function linkMember(tx: Transaction, instanceUuid: string, groupUuid: string): void {
  tx.set(keys.instanceServerGroup(instanceUuid), groupUuid);
}

/** Queue removing a server's link to its group. */
export function unlinkMember(tx: Transaction, instanceUuid: string): void {
  tx.delete(keys.instanceServerGroup(instanceUuid));
}

/** The uuid of the group a server belongs to, through `tx`, or null. */
export function readMemberGroup(tx: Transaction, instanceUuid: string): Promise<string | null> {
  return tx.get<string>(keys.instanceServerGroup(instanceUuid));
}

/** The uuid of the group a server belongs to, or null. */
export async function getMemberGroup(kv: Deno.Kv, instanceUuid: string): Promise<string | null> {
  return (await retryLocked(() => kv.get<string>(keys.instanceServerGroup(instanceUuid)))).value;
}

/** The hosts of live servers read through `tx`, in order (null for none or no host). */
export async function readMemberHosts(
  tx: Transaction,
  instanceUuids: readonly string[],
): Promise<(string | null)[]> {
  if (instanceUuids.length === 0) return [];
  const records = await tx.getMany<Instance>(instanceUuids.map((u) => keys.instance(u)));
  return records.map((r) => r?.host ?? null);
}
