/**
 * The identity data the embedded service answers from: one domain, its users, projects and roles,
 * and which roles each user holds on which project. It is built from configuration (see
 * `users_config.ts`); an admin may then create and delete further users and projects and grant
 * roles on them (`directory_writes.ts`), as Keystone's API does. Configured entities stay as
 * configured: only created ones may be deleted.
 *
 * @module
 */

import type { DeferredPasswordHash, PasswordHash } from "./password.ts";

/** The one domain: Keystone's `default` domain. */
export interface Domain {
  readonly id: string;
  readonly name: string;
}

/** A user. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly domainId: string;
  /** The password's hash (made on first use when the password was configured in plain text). */
  readonly password: PasswordHash | DeferredPasswordHash;
  /** The password as configured, when it was configured in plain text (for clouds.yaml). */
  readonly plainPassword?: string;
  /** The project an unscoped request is scoped to (the user's first project), if any. */
  readonly defaultProjectId?: string;
  /** Further attributes a create request gave (`email`, `description`), shown as given. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Whether it was created through the API (rather than configured). */
  readonly created?: boolean;
}

/** A project. */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly domainId: string;
  /** The description a create request gave ("" for configured projects). */
  readonly description?: string;
  /** Whether it was created through the API (rather than configured). */
  readonly created?: boolean;
}

/** A role. */
export interface Role {
  readonly id: string;
  readonly name: string;
}

/** A role held directly by a user on a project. */
export interface Assignment {
  readonly userId: string;
  readonly projectId: string;
  readonly roleId: string;
}

/** An assignment as listed, possibly reached through an implied role. */
export interface EffectiveAssignment extends Assignment {
  /** The role that implies this one, when it is implied rather than assigned. */
  readonly impliedBy?: string;
}

/** What a {@link Directory} is made of. */
export interface DirectoryData {
  domain: Domain;
  users: readonly User[];
  projects: readonly Project[];
  roles: readonly Role[];
  assignments: readonly Assignment[];
  /** Role id to the role ids it implies directly. */
  implications: ReadonlyMap<string, readonly string[]>;
}

/** What was created through the API, as a {@link DirectoryStore} reads it. */
export interface CreatedEntities {
  /** The store's generation read before the entities (null: nothing written yet). */
  stamp: string | null;
  users: readonly User[];
  projects: readonly Project[];
  assignments: readonly Assignment[];
}

/**
 * Where created entities live when they must outlive the process and be seen by every process
 * on the same store (`directory_store.ts`); without one they are kept in memory.
 */
export interface DirectoryStore {
  /** The store's current generation: it moves with every write. */
  stamp(): Promise<string | null>;
  /** Every created entity. */
  read(): Promise<CreatedEntities>;
  /** Saves a user; false when its name is taken. */
  addUser(user: User): Promise<boolean>;
  /** Saves a project; false when its name is taken. */
  addProject(project: Project): Promise<boolean>;
  /** Deletes a user and the roles granted to it. */
  removeUser(id: string): Promise<void>;
  /** Deletes a project and the roles granted on it. */
  removeProject(id: string): Promise<void>;
  /** Grants a role. */
  assign(assignment: Assignment): Promise<void>;
  /** Revokes a granted role; false when it was not granted. */
  unassign(assignment: Assignment): Promise<boolean>;
}

function sameAssignment(a: Assignment, b: Assignment): boolean {
  return a.userId === b.userId && a.projectId === b.projectId && a.roleId === b.roleId;
}

