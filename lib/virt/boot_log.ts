/**
 * The simulated guest's serial console log (what libvirt's `console.log` would hold): a CirrOS-like
 * kernel boot, cloud-init's stages with the server's hostname, NICs and addresses, the SSH host
 * key fingerprints and a login prompt. Each line has an offset in seconds from the boot; the log
 * holds the lines whose offset the guest has reached, so it grows with the server's timeline and
 * stops growing when the guest stops.
 *
 * @module
 */
import { sha256, sha256Hex } from "../crypto/sha256.ts";

/** One address of a NIC. */
export interface GuestAddress {
  address: string;
  /** Prefix length (24 for a /24); 24 (IPv4) or 64 (IPv6) when unknown. */
  prefix?: number;
}

/** A guest NIC. */
export interface GuestNic {
  mac: string;
  addresses: GuestAddress[];
}

/** What the guest's log depends on. */
export interface GuestFacts {
  uuid: string;
  hostname: string;
  memoryMb: number;
  vcpus: number;
  /** The root disk's size (GiB). */
  diskGb: number;
  nics: GuestNic[];
  /** When the guest booted. */
  bootedAt: Date;
}

interface Line {
  at: number;
  text: string;
}

const CLOUD_INIT = "Cloud-init v. 24.1.3-0ubuntu3";

function kernel(at: number, text: string): Line {
  return { at, text: `[${at.toFixed(6).padStart(12)}] ${text}` };
}

function hex(seed: string, bytes: number): string {
  return sha256Hex(seed).slice(0, bytes * 2);
}

function fingerprint(seed: string): string {
  return sha256(seed).toBase64().replace(/=+$/, "");
}

function netmask(prefix: number): string {
  const bits = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join(".");
}

function stamp(bootedAt: Date, at: number): string {
  const d = new Date(bootedAt.getTime() + Math.round(at * 1000));
  return d.toUTCString().replace("GMT", "+0000");
}

function netInfo(nics: readonly GuestNic[]): string[] {
  const rule = "ci-info: +--------+------+------------------------------+-----------------+" +
    "--------+-------------------+";
  const rows = [
    "ci-info: ++++++++++++++++++++++++++++++++++++++Net device info" +
    "+++++++++++++++++++++++++++++++++++++++",
    rule,
    "ci-info: | Device |  Up  |           Address            |      Mask       | Scope  |" +
    "     Hw-Address    |",
    rule,
  ];
  nics.forEach((nic, i) => {
    for (const a of nic.addresses) {
      const v6 = a.address.includes(":");
      const mask = v6 ? `/${a.prefix ?? 64}` : netmask(a.prefix ?? 24);
      rows.push(
        `ci-info: | ${`eth${i}`.padEnd(6)} | True | ${a.address.padEnd(28)} | ` +
          `${mask.padEnd(15)} | global | ${nic.mac} |`,
      );
    }
  });
  rows.push(
    "ci-info: |   lo   | True |          127.0.0.1           |    255.0.0.0    |  host  |" +
      "         .         |",
    rule,
  );
  return rows;
}

