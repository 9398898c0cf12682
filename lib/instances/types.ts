/**
 * The instance record and its states, as the instance domain speaks of them. The types live with
 * the store that keeps them (`lib/store/records.ts`).
 *
 * @module
 */
export type {
  BlockDeviceMapping,
  FlavorSnapshot,
  Instance,
  InstanceFault,
  PowerState,
  TaskState,
  VmState,
} from "../store/records.ts";
