/**
 * Rules for the `hw:` namespace (CPU pinning and topology, NUMA, huge pages, devices, TPM, ...).
 *
 * @module
 */
import type { ExtraSpecRule } from "./rule.ts";

/** A CPU set such as `0-3,^2`. */
const CPU_SET = String.raw`\^?\d+((-\d+)?(,\^?\d+(-\d+)?)?)*`;

const bool = { type: "bool" } as const;
const atLeast = (min: number) => ({ type: "int", min }) as const;
const oneOf = (...values: string[]) => ({ type: "str", enum: values }) as const;

/** `hw:*` rules. */
export const HW_RULES: readonly ExtraSpecRule[] = [
  // Real-time guests.
  { name: "hw:cpu_realtime", value: bool },
  {
    name: "hw:cpu_realtime_mask",
    value: { type: "str", pattern: String.raw`(\^)?\d+((-\d+)?(,\^?\d+(-\d+)?)?)*` },
  },
  { name: "hw:hide_hypervisor_id", value: bool },
  // CPU policies.
  { name: "hw:cpu_policy", value: oneOf("dedicated", "shared", "mixed") },
  { name: "hw:cpu_thread_policy", value: oneOf("prefer", "isolate", "require") },
  { name: "hw:emulator_threads_policy", value: oneOf("isolate", "share") },
  { name: "hw:cpu_dedicated_mask", value: { type: "str", pattern: CPU_SET } },
  // Memory pages.
  {
    name: "hw:mem_page_size",
    value: { type: "str", pattern: String.raw`(large|small|any|\d+([kKMGT]i?)?(b|bit|B)?)` },
  },
  { name: "hw:locked_memory", value: bool },
  // NUMA.
  { name: "hw:numa_nodes", value: atLeast(1) },
  {
    name: "hw:numa_cpus.{num}",
    params: { num: String.raw`\d+` },
    value: { type: "str", pattern: CPU_SET },
  },
  { name: "hw:numa_mem.{num}", params: { num: String.raw`\d+` }, value: atLeast(1) },
  {
    name: "hw:pci_numa_affinity_policy",
    value: oneOf("required", "preferred", "legacy", "socket"),
  },
  // Guest CPU topology.
  { name: "hw:cpu_sockets", value: atLeast(1) },
  { name: "hw:cpu_cores", value: atLeast(1) },
  { name: "hw:cpu_threads", value: atLeast(1) },
  { name: "hw:cpu_max_sockets", value: atLeast(1) },
  { name: "hw:cpu_max_cores", value: atLeast(1) },
  { name: "hw:cpu_max_threads", value: atLeast(1) },
  // Feature switches and devices.
  { name: "hw:boot_menu", value: bool },
  { name: "hw:vif_multiqueue_enabled", value: bool },
  { name: "hw:mem_encryption", value: bool },
  { name: "hw:mem_encryption_model", value: oneOf("amd-sev", "amd-sev-es", "amd-sev-snp") },
  { name: "hw:pmem", value: { type: "str", pattern: "([a-zA-Z0-9_]+(,)?)+" } },
  { name: "hw:pmu", value: bool },
  { name: "hw:serial_port_count", value: atLeast(0) },
  { name: "hw:tpm_model", value: oneOf("tpm-tis", "tpm-crb") },
  { name: "hw:tpm_version", value: oneOf("1.2", "2.0") },
  { name: "hw:tpm_secret_security", value: oneOf("user", "host", "deployment") },
  {
    name: "hw:watchdog_action",
    value: oneOf("none", "pause", "poweroff", "reset", "disabled"),
  },
  { name: "hw:viommu_model", value: oneOf("intel", "smmuv3", "virtio", "auto") },
  { name: "hw:virtio_packed_ring", value: bool },
  {
    name: "hw:sound_model",
    value: oneOf("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "virtio"),
  },
  { name: "hw:usb_model", value: oneOf("none", "nec-xhci", "qemu-xhci") },
  { name: "hw:redirected_usb_ports", value: { type: "int", min: 0, max: 15 } },
  // Ephemeral disk encryption.
  { name: "hw:ephemeral_encryption", value: bool },
  { name: "hw:ephemeral_encryption_format", value: oneOf("plain", "luks", "luksv2") },
];
