/**
 * The servers request schemas: Nova's own request samples pass at the microversion they were
 * written for, and bad bodies fail with Nova's details.
 */
import assert from "node:assert/strict";
import { ApiVersion } from "../../../lib/compute/api_version.ts";
import { schemaAt } from "../../../lib/compute/route.ts";
import {
  CREATE_SERVER,
  LIST_SERVERS_QUERY,
  NO_PARAMS_QUERY,
  SET_METADATA,
  SET_METADATA_ITEM,
  UPDATE_SERVER,
} from "../../../lib/compute/servers/schemas.ts";
import type { VersionedSchema } from "../../../lib/compute/route.ts";
import { NovaFault } from "../../../lib/http/fault.ts";
import { validateBody } from "../../../lib/validation/body.ts";
import { validateQuery } from "../../../lib/validation/query.ts";
import { sample } from "../../support/samples.ts";

const ROOT = new URL("../../fixtures/api_samples/", import.meta.url);

/** The 400 detail a body gets at a version, or null when it is valid. */
function bodyError(schema: VersionedSchema, version: string, body: unknown): string | null {
  const s = schemaAt(schema, ApiVersion.parse(version));
  assert.ok(s, `no schema at ${version}`);
  try {
    validateBody(s, body);
    return null;
  } catch (error) {
    assert.ok(error instanceof NovaFault);
    assert.equal(error.status, 400);
    return error.message;
  }
}

function queryError(version: string, query: string): string | null {
  const s = schemaAt(LIST_SERVERS_QUERY, ApiVersion.parse(version))!;
  try {
    validateQuery(s, query);
    return null;
  } catch (error) {
    assert.ok(error instanceof NovaFault);
    return error.message;
  }
}

async function requestSamples(prefix: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const dir of ["", ...await versionDirs()]) {
    for await (const e of Deno.readDir(new URL(`servers/${dir}`, ROOT))) {
      if (e.isFile && e.name.startsWith(prefix) && e.name.endsWith(".json")) {
        out.push([dir === "" ? "2.1" : dir.slice(1, -1), `servers/${dir}${e.name}`]);
      }
    }
  }
  return out.sort();
}

async function versionDirs(): Promise<string[]> {
  const dirs: string[] = [];
  for await (const e of Deno.readDir(new URL("servers/", ROOT))) {
    if (e.isDirectory) dirs.push(`${e.name}/`);
  }
  return dirs;
}

// Documentation samples that Nova's own functional tests send at another version (the
// api-ref copies an older body into a newer directory); each is checked where it applies.
const SENT_AT: Record<string, string> = {
  // Written before 2.37 made `networks` required and 2.57 removed `personality`.
  "servers/server-create-req-v237.json": "2.37",
  "servers/server-create-req-v257.json": "2.57",
};

Deno.test("Nova's create request samples validate at their microversion", async () => {
  const samples = await requestSamples("server-create-req");
  assert.ok(samples.length >= 20, `found ${samples.length}`);
  const failures: string[] = [];
  for (const [dirVersion, path] of samples) {
    const version = SENT_AT[path] ?? dirVersion;
    const body = await sample(path);
    const error = bodyError(CREATE_SERVER, version, body);
    if (error !== null) failures.push(`${path} @${version}: ${error}`);
  }
  // The api-ref's 2.90 and 2.94 bodies were copied from an older sample: Nova refuses them too
  // (its functional tests send them with `networks: "auto"` and without `personality`).
  assert.deepEqual(failures.map((f) => f.replace(/Value: \{.*\}\. /, "")), [
    "servers/v2.90/server-create-req.json @2.90: Invalid input for field/attribute server. " +
    "'networks' is a required property",
    "servers/v2.94/server-create-req.json @2.94: Invalid input for field/attribute server. " +
    "'networks' is a required property",
  ]);
  for (const version of ["2.90", "2.94"]) {
    const body = await sample(`servers/v${version}/server-create-req.json`) as {
      server: Record<string, unknown>;
    };
    delete body.server.personality;
    body.server.networks = "auto";
    assert.equal(bodyError(CREATE_SERVER, version, body), null);
  }
});

Deno.test("Nova's update request samples validate at their microversion", async () => {
  const samples = [
    ...await requestSamples("server-update-req"),
    ...await requestSamples("server-put-req"),
  ];
  assert.ok(samples.length >= 10, `found ${samples.length}`);
  for (const [version, path] of samples) {
    assert.equal(bodyError(UPDATE_SERVER, version, await sample(path)), null, path);
  }
});

Deno.test("metadata request samples validate", async () => {
  assert.equal(
    bodyError(SET_METADATA, "2.1", await sample("server-metadata/server-metadata-all-req.json")),
    null,
  );
  assert.equal(
    bodyError(SET_METADATA_ITEM, "2.1", await sample("server-metadata/server-metadata-req.json")),
    null,
  );
  assert.match(
    bodyError(SET_METADATA_ITEM, "2.1", { meta: { a: "1", b: "2" } })!,
    /^Invalid input for field\/attribute meta\. .*has too many properties$/,
  );
  assert.match(
    bodyError(SET_METADATA_ITEM, "2.1", { meta: {} })!,
    /^Invalid input for field\/attribute meta\. Value: \{\}\. \{\} should be non-empty$/,
  );
});

