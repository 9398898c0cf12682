/**
 * The password a guest posts to the metadata API (`POST /openstack/<version>/password`), kept
 * under `["instances", "password", uuid]`. It is written once: the write checks, in the same
 * atomic operation, that the instance is live and that no password is stored yet. The compute
 * API's `os-server-password` reads it and clears it.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked, transact } from "./transaction.ts";

/** Read an instance's password ("" or null when none was posted). */
export async function getPassword(kv: Deno.Kv, uuid: string): Promise<string | null> {
  return (await retryLocked(() => kv.get<string>(keys.instancePassword(uuid)))).value;
}

/** What {@link storePasswordOnce} did. */
export type PasswordWrite = "stored" | "conflict" | "no-instance";

/**
 * Store `password` unless one (non-empty) is stored already or the instance is gone; one atomic
 * operation, so of two concurrent writers exactly one stores.
 *
 * @example
 * ```ts
 * await storePasswordOnce(kv, uuid, "c2VjcmV0"); // "stored", then "conflict"
 * ```
 */
export function storePasswordOnce(
  kv: Deno.Kv,
  uuid: string,
  password: string,
): Promise<PasswordWrite> {
  return transact(kv, async (tx) => {
    if (await tx.get(keys.instance(uuid)) === null) return "no-instance";
    if (await tx.get<string>(keys.instancePassword(uuid))) return "conflict";
    tx.set(keys.instancePassword(uuid), password);
    return "stored";
  });
}

/** Forget an instance's password (`DELETE os-server-password`, or the server's delete). */
export async function clearPassword(kv: Deno.Kv, uuid: string): Promise<void> {
  await retryLocked(() => kv.delete(keys.instancePassword(uuid)));
}
