/**
 * os-keypairs response bodies, per microversion: `type` from 2.2, `private_key` only for keys the
 * server generated, `keypairs_links` paging from 2.35.
 *
 * @module
 */
import type { Link } from "../collection.ts";
import type { KeypairRecord } from "../../keypairs/mod.ts";
import { novaTimestamp } from "../timestamps.ts";

export { novaTimestamp };

/** The body of a create or import. */
export function createView(
  record: KeypairRecord,
  options: { privateKey?: string; withType: boolean },
): { keypair: Record<string, unknown> } {
  const keypair: Record<string, unknown> = {};
  if (options.privateKey !== undefined) keypair.private_key = options.privateKey;
  if (options.withType) keypair.type = record.type;
  keypair.name = record.name;
  keypair.public_key = record.publicKey;
  keypair.fingerprint = record.fingerprint;
  keypair.user_id = record.userId;
  return { keypair };
}

/** The body of a show. */
export function showView(
  record: KeypairRecord,
  options: { withType: boolean },
): { keypair: Record<string, unknown> } {
  const keypair: Record<string, unknown> = {
    name: record.name,
    public_key: record.publicKey,
    fingerprint: record.fingerprint,
    user_id: record.userId,
    created_at: novaTimestamp(record.createdAt),
    deleted: false,
    deleted_at: null,
    id: record.id,
    updated_at: null,
  };
  if (options.withType) keypair.type = record.type;
  return { keypair };
}

/** One entry of a list. */
function indexEntry(record: KeypairRecord, withType: boolean) {
  const keypair: Record<string, unknown> = {
    name: record.name,
    public_key: record.publicKey,
    fingerprint: record.fingerprint,
  };
  if (withType) keypair.type = record.type;
  return { keypair };
}

/**
 * The body of a list. With `next` (2.35 and later), a full page gets a `keypairs_links` entry
 * pointing past its last name.
 */
export function indexView(
  records: KeypairRecord[],
  options: { withType: boolean; next?: (lastName: string) => Link | undefined },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    keypairs: records.map((r) => indexEntry(r, options.withType)),
  };
  if (options.next && records.length > 0) {
    const link = options.next(records[records.length - 1].name);
    if (link) body.keypairs_links = [link];
  }
  return body;
}
