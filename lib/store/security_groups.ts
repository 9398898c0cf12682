/**
 * Stored security groups: the groups projects create and the `default` groups once a write has
 * touched them (until then a project's `default` group is derived, see
 * `lib/networks/security_groups.ts`). A group is one record holding its rules, with an index by
 * project and one from each rule id to its group. Every change to a project's groups bumps the
 * project's stamp, so concurrent writers of one project (a quota count, a name check) retry.
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { readValues, retryLocked, type Transaction } from "./transaction.ts";

/** One rule of a stored group (Neutron's attributes). */
export interface SecurityGroupRuleRecord {
  id: string;
  security_group_id: string;
  direction: "ingress" | "egress";
  ethertype: "IPv4" | "IPv6";
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  /** ISO 8601. */
  created_at: string;
}

/** One stored group (Neutron's attributes) with its rules. */
export interface SecurityGroupRecord {
  id: string;
  name: string;
  description: string;
  project_id: string;
  rules: SecurityGroupRuleRecord[];
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601. */
  updated_at: string;
  /** Neutron's revision number: 0 when made, bumped by every change. */
  revision_number: number;
}

/** The stored group `id`, or null. */
export async function readSecurityGroup(
  kv: Deno.Kv,
  id: string,
): Promise<SecurityGroupRecord | null> {
  return (await retryLocked(() => kv.get<SecurityGroupRecord>(keys.securityGroup(id)))).value;
}

/** The stored group `id` read through `tx` (checked at commit), or null. */
export function readSecurityGroupInTx(
  tx: Transaction,
  id: string,
): Promise<SecurityGroupRecord | null> {
  return tx.get<SecurityGroupRecord>(keys.securityGroup(id));
}

/** The id of the stored group holding rule `ruleId`, or null. */
export async function readRuleGroupId(kv: Deno.Kv, ruleId: string): Promise<string | null> {
  return (await retryLocked(() => kv.get<string>(keys.securityGroupRule(ruleId)))).value;
}

/** A project's stored groups, in id order. */
export async function listProjectSecurityGroups(
  kv: Deno.Kv,
  projectId: string,
): Promise<SecurityGroupRecord[]> {
  return await retryLocked(async () => {
    const ids: Deno.KvKey[] = [];
    for await (const e of listAll<string>(kv, keys.projectSecurityGroups(projectId))) {
      ids.push(keys.securityGroup(e.value));
    }
    return (await readValues<SecurityGroupRecord>(kv, ids)).filter((g) => g !== null);
  });
}

/** Every stored group, in id order. */
export async function listAllSecurityGroups(kv: Deno.Kv): Promise<SecurityGroupRecord[]> {
  return await retryLocked(async () => {
    const out: SecurityGroupRecord[] = [];
    for await (const e of listAll<SecurityGroupRecord>(kv, keys.securityGroups())) {
      out.push(e.value);
    }
    return out;
  });
}

/**
 * Inside `tx`: take the project's write turn (read its stamp, checked at commit, and bump it),
 * so two writers of one project's groups never both commit on the same view.
 */
export async function lockProjectSecurityGroups(tx: Transaction, projectId: string): Promise<void> {
  const stamp = await tx.get<number>(keys.securityGroupStamp(projectId)) ?? 0;
  tx.set(keys.securityGroupStamp(projectId), stamp + 1);
}

/**
 * Stage writing `after` (a new group when `before` is null), with its project index and the rule
 * index of every rule it gained; rules it lost leave the index.
 */
export function stageSecurityGroup(
  tx: Transaction,
  before: SecurityGroupRecord | null,
  after: SecurityGroupRecord,
): void {
  if (!before) tx.assertAbsent(keys.securityGroup(after.id));
  tx.set(keys.securityGroup(after.id), after);
  tx.set(keys.projectSecurityGroup(after.project_id, after.id), after.id);
  const kept = new Set(after.rules.map((r) => r.id));
  for (const rule of before?.rules ?? []) {
    if (!kept.has(rule.id)) tx.delete(keys.securityGroupRule(rule.id));
  }
  const had = new Set((before?.rules ?? []).map((r) => r.id));
  for (const rule of after.rules) {
    if (!had.has(rule.id)) tx.set(keys.securityGroupRule(rule.id), after.id);
  }
}

/** Stage removing a stored group, its project index and its rules' index. */
export function stageSecurityGroupRemoval(tx: Transaction, record: SecurityGroupRecord): void {
  tx.delete(keys.securityGroup(record.id));
  tx.delete(keys.projectSecurityGroup(record.project_id, record.id));
  for (const rule of record.rules) tx.delete(keys.securityGroupRule(rule.id));
}
