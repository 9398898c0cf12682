/**
 * What the simulated libvirt driver reports about a running guest, in the two shapes Nova's
 * libvirt driver produces: the free-form dict of `get_diagnostics` (below 2.48: `cpu0_time`,
 * `vda_read`, `tap..._rx`, `memory`, ...) and the standard `Diagnostics` object of
 * `get_instance_diagnostics` (2.48). Counters grow with the guest's uptime, so two reads a while
 * apart differ as a real guest's would; every value is a function of the facts and the uptime.
 *
 * The standard shape keeps libvirt's quirks: `driver` "libvirt", `hypervisor` "kvm" (libvirt's
 * default `virt_type`), `hypervisor_os` "linux", CPU `utilisation` and NIC `rx_rate`/`tx_rate`
 * null (libvirt does not report them), and `memory_details` in the driver's units (KiB divided by
 * 2^20, truncated: 0 for a 512 MiB guest).
 *
 * @module
 */

/** What the diagnostics depend on. */
export interface DiagnosticFacts {
  vcpus: number;
  memoryMb: number;
  /** Disk target names in domain order (`vda`, `vdb`, `sda` for a config drive, ...). */
  disks: string[];
  /** One entry per port: its MAC and the tap device name (`tap` + the port id's first 11). */
  nics: { mac: string; dev: string }[];
  configDrive: boolean;
  /** Seconds since the guest was launched. */
  uptime: number;
}

/** One vCPU of the standard shape. */
export interface CpuDiagnostics {
  id: number;
  time: number;
  utilisation: number | null;
}

/** One disk of the standard shape. */
export interface DiskDiagnostics {
  read_bytes: number;
  read_requests: number;
  write_bytes: number;
  write_requests: number;
  errors_count: number;
}

/** One NIC of the standard shape. */
export interface NicDiagnostics {
  mac_address: string;
  rx_octets: number;
  rx_errors: number;
  rx_drop: number;
  rx_packets: number;
  rx_rate: number | null;
  tx_octets: number;
  tx_errors: number;
  tx_drop: number;
  tx_packets: number;
  tx_rate: number | null;
}

/** The standard (2.48) diagnostics of a running guest. */
export interface StandardDiagnostics {
  state: "running";
  driver: "libvirt";
  hypervisor: string;
  hypervisor_os: string;
  uptime: number;
  config_drive: boolean;
  num_cpus: number;
  num_nics: number;
  num_disks: number;
  cpu_details: CpuDiagnostics[];
  disk_details: DiskDiagnostics[];
  nic_details: NicDiagnostics[];
  memory_details: { maximum: number; used: number };
}

const MI = 1024 * 1024;

function cpuTime(id: number, uptime: number): number {
  // About 1.5 % busy, plus the boot's 4 seconds, in nanoseconds.
  return (4_000_000_000 + Math.floor(uptime * 15_000_000)) + id * 130_000_000;
}

function blockStats(index: number, uptime: number) {
  const boot = index === 0 ? 1 : 0.05;
  return {
    read_requests: Math.floor(boot * 1_200) + Math.floor(uptime / 30),
    read_bytes: Math.floor(boot * 21_000_000) + Math.floor(uptime / 30) * 4096,
    write_requests: Math.floor(boot * 310) + Math.floor(uptime / 10),
    write_bytes: Math.floor(boot * 2_400_000) + Math.floor(uptime / 10) * 4096,
    // libvirt answers -1 for a counter the hypervisor does not keep.
    errors_count: -1,
  };
}

function ifaceStats(index: number, uptime: number) {
  const rxPackets = 180 + Math.floor(uptime / 2) + index;
  const txPackets = 95 + Math.floor(uptime / 4);
  return {
    rx_octets: rxPackets * 92,
    rx_packets: rxPackets,
    rx_errors: 0,
    rx_drop: 0,
    tx_octets: txPackets * 110,
    tx_packets: txPackets,
    tx_errors: 0,
    tx_drop: 0,
  };
}

/**
 * The pre-2.48 dict of a running guest (libvirt's `get_diagnostics`).
 *
 * @example
 * ```ts
 * legacyDiagnostics(facts).memory; // the flavor's RAM in KiB
 * ```
 */
export function legacyDiagnostics(facts: DiagnosticFacts): Record<string, number> {
  const out: Record<string, number> = {};
  for (let id = 0; id < facts.vcpus; id++) out[`cpu${id}_time`] = cpuTime(id, facts.uptime);
  facts.disks.forEach((disk, i) => {
    const s = blockStats(i, facts.uptime);
    out[`${disk}_read_req`] = s.read_requests;
    out[`${disk}_read`] = s.read_bytes;
    out[`${disk}_write_req`] = s.write_requests;
    out[`${disk}_write`] = s.write_bytes;
    out[`${disk}_errors`] = s.errors_count;
  });
  facts.nics.forEach((nic, i) => {
    const s = ifaceStats(i, facts.uptime);
    out[`${nic.dev}_rx`] = s.rx_octets;
    out[`${nic.dev}_rx_packets`] = s.rx_packets;
    out[`${nic.dev}_rx_errors`] = s.rx_errors;
    out[`${nic.dev}_rx_drop`] = s.rx_drop;
    out[`${nic.dev}_tx`] = s.tx_octets;
    out[`${nic.dev}_tx_packets`] = s.tx_packets;
    out[`${nic.dev}_tx_errors`] = s.tx_errors;
    out[`${nic.dev}_tx_drop`] = s.tx_drop;
  });
  const kib = facts.memoryMb * 1024;
  out.memory = kib;
  out["memory-actual"] = kib;
  out["memory-rss"] = Math.floor(kib * 0.21);
  return out;
}

/**
 * The 2.48 standard diagnostics of a running guest (libvirt's `get_instance_diagnostics`).
 *
 * @example
 * ```ts
 * standardDiagnostics(facts).num_cpus === facts.vcpus; // true
 * ```
 */
export function standardDiagnostics(facts: DiagnosticFacts): StandardDiagnostics {
  const cpus = Array.from(
    { length: facts.vcpus },
    (_, id) => ({ id, time: cpuTime(id, facts.uptime), utilisation: null }),
  );
  const disks = facts.disks.map((_, i) => blockStats(i, facts.uptime));
  const nics = facts.nics.map((nic, i) => ({
    mac_address: nic.mac,
    ...ifaceStats(i, facts.uptime),
    rx_rate: null,
    tx_rate: null,
  }));
  const kib = facts.memoryMb * 1024;
  return {
    state: "running",
    driver: "libvirt",
    hypervisor: "kvm",
    hypervisor_os: "linux",
    uptime: Math.floor(facts.uptime),
    config_drive: facts.configDrive,
    num_cpus: cpus.length,
    num_nics: nics.length,
    num_disks: disks.length,
    cpu_details: cpus,
    disk_details: disks,
    nic_details: nics,
    memory_details: { maximum: Math.trunc(kib / MI), used: Math.trunc(kib / MI) },
  };
}
