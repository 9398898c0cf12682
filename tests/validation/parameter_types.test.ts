/** The reusable schema fragments behave like Nova's parameter_types. */

import { deepEqual, equal, ok, throws } from "node:assert/strict";
import * as pt from "../../lib/validation/parameter_types.ts";
import { validate } from "../../lib/validation/validator.ts";
import type { Schema, SchemaObject } from "../../lib/validation/types.ts";

function messageFor(schema: Schema, value: unknown): string | null {
  return validate(schema, value)?.message ?? null;
}

function accepts(schema: Schema, values: unknown[]): void {
  for (const value of values) equal(messageFor(schema, value), null, JSON.stringify(value));
}

function rejects(schema: Schema, values: unknown[]): void {
  for (const value of values) ok(messageFor(schema, value) !== null, JSON.stringify(value));
}

Deno.test("parameter types: boolean spellings", () => {
  accepts(pt.boolean, [
    true,
    false,
    "True",
    "true",
    "TRUE",
    "1",
    "on",
    "ON",
    "yes",
    "No",
    "off",
    "0",
  ]);
  rejects(pt.boolean, ["bar", "2", "y", "t", 1, 0, null, "tRUE"]);
});

Deno.test("parameter types: positive and non-negative integers", () => {
  accepts(pt.positiveInteger, [1, "1", "0010", 2147483648]);
  equal(messageFor(pt.positiveInteger, 0), "0 is less than the minimum of 1");
  equal(messageFor(pt.positiveInteger, "0"), "0 is less than the minimum of 1");
  equal(messageFor(pt.positiveInteger, ""), "'' should be non-empty");
  equal(messageFor(pt.positiveInteger, "-1"), "'-1' does not match '^[0-9]*$'");
  equal(messageFor(pt.positiveInteger, 1.5), "1.5 is not of type 'integer', 'string'");
  accepts(pt.nonNegativeInteger, [0, "0", 5]);
  equal(messageFor(pt.nonNegativeInteger, -1), "-1 is less than the minimum of 0");
});

Deno.test("parameter types: flavor attributes", () => {
  accepts(pt.flavorParamPositive, [1, "512", 2147483647]);
  equal(messageFor(pt.flavorParamPositive, 0), "0 is less than the minimum of 1");
  equal(
    messageFor(pt.flavorParamPositive, 2147483648),
    "2147483648 is greater than the maximum of 2147483647",
  );
  accepts(pt.flavorParamNonNegative, [0, "0"]);
  equal(pt.volumeSize.minimum, 1, "deriving flavorParamNonNegative left volumeSize alone");
});

Deno.test("parameter types: names and descriptions", () => {
  accepts(pt.name, ["m1.small", "my server", "\u0434"]);
  equal(messageFor(pt.name, ""), "'' should be non-empty");
  equal(messageFor(pt.name, "x".repeat(256)), `'${"x".repeat(256)}' is too long`);
  equal(messageFor(pt.name, 5), "5 is not of type 'string'");
  equal(
    validate(pt.name, " lead")?.detail(),
    "An invalid 'name' value was provided. The name must be: printable characters. " +
      "Can not start or end with whitespace.",
  );
  accepts(pt.nameWithLeadingTrailingSpaces, ["  abc  "]);
  accepts(pt.description, [null, "", "Some flavor"]);
  rejects(pt.description, ["bad\u0000", "x".repeat(256), 5]);
  accepts(pt.keypairNameSpecialChars, ["my-key_1", "key one"]);
  equal(
    messageFor(pt.keypairNameSpecialChars, "a@b"),
    "'a@b' does not match '^[_\\\\- a-zA-Z0-9]+$'",
  );
  accepts(pt.keypairNameSpecialCharsV292, ["a@b.c"]);
  accepts(pt.azName, ["zone-1"]);
  rejects(pt.azName, ["zone:1"]);
});

Deno.test("parameter types: hostnames and ids", () => {
  accepts(pt.hostname, ["ab", "web-01", "a".repeat(63)]);
  rejects(pt.hostname, ["a", "-ab", "ab-", "a_b", "a".repeat(64)]);
  accepts(pt.fqdn, ["localhost", "my_host.example.com"]);
  rejects(pt.fqdn, ["my$host", ""]);
  accepts(pt.projectId, ["6f70656e737461636b20342065766572"]);
  rejects(pt.projectId, ["bad_id", ""]);
  accepts(pt.serverId, ["70a599e0-31e7-49b7-b260-868f441e862b"]);
  rejects(pt.serverId, ["abc"]);
  accepts(pt.imageIdOrEmptyString, ["", "70a599e0-31e7-49b7-b260-868f441e862b"]);
  equal(
    messageFor(pt.imageIdOrEmptyString, "x"),
    "'x' is not valid under any of the given schemas",
  );
  accepts(pt.flavorRef, ["1", 1, "http://x/flavors/1"]);
  equal(messageFor(pt.flavorRef, ""), "'' should be non-empty");
});

Deno.test("parameter types: metadata", () => {
  accepts(pt.metadata, [{}, { key: "value", "a-b_c:d. e": "" }]);
  equal(
    messageFor(pt.metadata, { "bad/key": "v" }),
    "'bad/key' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'",
  );
  equal(messageFor(pt.metadata, { key: null }), "None is not of type 'string'");
  accepts(pt.metadataWithNull, [{ key: null }]);
  equal(messageFor(pt.metadata, { key: "v".repeat(256) }), `'${"v".repeat(256)}' is too long`);
});

Deno.test("parameter types: addresses, tags, certificates, personality", () => {
  accepts(pt.ipAddress, ["10.0.0.1", "::1"]);
  equal(messageFor(pt.ipAddress, "x"), "'x' is not valid under any of the given schemas");
  accepts(pt.macAddress, ["fa:16:3e:00:00:01"]);
  rejects(pt.macAddress, ["fa:16:3e:00:00"]);
  accepts(pt.cidr, ["10.0.0.0/8"]);
  accepts(pt.tag, ["prod", "x".repeat(60)]);
  rejects(pt.tag, ["a,b", "a/b", "", "x".repeat(61)]);
  accepts(pt.trustedCerts, [null, ["a"], ["a", "b"]]);
  equal(messageFor(pt.trustedCerts, []), "[] should be non-empty");
  equal(messageFor(pt.trustedCerts, ["a", "a"]), "['a', 'a'] has non-unique elements");
  accepts(pt.personality, [[{ path: "/etc/motd", contents: "aGVsbG8=" }]]);
  equal(
    messageFor(pt.personality, [{ path: "/etc/motd", contents: "abc" }]),
    "'abc' is not a 'base64'",
  );
});

Deno.test("parameter types: query parameter helpers", () => {
  deepEqual(pt.multiParams({ type: "string" }), { type: "array", items: { type: "string" } });
  deepEqual(pt.singleParam({ type: "string" }), {
    type: "array",
    items: { type: "string" },
    maxItems: 1,
  });
  deepEqual(pt.commonQueryRegexParam, {
    type: "array",
    items: { type: "string", format: "regex" },
  });
  deepEqual(Object.keys(pt.paginationParameters), ["limit", "marker"]);
  equal(messageFor(pt.commonQueryRegexParam, ["("]), "'(' is not a 'regex'");
});

Deno.test("parameter types: fragments are frozen; derive by copying", () => {
  throws(() => {
    (pt.name as SchemaObject).maxLength = 10;
  }, TypeError);
  const copy = { ...structuredClone(pt.volumeSize), minimum: 0 };
  equal(copy.minimum, 0);
  equal(pt.volumeSize.minimum, 1);
});
