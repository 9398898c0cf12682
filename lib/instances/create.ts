/**
 * Creating servers (Nova's `compute.API.create` through scheduling): one atomic operation counts
 * the quota, places each server on a host, allocates its ports and records it with its indexes
 * and its build timeline and `create` action. A server no host can take is recorded all the same and goes to ERROR
 * with Nova's NoValidHost fault when its first step is observed, which releases its quota.
 *
 * @module
 */
import { orderedUuid } from "../crypto/ordered_uuid.ts";
import type { Image } from "../images/types.ts";
import type { Network, Port } from "../networks/types.ts";
import { OverQuota, tooManyInstancesMessage } from "../quota/mod.ts";
import { readHostUsage, writeHostUsage } from "../store/hosts.ts";
import { effectiveHostsInTx } from "../virt/host_zones.ts";
import { insertInstance, readInstance } from "../store/instances.ts";
import { readServerGroup } from "../store/server_groups.ts";
import { DomainError } from "../errors/mod.ts";
import { transact, Transaction } from "../store/transaction.ts";
import { addUsage, flavorRequest, pickHost } from "../virt/scheduler.ts";
import { unavailableHosts } from "../virt/services.ts";
import {
  buildSteps,
  deleteSteps,
  NO_VALID_HOST_MESSAGE,
  noValidHostSteps,
} from "../virt/timeline.ts";
import type { HostUsage } from "../virt/types.ts";
import type { InstanceDeps } from "./deps.ts";
import { sanitizeHostname } from "./hostname.ts";
import { emulatedSteps } from "./emulator.ts";
import { enqueueCreate } from "./create_queue.ts";
import { newRequestId, recordActionStart } from "./instance_actions.ts";
import { settleInTx } from "./settle.ts";
import { addMembers, checkMemberQuota, groupPlacement, withMemberOn } from "./server_groups.ts";
import { NOT_ENOUGH_HOSTS } from "./move_schedule.ts";
import type { BlockDeviceMapping, FlavorSnapshot, Instance } from "./types.ts";
import type { Step } from "../store/records.ts";

/** Who asks. */
export interface RequestContext {
  projectId: string;
  userId: string;
  isAdmin: boolean;
  /** The request's `req-...` id, recorded with each server's `create` action (made when absent). */
  requestId?: string;
}

/** One network to attach, already resolved by the caller (from a uuid, `auto`, ...). */
export interface NetworkRequest {
  network: Network;
  /** A requested fixed IP on it. */
  fixedIp?: string;
  /** A device tag (2.32 / 2.42). */
  tag?: string | null;
}

/** A server create, as the API validated and resolved it. */
export interface CreateServers {
  context: RequestContext;
  name: string;
  flavor: FlavorSnapshot;
  /** Null for a volume-backed server. */
  image: Image | null;
  /** The networks to attach a port on, in order, or `none`. */
  networks: "none" | NetworkRequest[];
  /** The request's `networks` as the client sent it (kept on the record). */
  requestedNetworks?: unknown;
  metadata: Record<string, string>;
  /** Base64 as sent, or null. */
  userData: string | null;
  keyName: string | null;
  keyData: string | null;
  /** The requested zone, or null/undefined for any. */
  availabilityZone?: string | null;
  /** A requested host (`zone:host`, 2.74 `host`). */
  host?: string | null;
  /** A requested node (`zone::node`, 2.74 `hypervisor_hostname`). */
  node?: string | null;
  description: string | null;
  /** A requested guest hostname (2.90); derived from the name when absent. */
  hostname?: string | null;
  tags: string[];
  securityGroups: string[];
  /** The ids of the requested groups, bound to every port; absent or null: `default`. */
  securityGroupIds?: string[] | null;
  blockDeviceMapping: BlockDeviceMapping[];
  configDrive: boolean;
  accessIpV4: string | null;
  accessIpV6: string | null;
  /** `OS-DCF:diskConfig` as decided (AUTO true); absent: MANUAL. */
  autoDiskConfig?: boolean;
  minCount: number;
  maxCount: number;
  /** `os:scheduler_hints` as sent. */
  schedulerHints: Record<string, unknown>;
  trustedCerts: string[] | null;
  /** A reservation id to use (Nova makes one when none is given). */
  reservationId?: string;
}

