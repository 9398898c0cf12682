/**
 * A server's tags (2.26; Nova's `Tag` and `TagList` objects behind `ServerTagsController`): a set
 * of at most {@link MAX_TAG_COUNT} strings, kept sorted on the record. Each change is one atomic
 * operation on the record and is refused (409) unless the server is ACTIVE, PAUSED, SUSPENDED or
 * SHUTOFF, as Nova's controller checks.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import { updateInstance } from "../store/instances.ts";
import { transact } from "../store/transaction.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState } from "./errors.ts";
import { readSettled } from "./settle.ts";
import type { Instance } from "./types.ts";

/** Nova's `objects.instance.MAX_TAG_COUNT`. */
export const MAX_TAG_COUNT = 50;

/** The vm states in which Nova lets tags change. */
const TAG_VM_STATES = ["active", "paused", "suspended", "stopped"];

/** Nova's `InstanceTagNotFound` (404). */
export class InstanceTagNotFound extends DomainError {
  constructor(uuid: string, tag: string) {
    super("not-found", `Instance ${uuid} has no tag '${tag}'`);
  }
}

/** Adding a tag past {@link MAX_TAG_COUNT} (400, Nova's words). */
export class TooManyTags extends DomainError {
  constructor() {
    super("invalid", `The number of tags exceeded the per-server limit ${MAX_TAG_COUNT}`);
  }
}

/**
 * Nova's `_check_instance_in_valid_state` for tags: {@link InstanceInvalidState} unless the server
 * is ACTIVE, PAUSED, SUSPENDED or SHUTOFF. The API checks it before it validates a tag, as Nova
 * does; every change checks it again inside its transaction.
 */
export function assertTaggable(instance: Instance, action: string): void {
  if (!TAG_VM_STATES.includes(instance.vm_state)) {
    throw new InstanceInvalidState(action, instance.uuid, "vm_state", instance.vm_state);
  }
}

/** Sorted, without repeats (the tags table's unique key). */
function tagSet(tags: Iterable<string>): string[] {
  return [...new Set(tags)].sort();
}

/**
 * Run `edit` on the live record in one transaction, after the state check, and store the tags it
 * returns. `edit` returns null to change nothing.
 */
function change(
  kv: Deno.Kv,
  uuid: string,
  action: string,
  deps: InstanceDeps,
  edit: (current: Instance) => string[] | null,
): Promise<Instance> {
  return transact(kv, async (tx) => {
    const { now, found, current } = await readSettled(tx, deps, uuid);
    assertTaggable(current, action);
    const tags = edit(current);
    if (tags === null) return current;
    const next: Instance = { ...current, tags: tagSet(tags), updated_at: now.toISOString() };
    updateInstance(tx, found, next);
    return next;
  });
}

/**
 * Add one tag; true when it was new, false when the server had it already. {@link TooManyTags}
 * when the server has {@link MAX_TAG_COUNT} tags, {@link InstanceInvalidState},
 * {@link InstanceNotFound}.
 *
 * @example
 * ```ts
 * await addServerTag(kv, uuid, "web", deps); // true
 * ```
 */
export async function addServerTag(
  kv: Deno.Kv,
  uuid: string,
  tag: string,
  deps: InstanceDeps,
): Promise<boolean> {
  let added = false;
  await change(kv, uuid, "update tag", deps, (current) => {
    // Nova counts before it looks for the tag: a full set refuses even a tag it has.
    if (current.tags.length >= MAX_TAG_COUNT) throw new TooManyTags();
    if (current.tags.includes(tag)) return null;
    added = true;
    return [...current.tags, tag];
  });
  return added;
}

/** Replace every tag; returns the tags stored (sorted, without repeats). */
export async function setServerTags(
  kv: Deno.Kv,
  uuid: string,
  tags: readonly string[],
  deps: InstanceDeps,
): Promise<string[]> {
  return (await change(kv, uuid, "update tags", deps, () => [...tags])).tags;
}

/** Remove one tag; {@link InstanceTagNotFound} when the server does not have it. */
export async function removeServerTag(
  kv: Deno.Kv,
  uuid: string,
  tag: string,
  deps: InstanceDeps,
): Promise<void> {
  await change(kv, uuid, "delete tag", deps, (current) => {
    if (!current.tags.includes(tag)) throw new InstanceTagNotFound(uuid, tag);
    return current.tags.filter((t) => t !== tag);
  });
}

/** Remove every tag. */
export async function clearServerTags(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
): Promise<void> {
  await change(kv, uuid, "delete tags", deps, () => []);
}
