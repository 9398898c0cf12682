/**
 * Neutron v2.0's `quotas/{project_id}` (with `/default` and `/details`) for the Neutron subset:
 * the limits of an ML2 deployment left at Neutron's defaults, which is what `openstack quota show`
 * asks the network service for next to the compute quotas. Usage counts the project's ports, its
 * security groups (its `default` one included) and their rules.
 *
 * @module
 */

/** Neutron's default quotas (`[quotas] quota_*` and the ML2 extensions' defaults). */
export const NEUTRON_DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  network: 100,
  subnet: 100,
  port: 500,
  router: 10,
  floatingip: 50,
  security_group: 10,
  security_group_rule: 100,
  rbac_policy: 10,
  subnetpool: -1,
};

/** What a project uses of each resource (absent: 0). */
export type QuotaUsage = Partial<Record<string, number>>;

/** Which document a quotas request asks for. */
export type QuotaView = "show" | "default" | "details";

/**
 * The body of `GET /v2.0/quotas/{project_id}[/default|/details]`: `{"quota": {...}}`, with
 * `{limit, used, reserved}` per resource for `details`.
 *
 * @example
 * ```ts
 * quotaBody("show", {}).quota.port; // 500
 * ```
 */
export function quotaBody(view: QuotaView, usage: QuotaUsage): { quota: Record<string, unknown> } {
  if (view !== "details") return { quota: { ...NEUTRON_DEFAULT_QUOTAS } };
  const quota: Record<string, unknown> = {};
  for (const [name, limit] of Object.entries(NEUTRON_DEFAULT_QUOTAS)) {
    quota[name] = { limit, used: usage[name] ?? 0, reserved: 0 };
  }
  return { quota };
}

/** The view a path tail after `quotas/{project_id}` names, or null for none Neutron serves. */
export function quotaViewOf(rest: readonly string[]): QuotaView | null {
  if (rest.length === 0) return "show";
  if (rest.length === 1 && (rest[0] === "default" || rest[0] === "details")) return rest[0];
  return null;
}
