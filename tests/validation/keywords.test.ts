/**
 * Keyword-by-keyword behaviour of the validator, with the exact error detail
 * Nova produces. The expected strings were obtained by running Nova's own
 * `_SchemaValidator` (jsonschema 4.26) on the same schema and instance.
 */

import { deepEqual } from "node:assert/strict";
import { validate } from "../../lib/validation/validator.ts";
import type { Schema } from "../../lib/validation/types.ts";

interface Row {
  label: string;
  schema: Schema;
  instance: unknown;
  target?: "body" | "query";
  expected: string | null;
}

const ROWS: Row[] = [
  {
    label: "type string vs int",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string" } },
      "additionalProperties": false,
    },
    instance: { "foo": 1 },
    expected: "Invalid input for field/attribute foo. Value: 1. 1 is not of type 'string'",
  },
  {
    label: "type list",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": ["integer", "string"] } },
      "additionalProperties": false,
    },
    instance: { "foo": 1.5 },
    expected:
      "Invalid input for field/attribute foo. Value: 1.5. 1.5 is not of type 'integer', 'string'",
  },
  {
    label: "type null ok",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": ["string", "null"] } },
      "additionalProperties": false,
    },
    instance: { "foo": null },
    expected: null,
  },
  {
    label: "type object at root",
    schema: { "type": "object" },
    instance: null,
    expected: "None is not of type 'object'",
  },
  {
    label: "type array",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array" } },
      "additionalProperties": false,
    },
    instance: { "foo": { "a": 1 } },
    expected:
      "Invalid input for field/attribute foo. Value: {'a': 1}. {'a': 1} is not of type 'array'",
  },
  {
    label: "type boolean",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "boolean" } },
      "additionalProperties": false,
    },
    instance: { "foo": "true" },
    expected: "Invalid input for field/attribute foo. Value: true. 'true' is not of type 'boolean'",
  },
  {
    label: "type number accepts int",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "number" } },
      "additionalProperties": false,
    },
    instance: { "foo": 3 },
    expected: null,
  },
  {
    label: "integer rejects bool",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "integer" } },
      "additionalProperties": false,
    },
    instance: { "foo": false },
    expected: "Invalid input for field/attribute foo. Value: False. False is not of type 'integer'",
  },
  {
    label: "enum",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "enum": ["a", "b"] } },
      "additionalProperties": false,
    },
    instance: { "foo": "c" },
    expected: "Invalid input for field/attribute foo. Value: c. 'c' is not one of ['a', 'b']",
  },
  {
    label: "enum bool is not int",
    schema: {
      "type": "object",
      "properties": { "foo": { "enum": [1, "x"] } },
      "additionalProperties": false,
    },
    instance: { "foo": true },
    expected: "Invalid input for field/attribute foo. Value: True. True is not one of [1, 'x']",
  },
  {
    label: "const",
    schema: {
      "type": "object",
      "properties": { "foo": { "const": "self" } },
      "additionalProperties": false,
    },
    instance: { "foo": "other" },
    expected: "Invalid input for field/attribute foo. Value: other. 'self' was expected",
  },
  {
    label: "required at root",
    schema: {
      "type": "object",
      "properties": { "name": { "type": "string" } },
      "required": ["name"],
      "additionalProperties": false,
    },
    instance: {},
    expected: "'name' is a required property",
  },
  {
    label: "required nested",
    schema: {
      "type": "object",
      "properties": {
        "flavor": {
          "type": "object",
          "properties": {},
          "required": ["name", "ram"],
          "additionalProperties": false,
        },
      },
      "additionalProperties": false,
    },
    instance: { "flavor": { "ram": 1 } },
    expected:
      "Invalid input for field/attribute flavor. Value: {'ram': 1}. 'name' is a required property",
  },
  {
    label: "additionalProperties one",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string" } },
      "additionalProperties": false,
    },
    instance: { "foo": "x", "ext": 1 },
    expected: "Additional properties are not allowed ('ext' was unexpected)",
  },
  {
    label: "additionalProperties several sorted",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string" } },
      "additionalProperties": false,
    },
    instance: { "zeta": 1, "alpha": 2, "foo": "x" },
    expected: "Additional properties are not allowed ('alpha', 'zeta' were unexpected)",
  },
  {
    label: "additionalProperties nested",
    schema: {
      "type": "object",
      "properties": {
        "server": {
          "type": "object",
          "properties": { "name": { "type": "string" } },
          "additionalProperties": false,
        },
      },
      "additionalProperties": false,
    },
    instance: { "server": { "name": "a", "force": true } },
    expected:
      "Invalid input for field/attribute server. Value: {'name': 'a', 'force': True}. Additional properties are not allowed ('force' was unexpected)",
  },
  {
    label: "additionalProperties schema",
    schema: { "type": "object", "additionalProperties": { "type": "string" } },
    instance: { "a": "x", "b": 2 },
    expected: "Invalid input for field/attribute b. Value: 2. 2 is not of type 'string'",
  },
  {
    label: "patternProperties mismatch key",
    schema: {
      "type": "object",
      "patternProperties": { "^[a-zA-Z0-9-_:. ]{1,255}$": { "type": "string", "maxLength": 255 } },
      "additionalProperties": false,
    },
    instance: { "bad key!": "v" },
    expected: "'bad key!' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'",
  },
  {
    label: "patternProperties value",
    schema: {
      "type": "object",
      "patternProperties": { "^[a-z]+$": { "type": "string", "maxLength": 3 } },
      "additionalProperties": false,
    },
    instance: { "key": "toolong" },
    expected: "Invalid input for field/attribute key. Value: toolong. 'toolong' is too long",
  },
  {
    label: "minProperties 1",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "object", "minProperties": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": {} },
    expected: "Invalid input for field/attribute foo. Value: {}. {} should be non-empty",
  },
  {
    label: "minProperties 2",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "object", "minProperties": 2 } },
      "additionalProperties": false,
    },
    instance: { "foo": { "a": 1 } },
    expected:
      "Invalid input for field/attribute foo. Value: {'a': 1}. {'a': 1} does not have enough properties",
  },
  {
    label: "maxProperties 0",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "object", "maxProperties": 0 } },
      "additionalProperties": false,
    },
    instance: { "foo": { "a": 1 } },
    expected:
      "Invalid input for field/attribute foo. Value: {'a': 1}. {'a': 1} is expected to be empty",
  },
  {
    label: "maxProperties 1",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "object", "maxProperties": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": { "a": 1, "b": 2 } },
    expected:
      "Invalid input for field/attribute foo. Value: {'a': 1, 'b': 2}. {'a': 1, 'b': 2} has too many properties",
  },
  {
    label: "items",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "items": { "type": "string", "format": "uuid" } } },
      "additionalProperties": false,
    },
    instance: { "foo": ["70a599e0-31e7-49b7-b260-868f441e862b", "nope"] },
    expected: "Invalid input for field/attribute 1. Value: nope. 'nope' is not a 'uuid'",
  },
  {
    label: "items index as field",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "items": { "type": "string" } } },
      "additionalProperties": false,
    },
    instance: { "foo": ["a", 2] },
    expected: "Invalid input for field/attribute 1. Value: 2. 2 is not of type 'string'",
  },
  {
    label: "prefixItems",
    schema: {
      "type": "object",
      "properties": {
        "foo": {
          "type": "array",
          "prefixItems": [{ "type": "string", "enum": ["affinity", "anti-affinity"] }],
        },
      },
      "additionalProperties": false,
    },
    instance: { "foo": ["other"] },
    expected:
      "Invalid input for field/attribute 0. Value: other. 'other' is not one of ['affinity', 'anti-affinity']",
  },
  {
    label: "items false",
    schema: {
      "type": "object",
      "properties": {
        "foo": { "type": "array", "prefixItems": [{ "type": "string" }], "items": false },
      },
      "additionalProperties": false,
    },
    instance: { "foo": ["a", "b", "c"] },
    expected:
      "Invalid input for field/attribute foo. Value: ['a', 'b', 'c']. Expected at most 1 item but found 2 extra: ['b', 'c']",
  },
  {
    label: "items false one extra",
    schema: {
      "type": "object",
      "properties": {
        "foo": { "type": "array", "prefixItems": [{ "type": "string" }], "items": false },
      },
      "additionalProperties": false,
    },
    instance: { "foo": ["a", "b"] },
    expected:
      "Invalid input for field/attribute foo. Value: ['a', 'b']. Expected at most 1 item but found 1 extra: 'b'",
  },
  {
    label: "minItems 1",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "minItems": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": [] },
    expected: "Invalid input for field/attribute foo. Value: []. [] should be non-empty",
  },
  {
    label: "minItems 2",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "minItems": 2 } },
      "additionalProperties": false,
    },
    instance: { "foo": ["a"] },
    expected: "Invalid input for field/attribute foo. Value: ['a']. ['a'] is too short",
  },
  {
    label: "maxItems 1",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "maxItems": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": ["a", "b"] },
    expected: "Invalid input for field/attribute foo. Value: ['a', 'b']. ['a', 'b'] is too long",
  },
  {
    label: "maxItems 0",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "maxItems": 0 } },
      "additionalProperties": false,
    },
    instance: { "foo": ["a"] },
    expected: "Invalid input for field/attribute foo. Value: ['a']. ['a'] is expected to be empty",
  },
  {
    label: "uniqueItems",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "uniqueItems": true } },
      "additionalProperties": false,
    },
    instance: { "foo": ["a", "b", "a"] },
    expected:
      "Invalid input for field/attribute foo. Value: ['a', 'b', 'a']. ['a', 'b', 'a'] has non-unique elements",
  },
  {
    label: "uniqueItems objects",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "uniqueItems": true } },
      "additionalProperties": false,
    },
    instance: { "foo": [{ "a": [1] }, { "a": [1] }] },
    expected:
      "Invalid input for field/attribute foo. Value: [{'a': [1]}, {'a': [1]}]. [{'a': [1]}, {'a': [1]}] has non-unique elements",
  },
  {
    label: "uniqueItems true vs 1",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "uniqueItems": true } },
      "additionalProperties": false,
    },
    instance: { "foo": [1, true] },
    expected: null,
  },
  {
    label: "minLength 1",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "minLength": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": "" },
    expected: "Invalid input for field/attribute foo. Value: . '' should be non-empty",
  },
  {
    label: "minLength 2",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "minLength": 2 } },
      "additionalProperties": false,
    },
    instance: { "foo": "a" },
    expected: "Invalid input for field/attribute foo. Value: a. 'a' is too short",
  },
  {
    label: "maxLength",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "maxLength": 3 } },
      "additionalProperties": false,
    },
    instance: { "foo": "abcd" },
    expected: "Invalid input for field/attribute foo. Value: abcd. 'abcd' is too long",
  },
  {
    label: "maxLength 0",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "maxLength": 0 } },
      "additionalProperties": false,
    },
    instance: { "foo": "a" },
    expected: "Invalid input for field/attribute foo. Value: a. 'a' is expected to be empty",
  },
  {
    label: "maxLength counts code points",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "maxLength": 2 } },
      "additionalProperties": false,
    },
    instance: { "foo": "😀😀" },
    expected: null,
  },
  {
    label: "pattern",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "pattern": "^[a-zA-Z0-9-]*$" } },
      "additionalProperties": false,
    },
    instance: { "foo": "a b" },
    expected:
      "Invalid input for field/attribute foo. Value: a b. 'a b' does not match '^[a-zA-Z0-9-]*$'",
  },
  {
    label: "pattern unanchored search",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "pattern": "[0-9]" } },
      "additionalProperties": false,
    },
    instance: { "foo": "abc" },
    expected: "Invalid input for field/attribute foo. Value: abc. 'abc' does not match '[0-9]'",
  },
  {
    label: "pattern quote in value",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "pattern": "^[a-z]*$" } },
      "additionalProperties": false,
    },
    instance: { "foo": "it's" },
    expected:
      "Invalid input for field/attribute foo. Value: it's. \"it's\" does not match '^[a-z]*$'",
  },
  {
    label: "minimum",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "integer", "minimum": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": 0 },
    expected: "Invalid input for field/attribute foo. Value: 0. 0 is less than the minimum of 1",
  },
  {
    label: "minimum on string",
    schema: {
      "type": "object",
      "properties": {
        "foo": { "type": ["integer", "string"], "pattern": "^-?[0-9]+$", "minimum": -1 },
      },
      "additionalProperties": false,
    },
    instance: { "foo": "-2" },
    expected: "Invalid input for field/attribute foo. Value: -2. -2 is less than the minimum of -1",
  },
  {
    label: "minimum float string",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": ["number", "string"], "minimum": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": "0.5" },
    expected:
      "Invalid input for field/attribute foo. Value: 0.5. 0.5 is less than the minimum of 1",
  },
  {
    label: "minimum truncates floats",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "number", "minimum": 1 } },
      "additionalProperties": false,
    },
    instance: { "foo": 0.9 },
    expected: "Invalid input for field/attribute foo. Value: 0.9. 0 is less than the minimum of 1",
  },
  {
    label: "maximum",
    schema: {
      "type": "object",
      "properties": {
        "foo": {
          "type": ["integer", "string"],
          "pattern": "^[0-9]+$",
          "minimum": 1,
          "maximum": 2147483647,
        },
      },
      "additionalProperties": false,
    },
    instance: { "foo": 2147483648 },
    expected:
      "Invalid input for field/attribute foo. Value: 2147483648. 2147483648 is greater than the maximum of 2147483647",
  },
  {
    label: "maximum float schema",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": ["number", "string"], "maximum": 3.40282e+38 } },
      "additionalProperties": false,
    },
    instance: { "foo": "1e39" },
    expected:
      "Invalid input for field/attribute foo. Value: 1e39. 1e+39 is greater than the maximum of 3.40282e+38",
  },
  {
    label: "exclusiveMinimum",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": ["number", "string"], "exclusiveMinimum": 0 } },
      "additionalProperties": false,
    },
    instance: { "foo": 0 },
    expected:
      "Invalid input for field/attribute foo. Value: 0. 0 is less than or equal to the minimum of 0",
  },
  {
    label: "exclusiveMaximum",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "number", "exclusiveMaximum": 10 } },
      "additionalProperties": false,
    },
    instance: { "foo": 10.5 },
    expected:
      "Invalid input for field/attribute foo. Value: 10.5. 10.5 is greater than or equal to the maximum of 10",
  },
  {
    label: "multipleOf",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "integer", "multipleOf": 4 } },
      "additionalProperties": false,
    },
    instance: { "foo": 6 },
    expected: "Invalid input for field/attribute foo. Value: 6. 6 is not a multiple of 4",
  },
  {
    label: "multipleOf float",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "number", "multipleOf": 0.5 } },
      "additionalProperties": false,
    },
    instance: { "foo": 0.7 },
    expected: "Invalid input for field/attribute foo. Value: 0.7. 0.7 is not a multiple of 0.5",
  },
  {
    label: "oneOf none",
    schema: {
      "type": "object",
      "properties": {
        "foo": {
          "oneOf": [{ "type": "string", "format": "uuid" }, { "type": "string", "maxLength": 0 }],
        },
      },
      "additionalProperties": false,
    },
    instance: { "foo": "abc" },
    expected:
      "Invalid input for field/attribute foo. Value: abc. 'abc' is not valid under any of the given schemas",
  },
  {
    label: "oneOf several",
    schema: {
      "type": "object",
      "properties": { "foo": { "oneOf": [{ "type": "integer" }, { "type": "number" }] } },
      "additionalProperties": false,
    },
    instance: { "foo": 5 },
    expected:
      "Invalid input for field/attribute foo. Value: 5. 5 is valid under each of {'type': 'number'}, {'type': 'integer'}",
  },
  {
    label: "anyOf",
    schema: {
      "type": "object",
      "properties": {
        "foo": { "type": "string", "anyOf": [{ "format": "ipv4" }, { "format": "ipv6" }] },
      },
      "additionalProperties": false,
    },
    instance: { "foo": "host" },
    expected:
      "Invalid input for field/attribute foo. Value: host. 'host' is not valid under any of the given schemas",
  },
  {
    label: "allOf",
    schema: {
      "type": "object",
      "properties": {
        "foo": {
          "allOf": [{ "type": "string" }, { "type": "string", "pattern": "^[_\\- a-zA-Z0-9]+$" }],
        },
      },
      "additionalProperties": false,
    },
    instance: { "foo": "a@b" },
    expected:
      "Invalid input for field/attribute foo. Value: a@b. 'a@b' does not match '^[_\\\\- a-zA-Z0-9]+$'",
  },
  {
    label: "not",
    schema: {
      "type": "object",
      "properties": { "foo": { "not": { "type": "null" } } },
      "additionalProperties": false,
    },
    instance: { "foo": null },
    expected:
      "Invalid input for field/attribute foo. Value: None. None should not be valid under {'type': 'null'}",
  },
  {
    label: "false subschema",
    schema: { "type": "object", "properties": { "foo": false } },
    instance: { "foo": 1 },
    expected: "False schema does not allow 1",
  },
  {
    label: "format uuid",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "uuid" } },
      "additionalProperties": false,
    },
    instance: { "foo": "abc" },
    expected: "Invalid input for field/attribute foo. Value: abc. 'abc' is not a 'uuid'",
  },
  {
    label: "format date-time",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "date-time" } },
      "additionalProperties": false,
    },
    instance: { "foo": "2014-02-30T00:00:00Z" },
    expected:
      "Invalid input for field/attribute foo. Value: 2014-02-30T00:00:00Z. '2014-02-30T00:00:00Z' is not a 'date-time'",
  },
  {
    label: "format ipv4",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "ipv4" } },
      "additionalProperties": false,
    },
    instance: { "foo": "10.0.0.256" },
    expected:
      "Invalid input for field/attribute foo. Value: 10.0.0.256. '10.0.0.256' is not a 'ipv4'",
  },
  {
    label: "format ipv6",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "ipv6" } },
      "additionalProperties": false,
    },
    instance: { "foo": "1::2::3" },
    expected: "Invalid input for field/attribute foo. Value: 1::2::3. '1::2::3' is not a 'ipv6'",
  },
  {
    label: "format cidr",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "cidr" } },
      "additionalProperties": false,
    },
    instance: { "foo": "10.0.0.0/33" },
    expected:
      "Invalid input for field/attribute foo. Value: 10.0.0.0/33. '10.0.0.0/33' is not a 'cidr'",
  },
  {
    label: "format uri",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "uri" } },
      "additionalProperties": false,
    },
    instance: { "foo": "http://a.com/[x]" },
    expected:
      "Invalid input for field/attribute foo. Value: http://a.com/[x]. 'http://a.com/[x]' is not a 'uri'",
  },
  {
    label: "format base64",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "base64" } },
      "additionalProperties": false,
    },
    instance: { "foo": "abc" },
    expected: "Invalid input for field/attribute foo. Value: abc. 'abc' is not a 'base64'",
  },
  {
    label: "format regex",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "regex" } },
      "additionalProperties": false,
    },
    instance: { "foo": "(" },
    expected: "Invalid input for field/attribute foo. Value: (. '(' is not a 'regex'",
  },
  {
    label: "format name",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "name" } },
      "additionalProperties": false,
    },
    instance: { "foo": "name " },
    expected:
      "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
  },
  {
    label: "format name non-string",
    schema: {
      "type": "object",
      "properties": { "foo": { "format": "name" } },
      "additionalProperties": false,
    },
    instance: { "foo": 5 },
    expected:
      "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
  },
  {
    label: "format az_name colon",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "az_name" } },
      "additionalProperties": false,
    },
    instance: { "foo": "a:b" },
    expected:
      "An invalid 'name' value was provided. The name must be: printable characters except :.Can not start or end with whitespace.",
  },
  {
    label: "format name leading spaces",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "name_with_leading_trailing_spaces" } },
      "additionalProperties": false,
    },
    instance: { "foo": "   " },
    expected:
      "An invalid 'name' value was provided. The name must be: printable characters with at least one non space character",
  },
  {
    label: "format unknown passes",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string", "format": "mac-address" } },
      "additionalProperties": false,
    },
    instance: { "foo": "zz" },
    expected: null,
  },
  {
    label: "value rendering nested",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "string" } },
      "additionalProperties": false,
    },
    instance: { "foo": { "a": [null, true, 1.5, "x"] } },
    expected:
      "Invalid input for field/attribute foo. Value: {'a': [None, True, 1.5, 'x']}. {'a': [None, True, 1.5, 'x']} is not of type 'string'",
  },
  {
    label: "value rendering quotes",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "integer" } },
      "additionalProperties": false,
    },
    instance: { "foo": 'say "hi" it\'s' },
    expected:
      "Invalid input for field/attribute foo. Value: say \"hi\" it's. 'say \"hi\" it\\'s' is not of type 'integer'",
  },
  {
    label: "value rendering control",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "integer" } },
      "additionalProperties": false,
    },
    instance: { "foo": "a\tb\u0000 é" },
    expected:
      "Invalid input for field/attribute foo. Value: a\tb\u0000 é. 'a\\tb\\x00\\xa0é' is not of type 'integer'",
  },
  {
    label: "query single_param",
    schema: {
      "type": "object",
      "properties": {
        "foo": { "type": "array", "items": { "type": "string", "format": "uuid" }, "maxItems": 1 },
      },
      "additionalProperties": true,
    },
    instance: { "foo": ["abc"] },
    target: "query",
    expected: "Invalid input for query parameters foo. Value: abc. 'abc' is not a 'uuid'",
  },
  {
    label: "query maxItems",
    schema: {
      "type": "object",
      "properties": { "foo": { "type": "array", "items": { "type": "string" }, "maxItems": 1 } },
      "additionalProperties": true,
    },
    instance: { "foo": ["a", "b"] },
    target: "query",
    expected: "Invalid input for query parameters foo. Value: ['a', 'b']. ['a', 'b'] is too long",
  },
  {
    label: "query unknown v2.75",
    schema: {
      "type": "object",
      "properties": { "limit": { "type": "array", "items": { "type": "string" } } },
      "additionalProperties": false,
    },
    instance: { "limit": ["1"], "bogus": ["x"] },
    target: "query",
    expected: "Additional properties are not allowed ('bogus' was unexpected)",
  },
];

