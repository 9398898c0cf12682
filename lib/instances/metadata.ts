/**
 * A server's metadata (Nova's `compute.API.update_instance_metadata` and
 * `delete_instance_metadata`): each change one atomic operation on the record, refused while the
 * server is not in a state Nova allows (409) and held against the `metadata_items` limit (403).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { OverQuota } from "../quota/mod.ts";
import type { ValueReader } from "../quota/mod.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import type { Transaction } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceIsLocked } from "./errors.ts";
import { readSettled } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Who changes the metadata (the limits checked are this caller's, as Nova's context). */
export interface MetadataActor {
  projectId: string;
  userId: string;
  isAdmin: boolean;
}

/** Nova's `MetadataLimitExceeded` (403). */
export class MetadataLimitExceeded extends DomainError {
  constructor(allowed: number) {
    super("over-quota", `Maximum number of metadata items exceeds ${allowed}`);
  }
}

/** The vm states Nova lets metadata change in (task state none). */
const METADATA_VM_STATES = ["active", "paused", "suspended", "stopped"];

/**
 * Nova's `_check_metadata_properties_quota`: `metadata` must fit the caller's `metadata_items`
 * limit; {@link MetadataLimitExceeded} otherwise.
 */
export async function checkMetadataQuota(
  reader: ValueReader,
  deps: InstanceDeps,
  actor: Pick<MetadataActor, "projectId" | "userId">,
  metadata: Record<string, string>,
): Promise<void> {
  const count = Object.keys(metadata).length;
  if (count === 0) return;
  try {
    await deps.quota.check(reader, {
      projectId: actor.projectId,
      userId: actor.userId,
      values: { metadata_items: count },
    });
  } catch (e) {
    if (e instanceof OverQuota) {
      throw new MetadataLimitExceeded(e.details.quotas.metadata_items ?? 0);
    }
    throw e;
  }
}

function assertChangeable(instance: Instance, actor: MetadataActor, action: string): void {
  if (instance.locked && !actor.isAdmin) throw new InstanceIsLocked(instance.uuid);
  if (!METADATA_VM_STATES.includes(instance.vm_state)) {
    throw new InstanceInvalidState(action, instance.uuid, "vm_state", instance.vm_state);
  }
  if (instance.task_state !== null) {
    throw new InstanceInvalidState(action, instance.uuid, "task_state", instance.task_state);
  }
}

async function change(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  edit: (current: Instance, tx: Transaction) => Promise<Record<string, string>>,
): Promise<Instance> {
  return await transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    const metadata = await edit(current, tx);
    const next: Instance = { ...current, metadata, updated_at: now.toISOString() };
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * Merge `metadata` into the server's (or replace it all when `replace`), as Nova's
 * `update_instance_metadata`; returns the server's metadata after the change.
 * {@link InstanceNotFound}, {@link InstanceInvalidState} (not ACTIVE, PAUSED, SUSPENDED or
 * SHUTOFF, or a task running), {@link InstanceIsLocked}, {@link MetadataLimitExceeded}.
 *
 * @example
 * ```ts
 * await setServerMetadata(kv, uuid, { role: "web" }, false, actor, deps); // { ..., role: "web" }
 * ```
 */
export async function setServerMetadata(
  kv: Deno.Kv,
  uuid: string,
  metadata: Record<string, string>,
  replace: boolean,
  actor: MetadataActor,
  deps: InstanceDeps,
): Promise<Record<string, string>> {
  const after = await change(kv, uuid, deps, async (current, tx) => {
    assertChangeable(current, actor, "update metadata");
    const merged = replace ? { ...metadata } : { ...current.metadata, ...metadata };
    await checkMetadataQuota(tx, deps, actor, merged);
    return merged;
  });
  return after.metadata;
}

/**
 * Remove one metadata item, as Nova's `delete_instance_metadata` (an absent key changes
 * nothing; the API answers 404 for it before calling). Errors as {@link setServerMetadata}.
 */
export async function deleteServerMetadataItem(
  kv: Deno.Kv,
  uuid: string,
  key: string,
  actor: MetadataActor,
  deps: InstanceDeps,
): Promise<void> {
  await change(kv, uuid, deps, (current) => {
    assertChangeable(current, actor, "delete metadata");
    const rest = { ...current.metadata };
    delete rest[key];
    return Promise.resolve(rest);
  });
}
