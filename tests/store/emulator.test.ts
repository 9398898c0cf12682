import assert from "node:assert/strict";
import {
  type FaultRecord,
  getEmulatorSettings,
  getServerEmulatorSettings,
  listFaultRecords,
  readFaultRecord,
  writeEmulatorSettings,
  writeFaultRecord,
  writeServerEmulatorSettings,
} from "../../lib/store/emulator.ts";
import { transact } from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

Deno.test("settings: empty until written; a server's entry goes when it sets nothing", async () => {
  await withKv(async (kv) => {
    assert.deepEqual(await getEmulatorSettings(kv), {});
    await transact(kv, (tx) => {
      writeEmulatorSettings(tx, { boot_seconds: 2 });
      writeServerEmulatorSettings(tx, "i1", { action_seconds: 5, boot_seconds: null });
      return Promise.resolve();
    });
    assert.deepEqual(await getEmulatorSettings(kv), { boot_seconds: 2 });
    assert.deepEqual(await getServerEmulatorSettings(kv, "i1"), {
      action_seconds: 5,
      boot_seconds: null,
    });
    await transact(kv, (tx) => {
      writeServerEmulatorSettings(tx, "i1", { action_seconds: null });
      return Promise.resolve();
    });
    assert.equal((await kv.get(["emulator", "server_settings", "i1"])).versionstamp, null);
  });
});

Deno.test("faults: written, read back and listed, long ids included", async () => {
  await withKv(async (kv) => {
    const fault: FaultRecord = {
      id: "f".repeat(300),
      action: "reboot",
      server_id: null,
      count: 2,
      mode: "error",
      message: null,
      created_at: "2024-05-01T12:00:00.000Z",
    };
    await transact(kv, (tx) => Promise.resolve(writeFaultRecord(tx, fault)));
    assert.deepEqual(await listFaultRecords(kv), [fault]);
    assert.deepEqual(await transact(kv, (tx) => readFaultRecord(tx, fault.id)), fault);
  });
});
