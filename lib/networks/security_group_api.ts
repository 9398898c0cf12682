/**
 * Security groups as Neutron keeps them, over the store: each project's `default` group (derived
 * until a write touches it, then stored with the same ids) and the groups it creates, with their
 * rules. Reads see the caller's project (an admin sees every stored group by id); writes answer
 * as Neutron's server does, with its quotas (10 groups, 100 rules a project) and its refusals as
 * {@link NeutronConflict} (409) or {@link NeutronBadRequest} (400), which each API words in its
 * own way (Nova's proxy turns most into 400 or 403).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { listPortRecords } from "../store/ports.ts";
import {
  listAllSecurityGroups,
  listProjectSecurityGroups,
  lockProjectSecurityGroups,
  readRuleGroupId,
  readSecurityGroup,
  readSecurityGroupInTx,
  type SecurityGroupRecord,
  type SecurityGroupRuleRecord,
  stageSecurityGroup,
  stageSecurityGroupRemoval,
} from "../store/security_groups.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { isUuidLike } from "../validation/formats/uuid.ts";
import {
  defaultSecurityGroup,
  portSecurityGroupIds,
  type SecurityGroup,
  type SecurityGroupRule,
} from "./security_groups.ts";

/** Neutron's default `security_group` quota. */
export const SECURITY_GROUP_QUOTA = 10;
/** Neutron's default `security_group_rule` quota. */
export const SECURITY_GROUP_RULE_QUOTA = 100;

/** Who reads or writes: the caller's project and whether it is an admin. */
export interface Viewer {
  projectId: string | null;
  isAdmin: boolean;
}

/** Neutron's `SecurityGroupNotFound` (404). */
export class SecurityGroupMissing extends DomainError {
  constructor(id: string) {
    super("not-found", `Security group ${id} does not exist`);
  }
}

/** Neutron's `SecurityGroupRuleNotFound` (404). */
export class SecurityGroupRuleMissing extends DomainError {
  constructor(id: string) {
    super("not-found", `Security group rule ${id} does not exist`);
  }
}

/** neutronclient's `NeutronClientNoUniqueMatch`: a name that several groups have (409). */
export class SecurityGroupNameNotUnique extends DomainError {
  constructor(name: string) {
    super(
      "conflict",
      `Multiple security_group matches found for name '${name}', use an ID to be more specific.`,
    );
  }
}

/** A Neutron 409 (in use, quota, duplicate, the default group's rules), with its type name. */
export class NeutronConflict extends DomainError {
  constructor(readonly type: string, message: string) {
    super("conflict", message);
  }
}

/** A Neutron 400 on a rule, with its type name. */
export class NeutronBadRequest extends DomainError {
  constructor(readonly type: string, message: string) {
    super("invalid", message);
  }
}

/** A rule to add, in Neutron's attributes. */
export interface RuleSpec {
  direction: "ingress" | "egress";
  ethertype: "IPv4" | "IPv6";
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}

function copyGroup(group: SecurityGroup): SecurityGroup {
  return { ...group, rules: group.rules.map((r) => ({ ...r })) };
}

const isDefault = (group: SecurityGroup) => group.id === defaultSecurityGroup(group.project_id).id;

/** A project's groups: its `default` first, then the ones it created, by name then id. */
export async function projectSecurityGroups(
  kv: Deno.Kv,
  projectId: string,
): Promise<SecurityGroup[]> {
  const stored = await listProjectSecurityGroups(kv, projectId);
  return withDefaults(stored, [projectId]);
}

function byNameThenId(a: SecurityGroup, b: SecurityGroup): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Stored groups plus the derived `default` of each project in `projects` that has none stored. */
function withDefaults(stored: SecurityGroup[], projects: Iterable<string>): SecurityGroup[] {
  const ids = new Set(stored.map((g) => g.id));
  const defaults: SecurityGroup[] = [];
  for (const project of new Set(projects)) {
    const derived = defaultSecurityGroup(project);
    if (!ids.has(derived.id)) defaults.push(derived);
  }
  const own = stored.map(copyGroup).sort(byNameThenId);
  return [...defaults, ...own.filter(isDefault), ...own.filter((g) => !isDefault(g))];
}

/**
 * The groups a list shows: the caller's project's, or for an admin who asks for every project,
 * every stored group and the `default` of the caller's and of each project with stored groups.
 */
