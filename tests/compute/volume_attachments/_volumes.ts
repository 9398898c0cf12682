/**
 * Support for the volume attachment tests: volumes written straight into the store (the tests do
 * not need the Cinder-like API to have volumes), read back, and the calls the tests repeat.
 *
 * @module
 */
import assert from "node:assert/strict";
import { getVolume, insertVolume, type VolumeRecord } from "../../../lib/store/volumes.ts";
import { transact } from "../../../lib/store/transaction.ts";
import type { Harness, Persona } from "../../support/compute.ts";

let counter = 0;

/** Store an `available` 1 GiB volume of project-a (the member persona's), with `fields` over it. */
export async function makeVolume(
  kv: Deno.Kv,
  fields: Partial<VolumeRecord> = {},
): Promise<VolumeRecord> {
  const record: VolumeRecord = {
    id: crypto.randomUUID(),
    project_id: "project-a",
    user_id: "member-user",
    name: `vol${++counter}`,
    description: null,
    size: 1,
    status: "available",
    volume_type: "lvmdriver-1",
    availability_zone: "nova",
    bootable: false,
    multiattach: false,
    snapshot_id: null,
    source_volid: null,
    image_id: null,
    metadata: {},
    attachments: [],
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    updated_at: null,
    ...fields,
  };
  await transact(kv, (tx) => {
    insertVolume(tx, record);
    return Promise.resolve();
  });
  return record;
}

/** The stored volume (it must exist). */
export async function volume(kv: Deno.Kv, id: string): Promise<VolumeRecord> {
  const found = await getVolume(kv, id);
  assert.ok(found, `volume ${id} is stored`);
  return found;
}

/** `POST /servers/{id}/os-volume_attachments`. */
export function attach(
  h: Harness,
  serverId: string,
  body: Record<string, unknown>,
  version = "2.1",
  as: Persona = "member",
) {
  return h.json(`/servers/${serverId}/os-volume_attachments`, {
    as,
    version,
    json: { volumeAttachment: body },
  });
}

/** `DELETE /servers/{id}/os-volume_attachments/{volume_id}`. */
export function detach(
  h: Harness,
  serverId: string,
  volumeId: string,
  version = "2.1",
  as: Persona = "member",
) {
  return h.json(`/servers/${serverId}/os-volume_attachments/${volumeId}`, {
    as,
    version,
    method: "DELETE",
  });
}

/** The newest instance action of a server and its events' names (as admin sees them). */
export async function lastAction(
  h: Harness,
  serverId: string,
): Promise<{ action: string; events: string[] }> {
  const list = await h.json(`/servers/${serverId}/os-instance-actions`, { as: "admin" });
  assert.equal(list.status, 200, list.text);
  const newest = list.body.instanceActions[0];
  const one = await h.json(
    `/servers/${serverId}/os-instance-actions/${newest.request_id}`,
    { as: "admin" },
  );
  assert.equal(one.status, 200, one.text);
  return {
    action: one.body.instanceAction.action,
    events: one.body.instanceAction.events.map((e: { event: string }) => e.event),
  };
}
