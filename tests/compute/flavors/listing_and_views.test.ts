/**
 * Pure pieces: the views' microversion gates, Nova-style next links (the shared collection
 * helper, as the flavor views use it), and the extra-spec rules.
 */
import assert from "node:assert/strict";
import { ApiVersion } from "../../../lib/compute/api_version.ts";
import { nextLink, pyUrlencode } from "../../../lib/compute/collection.ts";
import { flavorBasic, flavorDetail, flavorList } from "../../../lib/compute/flavors/views.ts";
import { validateExtraSpec } from "../../../lib/compute/flavors/extra_specs/registry.ts";
import { NovaFault } from "../../../lib/http/fault.ts";
import { flavorRecord } from "../../support/flavor_records.ts";

Deno.test("views gate fields by microversion", () => {
  const links = { self: "http://h/v2.1", bookmark: "http://h" };
  const f = flavorRecord(1, "1", { swap: 0, description: "d", extra_specs: { a: "b" } });
  const v = (s: string) => ApiVersion.parse(s);
  assert.deepEqual(Object.keys(flavorBasic(f, v("2.54"), links)), ["id", "name", "links"]);
  assert.equal(flavorBasic(f, v("2.55"), links).description, "d");
  const old = flavorDetail(f, v("2.1"), links, false);
  assert.equal(old.swap, "");
  assert.ok(!("description" in old) && !("extra_specs" in old));
  assert.deepEqual(flavorDetail(f, v("2.61"), links, true).extra_specs, { a: "b" });
  const latest = flavorDetail(f, v("2.102"), links, true);
  assert.equal(latest.swap, 0);
  assert.ok(!("rxtx_factor" in latest) && !("OS-FLV-DISABLED:disabled" in latest));
});

Deno.test("next links encode like Python's urlencode, parameters sorted, marker replaced", () => {
  assert.equal(pyUrlencode([["a b", "x~y*z"], ["k", "é"]]), "a+b=x~y%2Az&k=%C3%A9");
  const q = new URLSearchParams("sort_key=name&marker=old&limit=2&limit=1");
  assert.deepEqual(nextLink("http://h/v2.1/flavors", q, "m 1"), {
    rel: "next",
    href: "http://h/v2.1/flavors?limit=2&marker=m+1&sort_key=name",
  });
});

Deno.test("flavorList links the next page only when the page is full", () => {
  const url = "http://h/v2.1/flavors";
  const two = [flavorRecord(1, "1"), flavorRecord(2, "2")];
  const page = (query: string) => ({
    collectionUrl: url,
    query: new URLSearchParams(query),
    maxLimit: 1000,
  });
  assert.deepEqual(flavorList([], two, page("limit=2")).flavors_links, [
    { rel: "next", href: `${url}?limit=2&marker=2` },
  ]);
  assert.ok(!("flavors_links" in flavorList([], two, page("limit=3"))));
  assert.ok(!("flavors_links" in flavorList([], two, page(""))));
  assert.ok(!("flavors_links" in flavorList([], [], page("limit=0"))));
  // max_limit caps the requested limit: a page of max_limit items is full.
  assert.equal(
    (flavorList([], two, { ...page("limit=5"), maxLimit: 2 }).flavors_links as unknown[]).length,
    1,
  );
});

Deno.test("extra-spec rules: values, names, namespaces", () => {
  const rejects = (name: string, value: string, message: string) =>
    assert.throws(() => validateExtraSpec(name, value), (e: unknown) => {
      assert.ok(e instanceof NovaFault);
      assert.equal(e.status, 400);
      assert.equal(e.message, message);
      return true;
    });
  validateExtraSpec("hw:cpu_policy", "mixed");
  validateExtraSpec("hw:numa_nodes", " +2 ");
  validateExtraSpec("hw:numa_mem.1", "1024");
  validateExtraSpec("hw:redirected_usb_ports", "15");
  validateExtraSpec("trait:COMPUTE_STATUS_DISABLED", "forbidden");
  validateExtraSpec("resources_big:NET_BW_EGR_KILOBIT_PER_SEC", "1000");
  validateExtraSpec("pci_passthrough:alias", "a1:2,b1:1");
  validateExtraSpec("hide_hypervisor_id", "yes");
  validateExtraSpec("unknown:ns", "anything");
  rejects(
    "hw:redirected_usb_ports",
    "16",
    "Validation failed; '16' is greater than the max value of '15'.",
  );
  rejects("group_policy", "some", "Validation failed; 'some' is not one of: isolate, none.");
  rejects(
    "pci_passthrough:alias",
    "a1",
    String.raw`Validation failed; 'a1' is not of the format '[^:]+:\d+(?:\s*,\s*[^:]+:\d+)*'.`,
  );
  rejects(
    "quota:bogus",
    "1",
    "Validation failed; extra spec 'quota:bogus' does not appear to be a valid extra spec.",
  );
  rejects(
    "resources:NOT_A_CLASS",
    "1",
    "Validation failed; extra spec 'resources:NOT_A_CLASS' does not appear to be a valid extra spec.",
  );
});
