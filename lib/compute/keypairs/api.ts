/**
 * Keypair operations behind the os-keypairs controller (Nova's `KeypairAPI`): import, generate,
 * read, list and delete, with the `key_pairs` quota checked and counted in the same atomic
 * change as the record.
 *
 * @module
 */
import {
  generateKeyPair,
  generateWinrmX509Cert,
  InvalidKeypair,
  MAX_COMMON_NAME_LENGTH,
  sshPublicKeyFingerprint,
  x509Fingerprint,
} from "../../crypto/mod.ts";
import { NovaFault } from "../../http/fault.ts";
import {
  getKeypair,
  insertKeypair,
  KeypairMarkerNotFound,
  type KeypairRecord,
  type KeypairType,
  listKeypairs,
  removeKeypair,
} from "../../store/keypairs.ts";
import { transact } from "../../store/transaction.ts";
import type { QuotaEngine } from "../quota_sets/engine.ts";

/** Who acts and for whom: quota limits are the caller's, the keypair is the owner's. */
export interface KeypairActor {
  /** The caller's project (its limits apply). */
  projectId: string;
  /** The caller's user (its limits apply). */
  userId: string;
  /** The user the keypair belongs to (the caller, or another user for an admin from 2.10). */
  ownerId: string;
}

/** Nova's `KeypairNotFound` as the API answers it. */
export function keypairNotFound(name: string, userId: string): NovaFault {
  return new NovaFault(404, `Keypair ${name} not found for user ${userId}`);
}

/** The keypair service. */
export class KeypairApi {
  readonly #kv: Deno.Kv;
  readonly #quotas: QuotaEngine;

  constructor(kv: Deno.Kv, quotas: QuotaEngine) {
    this.#kv = kv;
    this.#quotas = quotas;
  }

  async #store(
    actor: KeypairActor,
    name: string,
    type: KeypairType,
    material: { publicKey: string; fingerprint: string } | InvalidKeypair,
  ): Promise<KeypairRecord> {
    return await transact(this.#kv, async (tx) => {
      // Nova's order: quota first, then the key material, then the name.
      await this.#quotas.reserve(tx, {
        projectId: actor.projectId,
        userId: actor.userId,
        keypairOwnerId: actor.ownerId,
        deltas: { key_pairs: 1 },
      });
      if (material instanceof InvalidKeypair) throw new NovaFault(400, material.message);
      const record = await insertKeypair(tx, { name, userId: actor.ownerId, type, ...material });
      if (!record) throw new NovaFault(409, `Key pair '${name}' already exists.`);
      return record;
    });
  }

  /** Store a keypair from a public key (or, for x509, a PEM certificate). */
  importKeypair(
    actor: KeypairActor,
    name: string,
    publicKey: string,
    type: KeypairType,
  ): Promise<KeypairRecord> {
    let material: { publicKey: string; fingerprint: string } | InvalidKeypair;
    try {
      const fingerprint = type === "x509"
        ? x509Fingerprint(publicKey)
        : sshPublicKeyFingerprint(publicKey);
      material = { publicKey, fingerprint };
    } catch (e) {
      if (!(e instanceof InvalidKeypair)) throw e;
      material = e;
    }
    return this.#store(actor, name, type, material);
  }

  /**
   * Generate a keypair server-side (microversions before 2.92) and store its public half.
   * Returns the record and the private key, which is never stored.
   */
  async createKeypair(
    actor: KeypairActor,
    name: string,
    type: KeypairType,
  ): Promise<{ record: KeypairRecord; privateKey: string }> {
    const pair = type === "x509" ? await this.#x509(actor.ownerId) : await generateKeyPair();
    const record = await this.#store(actor, name, type, {
      publicKey: pair.publicKey,
      fingerprint: pair.fingerprint,
    });
    return { record, privateKey: pair.privateKey };
  }

  /** A WinRM client certificate for the owner (Nova's `generate_winrm_x509_cert`). */
  async #x509(ownerId: string) {
    // Nova hands the user id to openssl as the certificate's common name; past 64 characters
    // openssl fails and Nova answers 500. Refuse it as bad input instead.
    if ([...ownerId].length > MAX_COMMON_NAME_LENGTH) {
      throw new NovaFault(
        400,
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

  /** One keypair of a user; 404 when absent. */
  async get(userId: string, name: string): Promise<KeypairRecord> {
    const record = await getKeypair(this.#kv, userId, name);
    if (!record) throw keypairNotFound(name, userId);
    return record;
  }

  /** A user's keypairs in name order (400 for an unknown marker). */
  async list(userId: string, page: { limit?: number; marker?: string } = {}) {
    try {
      return await listKeypairs(this.#kv, userId, page);
    } catch (e) {
      if (e instanceof KeypairMarkerNotFound) throw new NovaFault(400, e.message);
      throw e;
    }
  }

  /** Delete a keypair and uncount it; 404 when absent. */
  async delete(actor: KeypairActor, name: string): Promise<void> {
    await transact(this.#kv, async (tx) => {
      const record = await removeKeypair(tx, actor.ownerId, name);
      if (!record) throw keypairNotFound(name, actor.ownerId);
      await this.#quotas.release(tx, {
        projectId: actor.projectId,
        userId: actor.ownerId,
        deltas: { key_pairs: 1 },
      });
    });
  }
}