/** Every line of a boot of `guest`, in order, each with its offset from the boot. */
export function bootLines(guest: GuestFacts): readonly { at: number; text: string }[] {
  const kib = guest.memoryMb * 1024;
  const gib = Math.max(1, guest.diskGb);
  const blocks = gib * 2_097_152;
  const gb = (blocks * 512 / 1e9).toFixed(2);
  const lines: Line[] = [
    kernel(
      0,
      "Linux version 5.15.0-71-generic (buildd@lcy02-amd64-044) (gcc (Ubuntu 11.3.0-1ubuntu1~22.04)" +
        " 11.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #78-Ubuntu SMP Tue Apr 18 09:00:29 UTC 2023",
    ),
    kernel(
      0,
      "Command line: BOOT_IMAGE=/vmlinuz root=LABEL=cirros-rootfs ro console=tty1 " +
        "console=ttyS0",
    ),
    kernel(0, `machine-id: ${hex(guest.uuid, 16)}`),
    kernel(0, "DMI: OpenStack Foundation OpenStack Nova, BIOS 1.15.0-1 04/01/2014"),
    kernel(0, "Hypervisor detected: KVM"),
    kernel(0.004211, `Memory: ${kib - 60_412}K/${kib}K available`),
    kernel(0.031877, `smp: Brought up 1 node, ${guest.vcpus} CPU${guest.vcpus === 1 ? "" : "s"}`),
    kernel(
      0.612480,
      `virtio_blk virtio2: [vda] ${blocks} 512-byte logical blocks (${gb} GB/${gib}.00 GiB)`,
    ),
  ];
  guest.nics.forEach((_, i) => {
    lines.push(
      kernel(0.645013 + i * 0.0021, `virtio_net virtio${i} eth${i}: renamed from ens${3 + i}`),
    );
  });
  lines.push(
    kernel(1.183402, "EXT4-fs (vda1): mounted filesystem with ordered data mode. Opts: (null)."),
    kernel(1.902315, "Run /sbin/init as init process"),
    { at: 2.41, text: "Starting syslogd: OK" },
    { at: 2.58, text: "Starting klogd: OK" },
    {
      at: 3.12,
      text: `${CLOUD_INIT} running 'init-local' at ${
        stamp(guest.bootedAt, 3.12)
      }. Up 3.12 seconds.`,
    },
    {
      at: 4.87,
      text: `${CLOUD_INIT} running 'init' at ${stamp(guest.bootedAt, 4.87)}. Up 4.87 seconds.`,
    },
  );
  for (const text of netInfo(guest.nics)) lines.push({ at: 4.95, text });
  const keys = ["ecdsa-sha2-nistp256", "ssh-ed25519", "ssh-rsa"];
  lines.push(
    { at: 5.62, text: `Generating public/private rsa key pair.` },
    {
      at: 6.21,
      text: `${CLOUD_INIT} running 'modules:config' at ${stamp(guest.bootedAt, 6.21)}. ` +
        "Up 6.21 seconds.",
    },
    {
      at: 7.04,
      text: `${CLOUD_INIT} running 'modules:final' at ${stamp(guest.bootedAt, 7.04)}. ` +
        "Up 7.04 seconds.",
    },
    { at: 7.31, text: "-----BEGIN SSH HOST KEY FINGERPRINTS-----" },
    ...keys.map((k, i) => ({
      at: 7.31,
      text: `${[256, 256, 3072][i]} SHA256:${fingerprint(guest.uuid + k)} root@${guest.hostname} ` +
        `(${k === "ssh-rsa" ? "RSA" : k === "ssh-ed25519" ? "ED25519" : "ECDSA"})`,
    })),
    { at: 7.31, text: "-----END SSH HOST KEY FINGERPRINTS-----" },
    {
      at: 7.52,
      text: `${CLOUD_INIT} finished at ${stamp(guest.bootedAt, 7.52)}. Datasource ` +
        "DataSourceOpenStackLocal [net,ver=2].  Up 7.52 seconds",
    },
    { at: 8.1, text: "" },
    { at: 8.1, text: `login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.` },
    { at: 8.1, text: `${guest.hostname} login: ` },
  );
  return lines;
}

/**
 * The log as it stands `seconds` after the boot: the lines reached, one per line ("" before the
 * first). The machine id line comes from the uuid, so two guests never print the same log.
 *
 * @example
 * ```ts
 * bootLog(guest, 3600).endsWith("vm1 login: "); // true
 * ```
 */
export function bootLog(guest: GuestFacts, seconds: number): string {
  if (!(seconds >= 0)) return "";
  return bootLines(guest).filter((l) => l.at <= seconds).map((l) => l.text).join("\n");
}

/**
 * Nova's tail of a console log (`_tail_log`): the last `length` lines, all for null; 0 gives "";
 * a negative length drops that many lines from the start (Python's `lines[-length:]`).
 */
export function tailLog(log: string, length: number | null): string {
  if (length === null) return log;
  if (length === 0) return "";
  // Python's lines[-n:] is the last n lines for n > 0 and drops |n| lines for n < 0: slice(-n).
  return log.split("\n").slice(-length).join("\n");
}
