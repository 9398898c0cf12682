/**
 * Stored state of the emulator controls (`lib/instances/emulator.ts`): the step delays that
 * override the configured ones (deployment-wide and per server) and the armed faults. Kept in the
 * store, not in a process, so the compute and metadata processes see one state.
 *
 * @module
 */
import { keys } from "./keys.ts";
import { retryLocked, type Transaction } from "./transaction.ts";

/** Step delays in seconds; an absent or null one leaves the configured delay. */
export interface EmulatorSettings {
  /** A build (`[deno] fake_boot_seconds`). */
  boot_seconds?: number | null;
  /** A delete or soft delete (`[virt] fake_delete_seconds`). */
  delete_seconds?: number | null;
  /** Any other action's task (by default the build's delay). */
  action_seconds?: number | null;
}

/** An armed fault: the next `count` starts of `action` (on `server_id`, or any server) fail. */
export interface FaultRecord {
  /** UUID. */
  id: string;
  /** The instance action's name (`reboot`, `stop`, `create`, `delete`, ...). */
  action: string;
  /** One server's uuid, or null for every server. */
  server_id: string | null;
  /** How many more starts fail. */
  count: number;
  mode: "error" | "rollback";
  /** The instance fault's message; null for the default. */
  message: string | null;
  /** ISO 8601. */
  created_at: string;
}

/** The deployment-wide step delays (empty when none were set). */
export async function getEmulatorSettings(kv: Deno.Kv): Promise<EmulatorSettings> {
  return (await retryLocked(() => kv.get<EmulatorSettings>(keys.emulatorSettings()))).value ?? {};
}

/** The deployment-wide step delays, read through `tx`. */
export async function readEmulatorSettings(tx: Transaction): Promise<EmulatorSettings> {
  return (await tx.get<EmulatorSettings>(keys.emulatorSettings())) ?? {};
}

/** Queue storing the deployment-wide step delays. */
export function writeEmulatorSettings(tx: Transaction, settings: EmulatorSettings): void {
  tx.set(keys.emulatorSettings(), settings);
}

/** One server's step delays (empty when none were set). */
export async function getServerEmulatorSettings(
  kv: Deno.Kv,
  uuid: string,
): Promise<EmulatorSettings> {
  const entry = await retryLocked(() =>
    kv.get<EmulatorSettings>(keys.emulatorServerSettings(uuid))
  );
  return entry.value ?? {};
}

/** One server's step delays, read through `tx`. */
export async function readServerEmulatorSettings(
  tx: Transaction,
  uuid: string,
): Promise<EmulatorSettings> {
  return (await tx.get<EmulatorSettings>(keys.emulatorServerSettings(uuid))) ?? {};
}

/** Queue storing one server's step delays (none left: the entry goes). */
export function writeServerEmulatorSettings(
  tx: Transaction,
  uuid: string,
  settings: EmulatorSettings,
): void {
  const set = Object.values(settings).some((v) => v !== null && v !== undefined);
  if (set) tx.set(keys.emulatorServerSettings(uuid), settings);
  else tx.delete(keys.emulatorServerSettings(uuid));
}

/** Every armed fault (any order). */
export async function listFaultRecords(kv: Deno.Kv): Promise<FaultRecord[]> {
  const out: FaultRecord[] = [];
  const iter = kv.list<FaultRecord>({ prefix: keys.emulatorFaults() }, { batchSize: 500 });
  for await (const entry of iter) out.push(entry.value);
  return out;
}

/** One armed fault, read through `tx`, or null. */
export function readFaultRecord(tx: Transaction, id: string): Promise<FaultRecord | null> {
  return tx.get<FaultRecord>(keys.emulatorFault(id));
}

/** Queue storing an armed fault. */
export function writeFaultRecord(tx: Transaction, fault: FaultRecord): void {
  tx.set(keys.emulatorFault(fault.id), fault);
}

/** Queue removing an armed fault. */
export function deleteFaultRecord(tx: Transaction, id: string): void {
  tx.delete(keys.emulatorFault(id));
}