const BASE = { name: "vm1", flavorRef: "1", imageRef: "70a599e0-31e7-49b7-b260-868f441e862b" };
const create = (version: string, server: Record<string, unknown>, extra = {}) =>
  bodyError(CREATE_SERVER, version, { server: { ...BASE, ...server }, ...extra });

Deno.test("create: fields arrive and leave at Nova's microversions", () => {
  assert.equal(create("2.1", {}), null);
  // networks becomes required at 2.37 and may be `auto` or `none`.
  assert.match(create("2.37", {})!, /'networks' is a required property$/);
  assert.equal(create("2.37", { networks: "auto" }), null);
  assert.equal(create("2.37", { networks: "none" }), null);
  assert.equal(
    create("2.36", { networks: "auto" }),
    "Invalid input for field/attribute networks. Value: auto. 'auto' is not of type 'array'",
  );
  // Before 2.37 a network uuid is any string; from 2.37 it must be a UUID.
  assert.equal(create("2.36", { networks: [{ uuid: "private" }] }), null);
  assert.notEqual(create("2.37", { networks: [{ uuid: "private" }] }), null);
  // description from 2.19.
  assert.match(
    create("2.18", { description: "d" })!,
    /Additional properties are not allowed \('description' was unexpected\)$/,
  );
  assert.equal(create("2.19", { description: "d" }), null);
  assert.equal(create("2.19", { description: null }), null);
  // Network tags at 2.32 and from 2.33; block device tags at 2.32 and again from 2.42.
  const bdm = [{ boot_index: 0, uuid: BASE.imageRef, source_type: "image", tag: "t" }];
  const taggedNet = [{ uuid: "3cb9bc59-5699-4588-a4b1-b87f96708bc6", tag: "t" }];
  assert.notEqual(create("2.31", { networks: taggedNet }), null);
  assert.equal(create("2.32", { networks: taggedNet, block_device_mapping_v2: bdm }), null);
  assert.equal(create("2.33", { networks: taggedNet }), null);
  assert.notEqual(create("2.33", { block_device_mapping_v2: bdm }), null);
  assert.notEqual(create("2.37", { networks: taggedNet }), null);
  assert.equal(create("2.42", { networks: taggedNet, block_device_mapping_v2: bdm }), null);
  // Server tags from 2.52, at most 50.
  assert.notEqual(create("2.51", { networks: "none", tags: ["a"] }), null);
  assert.equal(create("2.52", { networks: "none", tags: ["a"] }), null);
  const many = Array.from({ length: 51 }, (_, i) => `t${i}`);
  assert.match(create("2.52", { networks: "none", tags: many })!, /is too long$/);
  // personality until 2.56.
  const personality = [{ path: "/etc/motd", contents: "aGk=" }];
  assert.equal(create("2.56", { networks: "none", personality }), null);
  assert.match(
    create("2.57", { networks: "none", personality })!,
    /\('personality' was unexpected\)$/,
  );
  // trusted certificates from 2.63; BDM volume_type from 2.67; host/node from 2.74.
  assert.notEqual(create("2.62", { networks: "none", trusted_image_certificates: ["a"] }), null);
  assert.equal(create("2.63", { networks: "none", trusted_image_certificates: ["a"] }), null);
  const typed = [{ boot_index: 0, source_type: "blank", volume_type: "lvm" }];
  assert.notEqual(create("2.66", { networks: "none", block_device_mapping_v2: typed }), null);
  assert.equal(create("2.67", { networks: "none", block_device_mapping_v2: typed }), null);
  assert.notEqual(create("2.73", { networks: "none", host: "compute-1" }), null);
  assert.equal(
    create("2.74", { networks: "none", host: "compute-1", hypervisor_hostname: "n1" }),
    null,
  );
  // hostname: a label from 2.90, an FQDN from 2.94.
  assert.notEqual(create("2.89", { networks: "none", hostname: "vm" }), null);
  assert.equal(create("2.90", { networks: "none", hostname: "vm-1" }), null);
  assert.notEqual(create("2.90", { networks: "none", hostname: "vm.example.com" }), null);
  assert.equal(create("2.94", { networks: "none", hostname: "vm.example.com" }), null);
});

