/**
 * Host aggregates (Nova's `AggregateAPI`): create, rename, re-zone, delete, add and remove hosts,
 * replace metadata. Each change is one transaction over the aggregate, its name index and the
 * membership of the hosts it touches, with Nova's refusals as {@link DomainError}s: a duplicate
 * name, an unknown aggregate or host, a host already in (or not in) the aggregate, a zone that
 * would put a host in two zones, and a zone change under hosts that have servers.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import {
  type AggregateRecord,
  getAggregate,
  listAggregates,
  nextAggregateId,
  readAggregate,
  readAggregateIdByName,
  readAggregates,
  readHostAggregateIds,
  removeAggregate,
  writeAggregate,
  writeHostAggregateIds,
} from "../store/aggregates.ts";
import { hostInstanceUuids } from "../store/instances.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { pyRepr } from "../validation/pyrepr.ts";

export type { AggregateRecord } from "../store/aggregates.ts";

/** What the aggregate domain needs: the compute host names and a clock. */
export interface AggregateDeps {
  /** The names of the compute hosts (Nova's compute services). */
  hosts: readonly string[];
  clock: () => Date;
}

const ZONE = "availability_zone";

/** Nova's `AggregateNotFound` (404); `id` as the caller wrote it. */
export function aggregateNotFound(id: string | number): DomainError {
  return new DomainError("not-found", `Aggregate ${id} could not be found.`);
}

function nameExists(name: string): DomainError {
  return new DomainError("conflict", `Aggregate ${name} already exists.`);
}

/** The refusal families of Nova's `InvalidAggregateAction*` (their message prefixes). */
type Action = "add" | "remove" | "update" | "update-meta";

const PREFIX: Record<Action, string> = {
  "add": "Cannot add host to aggregate",
  "remove": "Cannot remove host from aggregate",
  "update": "Cannot update aggregate",
  "update-meta": "Cannot update metadata of aggregate",
};

/**
 * Nova's `InvalidAggregateAction*` message; `kind` is the status family the API gives it
 * (add/remove host: 409, update, metadata and delete: 400).
 */
function invalidAction(
  kind: "invalid" | "conflict",
  action: Action,
  id: number,
  reason: string,
): DomainError {
  return new DomainError(kind, `${PREFIX[action]} ${id}. Reason: ${reason}.`);
}

/** Every aggregate, in id order. */
export function aggregateList(kv: Deno.Kv): Promise<AggregateRecord[]> {
  return listAggregates(kv);
}

/** One aggregate; 404 when absent (`raw` is the id as written, for the message). */
export async function aggregateById(
  kv: Deno.Kv,
  id: number,
  raw: string = String(id),
): Promise<AggregateRecord> {
  const found = await getAggregate(kv, id);
  if (!found) throw aggregateNotFound(raw);
  return found;
}

async function mustRead(tx: Transaction, id: number, raw: string): Promise<AggregateRecord> {
  const found = await readAggregate(tx, id);
  if (!found) throw aggregateNotFound(raw);
  return found;
}

/** Create an aggregate, with `availability_zone` metadata when `zone` is given; 409 on a taken name. */
export function createAggregate(
  kv: Deno.Kv,
  name: string,
  zone: string | null,
  deps: Pick<AggregateDeps, "clock">,
): Promise<AggregateRecord> {
  return transact(kv, async (tx) => {
    if ((await readAggregateIdByName(tx, name)) !== null) throw nameExists(name);
    const record: AggregateRecord = {
      id: await nextAggregateId(tx),
      uuid: crypto.randomUUID(),
      name,
      hosts: [],
      metadata: zone ? { [ZONE]: zone } : {},
      created_at: deps.clock().toISOString(),
      updated_at: null,
    };
    writeAggregate(tx, null, record);
    return record;
  });
}

/**
 * Nova's `is_safe_to_update_az`: when `metadata` names a zone, it must not be empty, the `hosts`
 * must not already be in another aggregate of another zone, and (`checkInstances`) a zone change
 * needs hosts without servers.
 */
