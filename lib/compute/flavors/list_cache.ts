/**
 * Flavor listing bodies kept as the bytes sent, per store, under the flavors version they were
 * built after ({@link flavorsVersion}): a listing asked again while no flavor has changed is one
 * version read and the bytes, not a walk, a view and an encoding.
 *
 * A body is built from flavors read after the version was read, so it is never older than its
 * tag; a write anywhere moves the version, and a body tagged with an older one is never served
 * again. The caller's key names everything else the body depends on (microversion, policy
 * outcomes, viewer, query, link bases).
 *
 * @module
 */
import { flavorsVersion } from "../../flavors/mod.ts";
import { emptiedWhenIdle } from "../../caches/mod.ts";

/** How many bodies one version keeps (viewers × queries × microversions); then it starts over. */
const BODIES_KEPT = 256;

let kept = new WeakMap<
  Deno.Kv,
  { version: string; bodies: Map<string, Uint8Array<ArrayBuffer>> }
>();
emptiedWhenIdle(() => kept = new WeakMap());

/**
 * The listing body for `key` as of now: kept bytes when no flavor changed since they were built,
 * else `build()`'s, kept for the next request.
 *
 * @example
 * ```ts
 * const bytes = await listingBody(kv, key, async () => encode(await list()));
 * ```
 */
export async function listingBody(
  kv: Deno.Kv,
  key: string,
  build: () => Promise<Uint8Array<ArrayBuffer>>,
): Promise<Uint8Array<ArrayBuffer>> {
  const version = await flavorsVersion(kv);
  if (version === null) return await build();
  const hit = kept.get(kv);
  if (hit?.version === version) {
    const bytes = hit.bodies.get(key);
    if (bytes !== undefined) return bytes;
  }
  const bytes = await build();
  let entry = kept.get(kv);
  // Versionstamps grow: a slower build of an older version does not displace a newer one.
  if (entry !== undefined && entry.version > version) return bytes;
  if (entry?.version !== version) kept.set(kv, entry = { version, bodies: new Map() });
  if (entry.bodies.size >= BODIES_KEPT) entry.bodies.clear();
  entry.bodies.set(key, bytes);
  return bytes;
}
