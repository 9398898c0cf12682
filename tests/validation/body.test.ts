/** Content-type handling, JSON body parsing, body validation and action peeking. */

import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { NovaFault } from "../../lib/http/fault.ts";
import {
  parseJsonBody,
  peekAction,
  requestContentType,
  validateBody,
} from "../../lib/validation/body.ts";
import type { Schema } from "../../lib/validation/types.ts";

const URL = "http://nova.test/v2.1/flavors";

function request(
  method: string,
  body?: BodyInit | null,
  headers: Record<string, string> = {},
): Request {
  return new Request(URL, { method, body, headers });
}

function fault(status: number, message: string) {
  return (error: unknown) => {
    ok(error instanceof NovaFault, `expected NovaFault, got ${error}`);
    equal(error.status, status);
    equal(error.message, message);
    return true;
  };
}

Deno.test("content type: JSON types accepted, parameters ignored", () => {
  equal(
    requestContentType(request("POST", "{}", { "Content-Type": "application/json" })),
    "application/json",
  );
  equal(
    requestContentType(
      request("POST", "{}", { "Content-Type": "application/json; charset=UTF-8" }),
    ),
    "application/json",
  );
  equal(
    requestContentType(
      request("PUT", "{}", { "Content-Type": "application/vnd.openstack.compute+json" }),
    ),
    "application/vnd.openstack.compute+json",
  );
});

Deno.test("content type: missing, empty or text/plain count as not given", () => {
  equal(requestContentType(request("GET")), null);
  equal(requestContentType(request("POST", "{}", { "Content-Type": "" })), null);
  equal(requestContentType(request("POST", "{}", { "Content-Type": "text/plain" })), null);
  // A string body makes fetch add "text/plain;charset=UTF-8" by itself.
  equal(requestContentType(request("POST", "{}")), null);
});

Deno.test("content type: anything else is 415 Unsupported Content-Type, on any method", () => {
  for (
    const type of [
      "application/xml",
      "text/html",
      "APPLICATION/JSON",
      "application/json-patch+json",
    ]
  ) {
    throws(
      () => requestContentType(request("POST", "{}", { "Content-Type": type })),
      fault(415, "Unsupported Content-Type"),
    );
  }
  throws(
    () => requestContentType(request("GET", null, { "Content-Type": "application/xml" })),
    fault(415, "Unsupported Content-Type"),
  );
});

Deno.test("parseJsonBody: parses JSON bodies of POST and PUT", async () => {
  const json = { "Content-Type": "application/json" };
  deepEqual(await parseJsonBody(request("POST", '{"flavor": {"name": "m1"}}', json)), {
    flavor: { name: "m1" },
  });
  deepEqual(await parseJsonBody(request("PUT", "[1, 2]", json)), [1, 2]);
  // No content type at all: Nova still reads the body as JSON.
  deepEqual(await parseJsonBody(request("POST", new TextEncoder().encode('{"a": 1}'))), { a: 1 });
});

Deno.test("parseJsonBody: a leading BOM is malformed, as oslo's jsonutils.loads(safe_decode(…)) finds", async () => {
  const json = { "Content-Type": "application/json" };
  await rejects(
    parseJsonBody(request("POST", "\ufeff{}", json)),
    fault(400, "Malformed request body"),
  );
});

Deno.test("parseJsonBody: an empty POST/PUT body and other methods have no body", async () => {
  equal(await parseJsonBody(request("POST")), undefined);
  equal(await parseJsonBody(request("POST", "")), undefined);
  equal(await parseJsonBody(request("PUT", "", { "Content-Type": "application/json" })), undefined);
  equal(await parseJsonBody(request("GET")), undefined);
  equal(await parseJsonBody(request("DELETE", "garbage")), undefined);
});

Deno.test("parseJsonBody: malformed JSON is 400 Malformed request body", async () => {
  const json = { "Content-Type": "application/json" };
  for (const text of ["{", "{'a': 1}", "nope", "[1,]", '{"a": 1} x', "NaN"]) {
    await rejects(parseJsonBody(request("POST", text, json)), fault(400, "Malformed request body"));
  }
  await rejects(
    parseJsonBody(request("POST", new Uint8Array([0x7b, 0xff, 0x7d]), json)),
    fault(400, "Malformed request body"),
  );
});

Deno.test("parseJsonBody: content type is checked before the body", async () => {
  await rejects(
    parseJsonBody(request("POST", "{", { "Content-Type": "application/xml" })),
    fault(415, "Unsupported Content-Type"),
  );
});

const FLAVOR: Schema = {
  type: "object",
  properties: {
    flavor: {
      type: "object",
      properties: { name: { type: "string", minLength: 1 }, ram: { type: ["integer", "string"] } },
      required: ["name", "ram"],
      additionalProperties: false,
    },
  },
  required: ["flavor"],
  additionalProperties: false,
};

Deno.test("validateBody: passes valid bodies and raises Nova's 400 otherwise", () => {
  validateBody(FLAVOR, { flavor: { name: "m1", ram: 512 } });
  throws(() => validateBody(FLAVOR, null), fault(400, "None is not of type 'object'"));
  throws(() => validateBody(FLAVOR, {}), fault(400, "'flavor' is a required property"));
  throws(
    () => validateBody(FLAVOR, { flavor: { name: "m1" } }),
    fault(
      400,
      "Invalid input for field/attribute flavor. Value: {'name': 'm1'}. 'ram' is a required property",
    ),
  );
  throws(
    () => validateBody(FLAVOR, { flavor: { name: "", ram: 1 } }),
    fault(400, "Invalid input for field/attribute name. Value: . '' should be non-empty"),
  );
});

Deno.test("validateBody: legacy v2 relaxation strips unknown keys in place", () => {
  const body = { flavor: { name: "m1", ram: 1, junk: true }, other: 1 };
  validateBody(FLAVOR, body, { relaxAdditionalProperties: true });
  deepEqual(body, { flavor: { name: "m1", ram: 1 } });
});

Deno.test("peekAction: the single key of an action body", () => {
  equal(peekAction({ reboot: { type: "HARD" } }), "reboot");
  equal(peekAction({ "os-start": null }), "os-start");
  throws(() => peekAction(undefined), fault(400, "Malformed request body"));
  // len(None) is a TypeError in Nova's action_peek, which its resource answers with a 404.
  throws(() => peekAction(null), fault(404, "The resource could not be found."));
  throws(() => peekAction("ab"), fault(400, "Malformed request body"));
  throws(() => peekAction("a"), fault(404, "The resource could not be found."));
  throws(() => peekAction({}), fault(400, "Malformed request body"));
  throws(() => peekAction({ a: 1, b: 2 }), fault(400, "Malformed request body"));
  throws(() => peekAction([1, 2]), fault(400, "Malformed request body"));
  throws(() => peekAction(["reboot"]), fault(404, "The resource could not be found."));
  throws(() => peekAction(5), fault(404, "The resource could not be found."));
});
