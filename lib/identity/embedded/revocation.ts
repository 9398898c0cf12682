/**
 * Revoked tokens, by audit id, each kept until the token would have expired anyway. Held in
 * memory and, when a path is given, in a small JSON file (mode 0600) so that a restart, or another
 * process sharing the signing key, still refuses them. The file is re-read when it changes.
 *
 * @module
 */

/** Audit id to the time (ms since the epoch) after which the entry is no longer needed. */
type Entries = Map<string, number>;

/** Reads the file's entries; a missing file is an empty list. */
async function readEntries(path: string): Promise<Entries> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return new Map();
    throw e;
  }
  const parsed: unknown = text.trim() === "" ? {} : JSON.parse(text);
  const entries: Entries = new Map();
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    for (const [id, until] of Object.entries(parsed)) {
      if (typeof until === "number") entries.set(id, until);
    }
  }
  return entries;
}

/** The file's modification time, or `null` when it does not exist. */
async function modifiedAt(path: string): Promise<number | null> {
  try {
    return (await Deno.stat(path)).mtime?.getTime() ?? 0;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** The revocation list of one identity service. */
export class RevocationList {
  #path: string;
  #now: () => number;
  #entries: Entries = new Map();
  #loadedAt: number | null = null;
  #writing: Promise<void> = Promise.resolve();

  /** A list kept at `path` ("" for memory only); `now` gives the time in ms. */
  constructor(path: string, now: () => number = Date.now) {
    this.#path = path;
    this.#now = now;
  }

  /** Whether any of the audit ids is revoked. */
  async isRevoked(auditIds: readonly string[]): Promise<boolean> {
    await this.#refresh();
    return auditIds.some((id) => this.#entries.has(id));
  }

  /** Revokes an audit id until `until` (ms since the epoch). */
  revoke(auditId: string, until: number): Promise<void> {
    this.#entries.set(auditId, until);
    if (this.#path === "") return Promise.resolve();
    this.#writing = this.#writing.then(() => this.#save(), () => this.#save());
    return this.#writing;
  }

  /** Re-reads the file when another writer changed it. */
  async #refresh(): Promise<void> {
    if (this.#path === "") return;
    const stamp = await modifiedAt(this.#path);
    if (stamp === null || stamp === this.#loadedAt) return;
    const fromFile = await readEntries(this.#path);
    for (const [id, until] of fromFile) this.#entries.set(id, until);
    this.#loadedAt = stamp;
  }

  /** Merges with the file, drops lapsed entries and replaces the file atomically. */
  async #save(): Promise<void> {
    for (const [id, until] of await readEntries(this.#path)) {
      if (!this.#entries.has(id)) this.#entries.set(id, until);
    }
    const now = this.#now();
    for (const [id, until] of this.#entries) if (until <= now) this.#entries.delete(id);
    const temporary = `${this.#path}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temporary, JSON.stringify(Object.fromEntries(this.#entries)), {
      createNew: true,
      mode: 0o600,
    });
    await Deno.rename(temporary, this.#path);
    this.#loadedAt = await modifiedAt(this.#path);
  }
}