Deno.test("create: bad values get Nova's details", () => {
  assert.equal(
    bodyError(CREATE_SERVER, "2.1", { server: { flavorRef: "1" } }),
    "Invalid input for field/attribute server. Value: {'flavorRef': '1'}. " +
      "'name' is a required property",
  );
  assert.equal(
    bodyError(CREATE_SERVER, "2.1", {}),
    "'server' is a required property",
  );
  assert.equal(
    create("2.1", { min_count: 0 }),
    "Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1",
  );
  assert.equal(
    create("2.1", { imageRef: "cirros" }),
    "Invalid input for field/attribute imageRef. Value: cirros. " +
      "'cirros' is not valid under any of the given schemas",
  );
  assert.equal(create("2.1", { imageRef: "" }), null);
  assert.equal(
    create("2.1", { user_data: "not base64!" }),
    "Invalid input for field/attribute user_data. Value: not base64!. " +
      "'not base64!' is not a 'base64'",
  );
  assert.match(create("2.1", { user_data: "QUFB".repeat(16384) })!, /is too long$/);
  assert.equal(
    create("2.1", { name: " vm" }),
    // A format with its own detail replaces the whole message, as in Nova.
    "An invalid 'name' value was provided. The name must be: printable characters. " +
      "Can not start or end with whitespace.",
  );
  assert.equal(
    create("2.1", { accessIPv4: "1.2.3" }),
    "Invalid input for field/attribute accessIPv4. Value: 1.2.3. '1.2.3' is not a 'ipv4'",
  );
  assert.ok(
    create("2.1", { config_drive: "maybe" })!.startsWith(
      "Invalid input for field/attribute config_drive. Value: maybe. 'maybe' is not one of [True,",
    ),
  );
  assert.equal(
    create("2.1", {}, { "os:scheduler_hints": { different_host: "nope" } }),
    "Invalid input for field/attribute different_host. Value: nope. " +
      "'nope' is not valid under any of the given schemas",
  );
  // same_host as one string is not checked (only list items are), as in Nova.
  assert.equal(create("2.1", {}, { "os:scheduler_hints": { same_host: "nope" } }), null);
  // Unknown scheduler hints pass to the scheduler.
  assert.equal(create("2.1", {}, { "os:scheduler_hints": { my_filter: 1 } }), null);
});

Deno.test("update: fields per microversion", () => {
  const update = (version: string, server: Record<string, unknown>) =>
    bodyError(UPDATE_SERVER, version, { server });
  assert.equal(update("2.1", {}), null);
  assert.equal(update("2.1", { name: "n" }), null);
  assert.match(update("2.18", { description: "d" })!, /\('description' was unexpected\)$/);
  assert.equal(update("2.19", { description: null }), null);
  assert.notEqual(update("2.89", { hostname: "h" }), null);
  assert.equal(update("2.90", { hostname: "h-1" }), null);
  assert.notEqual(update("2.93", { hostname: "h.example.com" }), null);
  assert.equal(update("2.94", { hostname: "h.example.com" }), null);
  assert.notEqual(update("2.103", { pinned_availability_zone: "nova" }), null);
  assert.equal(update("2.104", { pinned_availability_zone: null }), null);
  assert.equal(
    bodyError(UPDATE_SERVER, "2.1", { server: { name: "" } }),
    "Invalid input for field/attribute name. Value: . '' should be non-empty",
  );
});

Deno.test("list query: filters per microversion, 2.75 strictness", () => {
  assert.equal(queryError("2.1", "name=vm&junk=1&status=ACTIVE"), null);
  assert.equal(queryError("2.74", "junk=1"), null);
  assert.equal(
    queryError("2.75", "junk=1"),
    "'junk' does not match any of the regexes: '^_'",
  );
  // Ignored sort keys before 2.75, refused after.
  assert.equal(queryError("2.74", "sort_key=vcpus"), null);
  assert.match(queryError("2.75", "sort_key=vcpus")!, /'vcpus' is not one of \[/);
  assert.equal(queryError("2.73", "sort_key=locked"), null);
  assert.equal(queryError("2.75", "sort_key=locked&locked=true"), null);
  assert.match(queryError("2.1", "sort_key=bogus")!, /'bogus' is not one of \[/);
  // Regex filters must compile.
  assert.match(queryError("2.1", "name=(")!, /^Invalid input for query parameters name\./);
  assert.match(queryError("2.1", "changes-since=yesterday")!, /is not a 'date-time'$/);
  assert.equal(queryError("2.66", "changes-before=2013-09-03T04:01:32Z"), null);
  assert.equal(queryError("2.75", "tags=a&not-tags-any=b"), null);
  assert.match(queryError("2.75", "changes-before=x")!, /is not a 'date-time'$/);
  // Stripped: an unknown parameter before 2.75; kept: `_`-prefixed and joined-table ones.
  const v21 = schemaAt(LIST_SERVERS_QUERY, ApiVersion.parse("2.1"))!;
  const kept = validateQuery(v21, "junk=1&_internal=x&metadata=y&name=a");
  assert.deepEqual(Object.keys(kept).sort(), ["_internal", "metadata", "name"]);
  // Tag filters before 2.26 are dropped, not refused.
  assert.deepEqual(Object.keys(validateQuery(v21, "tags=a")), []);
});

Deno.test("show query: extras ignored before 2.102, refused from 2.102", () => {
  const at = (v: string) => schemaAt(NO_PARAMS_QUERY, ApiVersion.parse(v))!;
  assert.deepEqual(Object.keys(validateQuery(at("2.101"), "x=1")), []);
  assert.throws(() => validateQuery(at("2.102"), "x=1"), /'x' was unexpected/);
});
