/**
 * Keypairs, the domain side (Nova's `KeypairAPI`): import, generate, read, list and delete, with
 * the `key_pairs` quota checked and counted in the same transaction as the record. Failures are
 * domain errors with Nova's messages (see {@link KeypairNotFound}, {@link KeyPairExists},
 * {@link InvalidKeypairData}, {@link MarkerNotFound}, and the quota's `OverQuota`).
 *
 * @module
 */
import { InvalidKeypair } from "../crypto/invalid_keypair.ts";
import { DomainError } from "../errors/mod.ts";
import type { QuotaEngine } from "../quota/mod.ts";
import {
  getKeypair as readKeypair,
  insertKeypair,
  type KeypairRecord,
  type KeypairType,
  listKeypairs as readKeypairs,
  removeKeypair,
} from "../store/keypairs.ts";
import { transact } from "../store/transaction.ts";

export type { KeypairRecord, KeypairType };

/**
 * The key parsing and generation code, loaded when a keypair is first imported or generated:
 * it brings `node:crypto` (some 5 MiB of resident memory), which the compute API's other routes,
 * loaded with this module, have no use for.
 */
const keyCrypto = () => import("../crypto/mod.ts");

/** Nova's `KeypairNotFound` (404). */
export class KeypairNotFound extends DomainError {
  constructor(name: string, userId: string) {
    super("not-found", `Keypair ${name} not found for user ${userId}`);
  }
}

/** Nova's `KeyPairExists` (409). */
export class KeyPairExists extends DomainError {
  constructor(name: string) {
    super("conflict", `Key pair '${name}' already exists.`);
  }
}

/** Nova's `InvalidKeypair` (400): "Keypair data is invalid: ...". */
export class InvalidKeypairData extends DomainError {
  constructor(message: string) {
    super("invalid", message);
  }
}

/** Nova's `MarkerNotFound` (400) for a list marker that names no keypair of the user. */
export class MarkerNotFound extends DomainError {
  constructor(marker: string) {
    super("invalid", `Marker ${marker} could not be found.`);
  }
}

/** Who acts and for whom: quota limits are the caller's, the keypair is the owner's. */
export interface KeypairActor {
  /** The caller's project (its limits apply). */
  projectId: string;
  /** The caller's user (its limits apply). */
  userId: string;
  /** The user the keypair belongs to (the caller, or another user for an admin from 2.10). */
  ownerId: string;
}

/** What a keypair operation needs: the store and the quota engine. */
export interface KeypairDeps {
  kv: Deno.Kv;
  quotas: QuotaEngine;
}

type Material = { publicKey: string; fingerprint: string } | InvalidKeypairData;

async function store(
  deps: KeypairDeps,
  actor: KeypairActor,
  name: string,
  type: KeypairType,
  material: Material,
): Promise<KeypairRecord> {
  return await transact(deps.kv, async (tx) => {
    // Nova's order: quota first, then the key material, then the name.
    await deps.quotas.reserve(tx, {
      projectId: actor.projectId,
      userId: actor.userId,
      keypairOwnerId: actor.ownerId,
      deltas: { key_pairs: 1 },
    });
    if (material instanceof InvalidKeypairData) throw material;
    const record = await insertKeypair(tx, { name, userId: actor.ownerId, type, ...material });
    if (!record) throw new KeyPairExists(name);
    return record;
  });
}

/**
 * Store a keypair from a public key (or, for x509, a PEM certificate).
 *
 * @example
 * ```ts
 * const record = await importKeypair({ kv, quotas }, actor, "mykey", "ssh-rsa AAAA...", "ssh");
 * ```
 */
export async function importKeypair(
  deps: KeypairDeps,
  actor: KeypairActor,
  name: string,
  publicKey: string,
  type: KeypairType,
): Promise<KeypairRecord> {
  const { sshPublicKeyFingerprint, x509Fingerprint } = await keyCrypto();
  let material: Material;
  try {
    const fingerprint = type === "x509"
      ? x509Fingerprint(publicKey)
      : sshPublicKeyFingerprint(publicKey);
    material = { publicKey, fingerprint };
  } catch (e) {
    if (!(e instanceof InvalidKeypair)) throw e;
    material = new InvalidKeypairData(e.message);
  }
  return await store(deps, actor, name, type, material);
}

/** A WinRM client certificate for the owner (Nova's `generate_winrm_x509_cert`). */
async function x509(ownerId: string) {
  const { generateWinrmX509Cert, MAX_COMMON_NAME_LENGTH } = await keyCrypto();
  // Nova hands the user id to openssl as the certificate's common name; past 64 characters
  // openssl fails and Nova answers 500. Refuse it as bad input instead.
  if ([...ownerId].length > MAX_COMMON_NAME_LENGTH) {
    throw new InvalidKeypairData(
      `Keypair data is invalid: an X509 certificate can not be generated for a user id longer ` +
        `than ${MAX_COMMON_NAME_LENGTH} characters`,
    );
  }
  const cert = await generateWinrmX509Cert(ownerId);
  return {
    publicKey: cert.certificate,
    privateKey: cert.privateKey,
    fingerprint: cert.fingerprint,
  };
}

/**
 * Generate a keypair server-side (microversions before 2.92) and store its public half.
 * Returns the record and the private key, which is never stored.
 */
export async function createKeypair(
  deps: KeypairDeps,
  actor: KeypairActor,
  name: string,
  type: KeypairType,
): Promise<{ record: KeypairRecord; privateKey: string }> {
  const pair = type === "x509"
    ? await x509(actor.ownerId)
    : await (await keyCrypto()).generateKeyPair();
  const record = await store(deps, actor, name, type, {
    publicKey: pair.publicKey,
    fingerprint: pair.fingerprint,
  });
  return { record, privateKey: pair.privateKey };
}

/** One keypair of a user; {@link KeypairNotFound} when absent. */
export async function getKeypair(
  kv: Deno.Kv,
  userId: string,
  name: string,
): Promise<KeypairRecord> {
  const record = await readKeypair(kv, userId, name);
  if (!record) throw new KeypairNotFound(name, userId);
  return record;
}

/**
 * A user's keypairs in name order: after `marker` (a name, which must exist, else
 * {@link MarkerNotFound}) and at most `limit` of them when given.
 */
export async function listKeypairs(
  kv: Deno.Kv,
  userId: string,
  page: { limit?: number; marker?: string } = {},
): Promise<KeypairRecord[]> {
  if (page.marker !== undefined && !(await readKeypair(kv, userId, page.marker))) {
    throw new MarkerNotFound(page.marker);
  }
  return await readKeypairs(kv, userId, { limit: page.limit, after: page.marker });
}

/** Delete a keypair and uncount it; {@link KeypairNotFound} when absent. */
export async function deleteKeypair(
  deps: KeypairDeps,
  actor: KeypairActor,
  name: string,
): Promise<void> {
  await transact(deps.kv, async (tx) => {
    const record = await removeKeypair(tx, actor.ownerId, name);
    if (!record) throw new KeypairNotFound(name, actor.ownerId);
    await deps.quotas.release(tx, {
      projectId: actor.projectId,
      userId: actor.ownerId,
      deltas: { key_pairs: 1 },
    });
  });
}
