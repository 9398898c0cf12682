import assert from "node:assert/strict";
import {
  getActionByRequest,
  insertAction,
  type InstanceActionRecord,
  listActions,
  listEvents,
  readActionByRequest,
  readActionSeq,
  readEvent,
  writeEvent,
} from "../../lib/store/instance_actions.ts";
import { transact, Transaction } from "../../lib/store/transaction.ts";
import { withKv } from "../support/kv.ts";

function action(id: number, requestId: string): InstanceActionRecord {
  return {
    id,
    action: "stop",
    instance_uuid: "i1",
    request_id: requestId,
    user_id: "u1",
    project_id: "p1",
    start_time: "2024-05-01T12:00:00.000Z",
    updated_at: "2024-05-01T12:00:00.000Z",
    finish_time: null,
    message: null,
    event_count: 0,
  };
}

Deno.test("within one transaction, reads see the actions and events staged on it", async () => {
  await withKv(async (kv) => {
    await transact(kv, async (tx) => {
      assert.equal(await readActionSeq(tx, "i1"), 0);
      await insertAction(tx, action(1, "req-1"));
      assert.equal(await readActionSeq(tx, "i1"), 1);
      assert.equal((await readActionByRequest(tx, "i1", "req-1"))?.id, 1);
      writeEvent(tx, "i1", 1, {
        id: 0,
        event: "compute_stop_instance",
        start_time: "2024-05-01T12:00:00.000Z",
        finish_time: null,
        result: null,
        traceback: null,
        host: "h1",
        details: null,
      });
      assert.equal((await readEvent(tx, "i1", 1, "compute_stop_instance"))?.host, "h1");
    });
    assert.equal((await getActionByRequest(kv, "i1", "req-1"))?.action, "stop");
    assert.equal((await listEvents(kv, "i1", 1)).length, 1);
  });
});

Deno.test("two writers taking the same action id: the second commit fails", async () => {
  await withKv(async (kv) => {
    const a = new Transaction(kv);
    const b = new Transaction(kv);
    await insertAction(a, action((await readActionSeq(a, "i1")) + 1, "req-a"));
    await insertAction(b, action((await readActionSeq(b, "i1")) + 1, "req-b"));
    assert.equal(await a.commit(), true);
    assert.equal(await b.commit(), false);
    assert.equal(await getActionByRequest(kv, "i1", "req-b"), null);
  });
});

Deno.test("listActions reads newest first, below an id when asked", async () => {
  await withKv(async (kv) => {
    for (let i = 1; i <= 12; i++) {
      await transact(kv, (tx) => insertAction(tx, action(i, `req-${i}`)));
    }
    const ids = async (below?: number) => {
      const out: number[] = [];
      for await (const a of listActions(kv, "i1", { below, batchSize: 5 })) out.push(a.id);
      return out;
    };
    assert.deepEqual(await ids(), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(await ids(4), [3, 2, 1]);
    assert.deepEqual(await ids(1), []);
  });
});
