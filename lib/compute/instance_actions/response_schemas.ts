/**
 * Response schemas of `/servers/{id}/os-instance-actions` (Nova's `*_response` in
 * `schemas/instance_actions.py`): 2.51 always shows events, 2.58 adds `updated_at` and paging
 * links, 2.62 the event's host, 2.84 its details. Nova declares them from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import {
  collectionLinks,
  dateTime,
  dateTimeOrNull,
  edit,
  object,
  wrap,
} from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const OWNER_ID: SchemaObject = {
  type: ["null", "string"],
  pattern: "^[a-zA-Z0-9-]*$",
  minLength: 1,
  maxLength: 255,
};
const NULLABLE_STRING: SchemaObject = { type: ["null", "string"] };
const ACTION_FIELDS = {
  action: { type: "string" },
  instance_uuid: { type: "string", format: "uuid" },
  message: NULLABLE_STRING,
  project_id: OWNER_ID,
  request_id: { type: "string" },
  start_time: dateTime,
  user_id: OWNER_ID,
} as const satisfies Record<string, SchemaObject>;
const UPDATED_AT = { set: { updated_at: dateTimeOrNull }, require: ["updated_at"] };

const LISTED = wrap("instanceActions", { type: "array", items: object({ ...ACTION_FIELDS }) });

/** `GET /servers/{id}/os-instance-actions`. */
export const LIST_ACTIONS_RESPONSE: VersionedSchema = [
  [
    "2.58",
    edit(edit(LISTED, ["instanceActions", "*"], UPDATED_AT), [], {
      set: { links: collectionLinks },
    }),
  ],
  ["2.1", LISTED],
];

const EVENT = object({
  event: { type: "string" },
  finish_time: dateTimeOrNull,
  result: { type: ["string", "null"] },
  start_time: dateTime,
  traceback: NULLABLE_STRING,
}, ["event", "finish_time", "result", "start_time"]);

const SHOWN = wrap(
  "instanceAction",
  object({ ...ACTION_FIELDS, events: { type: "array", items: EVENT } }, Object.keys(ACTION_FIELDS)),
);
const SHOWN_251 = edit(SHOWN, ["instanceAction"], { require: ["events"] });
const SHOWN_258 = edit(SHOWN_251, ["instanceAction"], UPDATED_AT);
const SHOWN_262 = edit(SHOWN_258, ["instanceAction", "events", "*"], {
  set: { hostId: { type: "string" }, host: { type: "string" } },
  require: ["hostId"],
});
const SHOWN_284 = edit(SHOWN_262, ["instanceAction", "events", "*"], {
  set: { details: { type: ["string", "null"] } },
});

/** `GET /servers/{id}/os-instance-actions/{request_id}`. */
export const SHOW_ACTION_RESPONSE: VersionedSchema = [
  ["2.84", SHOWN_284],
  ["2.62", SHOWN_262],
  ["2.58", SHOWN_258],
  ["2.51", SHOWN_251],
  ["2.1", SHOWN],
];
