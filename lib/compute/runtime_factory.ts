/**
 * Assemble a {@link ComputeRuntime} from its parts.
 *
 * @module
 */
import type { ComputeRuntime, OptionReader } from "./runtime.ts";
import type { RequestContext } from "../context/context.ts";
import { NovaFault } from "../http/fault.ts";
import { imageCatalog } from "../images/catalog.ts";
import { instanceDeps } from "../instances/deps.ts";
import { networkCatalog } from "../networks/catalog.ts";
import { allocatePort, releasePorts } from "../networks/ports.ts";

/** The policy engine as the runtime uses it. */
export interface PolicyCheck {
  enforce(rule: string, target: Record<string, unknown>, ctx: RequestContext): boolean;
}

/**
 * Build the runtime. Targets default to the caller's project and user, as Nova's `context.can`.
 *
 * @example
 * ```ts
 * const runtime = createComputeRuntime({ config, kv, policy, log: console.log });
 * runtime.authorize("os_compute_api:limits", ctx);
 * ```
 */
export function createComputeRuntime(parts: {
  config: OptionReader;
  kv: Deno.Kv;
  policy: PolicyCheck;
  log?: (line: string) => void;
  /** The time now (tests pass their own clock to the simulated hypervisor). */
  clock?: () => Date;
}): ComputeRuntime {
  const allowed = (rule: string, ctx: RequestContext, target?: Record<string, unknown>) =>
    parts.policy.enforce(
      rule,
      target ?? { project_id: ctx.projectId, user_id: ctx.userId },
      ctx,
    );
  return {
    config: parts.config,
    kv: parts.kv,
    images: imageCatalog(parts.config),
    networks: networkCatalog(parts.config),
    instances: instanceDeps(parts.config, { allocatePort, releasePorts }, parts.clock),
    allowed,
    authorize(rule, ctx, target) {
      if (!allowed(rule, ctx, target)) {
        throw new NovaFault(403, `Policy doesn't allow ${rule} to be performed.`);
      }
    },
    log: parts.log ?? ((line) => console.log(line)),
  };
}
