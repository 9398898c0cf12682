/**
 * A test clock for the compute harness: the instance domain reads the time from its deps, so a
 * test moves it to observe a server's timeline (boot log, token expiry, uptime) without waiting.
 *
 * @module
 */
import type { Harness } from "../../support/compute.ts";

/** A clock a test moves by hand. */
export interface TestClock {
  /** The time the domain sees now. */
  now(): Date;
  /** Move the clock forward. */
  advance(seconds: number): void;
}

/** Make the harness's instance domain read `clock`, starting at the real time now. */
export function useTestClock(h: Harness): TestClock {
  let t = Date.now();
  h.runtime.instances.clock = () => new Date(t);
  return {
    now: () => new Date(t),
    advance(seconds) {
      t += seconds * 1000;
    },
  };
}
