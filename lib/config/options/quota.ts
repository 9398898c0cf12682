/**
 * `[quota]` options (Nova's `nova/conf/quota.py`). Limits of -1 mean unlimited; each limit can
 * still be set under its old `[DEFAULT] quota_<name>` name.
 *
 * @module
 */

import type { OptionGroup, OptionSpec } from "../option.ts";
import { boolean, integer, string } from "../types.ts";

/** A quota limit option with its old `[DEFAULT] quota_*` name. */
function limit(name: string, defaultValue: number, help: string): OptionSpec<number | null> {
  return {
    name,
    type: integer({ min: -1 }),
    default: defaultValue,
    deprecatedNames: [{ group: "DEFAULT", name: `quota_${name}` }],
    help,
  };
}

/** `[quota]` options. */
export const quotaGroup: OptionGroup = {
  name: "quota",
  options: [
    limit("instances", 10, "Instances allowed per project."),
    limit("cores", 20, "Instance cores (vCPUs) allowed per project."),
    limit("ram", 50 * 1024, "Megabytes of instance RAM allowed per project."),
    limit("metadata_items", 128, "Metadata items allowed per instance."),
    limit("injected_files", 5, "Injected files allowed per instance."),
    limit("injected_file_content_bytes", 10 * 1024, "Bytes allowed per injected file."),
    limit("injected_file_path_length", 255, "Characters allowed in an injected file's path."),
    limit("key_pairs", 100, "Key pairs allowed per user."),
    limit("server_groups", 10, "Server groups allowed per project."),
    limit("server_group_members", 10, "Servers allowed per server group."),
    {
      name: "driver",
      type: string({
        choices: [
          "nova.quota.DbQuotaDriver",
          "nova.quota.NoopQuotaDriver",
          "nova.quota.UnifiedLimitsDriver",
        ],
      }),
      default: "nova.quota.DbQuotaDriver",
      help: "How quota is enforced: stored limits, no limits, or Keystone unified limits.",
    },
    {
      name: "recheck_quota",
      type: boolean(),
      default: true,
      help: "Check quota again after creating resources, to catch races.",
    },
    {
      name: "count_usage_from_placement",
      type: boolean(),
      default: false,
      help: "Count cores and RAM usage from the placement service.",
    },
  ],
};