export async function visibleSecurityGroups(
  kv: Deno.Kv,
  viewer: Viewer,
  allProjects: boolean,
): Promise<SecurityGroup[]> {
  if (viewer.isAdmin && allProjects) {
    const stored = await listAllSecurityGroups(kv);
    const projects = [...(viewer.projectId ? [viewer.projectId] : [])];
    projects.push(...stored.map((g) => g.project_id));
    return withDefaults(stored, projects);
  }
  return viewer.projectId ? await projectSecurityGroups(kv, viewer.projectId) : [];
}

/** Whether the viewer sees a group of `projectId`. */
function sees(viewer: Viewer, projectId: string): boolean {
  return viewer.isAdmin || viewer.projectId === projectId;
}

/**
 * The group `id` the viewer sees: a stored one of its project (any project's for an admin), the
 * derived `default` of its project, or of `extraProjects` (the projects of ports that name it).
 */
export async function getSecurityGroup(
  kv: Deno.Kv,
  id: string,
  viewer: Viewer,
  extraProjects: readonly string[] = [],
): Promise<SecurityGroup | null> {
  const stored = await readSecurityGroup(kv, id.toLowerCase());
  if (stored) return sees(viewer, stored.project_id) ? copyGroup(stored) : null;
  for (const project of [viewer.projectId, ...extraProjects]) {
    if (project === null) continue;
    const derived = defaultSecurityGroup(project);
    if (derived.id === id && sees(viewer, project)) return derived;
  }
  return null;
}

/**
 * The group a name or id names for `viewer`, as neutronclient's `find_resourceid_by_name_or_id`
 * looks it up: an id the viewer sees, else a name of the viewer's project. Null when none;
 * {@link SecurityGroupNameNotUnique} when several groups have the name.
 */
export async function findSecurityGroupByNameOrId(
  kv: Deno.Kv,
  viewer: Viewer,
  nameOrId: string,
): Promise<SecurityGroup | null> {
  if (isUuidLike(nameOrId)) {
    const byId = await getSecurityGroup(kv, nameOrId, viewer);
    if (byId) return byId;
  }
  if (viewer.projectId === null) return null;
  const named = (await projectSecurityGroups(kv, viewer.projectId)).filter((g) =>
    g.name === nameOrId
  );
  if (named.length > 1) throw new SecurityGroupNameNotUnique(nameOrId);
  return named[0] ?? null;
}

/** The groups named by `ids` that exist, by id (a port's groups, for views). */
export async function securityGroupsByIds(
  kv: Deno.Kv,
  ids: Iterable<string>,
  projects: readonly string[],
): Promise<Map<string, SecurityGroup>> {
  const out = new Map<string, SecurityGroup>();
  const admin: Viewer = { projectId: null, isAdmin: true };
  for (const id of new Set(ids)) {
    const group = await getSecurityGroup(kv, id, admin, projects);
    if (group) out.set(id, group);
  }
  return out;
}

function uuid(): string {
  return crypto.randomUUID();
}

/** Neutron's timestamps: seconds, `Z`. */
function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z");
}

function egressRules(groupId: string, now: string): SecurityGroupRuleRecord[] {
  return (["IPv4", "IPv6"] as const).map((ethertype) => ({
    id: uuid(),
    security_group_id: groupId,
    direction: "egress",
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: null,
    created_at: now,
  }));
}

/** A derived group as a record to store (same ids). */
function recordOf(group: SecurityGroup, now: string): SecurityGroupRecord {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    project_id: group.project_id,
    rules: group.rules.map((r) => ({ ...r, created_at: r.created_at ?? now })),
    created_at: group.created_at ?? now,
    updated_at: group.updated_at ?? now,
    revision_number: group.revision_number ?? 0,
  };
}

/** Inside `tx`: the group `id` the viewer writes (stored or derived, then as a record). */
async function writable(
  tx: Transaction,
  id: string,
  viewer: Viewer,
  now: string,
): Promise<{ before: SecurityGroupRecord | null; record: SecurityGroupRecord }> {
  const stored = await readSecurityGroupInTx(tx, id.toLowerCase());
  if (stored) {
    if (!sees(viewer, stored.project_id)) throw new SecurityGroupMissing(id);
    return { before: stored, record: stored };
  }
  const derived = viewer.projectId ? defaultSecurityGroup(viewer.projectId) : null;
  if (!derived || derived.id !== id) throw new SecurityGroupMissing(id);
  return { before: null, record: recordOf(derived, now) };
}

