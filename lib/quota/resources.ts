/**
 * The quota resources Nova knows (its `QUOTAS` engine's resource list): their names, the
 * `[quota]` option that gives each its default, and how each is counted.
 *
 * @module
 */

/** A quota resource name, as it appears in quota sets. */
export type QuotaResource =
  | "cores"
  | "fixed_ips"
  | "floating_ips"
  | "injected_file_content_bytes"
  | "injected_file_path_bytes"
  | "injected_files"
  | "instances"
  | "key_pairs"
  | "metadata_items"
  | "ram"
  | "security_group_rules"
  | "security_groups"
  | "server_group_members"
  | "server_groups";

/**
 * How usage of a resource is known.
 *
 * - `project-user`: counted per project and per user of the project (instances, cores, ram,
 *   server groups);
 * - `user`: counted per user across all projects (key pairs);
 * - `group-user`: counted per server group and user by the caller (server group members);
 * - `absolute`: a plain limit on a request value, never counted (metadata items, files, ...).
 */
export type QuotaCounting = "project-user" | "user" | "group-user" | "absolute";

/** One row of the resource table. */
export interface QuotaResourceSpec {
  name: QuotaResource;
  /** The `[quota]` option holding the default; none means unlimited (-1). */
  option?: string;
  counting: QuotaCounting;
}

/** Every resource, sorted by name as Nova lists them in responses. */
export const QUOTA_RESOURCES: readonly QuotaResourceSpec[] = [
  // The order of Nova's quota engine as deployed releases register it (Zed and its successors
  // until master sorted the list); JSON bodies list limits in this order, and the `openstack`
  // CLI prints them so.
  { name: "instances", option: "instances", counting: "project-user" },
  { name: "cores", option: "cores", counting: "project-user" },
  { name: "ram", option: "ram", counting: "project-user" },
  { name: "metadata_items", option: "metadata_items", counting: "absolute" },
  { name: "injected_files", option: "injected_files", counting: "absolute" },
  {
    name: "injected_file_content_bytes",
    option: "injected_file_content_bytes",
    counting: "absolute",
  },
  { name: "injected_file_path_bytes", option: "injected_file_path_length", counting: "absolute" },
  { name: "key_pairs", option: "key_pairs", counting: "user" },
  { name: "server_groups", option: "server_groups", counting: "project-user" },
  { name: "server_group_members", option: "server_group_members", counting: "group-user" },
  { name: "fixed_ips", counting: "absolute" },
  { name: "floating_ips", counting: "absolute" },
  { name: "security_groups", counting: "absolute" },
  { name: "security_group_rules", counting: "absolute" },
];

/** Resource names in response order. */
export const RESOURCE_NAMES: readonly QuotaResource[] = QUOTA_RESOURCES.map((r) => r.name);

const BY_NAME = new Map(QUOTA_RESOURCES.map((r) => [r.name as string, r]));

/** The spec of a resource, or undefined for an unknown name. */
export function resourceSpec(name: string): QuotaResourceSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * Resources whose limits are only ever stored per project: a per-user update of one of them
 * writes the project's limit instead (Nova's `PER_PROJECT_QUOTAS`).
 */
export const PER_PROJECT_RESOURCES: ReadonlySet<string> = new Set([
  "fixed_ips",
  "floating_ips",
  "networks",
]);

/** Nova's marker for "no limit". */
export const UNLIMITED = -1;