const RESERVATION_CHARS = "01234567890abcdefghijklmnopqrstuvwxyz";

/** A reservation id as Nova makes them: `r-` and eight random letters or digits. */
export function reservationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return "r-" + [...bytes].map((b) => RESERVATION_CHARS[b % RESERVATION_CHARS.length]).join("");
}

function hintUuids(hints: Record<string, unknown>, name: string): string[] {
  const v = hints[name];
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

async function hintHosts(tx: Transaction, uuids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const uuid of uuids) {
    const inst = await readInstance(tx, uuid);
    if (inst?.host) out.push(inst.host);
  }
  return out;
}

function quotaDeltas(flavor: FlavorSnapshot, count: number) {
  return { instances: count, cores: count * flavor.vcpus, ram: count * flavor.memory_mb };
}

/** Nova's headroom: how many servers of `flavor` the limits that failed still allow. */
function allowedCount(e: OverQuota, flavor: FlavorSnapshot): number {
  const room = (r: string) => {
    const limit = e.details.quotas[r];
    if (limit === undefined || limit < 0) return Infinity;
    return limit - (e.details.usages[r] ?? 0);
  };
  let allowed = room("instances");
  if (flavor.vcpus) allowed = Math.min(allowed, Math.floor(room("cores") / flavor.vcpus));
  if (flavor.memory_mb) allowed = Math.min(allowed, Math.floor(room("ram") / flavor.memory_mb));
  return Math.max(0, allowed);
}

/**
 * Create `input.minCount` to `input.maxCount` servers and return their records (launch index
 * order): one atomic operation per ten servers, each counting its quota with its records. When the quota does not allow `maxCount` but allows at least
 * `minCount`, as many as it allows are created, as Nova does; otherwise {@link OverQuota} (403,
 * Nova's TooManyInstances wording). Port allocation errors (a fixed IP in use, no free address)
 * abort the whole create.
 *
 * @example
 * ```ts
 * const [server] = await createServers(kv, input, deps);
 * server.vm_state; // "building"
 * ```
 */
export async function createServers(
  kv: Deno.Kv,
  input: CreateServers,
  deps: InstanceDeps,
): Promise<Instance[]> {
  // One part of a fixed count: its own quota reservation (committed with its records) is the
  // check, with the same verdict; a count that may shrink, or a create made in parts, asks first.
  const count = input.minCount === input.maxCount && input.maxCount <= CHUNK
    ? input.maxCount
    : await countAllowed(kv, input, deps);
  const reservation = input.reservationId ?? reservationId();
  const context = { ...input.context, requestId: input.context.requestId ?? newRequestId() };
  const created: Instance[] = [];
  try {
    for (let start = 0; start < count; start += CHUNK) {
      const size = Math.min(CHUNK, count - start);
      const chunk = { ...input, context, reservationId: reservation };
      created.push(
        ...await enqueueCreate(kv, {
          weight: size * batchCost(input),
          batchable: batchable(input, deps),
          run: (tx) => createIn(tx, chunk, start, size, count, deps),
        }),
      );
    }
  } catch (e) {
    // A later part failed (a quota race, an address): undo the parts already made.
    for (const instance of created) await destroyNow(kv, instance.uuid, deps);
    throw e instanceof OverQuota ? tooMany(e, input) : e;
  }
  return created;
}

/**
 * Servers one transaction creates at most: KV allows 100 checks per atomic operation, and each
 * server takes a few (its key, its addresses) beside the quota's and the hosts'. A bigger
 * multi-create is made in parts, undone if a later part fails.
 */
const CHUNK = 10;

/**
 * What one server of `input` weighs in a shared atomic operation: one for a plain server (one
 * check, seven writes, a few KB), two more per network (its port's checks and writes), one more
 * per 4 KiB of its large fields (user data, metadata, key, block devices), which its record and
 * listing copies carry. A batch of 40 then stays under KV's 100 checks and 800 KiB.
 */
function batchCost(input: CreateServers): number {
  const networks = input.networks === "none" ? 0 : input.networks.length;
  const large = (input.userData?.length ?? 0) + (input.keyData?.length ?? 0) +
    JSON.stringify(input.metadata).length + JSON.stringify(input.blockDeviceMapping).length +
    JSON.stringify(input.schedulerHints).length + input.tags.join().length;
  return 1 + 2 * networks + Math.floor(large / 4096);
}

