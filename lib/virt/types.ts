/**
 * The simulated hypervisor's vocabulary: hosts from configuration and the steps of a task.
 *
 * A task (a build, a delete, later every action) is a list of steps with due times stored with the
 * instance (`Instance.pending`). The state a reader observes is a function of the record and the
 * clock: whoever reads an instance with due steps applies them in one atomic, repeatable change.
 *
 * @module
 */
export type { HostUsage, Step } from "../store/records.ts";
export type { MoveChange } from "../store/records.ts";

/** A compute host from configuration: one compute service and one hypervisor node. */
export interface HostSpec {
  /** Host name, also the node name. */
  name: string;
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  availability_zone: string;
  cpu_allocation_ratio: number;
  ram_allocation_ratio: number;
  disk_allocation_ratio: number;
}
