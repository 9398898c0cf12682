/**
 * The simulated hypervisor's vocabulary: hosts from configuration and the steps of a task.
 *
 * A task (a build, a delete, later every action) is a list of steps with due times stored with the
 * instance (`Instance.pending`). The state a reader observes is a function of the record and the
 * clock: whoever reads an instance with due steps applies them in one atomic, repeatable change.
 *
 * @module
 */
import type { PowerState, TaskState, VmState } from "../instances/types.ts";

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

/** What a host has handed out. */
export interface HostUsage {
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  instances: number;
}

/** One step of a task: at `due`, the instance takes these states (and finishes what it names). */
export interface Step {
  /** ISO 8601: when the step takes effect. */
  due: string;
  vm_state: VmState;
  task_state: TaskState;
  power_state: PowerState;
  /** An instance-action event this step starts or finishes, if any. */
  event?: { name: string; phase: "start" | "finish"; result?: "Success" | "Error" };
  /** What else the step does when applied. */
  effect?: "launched" | "deleted" | "no-valid-host";
}
