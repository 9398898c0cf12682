/**
 * The limits controller (Nova's `LimitsController`): a project's absolute limits and usage.
 *
 * Microversion changes handled here:
 * - 2.36: network proxy limits (floating IPs, security groups and rules) are gone;
 * - 2.39: `maxImageMeta` is gone (the image-metadata proxy was removed);
 * - 2.57: personality limits (`maxPersonality`, `maxPersonalitySize`) are gone;
 * - 2.75: unknown query parameters are refused.
 *
 * An admin may look at another project with `?tenant_id=`.
 *
 * @module
 */
import type { ApiRequest, Route } from "../router.ts";
import type { ComputeRuntime } from "../runtime.ts";
import { json } from "../../http/respond.ts";
import { validateQuery } from "../../validation/mod.ts";
import { QuotaEngine } from "../quota_sets/engine.ts";
import * as schema from "./schemas.ts";
import { type LimitsFilter, limitsView } from "./view.ts";

const HIDDEN_V236 = ["floating_ips", "security_groups", "security_group_rules"];
const HIDDEN_V257 = [...HIDDEN_V236, "injected_files", "injected_file_content_bytes"];

function filterFor(req: ApiRequest): LimitsFilter {
  const hidden = req.version.atLeast("2.57")
    ? HIDDEN_V257
    : req.version.atLeast("2.36")
    ? HIDDEN_V236
    : [];
  return { hidden, imageMeta: !req.version.atLeast("2.39") };
}

/**
 * The limits route.
 *
 * @example
 * ```ts
 * const router = createRouter([...limitRoutes(runtime)]);
 * ```
 */
export function limitRoutes(runtime: ComputeRuntime): Route[] {
  const quotas = new QuotaEngine(runtime.config);

  const index = async (req: ApiRequest) => {
    validateQuery(
      req.version.atLeast("2.75") ? schema.indexQueryV275 : schema.indexQuery,
      req.query,
    );
    runtime.authorize("os_compute_api:limits", req.context, {});
    let projectId = req.context.projectId ?? "";
    if (req.query.has("tenant_id")) {
      // webob's GET.get gives the last value.
      projectId = req.query.getAll("tenant_id").at(-1)!;
      runtime.authorize("os_compute_api:limits:other_project", req.context);
    }
    const usage = await quotas.projectQuotaUsage(runtime.kv, projectId);
    return json(limitsView(usage, filterFor(req)));
  };

  return [{ method: "GET", path: "/limits", handler: index }];
}
