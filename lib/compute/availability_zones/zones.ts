/**
 * The availability zones of the deployment, as Nova derives them from its service records: each
 * configured compute host runs `nova-compute` in its zone, and the controller (`[DEFAULT] host`)
 * runs `nova-conductor` and `nova-scheduler` in the internal zone
 * (`[DEFAULT] internal_service_availability_zone`). A zone whose services are all disabled is not
 * available; a deleted service is not listed (the routes read the services' state).
 *
 * @module
 */
import type { HostSpec } from "../../virt/types.ts";
import { deploymentServices } from "../../virt/service_list.ts";
import { novaTimestamp } from "../timestamps.ts";

/** Read access to options (a Config satisfies it). */
export interface ZoneOptions {
  get<T = unknown>(group: string, name: string): T;
}

/** One service record as the zone views need it. */
export interface ZoneService {
  host: string;
  binary: string;
  zone: string;
  /** Whether an operator disabled the service (absent: enabled). */
  disabled?: boolean;
  /** Whether the service is up (absent: up). */
  up?: boolean;
}

/** A service's state in the detailed view. */
export interface ServiceState {
  available: boolean;
  active: boolean;
  updated_at: string | null;
}

/** One entry of `availabilityZoneInfo`. */
export interface ZoneInfo {
  zoneName: string;
  zoneState: { available: boolean };
  hosts: Record<string, Record<string, ServiceState>> | null;
}

/** The services of the deployment: controller services first, then one compute per host. */
export function zoneServices(hosts: readonly HostSpec[], options: ZoneOptions): ZoneService[] {
  return deploymentServices(hosts, options);
}

/** The zone names, sorted as Nova sorts them (by code point). */
function zoneNames(services: readonly ZoneService[]): string[] {
  return [...new Set(services.map((s) => s.zone))].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
}

/** Nova's `get_availability_zones`: the zones of enabled services, then those of only disabled ones. */
function zonesByState(services: readonly ZoneService[]): [string[], string[]] {
  const available = zoneNames(services.filter((s) => !s.disabled));
  const unavailable = zoneNames(services.filter((s) => s.disabled))
    .filter((z) => !available.includes(z));
  return [available, unavailable];
}

/**
 * The summary list (`GET /os-availability-zone`): every zone but the internal one, no hosts; the
 * zones whose services are all disabled come last, not available.
 *
 * @example
 * ```ts
 * zoneSummary(services, "internal"); // [{ zoneName: "nova", zoneState: { available: true }, hosts: null }]
 * ```
 */
export function zoneSummary(services: readonly ZoneService[], internal: string): ZoneInfo[] {
  const [available, unavailable] = zonesByState(services);
  const info = (zoneName: string, ok: boolean): ZoneInfo => ({
    zoneName,
    zoneState: { available: ok },
    hosts: null,
  });
  return [
    ...available.filter((z) => z !== internal).map((z) => info(z, true)),
    ...unavailable.filter((z) => z !== internal).map((z) => info(z, false)),
  ];
}

/**
 * The detailed list (`GET /os-availability-zone/detail`): every zone, the internal one included,
 * with each host's enabled services (`available` when up); zones whose services are all disabled
 * come last, not available and without hosts. `now` is the services' last report.
 */
export function zoneDetail(services: readonly ZoneService[], now: Date): ZoneInfo[] {
  const updated = novaTimestamp(now.toISOString());
  const [available, unavailable] = zonesByState(services);
  const enabled = services.filter((s) => !s.disabled);
  const result: ZoneInfo[] = available.map((zoneName) => {
    const hosts: Record<string, Record<string, ServiceState>> = {};
    const inZone = enabled.filter((s) => s.zone === zoneName);
    for (const host of [...new Set(inZone.map((s) => s.host))].sort()) {
      hosts[host] = {};
      for (const s of inZone.filter((s) => s.host === host)) {
        hosts[host][s.binary] = { available: s.up ?? true, active: true, updated_at: updated };
      }
    }
    return { zoneName, zoneState: { available: true }, hosts };
  });
  for (const zoneName of unavailable) {
    result.push({ zoneName, zoneState: { available: false }, hosts: null });
  }
  return result;
}