function overQuota(resource: string): NeutronConflict {
  return new NeutronConflict("OverQuota", `Quota exceeded for resources: ['${resource}'].`);
}

/** Neutron's `_validate_name_not_default`. */
function checkNameNotDefault(name: string): void {
  if (name.toLowerCase() === "default") {
    throw new NeutronConflict(
      "SecurityGroupDefaultAlreadyExists",
      "Default security group already exists.",
    );
  }
}

/** Inside `tx`: the project's groups, its `default` included (derived when not stored). */
async function projectGroupsInTx(tx: Transaction, projectId: string): Promise<SecurityGroup[]> {
  await lockProjectSecurityGroups(tx, projectId);
  return await projectSecurityGroups(tx.kv, projectId);
}

/**
 * Create a group in `projectId` with Neutron's two egress rules. Refuses the name `default` (any
 * case) and a project at its group quota, as {@link NeutronConflict}.
 */
export async function createSecurityGroup(
  kv: Deno.Kv,
  projectId: string,
  name: string,
  description: string,
  now: Date,
): Promise<SecurityGroup> {
  checkNameNotDefault(name);
  return await transact(kv, async (tx) => {
    const groups = await projectGroupsInTx(tx, projectId);
    if (groups.length + 1 > SECURITY_GROUP_QUOTA) throw overQuota("security_group");
    const id = uuid();
    const at = stamp(now);
    const record: SecurityGroupRecord = {
      id,
      name,
      description,
      project_id: projectId,
      rules: egressRules(id, at),
      created_at: at,
      updated_at: at,
      revision_number: 1,
    };
    stageSecurityGroup(tx, null, record);
    return copyGroup(record);
  });
}

/**
 * Change a group's name and/or description. The `default` group keeps its name (Neutron's
 * `SecurityGroupCannotUpdateDefault`) and no group may be named `default`.
 */
export function updateSecurityGroup(
  kv: Deno.Kv,
  id: string,
  viewer: Viewer,
  change: { name?: string; description?: string },
  now: Date,
): Promise<SecurityGroup> {
  return transact(kv, async (tx) => {
    const at = stamp(now);
    const { before, record } = await writable(tx, id, viewer, at);
    if (change.name !== undefined) {
      if (isDefault(record)) {
        throw new NeutronConflict(
          "SecurityGroupCannotUpdateDefault",
          "Updating default security group not allowed.",
        );
      }
      checkNameNotDefault(change.name);
    }
    await lockProjectSecurityGroups(tx, record.project_id);
    const next: SecurityGroupRecord = {
      ...record,
      name: change.name ?? record.name,
      description: change.description ?? record.description,
      updated_at: at,
      revision_number: record.revision_number + 1,
    };
    stageSecurityGroup(tx, before, next);
    return copyGroup(next);
  });
}

/**
 * Delete a group: not a project's `default` unless an admin asks, and not one a port uses
 * ({@link NeutronConflict}). Rules of the project's other groups that name it go with it.
 */
export function deleteSecurityGroup(kv: Deno.Kv, id: string, viewer: Viewer): Promise<void> {
  return transact(kv, async (tx) => {
    const { before, record } = await writable(tx, id, viewer, stamp(new Date()));
    if (isDefault(record) && !viewer.isAdmin) {
      throw new NeutronConflict(
        "SecurityGroupCannotRemoveDefault",
        "Insufficient rights for removing default security group.",
      );
    }
    const users = await listPortRecords(tx.kv, { by: "all" }, {
      limit: 1,
      keep: (port) => portSecurityGroupIds(port).includes(record.id),
    });
    if (users.length > 0) {
      throw new NeutronConflict("SecurityGroupInUse", `Security Group ${record.id} in use.`);
    }
    // A derived default that is deleted comes back as it was: Neutron makes it again.
    if (!before) return;
    await lockProjectSecurityGroups(tx, record.project_id);
    stageSecurityGroupRemoval(tx, before);
    for (const other of await listProjectSecurityGroups(tx.kv, record.project_id)) {
      if (other.id === record.id) continue;
      if (!other.rules.some((r) => r.remote_group_id === record.id)) continue;
      const fresh = await readSecurityGroupInTx(tx, other.id);
      if (!fresh) continue;
      stageSecurityGroup(tx, fresh, {
        ...fresh,
        rules: fresh.rules.filter((r) => r.remote_group_id !== record.id),
      });
    }
  });
}

