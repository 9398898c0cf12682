/**
 * The records the store keeps for servers: the instance (what the compute API renders, the
 * metadata API serves and the simulated hypervisor moves through Nova's states), the steps of its
 * current task, its ports and a host's usage. Field names follow Nova's objects where there is one.
 * The domain modules re-export these types (`lib/instances/types.ts`, `lib/virt/types.ts`,
 * `lib/networks/types.ts`); the store owns them because it owns what is stored.
 *
 * @module
 */

/** Nova's `vm_states`. */
export type VmState =
  | "active"
  | "building"
  | "paused"
  | "suspended"
  | "stopped"
  | "rescued"
  | "resized"
  | "soft-delete"
  | "deleted"
  | "error"
  | "shelved"
  | "shelved_offloaded";

/** Nova's `task_states` (the ones servers CRUD and the build use; actions add more). */
export type TaskState = string | null;

/** Nova's `power_state` numbers: 0 NOSTATE, 1 RUNNING, 3 PAUSED, 4 SHUTDOWN, 6 CRASHED, 7 SUSPENDED. */
export type PowerState = 0 | 1 | 3 | 4 | 6 | 7;

/** The flavor as it was when the server was built (Nova embeds a copy in the instance). */
export interface FlavorSnapshot {
  /** The public flavor id. */
  flavorid: string;
  name: string;
  memory_mb: number;
  vcpus: number;
  root_gb: number;
  ephemeral_gb: number;
  swap: number;
  rxtx_factor: number;
  extra_specs: Record<string, string>;
  description: string | null;
}

/** A fault recorded on an ERROR server (Nova's `InstanceFault`). */
export interface InstanceFault {
  code: number;
  message: string;
  details: string;
  /** ISO 8601. */
  created: string;
}

/** A block device mapping as requested (validated and recorded; no Cinder behind it). */
export type BlockDeviceMapping = Record<string, unknown>;

/** One server. */
export interface Instance {
  /** UUID. */
  uuid: string;
  /** Display name. */
  name: string;
  project_id: string;
  user_id: string;
  /** Free text (2.19); null when not set. */
  description: string | null;
  /** The guest hostname (OS-EXT-SRV-ATTR:hostname; settable from 2.90). */
  hostname: string;
  vm_state: VmState;
  task_state: TaskState;
  power_state: PowerState;
  /** The compute host and node, null until scheduled (or after a no-fit). */
  host: string | null;
  node: string | null;
  /** The availability zone the server is in (the requested one, or the host's). */
  availability_zone: string | null;
  /** The zone the server is pinned to (2.96), null when none was requested. */
  pinned_availability_zone: string | null;
  flavor: FlavorSnapshot;
  /** The image id, "" for a volume-backed server. */
  image_ref: string;
  key_name: string | null;
  key_data: string | null;
  /** Base64 as the client sent it, null when none. */
  user_data: string | null;
  metadata: Record<string, string>;
  /** 2.26 tags, sorted. */
  tags: string[];
  /** Names of the security groups asked for (`default` when none). */
  security_groups: string[];
  /** The server's ports, in the order asked for. */
  ports: Port[];
  /** The requested networks (`auto`, `none` or a list), kept for the record. */
  requested_networks: unknown;
  block_device_mapping: BlockDeviceMapping[];
  config_drive: boolean;
  access_ip_v4: string | null;
  access_ip_v6: string | null;
  locked: boolean;
  locked_by: "admin" | "owner" | null;
  locked_reason: string | null;
  /** `r-xxxxxxxx`, shared by the servers of one multi-create. */
  reservation_id: string;
  launch_index: number;
  /** The scheduler hints as given (2.100 shows them). */
  scheduler_hints: Record<string, unknown>;
  /** 2.63 trusted image certificate ids, null when none. */
  trusted_image_certificates: string[] | null;
  /** Set for an ERROR server. */
  fault: InstanceFault | null;
  progress: number;
  /** ISO 8601 times. */
  created_at: string;
  updated_at: string | null;
  launched_at: string | null;
  terminated_at: string | null;
  deleted_at: string | null;
  /** Steps still due in the current task (see lib/virt); empty when the server is at rest. */
  pending: Step[];
  /** The snapshot a shelve took (Nova's `shelved_image_id` system metadata), until the unshelve. */
  shelved_image_id?: string | null;
  /** `OS-DCF:diskConfig` AUTO (true) or MANUAL (false or absent). */
  auto_disk_config?: boolean;
  /**
   * Whether the server's instances, cores and ram are counted against its project's quota (true
   * from create until a failed build or the delete released them).
   */
  quota_counted: boolean;
  /** The flavor before a resize or cold migration (Nova's `old_flavor`), while one is open. */
  old_flavor?: FlavorSnapshot | null;
  /** The flavor a resize or cold migration moves to (Nova's `new_flavor`), while one is open. */
  new_flavor?: FlavorSnapshot | null;
  /** The open resize or cold migration and the host claims it holds (Nova's migration context). */
  migration_context?: MigrationContext | null;
}

