/**
 * What the instance domain needs besides the store: the quota engine, the hosts, step delays,
 * port allocation (the networks domain's, passed in) and a clock. Built once per process from
 * configuration with {@link instanceDeps}.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { PortRequest } from "../networks/ports.ts";
import type { Network, Port } from "../networks/types.ts";
import { QuotaEngine } from "../quota/mod.ts";
import type { Transaction } from "../store/transaction.ts";
import { instanceSettings } from "./settings.ts";
import type { HostSpec } from "../virt/types.ts";

export type { PortRequest } from "../networks/ports.ts";

/** Port allocation inside the caller's transaction (`lib/networks/ports.ts` provides it). */
export interface PortAllocator {
  /** Stage a new port on `network` with a free fixed IP (or `fixedIp`); throws a DomainError. */
  allocatePort(tx: Transaction, network: Network, request: PortRequest): Promise<Port>;
  /** Stage freeing `ports` and their addresses. */
  releasePorts(tx: Transaction, ports: Port[]): Promise<void> | void;
}

/** The instance domain's collaborators. */
export interface InstanceDeps {
  quota: QuotaEngine;
  hosts: readonly HostSpec[];
  ports: PortAllocator;
  /** Seconds a build takes (`[deno] fake_boot_seconds`). */
  bootSeconds: number;
  /** Seconds a delete takes (`[virt] fake_delete_seconds`). */
  deleteSeconds: number;
  /**
   * Seconds a deleted server stays soft-deleted before it is reclaimed
   * (`[DEFAULT] reclaim_instance_interval`; 0 or less: no soft delete).
   */
  reclaimSeconds?: number;
  /**
   * Seconds a shelved server keeps its host before it is offloaded (`[DEFAULT]
   * shelved_offload_time`; 0: at once, -1: never; absent: 0).
   */
  shelvedOffloadSeconds?: number;
  /**
   * Seconds a VERIFY_RESIZE server waits before it is confirmed on its own (`[DEFAULT]
   * resize_confirm_window`; 0 or absent: never).
   */
  resizeConfirmWindow?: number;
  /** Whether a resize may pick the server's own host (`[DEFAULT] allow_resize_to_same_host`). */
  allowResizeToSameHost?: boolean;
  /** The time now (tests pass their own clock). */
  clock: () => Date;
  /**
   * Whether the emulator controls are on (`[emulator] enabled`): only then do tasks read the
   * stored step delays and armed faults (`./emulator.ts`).
   */
  emulator?: boolean;
}

/**
 * The collaborators from configuration, with `ports` from the networks domain.
 *
 * @example
 * ```ts
 * const deps = instanceDeps(runtime.config, { allocatePort, releasePorts });
 * ```
 */
export function instanceDeps(
  config: Pick<Config, "get">,
  ports: PortAllocator,
  clock: () => Date = () => new Date(),
): InstanceDeps {
  return { quota: new QuotaEngine(config), ports, clock, ...instanceSettings(config) };
}
