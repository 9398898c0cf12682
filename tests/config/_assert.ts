/**
 * Small assertion helpers over `node:assert/strict` for the config tests: they return the error
 * a call threw, so tests can check its exact message.
 *
 * @module
 */

import assert from "node:assert/strict";

/** A class of errors. */
// deno-lint-ignore no-explicit-any
type ErrorClass<E> = new (...args: any[]) => E;

/** Calls `fn`, checks it throws an instance of `kind`, and returns that error. */
export function thrown<E>(fn: () => unknown, kind: ErrorClass<E>): E {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof kind, `expected a ${kind.name}, got ${err}`);
    return err;
  }
  assert.fail(`expected a ${kind.name} to be thrown`);
}

/** Awaits `fn()`, checks it rejects with an instance of `kind`, and returns that error. */
export async function rejected<E>(fn: () => Promise<unknown>, kind: ErrorClass<E>): Promise<E> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof kind, `expected a ${kind.name}, got ${err}`);
    return err;
  }
  assert.fail(`expected a ${kind.name} to be thrown`);
}