for (const row of ROWS) {
  Deno.test(`keyword: ${row.label}`, () => {
    const error = validate(row.schema, structuredClone(row.instance));
    deepEqual(error?.detail(row.target ?? "body") ?? null, row.expected);
  });
}

Deno.test("keywords are checked in schema order; the first failure wins", () => {
  const typeFirst = { type: ["integer", "string"], pattern: "^[0-9]+$", minimum: 5 } as Schema;
  const minimumFirst = { minimum: 5, type: ["integer", "string"], pattern: "^[0-9]+$" } as Schema;
  deepEqual(validate(typeFirst, "1")?.keyword, "minimum");
  deepEqual(validate(typeFirst, "x")?.keyword, "pattern");
  // Nova converts with int() before comparing, so True counts as 1.
  deepEqual(validate(minimumFirst, true)?.message, "1 is less than the minimum of 5");
  deepEqual(validate(minimumFirst, null)?.keyword, "type");
  deepEqual(validate({ pattern: "^a", minLength: 3 }, "b")?.keyword, "pattern");
  deepEqual(validate({ minLength: 3, pattern: "^a" }, "b")?.keyword, "minLength");
});

Deno.test("required reports properties in the order listed", () => {
  const error = validate({ type: "object", required: ["b", "a"] }, {});
  deepEqual(error?.message, "'b' is a required property");
});

