/**
 * Binding security groups to a server's ports and unbinding them (Nova's
 * `security_group_api.add_to_instance` / `remove_from_instance`, the `addSecurityGroup` and
 * `removeSecurityGroup` actions): the group is looked up in the caller's project, then every port
 * of the server gets it (or loses it) in one atomic change, which also updates the names the
 * server view shows. Nova checks no lock and no state for either.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { portSecurityGroupIds, type SecurityGroup } from "../networks/security_groups.ts";
import {
  findSecurityGroupByNameOrId,
  securityGroupsByIds,
} from "../networks/security_group_api.ts";
import { updateInstance } from "../store/instances.ts";
import { readPort, stagePortUpdate } from "../store/ports.ts";
import type { Port } from "../store/records.ts";
import { transact } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { readSettled } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Nova's `SecurityGroupNotFound` (404) with the message the security group API words. */
export class SecurityGroupNotFound extends DomainError {
  constructor(message: string) {
    super("not-found", message);
  }
}

/** Nova's `SecurityGroupCannotBeApplied` (400): a port without an address takes no group. */
export class SecurityGroupCannotBeApplied extends DomainError {
  constructor() {
    super(
      "invalid",
      "Network requires port_security_enabled and subnet associated in order to apply " +
        "security groups.",
    );
  }
}

/**
 * The group `name` (a name or an id) of the caller's project, or {@link SecurityGroupNotFound};
 * a name several groups have is `SecurityGroupNameNotUnique` (409).
 */
async function lookUp(kv: Deno.Kv, name: string, callerProject: string): Promise<SecurityGroup> {
  const viewer = { projectId: callerProject, isAdmin: false };
  const group = await findSecurityGroupByNameOrId(kv, viewer, name);
  if (!group) {
    throw new SecurityGroupNotFound(
      `Security group ${name} is not found for project ${callerProject}`,
    );
  }
  return group;
}

/** The names of the groups bound to `ports`, each once, in binding order (an id if it has none). */
async function groupNames(
  kv: Deno.Kv,
  ports: readonly Port[],
  known: SecurityGroup,
): Promise<string[]> {
  const ids = ports.flatMap((port) => portSecurityGroupIds(port));
  const groups = await securityGroupsByIds(kv, ids, ports.map((p) => p.project_id));
  groups.set(known.id, known);
  const names: string[] = [];
  for (const id of ids) {
    const name = groups.get(id)?.name ?? id;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

type Edit = (groups: string[], port: Port) => string[] | null;

async function rebind(
  kv: Deno.Kv,
  uuid: string,
  group: SecurityGroup,
  deps: InstanceDeps,
  edit: Edit,
  notBound: (instance: Instance) => DomainError | null,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    if (current.ports.length === 0) {
      throw new SecurityGroupNotFound(
        `instance_id ${uuid} could not be found as device id on any ports`,
      );
    }
    let changed = false;
    const ports: Port[] = [];
    for (const copy of current.ports) {
      const stored = await readPort(tx, copy.id) ?? copy;
      const groups = edit(portSecurityGroupIds(stored), stored);
      if (groups === null) {
        ports.push(stored);
        continue;
      }
      const next: Port = { ...stored, security_groups: groups };
      stagePortUpdate(tx, stored, next);
      ports.push(next);
      changed = true;
    }
    if (!changed) {
      const error = notBound(current);
      if (error) throw error;
    }
    const next: Instance = {
      ...current,
      ports,
      security_groups: await groupNames(tx.kv, ports, group),
      updated_at: now.toISOString(),
    };
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * `addSecurityGroup`: bind the group `name` (a name or id in `callerProject`) to every port of the
 * server; a group already bound stays bound once. Errors: {@link InstanceNotFound},
 * {@link SecurityGroupNotFound} (no such group, or a server without ports),
 * {@link SecurityGroupCannotBeApplied} (a port without an address).
 */
export async function addSecurityGroup(
  kv: Deno.Kv,
  uuid: string,
  name: string,
  callerProject: string,
  deps: InstanceDeps,
): Promise<Instance> {
  const group = await lookUp(kv, name, callerProject);
  return await rebind(kv, uuid, group, deps, (groups, port) => {
    if (port.fixed_ips.length === 0) throw new SecurityGroupCannotBeApplied();
    return groups.includes(group.id) ? null : [...groups, group.id];
  }, () => null);
}

/**
 * `removeSecurityGroup`: unbind the group `name` from every port of the server that has it.
 * Errors: {@link InstanceNotFound}, {@link SecurityGroupNotFound} (no such group, a server without
 * ports, or the group bound to none of them).
 */
export async function removeSecurityGroup(
  kv: Deno.Kv,
  uuid: string,
  name: string,
  callerProject: string,
  deps: InstanceDeps,
): Promise<Instance> {
  const group = await lookUp(kv, name, callerProject);
  return await rebind(
    kv,
    uuid,
    group,
    deps,
    (groups) => groups.includes(group.id) ? groups.filter((id) => id !== group.id) : null,
    () =>
      new SecurityGroupNotFound(
        `Security group ${name} not associated with the instance ${uuid}`,
      ),
  );
}