/**
 * Whether a create may share its atomic operation with others: not with the emulator on (armed
 * faults count what a transaction took outside its reads) nor with a fixed IP (a failed create's
 * staged addresses stay taken for the rest of the operation).
 */
function batchable(input: CreateServers, deps: InstanceDeps): boolean {
  if (deps.emulator) return false;
  return input.networks === "none" || input.networks.every((n) => n.fixedIp === undefined);
}

function tooMany(e: OverQuota, input: CreateServers): OverQuota {
  const instances = input.minCount === input.maxCount
    ? String(input.minCount)
    : `${input.minCount}-${input.maxCount}`;
  const max = quotaDeltas(input.flavor, input.maxCount);
  return new OverQuota(
    { ...e.details, deltas: max },
    tooManyInstancesMessage(e.details, { instances, cores: max.cores, ram: max.ram }),
  );
}

/**
 * How many servers to make: `maxCount` when the quota allows, else as many as it allows when
 * that is at least `minCount` (Nova's `check_num_instances_quota`), else {@link OverQuota}. The
 * check runs the quota engine on a transaction that is never committed.
 */
async function countAllowed(
  kv: Deno.Kv,
  input: CreateServers,
  deps: InstanceDeps,
): Promise<number> {
  let count = input.maxCount;
  for (;;) {
    try {
      await deps.quota.reserve(new Transaction(kv), {
        projectId: input.context.projectId,
        userId: input.context.userId,
        deltas: quotaDeltas(input.flavor, count),
      });
      return count;
    } catch (e) {
      if (!(e instanceof OverQuota)) throw e;
      const allowed = allowedCount(e, input.flavor);
      if (input.minCount < input.maxCount && allowed >= input.minCount && allowed < count) {
        count = allowed;
        continue;
      }
      throw tooMany(e, input);
    }
  }
}

/** Remove a just-created server at once, releasing what it holds (undoing a failed create). */
async function destroyNow(kv: Deno.Kv, uuid: string, deps: InstanceDeps): Promise<void> {
  await transact(kv, async (tx) => {
    const found = await readInstance(tx, uuid);
    if (!found) return;
    const now = deps.clock();
    await settleInTx(tx, deps, { ...found, pending: deleteSteps(now, { deleteSeconds: 0 }) }, now);
  });
}

/** NoValidHost steps whose fault carries `reason` after Nova's words (none when empty). */
function withReason(steps: Step[], reason: string): Step[] {
  if (!reason) return steps;
  const message = NO_VALID_HOST_MESSAGE + reason;
  return steps.map((s) =>
    s.effect === "no-valid-host"
      ? { ...s, fault: { message, details: "nova.exception.NoValidHost: " + message } }
      : s
  );
}

