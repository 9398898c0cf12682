/**
 * Pages of servers kept per store while nothing they depend on can have changed: every live
 * server write moves the store's instances generation (`instancesGeneration`), and a page is
 * served again only while the generation read before it is unchanged and no server it read has
 * a task step due yet (a due step changes what a reader sees without a write). Each process
 * keeps its own pages; the generation is in the store, so a write by another process is seen.
 *
 * @module
 */
import type { Instance } from "./types.ts";
import { emptiedWhenIdle } from "../caches/mod.ts";

/** Pages kept per store (distinct queries: projects, limits, markers, filters). */
const PAGES_KEPT = 64;

interface KeptPage {
  /** The generation's versionstamp read before the page was read. */
  stamp: string;
  /** Epoch ms at which a server the page read has a step due (Infinity: none pending). */
  validUntil: number;
  page: readonly Instance[];
}

let pagesByStore = new WeakMap<Deno.Kv, Map<string, KeptPage>>();
emptiedWhenIdle(() => pagesByStore = new WeakMap());

/**
 * The page kept for `key` on `kv`, when read at generation `stamp` and still good at `now`
 * (a copy of the array; the records are shared: never change them).
 */
export function keptPage(
  kv: Deno.Kv,
  key: string,
  stamp: string | null,
  now: Date,
): Instance[] | undefined {
  if (stamp === null) return undefined;
  const hit = pagesByStore.get(kv)?.get(key);
  if (!hit || hit.stamp !== stamp || now.getTime() >= hit.validUntil) return undefined;
  return hit.page.slice();
}

/**
 * Keep `page` for `key`: read after the generation `stamp` was read, good until `validUntil`
 * (epoch ms; the earliest step due among every server read for it, kept or filtered out).
 */
export function keepPage(
  kv: Deno.Kv,
  key: string,
  stamp: string | null,
  validUntil: number,
  page: readonly Instance[],
): void {
  if (stamp === null) return;
  let pages = pagesByStore.get(kv);
  if (!pages) pagesByStore.set(kv, pages = new Map());
  if (pages.size >= PAGES_KEPT && !pages.has(key)) pages.delete(pages.keys().next().value!);
  pages.set(key, { stamp, validUntil, page: page.slice() });
}

/** Epoch ms of the first step pending on `instance` (Infinity when none). */
export function firstDue(instance: Instance): number {
  let first = Infinity;
  for (const step of instance.pending) first = Math.min(first, Date.parse(step.due));
  return first;
}
