/**
 * Server groups, the domain side (Nova's `InstanceGroup` and the group half of its scheduler
 * utilities): create (counting `server_groups`), read, list, delete (uncounting it); a server
 * joining its group at create (checking `server_group_members`) and leaving it when deleted; and
 * where a group's members run, which the scheduler's group filters and weighers read.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { OverQuota, type QuotaEngine } from "../quota/mod.ts";
import {
  getMemberGroup,
  getServerGroup as readGroup,
  insertServerGroup,
  linkMember,
  listServerGroups as readGroups,
  readMemberGroup,
  readMemberHosts,
  readServerGroup,
  removeServerGroup,
  type ServerGroupPolicy,
  type ServerGroupRecord,
  unlinkMember,
  updateServerGroup,
} from "../store/server_groups.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import type { GroupPlacement } from "../virt/scheduler.ts";

export type { ServerGroupPolicy, ServerGroupRecord };

/** Nova's `InstanceGroupNotFound` (404 on the group API; the server create answers 400). */
export class InstanceGroupNotFound extends DomainError {
  /** The uuid asked for. */
  readonly uuid: string;

  constructor(uuid: string) {
    super("not-found", `Instance group ${uuid} could not be found.`);
    this.uuid = uuid;
  }
}

/** Who creates a group: its project's and user's limits apply, and it is theirs. */
export interface ServerGroupActor {
  projectId: string;
  userId: string;
}

/** A group to create, as the API validated it. */
export interface NewServerGroup {
  name: string;
  policy: ServerGroupPolicy;
  /** 2.64 rules, as sent (`max_server_per_host` as a number or a string of digits). */
  rules?: Record<string, unknown>;
}

/** Nova's message when a server would take its group past `server_group_members`. */
export const TOO_MANY_MEMBERS = "Quota exceeded, too many servers in group";

/**
 * Create a group: `server_groups` is checked and counted first (Nova's order), then rules are
 * allowed only for anti-affinity (Nova's 400 "Only anti-affinity policy supports rules.").
 *
 * @example
 * ```ts
 * const g = await createServerGroup(kv, quotas, actor, { name: "g", policy: "affinity" });
 * ```
 */
export async function createServerGroup(
  kv: Deno.Kv,
  quotas: QuotaEngine,
  actor: ServerGroupActor,
  input: NewServerGroup,
  now: Date = new Date(),
): Promise<ServerGroupRecord> {
  return await transact(kv, async (tx) => {
    await quotas.reserve(tx, { ...actor, deltas: { server_groups: 1 } });
    const sent = input.rules ?? {};
    if (input.policy !== "anti-affinity" && Object.keys(sent).length) {
      throw new DomainError("invalid", "Only anti-affinity policy supports rules.");
    }
    const rules: ServerGroupRecord["rules"] = {};
    if (sent.max_server_per_host !== undefined) {
      rules.max_server_per_host = Number(sent.max_server_per_host);
    }
    const record: ServerGroupRecord = {
      uuid: crypto.randomUUID(),
      name: input.name,
      projectId: actor.projectId,
      userId: actor.userId,
      policy: input.policy,
      rules,
      members: [],
      createdAt: now.toISOString(),
    };
    insertServerGroup(tx, record);
    return record;
  });
}

/** A group by uuid (any project's: the caller checks policy), or {@link InstanceGroupNotFound}. */
export async function getServerGroup(kv: Deno.Kv, uuid: string): Promise<ServerGroupRecord> {
  const record = await readGroup(kv, uuid);
  if (!record) throw new InstanceGroupNotFound(uuid);
  return record;
}

/** The groups of a project, or of every project when `projectId` is undefined, oldest first. */
export function listServerGroups(
  kv: Deno.Kv,
  projectId?: string,
): Promise<ServerGroupRecord[]> {
  return readGroups(kv, projectId);
}

/** Delete a group and uncount it from its owner's `server_groups`; members stay as they are. */
export async function deleteServerGroup(
  kv: Deno.Kv,
  quotas: QuotaEngine,
  uuid: string,
): Promise<void> {
  await transact(kv, async (tx) => {
    const record = await readServerGroup(tx, uuid);
    if (!record) throw new InstanceGroupNotFound(uuid);
    removeServerGroup(tx, record);
    await quotas.release(tx, {
      projectId: record.projectId,
      userId: record.userId,
      deltas: { server_groups: 1 },
    });
  });
}