Deno.test("errors carry keyword, path and instance", () => {
  const schema: Schema = {
    type: "object",
    properties: {
      server: {
        type: "object",
        properties: { networks: { type: "array", items: { type: "object", required: ["uuid"] } } },
      },
    },
  };
  const error = validate(schema, { server: { networks: [{ uuid: "x" }, {}] } });
  deepEqual(error?.keyword, "required");
  deepEqual(error?.path, ["server", "networks", 1]);
  deepEqual(error?.instance, {});
  deepEqual(
    error?.detail(),
    "Invalid input for field/attribute 1. Value: {}. 'uuid' is a required property",
  );
  deepEqual(
    error?.detail("query"),
    "Invalid input for query parameters server. Value: {}. 'uuid' is a required property",
  );
});

Deno.test("ignored keywords and boolean schemas", () => {
  deepEqual(validate({ description: "x", title: "t", $comment: "c" }, 1), null);
  deepEqual(validate(true, { anything: 1 }), null);
  deepEqual(validate(false, 1)?.detail(), "False schema does not allow 1");
});

Deno.test("draft-4 tuple items and boolean exclusive bounds", () => {
  const tuple: Schema = {
    items: [{ type: "string" }, { type: "integer" }],
    additionalItems: false,
  };
  deepEqual(validate(tuple, ["a", 1]), null);
  deepEqual(validate(tuple, ["a", "b"])?.message, "'b' is not of type 'integer'");
  deepEqual(
    validate(tuple, ["a", 1, 2, 3])?.message,
    "Additional items are not allowed (2, 3 were unexpected)",
  );
  deepEqual(
    validate({ minimum: 1, exclusiveMinimum: true }, 1)?.message,
    "1 is less than or equal to the minimum of 1",
  );
  deepEqual(
    validate({ maximum: 5, exclusiveMaximum: true }, "5")?.message,
    "5 is greater than or equal to the maximum of 5",
  );
});

