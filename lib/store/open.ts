/**
 * Open the Deno KV store named by `[database] connection`.
 *
 * @module
 */
import { type EpochOptions, openEpochKv } from "./epoch.ts";
import { retryLocked } from "./transaction.ts";

/** Where `[database] connection` points, decoded. */
export interface StoreLocation {
  /** What to pass to `Deno.openKv` (undefined: the platform default). */
  path: string | undefined;
  /** `default`, `memory`, `file` or `remote` (KV Connect). */
  kind: "default" | "memory" | "file" | "remote";
}

/** Thrown for a connection string this port cannot use; the caller names file and option. */
export class StoreLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreLocationError";
  }
}

/**
 * Decode a `[database] connection` value: empty means the platform default (`Deno.openKv()`,
 * the managed store on Deno Deploy); `:memory:`; a path or `sqlite:///relative` /
 * `sqlite:////absolute` file; an `http(s)://` KV Connect URL.
 *
 * @example
 * ```ts
 * storeLocation("sqlite:////var/lib/nova/nova.sqlite"); // { kind: "file", path: "/var/lib/nova/nova.sqlite" }
 * ```
 */
export function storeLocation(connection: string | undefined | null): StoreLocation {
  const value = (connection ?? "").trim();
  if (value === "") return { kind: "default", path: undefined };
  if (value === ":memory:" || value === "sqlite://" || value === "sqlite:///:memory:") {
    return { kind: "memory", path: ":memory:" };
  }
  if (/^https?:\/\//i.test(value)) return { kind: "remote", path: value };
  const sqlite = /^sqlite:\/\/\/(.+)$/i.exec(value);
  if (sqlite) return { kind: "file", path: sqlite[1] };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new StoreLocationError(
      "this port keeps its state in Deno KV: expected a file path, sqlite:///path, :memory:, " +
        "an http(s):// KV Connect URL, or nothing for the platform default",
    );
  }
  return { kind: "file", path: value };
}

/**
 * Open the store at a decoded location, creating the parent folder of a file store. What comes
 * back is a view of the store's current epoch (`epoch.ts`), so that the cloud can be reset while
 * other processes use it.
 *
 * Two processes opening a new store file at once (`deno task start` starts both APIs) may find
 * it locked while the other lays out its tables: "database is locked" is retried, as every
 * write is. `open` is `Deno.openKv` unless told (tests).
 */
export async function openStore(
  location: StoreLocation,
  options: EpochOptions = {},
  open: (path: string | undefined) => Promise<Deno.Kv> = Deno.openKv,
): Promise<Deno.Kv> {
  if (location.kind === "file" && location.path) {
    const slash = location.path.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(location.path.slice(0, slash), { recursive: true });
  }
  const raw = await retryLocked(() => open(location.path));
  try {
    return await openEpochKv(raw, options);
  } catch (e) {
    raw.close();
    throw e;
  }
}
