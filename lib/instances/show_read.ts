/**
 * The read behind `GET /servers/{id}`: the record and, when the view shows them, its server
 * groups, in one store read; due steps applied as every reader applies them.
 *
 * @module
 */
import { readShownInstance } from "../store/instances.ts";
import type { InstanceDeps } from "./deps.ts";
import { settle } from "./read.ts";
import type { Instance } from "./types.ts";

/** A server as shown. */
export interface ShownServer {
  /** Brought up to the clock. */
  instance: Instance;
  /**
   * The stored version the record is (a token that changes with every write of it), or null
   * when due steps were applied on this read and the record is newer than what was read.
   */
  version: string | null;
  /** The uuids of its server groups (none or one); empty when not asked for. */
  serverGroups: string[];
}

/**
 * A live server by uuid with its version and (with `groups`) its server groups, brought up to
 * the clock; null when there is none (or its delete has just finished).
 *
 * @example
 * ```ts
 * const shown = await getShownServer(kv, uuid, deps, { groups: true });
 * ```
 */
export async function getShownServer(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  options: { groups: boolean },
): Promise<ShownServer | null> {
  const read = await readShownInstance(kv, uuid, options.groups);
  if (read === null) return null;
  const serverGroups = read.groupUuid ? [read.groupUuid] : [];
  const instance = await settle(kv, deps, read.instance);
  if (instance === null) return null;
  const version = instance === read.instance ? read.versionstamp : null;
  return { instance, version, serverGroups };
}
