/**
 * The whole store as JSON lines, for `nova-manage db export` / `db import`: one line per KV entry,
 * `{"key": [...], "value": ...}`, with every value typed so that it reads back as the same
 * JavaScript value (bigints, `Deno.KvU64`, bytes, dates, maps, sets, `undefined` and non-finite
 * numbers are tagged objects such as `{"$bigint": "12"}`; a plain object that has a key starting
 * with `$` is wrapped as `{"$object": {...}}` so it is never mistaken for a tag). Expiry times
 * (`expireIn`) are not part of an entry and are not kept.
 *
 * @module
 */
import { retryLocked } from "./transaction.ts";

/** One line of an export, decoded. */
export interface DumpEntry {
  key: Deno.KvKey;
  value: unknown;
}

/** Raised for a line that is not a well-formed entry; the message names the line. */
export class DumpFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DumpFormatError";
  }
}

function base64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function unbase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/**
 * A KV value (or key part) as plain JSON data, tagged where JSON has no such type.
 *
 * @example
 * ```ts
 * encodeValue(10n); // { $bigint: "10" }
 * ```
 */
export function encodeValue(value: unknown): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (value === undefined) return { $undefined: true };
  if (typeof value === "number") return Number.isFinite(value) ? value : { $number: String(value) };
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Deno.KvU64) return { $u64: value.value.toString() };
  if (value instanceof Uint8Array) return { $bytes: base64(value) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value instanceof Map) {
    return { $map: [...value].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  }
  if (value instanceof Set) return { $set: [...value].map(encodeValue) };
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    let tagLike = false;
    for (const [k, v] of Object.entries(value)) {
      out[k] = encodeValue(v);
      if (k.startsWith("$")) tagLike = true;
    }
    return tagLike ? { $object: out } : out;
  }
  throw new DumpFormatError(
    `cannot export a value of type ${Object.prototype.toString.call(value)}`,
  );
}

/**
 * The value {@link encodeValue} made, back. Throws {@link DumpFormatError} for a malformed tag.
 *
 * @example
 * ```ts
 * decodeValue({ $bigint: "10" }); // 10n
 * ```
 */
export function decodeValue(data: unknown): unknown {
  if (data === null || typeof data !== "object") return data;
  if (Array.isArray(data)) return data.map(decodeValue);
  const entries = Object.entries(data);
  const [tag, arg] = entries.length === 1 ? entries[0] : ["", undefined];
  const text = typeof arg === "string" ? arg : null;
  try {
    switch (tag) {
      case "$undefined":
        return undefined;
      case "$number":
        if (text === "NaN" || text === "Infinity" || text === "-Infinity") return Number(text);
        break;
      case "$bigint":
        if (text !== null && /^-?[0-9]+$/.test(text)) return BigInt(text);
        break;
      case "$u64":
        if (text !== null && /^[0-9]+$/.test(text)) return new Deno.KvU64(BigInt(text));
        break;
      case "$bytes":
        if (text !== null) return unbase64(text);
        break;
      case "$date":
        if (text !== null && !Number.isNaN(Date.parse(text))) return new Date(text);
        break;
      case "$map":
        if (Array.isArray(arg) && arg.every((p) => Array.isArray(p) && p.length === 2)) {
          return new Map(arg.map(([k, v]) => [decodeValue(k), decodeValue(v)]));
        }
        break;
      case "$set":
        if (Array.isArray(arg)) return new Set(arg.map(decodeValue));
        break;
      case "$object":
        if (arg !== null && typeof arg === "object" && !Array.isArray(arg)) {
          return decodePlain(arg as Record<string, unknown>);
        }
        break;
      default:
        if (!tag.startsWith("$")) return decodePlain(data as Record<string, unknown>);
        throw new DumpFormatError(`unknown tag ${JSON.stringify(tag)}`);
    }
  } catch (e) {
    if (e instanceof DumpFormatError) throw e;
    throw new DumpFormatError(`bad ${tag} value ${JSON.stringify(arg)}`);
  }
  throw new DumpFormatError(`bad ${tag} value ${JSON.stringify(arg)}`);
}

function decodePlain(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = decodeValue(v);
  return out;
}

function isKeyPart(part: unknown): part is Deno.KvKeyPart {
  return typeof part === "string" || typeof part === "number" || typeof part === "bigint" ||
    typeof part === "boolean" || part instanceof Uint8Array;
}

/**
 * One export line, decoded and checked.
 *
 * @param line the text of the line
 * @param lineNo its 1-based number, for the error message
 */
export function parseDumpLine(line: string, lineNo: number): DumpEntry {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (e) {
    throw new DumpFormatError(`line ${lineNo}: not JSON (${(e as Error).message})`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new DumpFormatError(`line ${lineNo}: expected an object with "key" and "value"`);
  }
  const record = data as Record<string, unknown>;
  if (!Array.isArray(record.key) || record.key.length === 0 || !("value" in record)) {
    throw new DumpFormatError(`line ${lineNo}: expected a non-empty "key" array and a "value"`);
  }
  try {
    const key = record.key.map(decodeValue);
    if (!key.every(isKeyPart)) throw new DumpFormatError("a key part is not a KV key part");
    return { key: key as Deno.KvKey, value: decodeValue(record.value) };
  } catch (e) {
    throw new DumpFormatError(`line ${lineNo}: ${(e as Error).message}`);
  }
}

/** Every entry of the store, in key order, each as one JSON line (with no newline). */
export async function* exportLines(kv: Deno.Kv): AsyncGenerator<string> {
  for await (const entry of kv.list({ prefix: [] }, { batchSize: 500 })) {
    yield JSON.stringify({ key: encodeValue(entry.key), value: encodeValue(entry.value) });
  }
}

/** Whether the store holds no entry at all. */
export async function storeIsEmpty(kv: Deno.Kv): Promise<boolean> {
  for await (const _ of kv.list({ prefix: [] }, { limit: 1 })) return false;
  return true;
}

/** Delete every entry of the store. */
export async function clearStore(kv: Deno.Kv): Promise<void> {
  const batch: Deno.KvKey[] = [];
  const flush = async () => {
    const op = kv.atomic();
    for (const key of batch) op.delete(key);
    await retryLocked(() => op.commit());
    batch.length = 0;
  };
  for await (const entry of kv.list({ prefix: [] }, { batchSize: 500 })) {
    batch.push(entry.key);
    if (batch.length === 100) await flush();
  }
  if (batch.length) await flush();
}

/** Write entries into the store in atomic batches; returns how many were written. */
export async function importEntries(kv: Deno.Kv, entries: Iterable<DumpEntry>): Promise<number> {
  let count = 0;
  let batch: DumpEntry[] = [];
  const flush = async () => {
    const op = kv.atomic();
    for (const e of batch) op.set(e.key, e.value);
    await retryLocked(() => op.commit());
    count += batch.length;
    batch = [];
  };
  for (const entry of entries) {
    batch.push(entry);
    if (batch.length === 100) await flush();
  }
  if (batch.length) await flush();
  return count;
}