async function checkZoneChange(
  tx: Transaction,
  aggregate: AggregateRecord,
  metadata: Record<string, string | null>,
  hosts: readonly string[],
  action: Action,
  kind: "invalid" | "conflict",
  checkInstances: boolean,
): Promise<void> {
  if (!(ZONE in metadata)) return;
  const zone = metadata[ZONE];
  if (!zone) {
    throw invalidAction(
      kind,
      action,
      aggregate.id,
      `Aggregate ${aggregate.name} does not support empty named availability zone`,
    );
  }
  const membership = await readHostAggregateIds(tx, hosts);
  const others = [...new Set([...membership.values()].flat())].filter((id) => id !== aggregate.id);
  const conflicting = (await readAggregates(tx, others))
    .map((a) => a.metadata[ZONE])
    .filter((z) => z !== undefined && z !== zone);
  if (conflicting.length) {
    throw invalidAction(
      kind,
      action,
      aggregate.id,
      `One or more hosts already in availability zone(s) ${pyRepr(conflicting)}`,
    );
  }
  if (checkInstances && aggregate.metadata[ZONE] !== zone) {
    for (const host of hosts) {
      if ((await hostInstanceUuids(tx.kv, host)).length) {
        throw invalidAction(
          kind,
          action,
          aggregate.id,
          "One or more hosts contain instances in this zone",
        );
      }
    }
  }
}

/** `metadata` applied: null values remove keys, others set them. */
function applyMetadata(
  current: Record<string, string>,
  updates: Record<string, string | null>,
): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * Rename and/or re-zone an aggregate (Nova's `update_aggregate`): the rename is saved first (409
 * on a taken name), then a zone change is checked (400) and applied.
 */
export async function updateAggregate(
  kv: Deno.Kv,
  id: number,
  raw: string,
  updates: { name?: string; availability_zone?: string | null },
  deps: Pick<AggregateDeps, "clock">,
): Promise<AggregateRecord> {
  let record = await aggregateById(kv, id, raw);
  if (updates.name !== undefined) {
    const name = updates.name;
    record = await transact(kv, async (tx) => {
      const before = await mustRead(tx, id, raw);
      const holder = await readAggregateIdByName(tx, name);
      if (holder !== null && holder !== id) throw nameExists(name);
      const after = { ...before, name, updated_at: deps.clock().toISOString() };
      writeAggregate(tx, before, after);
      return after;
    });
  }
  if (!(ZONE in updates)) return record;
  return await transact(kv, async (tx) => {
    const before = await mustRead(tx, id, raw);
    const change = { [ZONE]: updates.availability_zone ?? null };
    await checkZoneChange(tx, before, change, before.hosts, "update", "invalid", true);
    const after = {
      ...before,
      metadata: applyMetadata(before.metadata, change),
      updated_at: deps.clock().toISOString(),
    };
    writeAggregate(tx, before, after);
    return after;
  });
}

/** Replace metadata keys (null removes one), Nova's `update_aggregate_metadata`; refusals 400. */
export function setAggregateMetadata(
  kv: Deno.Kv,
  id: number,
  raw: string,
  metadata: Record<string, string | null>,
  deps: Pick<AggregateDeps, "clock">,
): Promise<AggregateRecord> {
  return transact(kv, async (tx) => {
    const before = await mustRead(tx, id, raw);
    await checkZoneChange(tx, before, metadata, before.hosts, "update-meta", "invalid", true);
    const after = {
      ...before,
      metadata: applyMetadata(before.metadata, metadata),
      updated_at: deps.clock().toISOString(),
    };
    writeAggregate(tx, before, after);
    return after;
  });
}

/** Delete an aggregate; 400 while it has hosts. */
export function deleteAggregate(kv: Deno.Kv, id: number, raw: string): Promise<void> {
  return transact(kv, async (tx) => {
    const before = await mustRead(tx, id, raw);
    if (before.hosts.length) {
      throw invalidAction("invalid", "remove", before.id, "Host aggregate is not empty");
    }
    removeAggregate(tx, before);
  });
}

