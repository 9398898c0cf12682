/**
 * The services of the simulated deployment, as Nova's `services` table would list them: the
 * controller (`[DEFAULT] host`) runs `nova-conductor` and `nova-scheduler` in the internal zone
 * (`[DEFAULT] internal_service_availability_zone`), and each configured compute host runs
 * `nova-compute` in its zone. The API services are not listed (Nova filters them out too). Each
 * service has a derived id and uuid (`./service_ids.ts`), the stored state of `./services.ts`
 * (controller services are never disabled or forced down: Nova refuses to update them), and
 * disappears once an operator deletes it.
 *
 * @module
 */
import { getServices, type ServiceRecord } from "../store/services.ts";
import { getDeletedServices } from "../store/services.ts";
import { effectiveHosts } from "./host_zones.ts";
import { serviceUuid } from "./service_ids.ts";
import { serviceIsUp } from "./services.ts";
import type { HostSpec } from "./types.ts";

/** Read access to options (a Config satisfies it). */
export interface ServiceOptions {
  get<T = unknown>(group: string, name: string): T;
}

/** The binary of the compute service (the only one an operator may update). */
export const COMPUTE_BINARY = "nova-compute";

/** One service as configuration implies it: where it runs and in which zone. */
export interface ServiceSpec {
  host: string;
  binary: string;
  zone: string;
}

/** One service with its identity and state. */
export interface Service extends ServiceSpec {
  /** The integer id (shown below 2.53): the position in {@link deploymentServices}, from 1. */
  id: number;
  /** The uuid (shown from 2.53). */
  uuid: string;
  disabled: boolean;
  disabled_reason: string | null;
  forced_down: boolean;
  /** Whether the service is up (Nova's `service_is_up`: here, not forced down). */
  up: boolean;
  /** ISO 8601: the last change an operator made, null for none. */
  changed_at: string | null;
}

/**
 * Every service of the deployment, controller services first, then one compute service per host
 * in configuration order. The one source of the service list (the availability zones use it too).
 */
export function deploymentServices(
  hosts: readonly HostSpec[],
  options: ServiceOptions,
): ServiceSpec[] {
  const internal = options.get<string>("DEFAULT", "internal_service_availability_zone");
  const controller = options.get<string>("DEFAULT", "host");
  return [
    { host: controller, binary: "nova-conductor", zone: internal },
    { host: controller, binary: "nova-scheduler", zone: internal },
    ...hosts.map((h) => ({ host: h.name, binary: COMPUTE_BINARY, zone: h.availability_zone })),
  ];
}

const CONTROLLER_STATE: Readonly<ServiceRecord> = Object.freeze({
  disabled: false,
  disabled_reason: null,
  forced_down: false,
  updated_at: null,
});

/**
 * The services nobody deleted, with their state (read without checks, for display); each compute
 * service in its host's effective zone (its aggregates' or its own).
 */
export async function listServices(
  kv: Deno.Kv,
  configured: readonly HostSpec[],
  options: ServiceOptions,
): Promise<Service[]> {
  const hosts = await effectiveHosts(kv, configured);
  const specs = deploymentServices(hosts, options);
  const [states, deleted] = await Promise.all([
    getServices(kv, hosts.map((h) => h.name)),
    getDeletedServices(kv, specs),
  ]);
  const out: Service[] = [];
  for (const [i, spec] of specs.entries()) {
    if (deleted[i]) continue;
    const state = spec.binary === COMPUTE_BINARY
      ? states.get(spec.host) ?? CONTROLLER_STATE
      : CONTROLLER_STATE;
    out.push({
      ...spec,
      id: i + 1,
      uuid: await serviceUuid(spec.binary, spec.host),
      disabled: state.disabled,
      disabled_reason: state.disabled_reason,
      forced_down: state.forced_down,
      up: serviceIsUp(state),
      changed_at: state.updated_at,
    });
  }
  return out;
}

/** The compute service of `host`, or undefined when the host is unknown or its service deleted. */
export async function computeService(
  kv: Deno.Kv,
  hosts: readonly HostSpec[],
  options: ServiceOptions,
  host: string,
): Promise<Service | undefined> {
  return (await listServices(kv, hosts, options)).find((s) =>
    s.binary === COMPUTE_BINARY && s.host === host
  );
}

/**
 * Nova's `host_status` of a server on a host whose compute service is `service` (undefined when
 * it has none): `DOWN` when forced down, `MAINTENANCE` when disabled, `UP` when up, `UNKNOWN`
 * when it missed its heartbeats (never here), and `""` without a service.
 */
export function hostStatusOf(service: Service | undefined): string {
  if (!service) return "";
  if (service.forced_down) return "DOWN";
  if (service.disabled) return "MAINTENANCE";
  return service.up ? "UP" : "UNKNOWN";
}

/** The `host_status` of every host that has a compute service, by host name. */
export async function hostStatuses(
  kv: Deno.Kv,
  hosts: readonly HostSpec[],
  options: ServiceOptions,
): Promise<Map<string, string>> {
  const computes = (await listServices(kv, hosts, options)).filter((s) =>
    s.binary === COMPUTE_BINARY
  );
  return new Map(computes.map((s) => [s.host, hostStatusOf(s)]));
}
