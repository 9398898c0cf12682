/**
 * What the simulated libvirt domain tells about its consoles, as `get_vnc_console`,
 * `get_spice_console` and `get_serial_console` of Nova's libvirt driver read them from the domain
 * XML: the graphics ports are picked when the domain starts (libvirt's autoport, from 5900), so a
 * domain that is not active reports `-1`; serial TCP ports are fixed in the domain definition,
 * taken from `[serial_console] port_range`. A port is a stable function of the instance uuid.
 *
 * @module
 */
import { sha256 } from "../crypto/sha256.ts";
import type { PowerState } from "../store/records.ts";

/** Where a console proxy connects to reach a guest's console. */
export interface GuestConsole {
  host: string;
  port: number;
  /** SPICE's TLS port, null for other consoles. */
  tlsPort: number | null;
  /** libvirt gives none. */
  internalAccessPath: string | null;
}

/** A number in [0, n) from the uuid and a salt, the same for every call. */
function slot(uuid: string, salt: string, n: number): number {
  const digest = sha256(salt + uuid);
  return new DataView(digest.buffer).getUint32(0) % n;
}

/** Whether a domain in this power state is active (running or paused): its graphics are up. */
export function domainActive(powerState: PowerState): boolean {
  return powerState === 1 || powerState === 3;
}

/** The VNC graphics of the domain; `host` is `[vnc] server_proxyclient_address`. */
export function vncConsole(uuid: string, powerState: PowerState, host: string): GuestConsole {
  const port = domainActive(powerState) ? 5900 + slot(uuid, "vnc", 1000) : -1;
  return { host, port, tlsPort: null, internalAccessPath: null };
}

/** The SPICE graphics (port and TLS port); `host` is `[spice] server_proxyclient_address`. */
export function spiceConsole(uuid: string, powerState: PowerState, host: string): GuestConsole {
  if (!domainActive(powerState)) return { host, port: -1, tlsPort: -1, internalAccessPath: null };
  const port = 5900 + 2 * slot(uuid, "spice", 1000);
  return { host, port, tlsPort: port + 1, internalAccessPath: null };
}

/** The serial TCP console bound in `[serial_console] port_range` (`"MIN:MAX"`). */
export function serialConsole(uuid: string, portRange: string, host: string): GuestConsole {
  const [min, max] = portRange.split(":").map(Number);
  const span = Math.max(1, max - min + 1);
  return { host, port: min + slot(uuid, "serial", span), tlsPort: null, internalAccessPath: null };
}
