/**
 * The `GET /limits` body (Nova's limits view builder): absolute limits under their historical
 * camel-case names, usage totals, and an always-empty `rate` list.
 *
 * @module
 */
import type { QuotaUsage } from "../../quota/mod.ts";

/** Quota resource -> the absolute-limit names it is shown as. */
const LIMIT_NAMES: Record<string, string[]> = {
  ram: ["maxTotalRAMSize"],
  instances: ["maxTotalInstances"],
  cores: ["maxTotalCores"],
  key_pairs: ["maxTotalKeypairs"],
  floating_ips: ["maxTotalFloatingIps"],
  metadata_items: ["maxServerMeta", "maxImageMeta"],
  injected_files: ["maxPersonality"],
  injected_file_content_bytes: ["maxPersonalitySize"],
  security_groups: ["maxSecurityGroups"],
  security_group_rules: ["maxSecurityGroupRules"],
  server_groups: ["maxServerGroups"],
  server_group_members: ["maxServerGroupMembers"],
};

/** Usage total name -> quota resource. */
const USED_NAMES: Record<string, string> = {
  totalRAMUsed: "ram",
  totalCoresUsed: "cores",
  totalInstancesUsed: "instances",
  totalFloatingIpsUsed: "floating_ips",
  totalSecurityGroupsUsed: "security_groups",
  totalServerGroupsUsed: "server_groups",
};

/** What a microversion leaves out. */
export interface LimitsFilter {
  /** Resources not shown at all. */
  hidden: readonly string[];
  /** Whether `maxImageMeta` is shown (before 2.39). */
  imageMeta: boolean;
}

/** Build the body from a project's limits and usage. */
export function limitsView(
  quotas: Record<string, QuotaUsage>,
  filter: LimitsFilter,
): { limits: { rate: never[]; absolute: Record<string, number> } } {
  const absolute: Record<string, number> = {};
  for (const [resource, { limit }] of Object.entries(quotas)) {
    const names = LIMIT_NAMES[resource];
    if (!names || filter.hidden.includes(resource)) continue;
    for (const name of names) {
      if (name === "maxImageMeta" && !filter.imageMeta) continue;
      absolute[name] = limit;
    }
  }
  for (const [name, resource] of Object.entries(USED_NAMES)) {
    if (resource in quotas && !filter.hidden.includes(resource)) {
      absolute[name] = quotas[resource].in_use;
    }
  }
  return { limits: { rate: [], absolute } };
}