Deno.test("if/then/else, contains, dependentRequired, propertyNames", () => {
  const conditional: Schema = {
    if: { type: "string" },
    then: { minLength: 2 },
    else: { type: "integer" },
  };
  deepEqual(validate(conditional, "ab"), null);
  deepEqual(validate(conditional, "a")?.message, "'a' is too short");
  deepEqual(validate(conditional, 1.5)?.message, "1.5 is not of type 'integer'");
  deepEqual(
    validate({ contains: { type: "string" } }, [1, 2])?.message,
    "[1, 2] does not contain items matching the given schema",
  );
  deepEqual(
    validate({ contains: { type: "string" }, maxContains: 1 }, ["a", "b"])?.message,
    "Too many items match the given schema (expected at most 1)",
  );
  deepEqual(
    validate({ dependentRequired: { a: ["b"] } }, { a: 1 })?.message,
    "'b' is a dependency of 'a'",
  );
  deepEqual(
    validate({ propertyNames: { maxLength: 1 } }, { ab: 1 })?.message,
    "'ab' is too long",
  );
});

Deno.test("$ref is rejected as unsupported", () => {
  let thrown: unknown;
  try {
    validate({ $ref: "#/x" }, 1);
  } catch (error) {
    thrown = error;
  }
  deepEqual(thrown instanceof TypeError, true);
});
