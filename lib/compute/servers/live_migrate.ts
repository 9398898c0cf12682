/**
 * `os-migrateLive` of `POST /servers/{id}/action` (Nova's `MigrateServerController._migrate_live`):
 * 202 with no body. Up to 2.24 the body names `block_migration`, `disk_over_commit` and `host`;
 * 2.25 drops `disk_over_commit` and lets `block_migration` be "auto"; 2.30 adds `force` (gone
 * again from 2.68). From 2.34 the conductor's checks run after the answer; before, their failures
 * are 400s. A named host needs policy `migrate_live:host`, none `migrate_live`.
 *
 * @module
 */
import { DomainError } from "../../errors/mod.ts";
import { empty } from "../../http/respond.ts";
import { type ActionActor, liveMigrateServer } from "../../instances/mod.ts";
import { boolean, fqdn } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import { boolFromWord } from "../flavors/bool_words.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

const MS = (name: string) => `os_compute_api:os-migrate-server:${name}`;

/** A destination host: a host name or null (the scheduler picks). */
const HOST: SchemaObject = { ...fqdn, type: ["string", "null"] };

function liveSchema(properties: Record<string, SchemaObject>, required: string[]): SchemaObject {
  return {
    type: "object",
    properties: {
      "os-migrateLive": {
        type: "object",
        properties,
        required,
        additionalProperties: false,
      },
    },
    required: ["os-migrateLive"],
    additionalProperties: false,
  };
}

/** `block_migration` from 2.25: a boolean word or "auto". */
const BLOCK_MIGRATION_V225: SchemaObject = {
  ...boolean,
  enum: [...(boolean.enum as unknown[]), "auto"],
};

/** `os-migrateLive` up to 2.24. */
export const MIGRATE_LIVE: SchemaObject = liveSchema(
  { block_migration: boolean, disk_over_commit: boolean, host: HOST },
  ["block_migration", "disk_over_commit", "host"],
);
/** `os-migrateLive` 2.25-2.29 (and from 2.68). */
export const MIGRATE_LIVE_V225: SchemaObject = liveSchema(
  { block_migration: BLOCK_MIGRATION_V225, host: HOST },
  ["block_migration", "host"],
);
/** `os-migrateLive` 2.30-2.67: an optional `force`. */
export const MIGRATE_LIVE_V230: SchemaObject = liveSchema(
  { block_migration: BLOCK_MIGRATION_V225, host: HOST, force: boolean },
  ["block_migration", "host"],
);

/** A boolean word the schema let through, as oslo's strict `bool_from_string` reads it. */
export function strictBool(value: unknown): boolean {
  return typeof value === "boolean" ? value : boolFromWord(String(value)) === true;
}

/** Nova's 400 for `force` without a host. */
export class ForceWithoutHost extends DomainError {
  constructor() {
    super("invalid", "Can't force to a non-provided destination");
  }
}

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** `os-migrateLive`: policy target the server's project. */
export async function migrateLive(req: ApiRequest): Promise<Response> {
  const body = (req.body as { "os-migrateLive": Record<string, unknown> })["os-migrateLive"];
  const instance = await findServer(req, req.params.id);
  const host = (body.host as string | null) || null;
  req.runtime.authorize(MS(host ? "migrate_live:host" : "migrate_live"), req.context, {
    project_id: instance.project_id,
  });
  let force: boolean | null = null;
  if (req.version.atLeast("2.30")) {
    force = body.force === undefined ? false : strictBool(body.force);
    if (force && !host) throw new ForceWithoutHost();
  }
  const block = body.block_migration;
  const blockMigration = req.version.atLeast("2.25") && block === "auto" ? null : strictBool(block);
  await liveMigrateServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances, {
    host,
    blockMigration,
    force,
    async: req.version.atLeast("2.34"),
  });
  return empty(202, { "content-type": "application/json" });
}

/** The row of `os-migrateLive`. */
export const LIVE_MIGRATE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "os-migrateLive",
    response: NO_BODY_RESPONSE,
    body: [
      ["2.68", MIGRATE_LIVE_V225],
      ["2.30", MIGRATE_LIVE_V230],
      ["2.25", MIGRATE_LIVE_V225],
      ["2.1", MIGRATE_LIVE],
    ],
    handler: migrateLive,
  },
];
