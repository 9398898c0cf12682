/**
 * The password a guest posted through the metadata API, as the compute API's
 * `os-server-password` shows and clears it (Nova keeps it in the instance's system metadata; this
 * port beside the record, removed with it).
 *
 * @module
 */
import { clearPassword, getPassword } from "../store/passwords.ts";

/** The posted password, "" when none. */
export async function serverPassword(kv: Deno.Kv, uuid: string): Promise<string> {
  return (await getPassword(kv, uuid)) ?? "";
}

/** Forget the posted password (the guest's own password does not change). */
export function clearServerPassword(kv: Deno.Kv, uuid: string): Promise<void> {
  return clearPassword(kv, uuid);
}
