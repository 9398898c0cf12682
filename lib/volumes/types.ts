/**
 * The block storage service's fixed catalog: its one volume type (Cinder's `__DEFAULT__`) and its
 * one storage availability zone (Cinder's `storage_availability_zone`, `nova`).
 *
 * @module
 */

/** A volume type, as Cinder's `types` API shows it. */
export interface VolumeType {
  id: string;
  name: string;
  description: string;
  is_public: boolean;
  extra_specs: Record<string, string>;
  qos_specs_id: string | null;
}

/** Cinder's default volume type, created by its first database migration. */
export const DEFAULT_VOLUME_TYPE: Readonly<VolumeType> = Object.freeze({
  id: "5f9a4a53-1c1e-4d2a-9c62-0e4f3b2d7a10",
  name: "__DEFAULT__",
  description: "Default Volume Type",
  is_public: true,
  extra_specs: {},
  qos_specs_id: null,
});

/** Every volume type this service knows. */
export const VOLUME_TYPES: readonly VolumeType[] = [DEFAULT_VOLUME_TYPE];

/** Cinder's default `storage_availability_zone`. */
export const VOLUME_AVAILABILITY_ZONE = "nova";

/** The volume type with this id or name, or null. */
export function findVolumeType(nameOrId: string): VolumeType | null {
  return VOLUME_TYPES.find((t) => t.id === nameOrId || t.name === nameOrId) ?? null;
}
