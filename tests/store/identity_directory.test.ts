import assert from "node:assert/strict";
import {
  directoryStamp,
  readStoredDirectory,
  removeStoredAssignment,
  removeStoredProject,
  removeStoredUser,
  storeAssignment,
  storeProject,
  storeUser,
} from "../../lib/store/identity_directory.ts";
import { keys } from "../../lib/store/keys.ts";

const PROJECT = { id: "p1", name: "proj", domainId: "default", description: "" };
const USER = {
  id: "u1",
  name: "user",
  domainId: "default",
  passwordHash: "pbkdf2-sha256$1000$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
  extra: { email: "u@x" },
};

Deno.test("identity directory: names are unique, every write moves the generation", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    assert.equal(await directoryStamp(kv), null);
    assert.equal(await storeProject(kv, PROJECT), true);
    const first = await directoryStamp(kv);
    assert.ok(first !== null);
    assert.equal(await storeProject(kv, { ...PROJECT, id: "p2" }), false, "name taken");
    assert.equal(await storeUser(kv, USER), true);
    assert.equal(await storeUser(kv, { ...USER, id: "u2" }), false, "name taken");
    await storeAssignment(kv, { userId: "u1", projectId: "p1", roleId: "r1" });
    await storeAssignment(kv, { userId: "u1", projectId: "p1", roleId: "r2" });
    const read = await readStoredDirectory(kv);
    assert.ok(read.stamp! > first);
    assert.deepEqual(read.projects, [PROJECT]);
    assert.deepEqual(read.users, [USER]);
    assert.equal(read.assignments.length, 2);

    assert.equal(
      await removeStoredAssignment(kv, { userId: "u1", projectId: "p1", roleId: "r2" }),
      true,
    );
    assert.equal(
      await removeStoredAssignment(kv, { userId: "u1", projectId: "p1", roleId: "r2" }),
      false,
    );
    const before = await directoryStamp(kv);
    assert.equal(await removeStoredUser(kv, "u1"), true);
    assert.ok((await directoryStamp(kv))! > before!);
    assert.equal(await removeStoredUser(kv, "u1"), false);
    const gone = await readStoredDirectory(kv);
    assert.deepEqual(gone.users, []);
    assert.deepEqual(gone.assignments, [], "the user's roles went with it");
    assert.equal((await kv.get(keys.identityUserName("default", "user"))).value, null);
    assert.equal(await storeUser(kv, { ...USER, id: "u3" }), true, "the name is free again");

    await storeAssignment(kv, { userId: "u3", projectId: "p1", roleId: "r1" });
    assert.equal(await removeStoredProject(kv, "p1"), true);
    const after = await readStoredDirectory(kv);
    assert.deepEqual(after.projects, []);
    assert.deepEqual(after.assignments, [], "roles on the project went with it");
  } finally {
    kv.close();
  }
});
