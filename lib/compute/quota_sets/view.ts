/**
 * Quota set bodies (Nova's `_format_quota_set`): the resources in name order, minus those a
 * microversion hides, with the id first when there is one.
 *
 * @module
 */
import { RESOURCE_NAMES } from "../../quota/mod.ts";

/**
 * Lay out `values` (a number or a usage object per resource) under `key`.
 *
 * @example
 * ```ts
 * formatQuotaSet("quota_set", "p1", { cores: 20, instances: 10 }, []);
 * // { quota_set: { id: "p1", cores: 20, instances: 10 } }
 * ```
 */
export function formatQuotaSet<K extends string, V>(
  key: K,
  id: string | null,
  values: Record<string, V>,
  hidden: readonly string[],
  resources: readonly string[] = RESOURCE_NAMES,
): Record<K, Record<string, V | string>> {
  const body: Record<string, V | string> = {};
  if (id !== null) body.id = id;
  for (const r of resources) {
    if (!hidden.includes(r) && r in values) body[r] = values[r];
  }
  return { [key]: body } as Record<K, Record<string, V | string>>;
}