/** What a host holds for a server (vCPUs, RAM MiB, disk GiB). */
export interface ResourceClaim {
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
}

/**
 * An open resize or cold migration: the migration record it advances, the source host (which
 * holds the old flavor until confirmed) and the destination host (which holds the new flavor
 * from the request until a revert drops it).
 */
export interface MigrationContext {
  migration_id: number;
  source_compute: string;
  source_zone: string | null;
  dest_compute: string;
  dest_zone: string | null;
  /** The old flavor's claim on the source host. */
  source_claim: ResourceClaim;
  /** The new flavor's claim on the destination host. */
  dest_claim: ResourceClaim;
  /** Whether the destination still holds its claim (a revert drops it before finishing). */
  dest_claimed: boolean;
  /** Where the server goes back to on revert or confirm (Nova's `old_vm_state`). */
  old_vm_state: "active" | "stopped";
}

/** One step of a task: at `due`, the instance takes these states (and finishes what it names). */
export interface Step {
  /** ISO 8601: when the step takes effect. */
  due: string;
  vm_state: VmState;
  task_state: TaskState;
  power_state: PowerState;
  /**
   * An instance-action event this step starts or finishes, if any; `request_id` names the action
   * it belongs to (the request that set the task).
   */
  event?: {
    name: string;
    phase: "start" | "finish";
    result?: "Success" | "Error";
    request_id?: string;
  };
  /** What else the step does when applied. */
  effect?: "launched" | "deleted" | "no-valid-host" | "fault" | "rotate-backups" | ResizeEffect;
  /**
   * The instance fault a failing step records (`effect` "fault" or a move's effect, or
   * "no-valid-host" to replace its default message); code 500, created at the step's due time.
   */
  fault?: { message: string; details: string };
  /** The migration status this step moves the open migration to (resize, cold migration). */
  migration?: { id: number; status: string };
  /** What the step of a live migration or evacuation does to its migration and hosts. */
  move?: MoveChange;
  /** The image a snapshot or backup step uploads (`rotate-backups` rotates its type). */
  image_id?: string;
}

/** The part of a step of a move (live migration, evacuation) besides the states. */
export interface MoveChange {
  /** The migration record the step advances. */
  migration_id: number;
  /** The migration's new status, when it changes. */
  status?: string;
  /** Live-migration progress to record, bytes. */
  memory?: { total: number; processed: number; remaining: number };
  disk?: { total: number; processed: number; remaining: number };
  /** The server now lives on this host (node, zone); its source host's capacity is given back. */
  land?: { host: string; node: string; availability_zone: string };
  /** The move failed after claiming this host: give the claim back. */
  unclaim?: string;
  /** A fault to record on the server (Nova's `set_vm_state_and_notify`). */
  fault?: { code: number; message: string; details: string };
}

/**
 * What a step of a resize or cold migration does besides its states: `resize-migrated` (the
 * server is now on the destination), `resize-finish` (the new flavor applies), `resize-verify`
 * (launched again, VERIFY_RESIZE), `resize-confirmed` (the source is freed), `revert-dest-dropped`
 * (the destination is freed), `resize-reverted` (back on the source with the old flavor),
 * `resize-no-valid-host` (nothing fit: back where it was, with a fault), `resize-failed` (a failed
 * move: back on the source with the old flavor, the destination freed), `resize-kept` (a failed
 * confirm or revert rolled back: VERIFY_RESIZE on the destination again).
 */
export type ResizeEffect =
  | "resize-migrated"
  | "resize-finish"
  | "resize-verify"
  | "resize-confirmed"
  | "revert-dest-dropped"
  | "resize-reverted"
  | "resize-no-valid-host"
  | "resize-failed"
  | "resize-kept";

/** What a host has handed out. */
export interface HostUsage {
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  instances: number;
}

/** An address on a port. */
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

/** A port: one server's attachment to one network. */
export interface Port {
  /** UUID. */
  id: string;
  network_id: string;
  /** `fa:16:3e:xx:xx:xx`, as Neutron's default base MAC. */
  mac_address: string;
  fixed_ips: FixedIp[];
  /** The instance uuid. */
  device_id: string;
  /** `compute:<availability zone>`. */
  device_owner: string;
  project_id: string;
  /** A device tag (2.32/2.42), if the server create asked for one. */
  tag?: string | null;
  /** Ids of the security groups bound to the port; absent: its project's `default` group. */
  security_groups?: string[];
  /**
   * A port the user made (and handed to an attach): detaching it or deleting its server unbinds it
   * (`device_id` and `device_owner` empty) instead of deleting it. Absent: a port Nova made.
   */
  preserve_on_delete?: boolean;
  /** The name the user gave the port (Neutron's `name`); absent: empty. */
  name?: string;
  /** ISO 8601. */
  created_at: string;
}
