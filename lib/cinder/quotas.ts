/**
 * Cinder's `os-quota-sets/{project_id}` (with `/defaults` and `?usage=True`) and `limits` for the
 * block storage subset: the limits of a deployment left at Cinder's defaults, which
 * `openstack quota show` and `openstack limits show` ask the volume service for next to the
 * compute ones. Usage counts the project's volumes, snapshots and gigabytes.
 *
 * @module
 */

/** Cinder's default quotas (`[DEFAULT] quota_*`, and the default type's unlimited ones). */
export const CINDER_DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  volumes: 10,
  snapshots: 10,
  gigabytes: 1000,
  backups: 10,
  backup_gigabytes: 1000,
  groups: 10,
  per_volume_gigabytes: -1,
  volumes___DEFAULT__: -1,
  snapshots___DEFAULT__: -1,
  gigabytes___DEFAULT__: -1,
};

/** What a project uses of each resource (absent: 0). */
export type VolumeUsage = Partial<Record<string, number>>;

/** The body of `GET os-quota-sets/{project_id}` (`usage`: `{limit, in_use, reserved}` each). */
export function quotaSetBody(
  projectId: string,
  usage: VolumeUsage | null,
): { quota_set: Record<string, unknown> } {
  const quota: Record<string, unknown> = { id: projectId };
  for (const [name, limit] of Object.entries(CINDER_DEFAULT_QUOTAS)) {
    quota[name] = usage === null
      ? limit
      : { limit, in_use: usage[name] ?? 0, reserved: 0, allocated: 0 };
  }
  return { quota_set: quota };
}

/** The body of `GET limits`: no rate limits, the absolute ones with the project's usage. */
export function limitsBody(usage: VolumeUsage): Record<string, unknown> {
  const q = CINDER_DEFAULT_QUOTAS;
  return {
    limits: {
      rate: [],
      absolute: {
        totalSnapshotsUsed: usage.snapshots ?? 0,
        maxTotalBackups: q.backups,
        maxTotalVolumeGigabytes: q.gigabytes,
        maxTotalSnapshots: q.snapshots,
        maxTotalBackupGigabytes: q.backup_gigabytes,
        totalBackupGigabytesUsed: 0,
        maxTotalVolumes: q.volumes,
        totalVolumesUsed: usage.volumes ?? 0,
        totalBackupsUsed: 0,
        totalGigabytesUsed: usage.gigabytes ?? 0,
      },
    },
  };
}
