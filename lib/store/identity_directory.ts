/**
 * The projects, users and role assignments an admin made through the embedded identity's API,
 * kept in the store so that every process (and every restart) on it sees them: a project under
 * `["identity", "project", id]`, a user (with its password hash, never the password) under
 * `["identity", "user", id]`, unique names under `..._name` keys, and each granted role under
 * `["identity", "assignment", userId, projectId, roleId]`. Every change is one atomic operation
 * that also rewrites `["identity", "directory_generation"]`: readers keep what they read tagged
 * with that key's versionstamp and read again only once it has moved.
 *
 * @module
 */
import { keys, listAll } from "./keys.ts";
import { retryLocked, transact } from "./transaction.ts";

/** A project made through the API. */
export interface StoredProject {
  id: string;
  name: string;
  domainId: string;
  description: string;
}

/** A user made through the API. */
export interface StoredUser {
  id: string;
  name: string;
  domainId: string;
  /** The password hash in passlib's `pbkdf2-sha256$ROUNDS$SALT$HASH` form. */
  passwordHash: string;
  defaultProjectId?: string;
  /** Further attributes the create request gave (`email`, `description`). */
  extra: Record<string, unknown>;
}

/** A role granted through the API. */
export interface StoredAssignment {
  userId: string;
  projectId: string;
  roleId: string;
}

/** Everything made through the API, with the generation it was read at. */
export interface StoredDirectory {
  /** The generation key's versionstamp read before the entities (null: never written). */
  stamp: string | null;
  projects: StoredProject[];
  users: StoredUser[];
  assignments: StoredAssignment[];
}

/**
 * The directory's generation: the versionstamp of its generation key (null before any write).
 * One small read, to tell whether a copy read earlier is still current.
 *
 * @example
 * ```ts
 * const stale = (await directoryStamp(kv)) !== copy.stamp;
 * ```
 */
export async function directoryStamp(kv: Deno.Kv): Promise<string | null> {
  const entry = await retryLocked(() => kv.get(keys.identityDirectoryGeneration()));
  return entry.versionstamp;
}

async function listValues<T>(kv: Deno.Kv, prefix: Deno.KvKey): Promise<T[]> {
  const out: T[] = [];
  for await (const e of listAll<T>(kv, prefix)) out.push(e.value);
  return out;
}

/**
 * Everything made through the API. The generation is read first, so a write landing during the
 * reads leaves the copy tagged older than what it holds: it is read again next time, never stale.
 */
export async function readStoredDirectory(kv: Deno.Kv): Promise<StoredDirectory> {
  const stamp = await directoryStamp(kv);
  return await retryLocked(async () => ({
    stamp,
    projects: await listValues<StoredProject>(kv, keys.identityProjects()),
    users: await listValues<StoredUser>(kv, keys.identityUsers()),
    assignments: await listValues<StoredAssignment>(kv, keys.identityAssignments()),
  }));
}

/** Saves a new project; false when its name is taken in its domain. */
export async function storeProject(kv: Deno.Kv, project: StoredProject): Promise<boolean> {
  return await transact(kv, async (tx) => {
    const nameKey = keys.identityProjectName(project.domainId, project.name);
    if (await tx.get<string>(nameKey) !== null) return false;
    tx.set(keys.identityProject(project.id), project);
    tx.set(nameKey, project.id);
    tx.set(keys.identityDirectoryGeneration(), crypto.randomUUID());
    return true;
  });
}

/** Saves a new user; false when its name is taken in its domain. */
export async function storeUser(kv: Deno.Kv, user: StoredUser): Promise<boolean> {
  return await transact(kv, async (tx) => {
    const nameKey = keys.identityUserName(user.domainId, user.name);
    if (await tx.get<string>(nameKey) !== null) return false;
    tx.set(keys.identityUser(user.id), user);
    tx.set(nameKey, user.id);
    tx.set(keys.identityDirectoryGeneration(), crypto.randomUUID());
    return true;
  });
}

/**
 * Deletes the entity at `key`, its name key and the assignments `drop` picks, in one checked
 * operation; false when the entity is not stored.
 */
async function removeWith<T extends { domainId: string; name: string }>(
  kv: Deno.Kv,
  key: Deno.KvKey,
  nameKey: (found: T) => Deno.KvKey,
  drop: (a: StoredAssignment) => boolean,
): Promise<boolean> {
  return await transact(kv, async (tx) => {
    const found = await tx.get<T>(key);
    if (found === null) return false;
    // The generation check covers the listing: any grant in between moves it and retries.
    await tx.get(keys.identityDirectoryGeneration());
    for (const a of await listValues<StoredAssignment>(tx.kv, keys.identityAssignments())) {
      if (drop(a)) tx.delete(keys.identityAssignment(a.userId, a.projectId, a.roleId));
    }
    tx.delete(key);
    tx.delete(nameKey(found));
    tx.set(keys.identityDirectoryGeneration(), crypto.randomUUID());
    return true;
  });
}

/** Deletes a stored project and every role granted on it; false when it is not stored. */
export async function removeStoredProject(kv: Deno.Kv, id: string): Promise<boolean> {
  return await removeWith<StoredProject>(
    kv,
    keys.identityProject(id),
    (p) => keys.identityProjectName(p.domainId, p.name),
    (a) => a.projectId === id,
  );
}

/** Deletes a stored user and every role granted to it; false when it is not stored. */
export async function removeStoredUser(kv: Deno.Kv, id: string): Promise<boolean> {
  return await removeWith<StoredUser>(
    kv,
    keys.identityUser(id),
    (u) => keys.identityUserName(u.domainId, u.name),
    (a) => a.userId === id,
  );
}

/** Grants a role (granting it again changes nothing but the generation). */
export async function storeAssignment(kv: Deno.Kv, a: StoredAssignment): Promise<void> {
  await retryLocked(() =>
    kv.atomic()
      .set(keys.identityAssignment(a.userId, a.projectId, a.roleId), a)
      .set(keys.identityDirectoryGeneration(), crypto.randomUUID())
      .commit()
  );
}

/** Revokes a granted role; false when it was not granted through the API. */
export async function removeStoredAssignment(
  kv: Deno.Kv,
  a: StoredAssignment,
): Promise<boolean> {
  return await transact(kv, async (tx) => {
    const key = keys.identityAssignment(a.userId, a.projectId, a.roleId);
    if (await tx.get(key) === null) return false;
    tx.delete(key);
    tx.set(keys.identityDirectoryGeneration(), crypto.randomUUID());
    return true;
  });
}
