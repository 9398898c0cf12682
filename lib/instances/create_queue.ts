/**
 * Creates of one process, committed together. Every create in a project writes the same quota
 * usage keys and the chosen hosts' usage keys, so concurrent transactions only conflict and
 * retry. Here they queue per store: the creates waiting when the store is free run one after
 * another in one transaction that sees its own writes (so each counts the quota and the host
 * usage the ones before it left, exactly as sequential creates would) and commit as one atomic
 * operation. A create that fails (over quota, a bad hint) has its writes dropped and gets its
 * own error; the others still commit. Other processes on the same store are kept honest by the
 * transaction's version checks, as before.
 *
 * @module
 */
import { isLocked, transact, type Transaction } from "../store/transaction.ts";

/**
 * The weight one shared operation holds at most: a create's weight is its servers times their
 * cost (see `createServers`: one for a plain server, more for its ports and large fields), so a
 * batch stays within KV's limits on mutations, checks and bytes per atomic operation. A job
 * heavier than this runs alone.
 */
export const BATCH_SERVERS = 40;

/** One create's part, as {@link enqueueCreate} takes it. */
export interface CreateJob<T> {
  /** Its share of a batch: servers times their cost (a batch holds at most {@link BATCH_SERVERS}). */
  weight: number;
  /** False: it runs alone, in a transaction of its own (its reads do not see its writes). */
  batchable: boolean;
  /** Reads through `tx` and queues its writes there; may throw to fail alone. */
  run: (tx: Transaction) => Promise<T>;
}

interface Waiting {
  job: CreateJob<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const queues = new WeakMap<Deno.Kv, Waiting[]>();

/**
 * Run `job` in its turn on `kv` (call order), sharing its transaction with the batchable jobs
 * queued next to it, and return what it returned once that transaction committed.
 *
 * @example
 * ```ts
 * const made = await enqueueCreate(kv, { weight: 1, batchable: true, run: (tx) => createIn(tx) });
 * ```
 */
export function enqueueCreate<T>(kv: Deno.Kv, job: CreateJob<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(kv);
    const idle = !queue;
    if (!queue) queues.set(kv, queue = []);
    queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
    if (idle) void drain(kv, queue);
  });
}

async function drain(kv: Deno.Kv, queue: Waiting[]): Promise<void> {
  try {
    while (queue.length) {
      const batch = [queue.shift()!];
      if (batch[0].job.batchable) {
        let weight = batch[0].job.weight;
        while (
          queue.length && queue[0].job.batchable && weight + queue[0].job.weight <= BATCH_SERVERS
        ) {
          weight += queue[0].job.weight;
          batch.push(queue.shift()!);
        }
      }
      await runBatch(kv, batch);
    }
  } finally {
    queues.delete(kv);
  }
}

async function runBatch(kv: Deno.Kv, batch: Waiting[]): Promise<void> {
  if (batch.length === 1 && !batch[0].job.batchable) {
    const [{ job, resolve, reject }] = batch;
    await transact(kv, job.run).then(resolve, reject);
    return;
  }
  let outcomes: Outcome[];
  try {
    outcomes = await transact(
      kv,
      async (tx) => {
        const out: Outcome[] = [];
        for (const { job } of batch) {
          const mark = tx.mark();
          try {
            out.push({ ok: true, value: await job.run(tx) });
          } catch (error) {
            if (isLocked(error)) throw error; // the whole attempt runs again
            tx.rollback(mark);
            out.push({ ok: false, error });
          }
        }
        return out;
      },
      undefined,
      { readOwnWrites: true },
    );
  } catch (error) {
    for (const waiting of batch) waiting.reject(error);
    return;
  }
  batch.forEach((waiting, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}
