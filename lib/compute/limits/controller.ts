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
import type { ApiRequest, Route } from "../route.ts";
import { json } from "../../http/respond.ts";
import { QuotaEngine } from "../../quota/mod.ts";
import * as schema from "./schemas.ts";
import { type LimitsFilter, limitsView } from "./view.ts";
import { LIMITS_RESPONSE } from "./response_schemas.ts";

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

/** `GET /limits`: the caller's project, or an admin's `?tenant_id=`. */
async function index(req: ApiRequest): Promise<Response> {
  let projectId = req.context.projectId ?? "";
  if (req.query.has("tenant_id")) {
    // webob's GET.get gives the last value.
    projectId = req.query.getAll("tenant_id").at(-1)!;
    req.runtime.authorize("os_compute_api:limits:other_project", req.context);
  }
  const usage = await new QuotaEngine(req.runtime.config).projectQuotaUsage(
    req.runtime.kv,
    projectId,
  );
  return json(limitsView(usage, filterFor(req)));
}

/** The limits route row. */
export const LIMIT_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/limits",
    query: [["2.75", schema.indexQueryV275], ["2.1", schema.indexQuery]],
    policy: { rule: "os_compute_api:limits", target: () => ({}) },
    response: LIMITS_RESPONSE,
    handler: index,
  },
];
