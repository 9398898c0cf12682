/**
 * The directory's created entities kept in the store (`lib/store/identity_directory.ts`), so
 * that every process, worker or isolate on one store, and every restart, sees the same projects,
 * users and roles. Users are kept with their password hash only.
 *
 * @module
 */

import {
  directoryStamp,
  readStoredDirectory,
  removeStoredAssignment,
  removeStoredProject,
  removeStoredUser,
  storeAssignment,
  type StoredUser,
  storeProject,
  storeUser,
} from "../../store/identity_directory.ts";
import type { DirectoryStore, User } from "./directory.ts";
import { DeferredPasswordHash, formatPasswordHash, parsePasswordHash } from "./password.ts";

/** A stored user as the directory holds it; `undefined` when its hash is unreadable. */
function userFrom(stored: StoredUser): User | undefined {
  const password = parsePasswordHash(stored.passwordHash);
  if (!password) return undefined;
  return {
    id: stored.id,
    name: stored.name,
    domainId: stored.domainId,
    password,
    ...(stored.defaultProjectId === undefined ? {} : { defaultProjectId: stored.defaultProjectId }),
    extra: stored.extra ?? {},
    created: true,
  };
}

/**
 * A {@link DirectoryStore} over the store `kv` opens (opened on first use, not at start-up).
 *
 * @example
 * ```ts
 * directory.keepIn(storedDirectory(() => runtime.kv()));
 * ```
 */
export function storedDirectory(kv: () => Promise<Deno.Kv>): DirectoryStore {
  return {
    async stamp() {
      return await directoryStamp(await kv());
    },
    async read() {
      const found = await readStoredDirectory(await kv());
      return {
        stamp: found.stamp,
        users: found.users.map(userFrom).filter((u): u is User => u !== undefined),
        projects: found.projects.map((p) => ({ ...p, created: true })),
        assignments: found.assignments,
      };
    },
    async addUser(user) {
      const hash = user.password instanceof DeferredPasswordHash
        ? await user.password.get()
        : user.password;
      return await storeUser(await kv(), {
        id: user.id,
        name: user.name,
        domainId: user.domainId,
        passwordHash: formatPasswordHash(hash),
        ...(user.defaultProjectId === undefined ? {} : { defaultProjectId: user.defaultProjectId }),
        extra: { ...user.extra },
      });
    },
    async addProject(project) {
      return await storeProject(await kv(), {
        id: project.id,
        name: project.name,
        domainId: project.domainId,
        description: project.description ?? "",
      });
    },
    async removeUser(id) {
      await removeStoredUser(await kv(), id);
    },
    async removeProject(id) {
      await removeStoredProject(await kv(), id);
    },
    async assign(a) {
      await storeAssignment(await kv(), {
        userId: a.userId,
        projectId: a.projectId,
        roleId: a.roleId,
      });
    },
    async unassign(a) {
      return await removeStoredAssignment(await kv(), {
        userId: a.userId,
        projectId: a.projectId,
        roleId: a.roleId,
      });
    },
  };
}
