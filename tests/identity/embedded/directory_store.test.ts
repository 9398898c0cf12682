import assert from "node:assert/strict";
import type {
  Assignment,
  CreatedEntities,
  DirectoryStore,
  Project,
  User,
} from "../../../lib/identity/embedded/directory.ts";
import { storedDirectory } from "../../../lib/identity/embedded/directory_store.ts";
import { DeferredPasswordHash, verifyPassword } from "../../../lib/identity/embedded/password.ts";
import { buildDirectory } from "../../../lib/identity/embedded/users_config.ts";

/** A store in memory that counts full reads; `stamp` moves with every write. */
function countingStore() {
  const state: CreatedEntities = { stamp: null, users: [], projects: [], assignments: [] };
  let n = 0;
  const bump = () => state.stamp = String(++n).padStart(20, "0");
  const counts = { reads: 0 };
  const store: DirectoryStore = {
    stamp: () => Promise.resolve(state.stamp),
    read() {
      counts.reads++;
      return Promise.resolve({ ...state });
    },
    addUser(user: User) {
      state.users = [...state.users, user];
      bump();
      return Promise.resolve(true);
    },
    addProject(project: Project) {
      state.projects = [...state.projects, project];
      bump();
      return Promise.resolve(true);
    },
    removeUser(id: string) {
      state.users = state.users.filter((u) => u.id !== id);
      bump();
      return Promise.resolve();
    },
    removeProject(id: string) {
      state.projects = state.projects.filter((p) => p.id !== id);
      bump();
      return Promise.resolve();
    },
    assign(a: Assignment) {
      state.assignments = [...state.assignments, a];
      bump();
      return Promise.resolve();
    },
    unassign() {
      return Promise.resolve(false);
    },
  };
  return { store, counts };
}

Deno.test("the directory reads created entities again only when the store's generation moved", async () => {
  const { store, counts } = countingStore();
  const one = await buildDirectory(["admin:secret:admin:admin"], []);
  const two = await buildDirectory(["admin:secret:admin:admin"], []);
  one.keepIn(store);
  two.keepIn(store);
  await two.refresh();
  assert.equal(counts.reads, 0, "nothing written yet: nothing to read");
  const project = { id: "p", name: "p", domainId: "default", description: "", created: true };
  assert.equal(await one.addProject(project), true);
  const reads = counts.reads;
  await two.refresh();
  assert.equal(counts.reads, reads + 1);
  assert.equal(two.project("p")?.name, "p");
  await two.refresh();
  await two.refresh();
  assert.equal(counts.reads, reads + 1, "an unchanged generation reads nothing more");
  assert.equal(await two.addProject({ ...project, id: "q" }), false, "the name is taken");
  await one.removeProject("p");
  await two.refresh();
  assert.equal(two.project("p"), undefined);
});

Deno.test("a stored user keeps a hash of its password, which still verifies", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = storedDirectory(() => Promise.resolve(kv));
    const user: User = {
      id: "u",
      name: "u",
      domainId: "default",
      password: new DeferredPasswordHash("pw", 1000),
      extra: {},
      created: true,
    };
    assert.equal(await store.addUser(user), true);
    const read = await store.read();
    assert.equal(read.users.length, 1);
    assert.equal(read.users[0].created, true);
    assert.equal(await verifyPassword("pw", read.users[0].password), true);
    assert.equal(await verifyPassword("other", read.users[0].password), false);
  } finally {
    kv.close();
  }
});