/** Access to the configured (and created) identities. */
export class Directory {
  /** The one domain. */
  readonly domain: Domain;
  /** Every role (built-in ones first). */
  readonly roles: readonly Role[];
  #configured: {
    users: readonly User[];
    projects: readonly Project[];
    assignments: readonly Assignment[];
  };
  #users: readonly User[];
  #projects: readonly Project[];
  #assignments: readonly Assignment[];
  #implications: ReadonlyMap<string, readonly string[]>;
  #store?: DirectoryStore;
  /** The store generation the created entities were read at. */
  #stamp: string | null = null;

  constructor(data: DirectoryData) {
    this.domain = data.domain;
    this.roles = data.roles;
    this.#configured = {
      users: [...data.users],
      projects: [...data.projects],
      assignments: [...data.assignments],
    };
    this.#users = this.#configured.users;
    this.#projects = this.#configured.projects;
    this.#assignments = this.#configured.assignments;
    this.#implications = data.implications;
  }

  /**
   * Keeps created entities in `store` from now on (shared with every process on it); what it
   * holds is read at the next {@link refresh}.
   */
  keepIn(store: DirectoryStore): void {
    this.#store = store;
  }

  /**
   * Brings the created entities up to date with the store: one small read while nothing has
   * changed, everything again once something has. Without a store, nothing to do.
   */
  async refresh(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const stamp = await store.stamp();
    if (stamp === null || stamp === this.#stamp) return;
    const created = await store.read();
    // Versionstamps order writes: never replace a copy with an older one read concurrently.
    if (this.#stamp !== null && (created.stamp ?? "") < this.#stamp) return;
    this.#stamp = created.stamp;
    const configured = this.#configured;
    const userIds = new Set(configured.users.map((u) => u.id));
    const projectIds = new Set(configured.projects.map((p) => p.id));
    const users = created.users.filter((u) => !userIds.has(u.id));
    const projects = created.projects.filter((p) => !projectIds.has(p.id));
    for (const u of users) userIds.add(u.id);
    for (const p of projects) projectIds.add(p.id);
    this.#users = [...configured.users, ...users];
    this.#projects = [...configured.projects, ...projects];
    this.#assignments = [
      ...configured.assignments,
      ...created.assignments.filter((a) =>
        userIds.has(a.userId) && projectIds.has(a.projectId) &&
        !configured.assignments.some((c) => sameAssignment(a, c))
      ),
    ];
  }

  /** Every user, configured ones first (in configuration order), then created ones. */
  get users(): readonly User[] {
    return this.#users;
  }

  /** Every project, configured ones first, then created ones. */
  get projects(): readonly Project[] {
    return this.#projects;
  }

  /** Every direct assignment. */
  get assignments(): readonly Assignment[] {
    return this.#assignments;
  }

  /** Adds a user; false when its name is taken in its domain. */
  async addUser(user: User): Promise<boolean> {
    if (this.userByName(user.name, user.domainId)) return false;
    if (!this.#store) {
      this.#users = [...this.#users, user];
      return true;
    }
    const added = await this.#store.addUser(user);
    await this.refresh();
    return added;
  }

  /** Adds a project; false when its name is taken in its domain. */
  async addProject(project: Project): Promise<boolean> {
    if (this.projectByName(project.name, project.domainId)) return false;
    if (!this.#store) {
      this.#projects = [...this.#projects, project];
      return true;
    }
    const added = await this.#store.addProject(project);
    await this.refresh();
    return added;
  }

  /** Removes a created user and its assignments. */
  async removeUser(id: string): Promise<void> {
    if (this.#store) {
      await this.#store.removeUser(id);
      return await this.refresh();
    }
    this.#users = this.#users.filter((u) => u.id !== id);
    this.#assignments = this.#assignments.filter((a) => a.userId !== id);
  }

  /** Removes a created project and the assignments on it. */
  async removeProject(id: string): Promise<void> {
    if (this.#store) {
      await this.#store.removeProject(id);
      return await this.refresh();
    }
    this.#projects = this.#projects.filter((p) => p.id !== id);
    this.#assignments = this.#assignments.filter((a) => a.projectId !== id);
  }

  /** Grants a role; false when the user held it on the project already. */
  async assign(assignment: Assignment): Promise<boolean> {
    if (this.#holds(assignment)) return false;
    if (this.#store) {
      await this.#store.assign(assignment);
      await this.refresh();
      return true;
    }
    this.#assignments = [...this.#assignments, assignment];
    return true;
  }

  /**
   * Revokes a directly granted role: false when it was not granted, `"configured"` when the
   * configuration grants it (configuration is not changed through the API).
   */
  async unassign(assignment: Assignment): Promise<boolean | "configured"> {
    if (!this.#holds(assignment)) return false;
    if (this.#configured.assignments.some((a) => sameAssignment(a, assignment))) {
      return "configured";
    }
    if (this.#store) {
      const removed = await this.#store.unassign(assignment);
      await this.refresh();
      return removed;
    }
    this.#assignments = this.#assignments.filter((a) => !sameAssignment(a, assignment));
    return true;
  }

  #holds(x: Assignment): boolean {
    return this.#assignments.some((a) => sameAssignment(a, x));
  }

  /** The domain with this id or (case-insensitively, as a MySQL-backed Keystone) this name. */
  findDomain(ref: { id?: string; name?: string }): Domain | undefined {
    if (ref.name !== undefined) {
      return ref.name.toLowerCase() === this.domain.name.toLowerCase() ? this.domain : undefined;
    }
    return ref.id === this.domain.id ? this.domain : undefined;
  }

  /** The user with this id. */
  user(id: string): User | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** The user with this name in this domain. */
  userByName(name: string, domainId: string): User | undefined {
    return this.users.find((u) => u.name === name && u.domainId === domainId);
  }

  /** The project with this id. */
  project(id: string): Project | undefined {
    return this.projects.find((p) => p.id === id);
  }

  /** The project with this name in this domain. */
  projectByName(name: string, domainId: string): Project | undefined {
    return this.projects.find((p) => p.name === name && p.domainId === domainId);
  }

  /** The role with this id. */
  role(id: string): Role | undefined {
    return this.roles.find((r) => r.id === id);
  }

  /**
   * The assignments matching a filter. With `effective`, roles implied by assigned roles are
   * listed too (each once per user and project), as Keystone's `?effective` does.
   */
  listAssignments(
    filter: { userId?: string; projectId?: string; roleId?: string; effective?: boolean },
  ): EffectiveAssignment[] {
    const direct = this.assignments.filter((a) =>
      (filter.userId === undefined || a.userId === filter.userId) &&
      (filter.projectId === undefined || a.projectId === filter.projectId)
    );
    let found: EffectiveAssignment[] = direct;
    if (filter.effective) {
      found = [];
      const seen = new Set<string>();
      for (const a of direct) {
        for (const [roleId, impliedBy] of this.#expand(a.roleId)) {
          const key = `${a.userId}/${a.projectId}/${roleId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push(impliedBy ? { ...a, roleId, impliedBy } : { ...a, roleId });
        }
      }
    }
    return filter.roleId === undefined ? found : found.filter((a) => a.roleId === filter.roleId);
  }

  /** The roles a user holds on a project, implied ones included, in a stable order. */
  rolesOn(userId: string, projectId: string): Role[] {
    return this.listAssignments({ userId, projectId, effective: true })
      .map((a) => this.role(a.roleId))
      .filter((r): r is Role => r !== undefined);
  }

  /** The projects a user holds at least one role on. */
  projectsOf(userId: string): Project[] {
    const ids = new Set(
      this.assignments.filter((a) => a.userId === userId).map((a) => a.projectId),
    );
    return this.projects.filter((p) => ids.has(p.id));
  }

  /** A role and every role it implies, transitively, each with the role that implies it. */
  #expand(roleId: string): [string, string | undefined][] {
    const out: [string, string | undefined][] = [[roleId, undefined]];
    const seen = new Set([roleId]);
    for (let i = 0; i < out.length; i++) {
      for (const next of this.#implications.get(out[i][0]) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        out.push([next, out[i][0]]);
      }
    }
    return out;
  }
}