function hostNotFound(host: string): DomainError {
  return new DomainError("not-found", `Compute host ${host} could not be found.`);
}

/** The zone of the aggregates (other than `except`) that `host` belongs to, or null. */
async function zoneOfOthers(
  tx: Transaction,
  host: string,
  except: number | null,
): Promise<string | null> {
  const ids = (await readHostAggregateIds(tx, [host])).get(host)!;
  const zones = (await readAggregates(tx, ids.filter((i) => i !== except)))
    .map((a) => a.metadata[ZONE])
    .filter((z): z is string => z !== undefined);
  return zones[0] ?? null;
}

function wouldMove(
  verb: "added to" | "removed from",
  from: string | null,
  to: string | null,
  n: number,
) {
  return `The host cannot be ${verb} the aggregate as the availability zone of the host would ` +
    `change from '${from ?? "None"}' to '${to ?? "None"}' but the host already has ${n} ` +
    "instance(s). Changing the AZ of an existing instance is not supported by this action. " +
    "Move the instances away from this host then try again. If you need to move the instances " +
    "between AZs then you can use shelve_offload and unshelve to achieve this.";
}

/**
 * Add a compute host (Nova's `add_host_to_aggregate`): 404 for an unknown host or aggregate, 409
 * when the aggregate's zone conflicts with the host's other aggregates, when it would move the
 * host's servers to another zone, or when the host is already a member.
 */
export function addAggregateHost(
  kv: Deno.Kv,
  id: number,
  raw: string,
  host: string,
  deps: AggregateDeps,
): Promise<AggregateRecord> {
  if (!deps.hosts.includes(host)) return Promise.reject(hostNotFound(host));
  return transact(kv, async (tx) => {
    const before = await mustRead(tx, id, raw);
    await checkZoneChange(tx, before, before.metadata, [host], "add", "conflict", false);
    const count = (await hostInstanceUuids(tx.kv, host)).length;
    const newZone = before.metadata[ZONE];
    if (count && newZone) {
      const oldZone = await zoneOfOthers(tx, host, null);
      if (oldZone !== newZone) {
        throw invalidAction(
          "conflict",
          "add",
          before.id,
          wouldMove("added to", oldZone, newZone, count),
        );
      }
    }
    if (before.hosts.includes(host)) {
      throw new DomainError("conflict", `Aggregate ${before.id} already has host ${host}.`);
    }
    const after = { ...before, hosts: [...before.hosts, host] };
    const ids = (await readHostAggregateIds(tx, [host])).get(host)!;
    writeHostAggregateIds(tx, host, [...ids.filter((i) => i !== id), id]);
    writeAggregate(tx, before, after);
    return after;
  });
}

/**
 * Remove a compute host (Nova's `remove_host_from_aggregate`): 404 `Cannot remove host ...` for
 * an unknown host or aggregate or a host that is not a member, 409 when the host's servers would
 * change zone.
 */
export function removeAggregateHost(
  kv: Deno.Kv,
  id: number,
  raw: string,
  host: string,
  deps: AggregateDeps,
): Promise<AggregateRecord> {
  const notFound = () =>
    new DomainError("not-found", `Cannot remove host ${host} in aggregate ${raw}`);
  if (!deps.hosts.includes(host)) return Promise.reject(notFound());
  return transact(kv, async (tx) => {
    const before = await readAggregate(tx, id);
    if (!before) throw notFound();
    const count = (await hostInstanceUuids(tx.kv, host)).length;
    const current = before.metadata[ZONE];
    if (count && current) {
      const next = await zoneOfOthers(tx, host, before.id);
      if (current !== next) {
        throw invalidAction(
          "conflict",
          "remove",
          before.id,
          wouldMove("removed from", current, next, count),
        );
      }
    }
    if (!before.hosts.includes(host)) throw notFound();
    const after = { ...before, hosts: before.hosts.filter((h) => h !== host) };
    const ids = (await readHostAggregateIds(tx, [host])).get(host)!;
    writeHostAggregateIds(tx, host, ids.filter((i) => i !== id));
    writeAggregate(tx, before, after);
    return after;
  });
}
