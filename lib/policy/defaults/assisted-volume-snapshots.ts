/**
 * Nova's default policy rules for volume snapshots driven by the block storage service.
 *
 * Rule names, check strings, scopes and deprecated predecessors are data taken from Nova's
 * `nova/policies/assisted_volume_snapshots.py`.
 *
 * @module
 */

import type { RuleDefault } from "../rule-default.ts";
import { SERVICE_ROLE } from "./base.ts";

/** Default rules for volume snapshots driven by the block storage service. */
export const assistedVolumeSnapshotsRules: readonly RuleDefault[] = [
  {
    name: "os_compute_api:os-assisted-volume-snapshots:create",
    checkStr: SERVICE_ROLE,
    scopeTypes: ["project"],
    operations: [
      { method: "POST", path: "/os-assisted-volume-snapshots" },
    ],
  },
  {
    name: "os_compute_api:os-assisted-volume-snapshots:delete",
    checkStr: SERVICE_ROLE,
    scopeTypes: ["project"],
    operations: [
      { method: "DELETE", path: "/os-assisted-volume-snapshots/{snapshot_id}" },
    ],
  },
];
