/**
 * The one way the flavor domain writes: a store transaction whose "value too large" becomes
 * {@link FlavorRecordTooLarge}.
 *
 * @module
 */
import { isValueTooLarge } from "../store/flavors.ts";
import { transact, type Transaction } from "../store/transaction.ts";
import { FlavorRecordTooLarge } from "./errors.ts";

/** Run `body` in a transaction on behalf of `flavorid`; domain errors thrown in it abort it. */
export async function writeFlavor<T>(
  kv: Deno.Kv,
  flavorid: string,
  body: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await transact(kv, body);
  } catch (e) {
    if (isValueTooLarge(e)) throw new FlavorRecordTooLarge(flavorid);
    throw e;
  }
}