async function createIn(
  tx: Transaction,
  input: CreateServers,
  first: number,
  size: number,
  count: number,
  deps: InstanceDeps,
): Promise<Instance[]> {
  const now = deps.clock();
  const { context, flavor } = input;
  const groupUuid = hintUuids(input.schedulerHints, "group")[0];
  // The reads are independent, so they run at once; the quota's verdict still comes first.
  const reserving = deps.quota.reserve(tx, {
    projectId: context.projectId,
    userId: context.userId,
    deltas: quotaDeltas(flavor, size),
  });
  const reading = Promise.all([
    // The hosts with the zones their aggregates give them (read through tx: a re-zone retries us).
    effectiveHostsInTx(tx, deps.hosts),
    readHostUsage(tx, deps.hosts.map((h) => h.name)),
    hintHosts(tx, hintUuids(input.schedulerHints, "same_host")),
    hintHosts(tx, hintUuids(input.schedulerHints, "different_host")),
    unavailableHosts(tx, deps.hosts),
    groupUuid ? readServerGroup(tx, groupUuid) : null,
  ]);
  reading.catch(() => {}); // awaited below, after the quota (which may fail first)
  await reserving;
  const [hosts, usage, sameHost, differentHost, unavailable, group] = await reading;
  const touched = new Set<string>();
  const needs = flavorRequest(flavor);
  // The `group` hint: the servers join the group, within its member quota, and the scheduler
  // applies its policy.
  if (groupUuid && !group) {
    throw new DomainError("invalid", `Instance group ${groupUuid} could not be found.`);
  }
  if (group) await checkMemberQuota(tx, deps.quota, group, context, size);
  let placement = group ? await groupPlacement(tx, group) : undefined;
  const reservation = input.reservationId ?? reservationId();
  const created: Instance[] = [];
  const createdAt = now.toISOString();
  const requestId = context.requestId ?? newRequestId();

  for (let index = first; index < first + size; index++) {
    const uuid = orderedUuid(now.getTime());
    const request = {
      ...needs,
      availabilityZone: input.availabilityZone,
      host: input.host,
      node: input.node,
      sameHost: hintUuids(input.schedulerHints, "same_host").length ? sameHost : undefined,
      differentHost,
      unavailableHosts: unavailable,
      group: placement,
    };
    const host = pickHost(hosts, usage, request);
    // When only the group's filter left no host, Nova's reason says the filters found none.
    const reason = !host && placement && pickHost(hosts, usage, { ...request, group: undefined })
      ? NOT_ENOUGH_HOSTS
      : "";
    if (host) {
      usage.set(host.name, addUsage(usage.get(host.name) as HostUsage, needs));
      touched.add(host.name);
      if (placement) placement = withMemberOn(placement, host.name);
    }
    const zone = host?.availability_zone ?? input.availabilityZone ?? null;
    const ports: Port[] = [];
    if (host && input.networks !== "none") {
      for (const req of input.networks) {
        ports.push(
          await deps.ports.allocatePort(tx, req.network, {
            deviceId: uuid,
            projectId: context.projectId,
            fixedIp: req.fixedIp,
            availabilityZone: zone ?? host.availability_zone,
            tag: req.tag ?? null,
            ...(input.securityGroupIds ? { securityGroups: [...input.securityGroupIds] } : {}),
          }),
        );
      }
    }
    const multi = count > 1;
    const derived = sanitizeHostname(input.name) || `Server-${uuid}`;
    const hostname = input.hostname ||
      (multi && derived !== `Server-${uuid}` ? `${derived}-${index + 1}` : derived);
    const instance: Instance = {
      uuid,
      name: multi ? `${input.name}-${index + 1}` : input.name,
      project_id: context.projectId,
      user_id: context.userId,
      description: input.description,
      hostname,
      vm_state: "building",
      task_state: "scheduling",
      power_state: 0,
      host: host?.name ?? null,
      node: host?.name ?? null,
      availability_zone: zone,
      pinned_availability_zone: input.availabilityZone ?? null,
      flavor,
      image_ref: input.image?.id ?? "",
      key_name: input.keyName,
      key_data: input.keyData,
      user_data: input.userData,
      metadata: { ...input.metadata },
      tags: [...new Set(input.tags)].sort(),
      security_groups: input.securityGroups.length ? [...input.securityGroups] : ["default"],
      ports,
      requested_networks: input.requestedNetworks ?? null,
      block_device_mapping: input.blockDeviceMapping,
      config_drive: input.configDrive,
      access_ip_v4: input.accessIpV4,
      access_ip_v6: input.accessIpV6,
      ...(input.autoDiskConfig ? { auto_disk_config: true } : {}),
      locked: false,
      locked_by: null,
      locked_reason: null,
      reservation_id: reservation,
      launch_index: index,
      scheduler_hints: input.schedulerHints,
      trusted_image_certificates: input.trustedCerts,
      fault: null,
      progress: 0,
      created_at: createdAt,
      updated_at: null,
      launched_at: null,
      terminated_at: null,
      deleted_at: null,
      pending: [],
      quota_counted: true,
    };
    instance.pending = await emulatedSteps(
      tx,
      deps,
      { instance, action: "create", requestId, now },
      (d) =>
        host
          ? buildSteps(now, { bootSeconds: d.bootSeconds })
          : withReason(noValidHostSteps(now, { bootSeconds: d.bootSeconds }), reason),
    );
    insertInstance(tx, instance);
    const who = { requestId, userId: context.userId, projectId: context.projectId };
    await recordActionStart(tx, uuid, "create", who, now, true);
    created.push(instance);
  }
  for (const name of touched) writeHostUsage(tx, name, usage.get(name)!);
  if (group) {
    addMembers(tx, group, created.map((i) => ({ uuid: i.uuid, userId: i.user_id })));
  }
  return created;
}
