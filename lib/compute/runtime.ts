/**
 * What compute handlers get from the process (as `req.runtime`): configuration, the store, the
 * policy check and a logger. Built once at start-up by the entry point and handed to the router.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import type { ImageCatalog } from "../images/catalog.ts";
import type { InstanceDeps } from "../instances/mod.ts";
import type { NetworkCatalog } from "../networks/catalog.ts";

/** Read access to typed options (`lib/config`'s Config satisfies it). */
export interface OptionReader {
  get<T = unknown>(group: string, name: string): T;
}

/** The process-wide services of the compute API. */
export interface ComputeRuntime {
  config: OptionReader;
  kv: Deno.Kv;
  /**
   * Nova's `context.can(rule, target)`: throws `NovaFault(403, "Policy doesn't allow ... to be
   * performed.")` when the rule fails. A missing target defaults to the caller's own project and
   * user, as Nova does.
   */
  authorize(rule: string, ctx: RequestContext, target?: Record<string, unknown>): void;
  /** Like `authorize` but answers instead of throwing. */
  allowed(rule: string, ctx: RequestContext, target?: Record<string, unknown>): boolean;
  /** The configured image catalog (built once). */
  images: ImageCatalog;
  /** The configured networks (built once). */
  networks: NetworkCatalog;
  /** What the instance domain needs: quota engine, hosts, port allocator, clock (built once). */
  instances: InstanceDeps;
  /** Log a line (info level). */
  log(line: string): void;
}