/**
 * Stage `count` new servers of `userId` joining the group read through `tx`: their
 * `server_group_members` (the user's members of this group) is checked first, and Nova's 403
 * "Quota exceeded, too many servers in group" raised when it would go over.
 */
export async function checkMemberQuota(
  tx: Transaction,
  quotas: QuotaEngine,
  group: ServerGroupRecord,
  actor: ServerGroupActor,
  count: number,
): Promise<void> {
  const mine = group.members.filter((m) => m.userId === actor.userId).length;
  try {
    await quotas.reserve(tx, {
      ...actor,
      deltas: { server_group_members: count },
      counts: { server_group_members: mine },
    });
  } catch (e) {
    if (e instanceof OverQuota) throw new DomainError("over-quota", TOO_MANY_MEMBERS);
    throw e;
  }
}

/** Stage servers joining a group read through `tx` (returns the group as it now stands). */
export function addMembers(
  tx: Transaction,
  group: ServerGroupRecord,
  members: readonly { uuid: string; userId: string }[],
): ServerGroupRecord {
  const after = { ...group, members: [...group.members, ...members] };
  updateServerGroup(tx, after);
  for (const m of members) linkMember(tx, m.uuid, group.uuid);
  return after;
}

/** Stage a server leaving its group, if it is in one (Nova drops the membership on destroy). */
export async function leaveServerGroup(tx: Transaction, instanceUuid: string): Promise<void> {
  const groupUuid = await readMemberGroup(tx, instanceUuid);
  if (!groupUuid) return;
  unlinkMember(tx, instanceUuid);
  const group = await readServerGroup(tx, groupUuid);
  if (!group) return;
  updateServerGroup(tx, {
    ...group,
    members: group.members.filter((m) => m.uuid !== instanceUuid),
  });
}

/** The group a server is a member of, through `tx`, or null. */
export async function memberGroupInTx(
  tx: Transaction,
  instanceUuid: string,
): Promise<ServerGroupRecord | null> {
  const groupUuid = await readMemberGroup(tx, instanceUuid);
  return groupUuid ? await readServerGroup(tx, groupUuid) : null;
}

/** The uuids of the groups a server is a member of (none or one), for the 2.71 view. */
export async function serverGroupsOf(kv: Deno.Kv, instanceUuid: string): Promise<string[]> {
  const uuid = await getMemberGroup(kv, instanceUuid);
  return uuid ? [uuid] : [];
}

/**
 * Where a group's members run, for the scheduler (Nova's group hosts and the members on each
 * host), read through `tx`. `exclude` names the server being placed (a move counts the others).
 */
export async function groupPlacement(
  tx: Transaction,
  group: ServerGroupRecord,
  exclude?: string,
): Promise<GroupPlacement> {
  const uuids = group.members.map((m) => m.uuid).filter((u) => u !== exclude);
  const hosts = new Map<string, number>();
  for (const host of await readMemberHosts(tx, uuids)) {
    if (host) hosts.set(host, (hosts.get(host) ?? 0) + 1);
  }
  return { policy: group.policy, hosts, maxServerPerHost: group.rules.max_server_per_host };
}

/**
 * The group placement of a server being moved, or undefined when it is in no group. As Nova's
 * group details, affinity's hosts include the server's own (it must stay with its group), while
 * the other policies count the other members only.
 */
export async function movePlacement(
  tx: Transaction,
  instanceUuid: string,
): Promise<GroupPlacement | undefined> {
  const group = await memberGroupInTx(tx, instanceUuid);
  if (!group) return undefined;
  return await groupPlacement(tx, group, group.policy === "affinity" ? undefined : instanceUuid);
}

/** `placement` with one more member on `host` (a multi-create places its servers in turn). */
export function withMemberOn(placement: GroupPlacement, host: string): GroupPlacement {
  const hosts = new Map(placement.hosts);
  hosts.set(host, (hosts.get(host) ?? 0) + 1);
  return { ...placement, hosts };
}
