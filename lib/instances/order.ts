/**
 * The order of a server listing, as Nova derives it from the request's `sort_key`/`sort_dir`
 * pairs: its instance lister adds `uuid asc` (unless `uuid` was asked for) so pages are stable,
 * and its database layer pads missing directions with the first one and checks them. A record's
 * value for each sort key (Nova's column names) comes from the stored record.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import type { Instance } from "./types.ts";

/** A sort direction. */
export type SortDir = "asc" | "desc";

/** One term of an order: a Nova sort key and its direction. */
export interface SortTerm {
  key: string;
  dir: SortDir;
}

/** Nova's `InvalidInput` from its sort parameter check (400). */
export class InvalidSortInput extends DomainError {
  constructor(reason: string) {
    super("invalid", `Invalid input received: ${reason}`);
  }
}

/**
 * Nova's check of the sort parameters (`process_sort_params`): every direction is `asc` or
 * `desc`, and there are no more directions than keys. Throws {@link InvalidSortInput}.
 */
export function checkSortParams(keys: readonly string[], dirs: readonly string[]): void {
  for (const d of dirs) {
    if (d !== "asc" && d !== "desc") {
      throw new InvalidSortInput("Unknown sort direction, must be 'desc' or 'asc'");
    }
  }
  if (dirs.length > keys.length) {
    throw new InvalidSortInput("Sort direction size exceeds sort key size");
  }
}

/**
 * The full order a listing uses for the sort keys and directions left after the API dropped
 * the ignored ones (checked with {@link checkSortParams} first): no keys means `created_at desc`;
 * `uuid asc` is added unless `uuid` is a key; missing directions take the first direction.
 *
 * @example
 * ```ts
 * effectiveOrder(["display_name"], ["asc"]);
 * // [{ key: "display_name", dir: "asc" }, { key: "uuid", dir: "asc" }]
 * ```
 */
export function effectiveOrder(keys: readonly string[], dirs: readonly string[]): SortTerm[] {
  let k = [...keys];
  let d = [...dirs] as SortDir[];
  if (k.length === 0) {
    k = ["created_at", "id"];
    d = ["desc", "desc"];
  }
  if (!k.includes("uuid")) {
    k.push("uuid");
    d.push("asc");
  }
  const fallback = d[0] ?? "desc";
  while (d.length < k.length) d.push(fallback);
  const out: SortTerm[] = [];
  for (let i = 0; i < k.length; i++) {
    out.push({ key: k[i], dir: d[i] });
    if (k[i] === "uuid") break; // uuid is unique: later terms never decide
  }
  return out;
}

/**
 * The direction of the created_at index that serves `order` (its first terms are `created_at`
 * and `uuid`, each either way), or null when the order needs a scan.
 */
export function indexDirection(order: readonly SortTerm[]): SortDir | null {
  return order.length === 2 && order[0].key === "created_at" && order[1].key === "uuid"
    ? order[0].dir
    : null;
}

type SortValue = string | number | boolean | null;

/** Each sort key's value on a record, named as Nova's columns. */
const VALUES: Record<string, (i: Instance) => SortValue> = {
  access_ip_v4: (i) => i.access_ip_v4,
  access_ip_v6: (i) => i.access_ip_v6,
  auto_disk_config: (i) => i.auto_disk_config ?? false,
  availability_zone: (i) => i.availability_zone,
  config_drive: (i) => i.config_drive ? "True" : "", // Nova's column holds "True" or ""
  created_at: (i) => i.created_at,
  display_description: (i) => i.description,
  display_name: (i) => i.name,
  host: (i) => i.host,
  hostname: (i) => i.hostname,
  image_ref: (i) => i.image_ref,
  instance_type_id: (i) => i.flavor.flavorid,
  kernel_id: () => "",
  key_name: (i) => i.key_name,
  launch_index: (i) => i.launch_index,
  launched_at: (i) => i.launched_at,
  locked: (i) => i.locked,
  locked_by: (i) => i.locked_by,
  node: (i) => i.node,
  power_state: (i) => i.power_state,
  progress: (i) => i.progress,
  project_id: (i) => i.project_id,
  ramdisk_id: () => "",
  root_device_name: (i) => i.launched_at ? "/dev/vda" : null,
  task_state: (i) => i.task_state,
  terminated_at: (i) => i.terminated_at,
  updated_at: (i) => i.updated_at,
  user_id: (i) => i.user_id,
  uuid: (i) => i.uuid,
  vm_state: (i) => i.vm_state,
};

/** NULL first (as MySQL sorts ascending), then by value. */
function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A comparator of records in `order` (negative when `a` comes first).
 *
 * @example
 * ```ts
 * servers.sort(compareBy([{ key: "display_name", dir: "asc" }, { key: "uuid", dir: "asc" }]));
 * ```
 */
export function compareBy(order: readonly SortTerm[]): (a: Instance, b: Instance) => number {
  const terms = order.map((t) => ({
    value: VALUES[t.key] ?? (() => null),
    sign: t.dir === "asc" ? 1 : -1,
  }));
  return (a, b) => {
    for (const t of terms) {
      const c = compareValues(t.value(a), t.value(b));
      if (c !== 0) return c * t.sign;
    }
    return 0;
  };
}
