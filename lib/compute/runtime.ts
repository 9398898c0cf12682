/**
 * What compute handlers get from the process (as `req.runtime`): configuration, the store, the
 * policy check and a logger. Built once at start-up by the entry point and handed to the router.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";

/** Read access to typed options (`lib/config`'s Config satisfies it). */
export interface OptionReader {
  get<T = unknown>(group: string, name: string): T;
}

/** The process-wide services of the compute API. */
export interface ComputeRuntime {
  config: OptionReader;
  kv: Deno.Kv;
  /**
   * Nova's `context.can(rule, target)`: throws `NovaFault(403, "Policy doesn't allow … to be
   * performed.")` when the rule fails. A missing target defaults to the caller's own project and
   * user, as Nova does.
   */
  authorize(rule: string, ctx: RequestContext, target?: Record<string, unknown>): void;
  /** Like `authorize` but answers instead of throwing. */
  allowed(rule: string, ctx: RequestContext, target?: Record<string, unknown>): boolean;
  /** Log a line (info level). */
  log(line: string): void;
}
