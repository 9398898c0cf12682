/**
 * A second process for `transaction.test.ts`: adds 1 to `["counter"]` of the KV file given as the
 * first argument, as many times as the second argument says, each through `transact`, all at once.
 *
 * @module
 */
import { transact } from "../../lib/store/transaction.ts";

const [path, times] = Deno.args;
const kv = await Deno.openKv(path);
await Promise.all(
  Array.from({ length: Number(times) }, () =>
    transact(kv, async (tx) => {
      const n = (await tx.get<number>(["counter"])) ?? 0;
      tx.set(["counter"], n + 1);
    })),
);
kv.close();
