/**
 * Stored keypairs: one record per user and name (`["keypairs", "user", userId, name]`), ids from
 * a counter, listed in name order as Nova's `KeyPairList.get_by_user` pages them.
 *
 * Quota counting is not done here: callers reserve `key_pairs` in the same transaction (see
 * `lib/keypairs/`).
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { retryLocked, type Transaction } from "./transaction.ts";

/** Nova's keypair types. */
export type KeypairType = "ssh" | "x509";

/** A stored keypair (Nova's `key_pairs` row). */
export interface KeypairRecord {
  /** Integer id, unique across users. */
  id: number;
  name: string;
  userId: string;
  type: KeypairType;
  /** The OpenSSH public key line, or the PEM certificate for x509. */
  publicKey: string;
  fingerprint: string;
  /** ISO 8601 creation time (UTC). */
  createdAt: string;
}

/** Read one keypair, or null. */
export async function getKeypair(
  kv: Deno.Kv,
  userId: string,
  name: string,
): Promise<KeypairRecord | null> {
  return (await retryLocked(() => kv.get<KeypairRecord>(keys.keypair(userId, name)))).value;
}

/**
 * A user's keypairs in name order: those named after `after` when given, and at most `limit` of
 * them when given. Whether `after` names a keypair is the caller's business.
 */
export async function listKeypairs(
  kv: Deno.Kv,
  userId: string,
  options: { limit?: number; after?: string } = {},
): Promise<KeypairRecord[]> {
  const prefix = keys.keypairs(userId);
  // Start just after the marker: the smallest key greater than [...prefix, after].
  const start = options.after === undefined ? undefined : [...prefix, options.after + "\0"];
  const out: KeypairRecord[] = [];
  if (options.limit === 0) return out;
  for await (const entry of listAll<KeypairRecord>(kv, prefix, { start, limit: options.limit })) {
    out.push(entry.value);
  }
  return out;
}

/**
 * Queue a new keypair inside `tx`: takes the next id and requires the name to be free. Returns
 * the record as it will be stored, or null when the user already has a keypair of that name.
 */
export async function insertKeypair(
  tx: Transaction,
  input: Omit<KeypairRecord, "id" | "createdAt">,
  now: Date = new Date(),
): Promise<KeypairRecord | null> {
  const key = keys.keypair(input.userId, input.name);
  const [existing, seq] = await tx.getMany<unknown>([key, keys.keypairSeq()]);
  if (existing !== null) return null;
  const id = (typeof seq === "number" ? seq : 0) + 1;
  const record: KeypairRecord = { ...input, id, createdAt: now.toISOString() };
  tx.set(keys.keypairSeq(), id);
  tx.set(key, record);
  return record;
}

/** Queue removing a keypair inside `tx`; returns the removed record, or null if there was none. */
export async function removeKeypair(
  tx: Transaction,
  userId: string,
  name: string,
): Promise<KeypairRecord | null> {
  const key = keys.keypair(userId, name);
  const record = await tx.get<KeypairRecord>(key);
  if (record === null) return null;
  tx.delete(key);
  return record;
}
