/**
 * Memory kept only for speed, and given back when the process goes quiet. Each cache a process
 * keeps to answer faster while busy (decoded records, pages and bodies already rendered,
 * validation verdicts) registers here how to empty itself; once a service stops getting requests,
 * its idle task (`lib/service/idle_gc.ts`) empties them all before its garbage collection, so a
 * process that is not serving does not hold what it kept for the last busy spell.
 *
 * A cache registered here may only lose entries it can build again: emptying it changes no
 * answer, only how long the next one takes.
 *
 * @example
 * ```ts
 * let pages = new WeakMap<Deno.Kv, Map<string, string>>();
 * emptiedWhenIdle(() => pages = new WeakMap());
 * ```
 *
 * @module
 */

const empties: (() => void)[] = [];

/** Register how to empty a cache: call once, where the cache is declared. */
export function emptiedWhenIdle(empty: () => void): void {
  empties.push(empty);
}

/** Empty every registered cache; returns how many are registered. */
export function emptyCaches(): number {
  for (const empty of empties) empty();
  return empties.length;
}