/** Neutron's protocol normalisation: names in lower case, numbers as strings. */
function sameProtocol(a: string | null, b: string | null): boolean {
  return (a?.toLowerCase() ?? null) === (b?.toLowerCase() ?? null);
}

/**
 * Add a rule to group `groupId` (stored, or the viewer's derived `default`). Neutron's checks: the
 * remote group exists, an ICMP code needs a type, no identical rule exists, the project's rule
 * quota holds.
 */
export function addSecurityGroupRule(
  kv: Deno.Kv,
  groupId: string,
  viewer: Viewer,
  spec: RuleSpec,
  now: Date,
): Promise<SecurityGroupRule> {
  return transact(kv, async (tx) => {
    const at = stamp(now);
    const { before, record } = await writable(tx, groupId, viewer, at);
    if (spec.remote_group_id !== null) {
      const remote = await getSecurityGroup(tx.kv, spec.remote_group_id, viewer);
      if (!remote) throw new SecurityGroupMissing(spec.remote_group_id);
    }
    const icmp = ["icmp", "ipv6-icmp", "icmpv6", "1", "58"].includes(
      spec.protocol?.toLowerCase() ?? "",
    );
    if (icmp && spec.port_range_min === null && spec.port_range_max !== null) {
      throw new NeutronBadRequest(
        "SecurityGroupMissingIcmpType",
        `ICMP code (port-range-max) ${spec.port_range_max} is provided but ICMP type ` +
          "(port-range-min) is missing.",
      );
    }
    const protocol = spec.protocol === null ? null : spec.protocol.toLowerCase();
    const same = record.rules.find((r) =>
      r.direction === spec.direction && r.ethertype === spec.ethertype &&
      sameProtocol(r.protocol, protocol) && r.port_range_min === spec.port_range_min &&
      r.port_range_max === spec.port_range_max && r.remote_ip_prefix === spec.remote_ip_prefix &&
      r.remote_group_id === spec.remote_group_id
    );
    if (same) {
      throw new NeutronConflict(
        "SecurityGroupRuleExists",
        `Security group rule already exists. Rule id is ${same.id}.`,
      );
    }
    const groups = await projectGroupsInTx(tx, record.project_id);
    const count = groups.reduce((n, g) => n + g.rules.length, 0);
    if (count + 1 > SECURITY_GROUP_RULE_QUOTA) throw overQuota("security_group_rule");
    const rule: SecurityGroupRuleRecord = {
      id: uuid(),
      security_group_id: record.id,
      ...spec,
      protocol,
      created_at: at,
    };
    stageSecurityGroup(tx, before, {
      ...record,
      rules: [...record.rules, rule],
      updated_at: at,
      revision_number: record.revision_number + 1,
    });
    return { ...rule };
  });
}

/** The rule `ruleId` and its group, as the viewer sees them, or null. */
export async function getSecurityGroupRule(
  kv: Deno.Kv,
  ruleId: string,
  viewer: Viewer,
): Promise<{ group: SecurityGroup; rule: SecurityGroupRule } | null> {
  const groupId = await readRuleGroupId(kv, ruleId.toLowerCase());
  const groups = groupId
    ? [await getSecurityGroup(kv, groupId, viewer)]
    : viewer.projectId
    ? [await getSecurityGroup(kv, defaultSecurityGroup(viewer.projectId).id, viewer)]
    : [];
  for (const group of groups) {
    const rule = group?.rules.find((r) => r.id === ruleId.toLowerCase());
    if (group && rule) return { group, rule };
  }
  return null;
}

/** Delete rule `ruleId` from its group ({@link SecurityGroupRuleMissing} when the viewer has none). */
export async function deleteSecurityGroupRule(
  kv: Deno.Kv,
  ruleId: string,
  viewer: Viewer,
): Promise<void> {
  const found = await getSecurityGroupRule(kv, ruleId, viewer);
  if (!found) throw new SecurityGroupRuleMissing(ruleId);
  await transact(kv, async (tx) => {
    const at = stamp(new Date());
    const { before, record } = await writable(tx, found.group.id, viewer, at);
    if (!record.rules.some((r) => r.id === found.rule.id)) {
      throw new SecurityGroupRuleMissing(ruleId);
    }
    await lockProjectSecurityGroups(tx, record.project_id);
    stageSecurityGroup(tx, before, {
      ...record,
      rules: record.rules.filter((r) => r.id !== found.rule.id),
      updated_at: at,
      revision_number: record.revision_number + 1,
    });
  });
}
