/**
 * Rules for `quota:` (resource limits and shares the virt drivers apply to a guest).
 *
 * @module
 */
import type { ExtraSpecRule } from "./rule.ts";

const nonNegative = { type: "int", min: 0 } as const;
const anyInteger = { type: "int" } as const;

function vmwareAllocation(resource: string): ExtraSpecRule[] {
  return [
    { name: `quota:${resource}_limit`, value: nonNegative },
    { name: `quota:${resource}_reservation`, value: anyInteger },
    {
      name: `quota:${resource}_shares_level`,
      value: { type: "str", enum: ["custom", "high", "normal", "low"] },
    },
    { name: `quota:${resource}_shares_share`, value: nonNegative },
  ];
}

/** `quota:*` rules. */
export const QUOTA_RULES: readonly ExtraSpecRule[] = [
  ...["cpu", "memory", "disk_io", "vif"].flatMap(vmwareAllocation),
  { name: "quota:cpu_shares", value: nonNegative },
  { name: "quota:cpu_period", value: nonNegative },
  // Negative means unlimited bandwidth.
  { name: "quota:cpu_quota", value: anyInteger },
  ...["read", "write", "total"].flatMap((stat) =>
    ["bytes", "iops"].map((metric) => ({
      name: `quota:disk_${stat}_${metric}_sec`,
      value: nonNegative,
    }))
  ),
  ...["inbound", "outbound"].flatMap((direction) =>
    ["average", "peak", "burst"].map((metric) => ({
      name: `quota:vif_${direction}_${metric}`,
      value: nonNegative,
    }))
  ),
];
