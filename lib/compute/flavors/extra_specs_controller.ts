/**
 * Flavor extra specs (Nova's `flavors_extraspecs.py`): list, show, create/merge, update one,
 * delete one. From 2.86 every spec is checked against Nova's known extra specs
 * (`extra_specs/registry.ts`).
 *
 * Create and update answer with the request body as sent (numbers stay numbers); the stored
 * values, and everything read back, are strings.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import type { ApiRequest } from "../route.ts";
import type { ComputeRuntime } from "../runtime.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import {
  deleteFlavorExtraSpec,
  extraSpec,
  setFlavorExtraSpecs,
  visibleFlavor,
} from "../../flavors/mod.ts";
import { pyNumberRepr } from "../../validation/pyrepr.ts";
import { validateExtraSpec } from "./extra_specs/registry.ts";

/** Nova's extra-spec policy rules. */
export const EXTRA_SPECS_POLICY = {
  index: "os_compute_api:os-flavor-extra-specs:index",
  show: "os_compute_api:os-flavor-extra-specs:show",
  create: "os_compute_api:os-flavor-extra-specs:create",
  update: "os_compute_api:os-flavor-extra-specs:update",
  delete: "os_compute_api:os-flavor-extra-specs:delete",
} as const;

type Specs = Record<string, string | number>;

/** A spec value as stored: numbers as Python's `str()` writes them. */
function asText(value: string | number): string {
  return typeof value === "number" ? pyNumberRepr(value) : value;
}

/**
 * Nova's `_check_extra_specs_value`: a number's text must fit 255 characters (the schema only
 * bounds strings); from 2.86 each spec must pass the known-spec rules.
 */
function checkValues(version: ApiVersion, specs: Specs): void {
  const validate = version.atLeast("2.86");
  for (const [name, raw] of Object.entries(specs)) {
    const value = asText(raw);
    if (typeof raw === "number" && value.length > 255) {
      throw new NovaFault(
        400,
        `extra_specs value has ${value.length} characters, more than 255.`,
      );
    }
    if (validate) validateExtraSpec(name, value);
  }
}

async function store(runtime: ComputeRuntime, flavorid: string, specs: Specs): Promise<void> {
  const text = Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, asText(v)]));
  await setFlavorExtraSpecs(runtime.kv, flavorid, text);
}

/** `GET /flavors/{flavor_id}/os-extra_specs`. */
export async function index(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const flavor = await visibleFlavor(runtime.kv, req.context, req.params.flavor_id);
  return json({ extra_specs: flavor.extra_specs });
}

/** `GET /flavors/{flavor_id}/os-extra_specs/{id}`: `{key: value}`. */
export async function show(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const { flavor_id: flavorid, id: key } = req.params;
  const flavor = await visibleFlavor(runtime.kv, req.context, flavorid);
  return json({ [key]: extraSpec(flavor, key) });
}

/** `POST /flavors/{flavor_id}/os-extra_specs`: merge specs (200, not 201, as Nova answers). */
export async function create(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const specs = (req.body as { extra_specs: Specs }).extra_specs;
  checkValues(req.version, specs);
  const flavor = await visibleFlavor(runtime.kv, req.context, req.params.flavor_id);
  await store(runtime, flavor.flavorid, specs);
  return json(req.body);
}

/** `PUT /flavors/{flavor_id}/os-extra_specs/{id}`: set one spec; body `{id: value}`. */
export async function update(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const specs = req.body as Specs;
  checkValues(req.version, specs);
  if (!Object.hasOwn(specs, req.params.id)) {
    throw new NovaFault(400, "Request body and URI mismatch");
  }
  const flavor = await visibleFlavor(runtime.kv, req.context, req.params.flavor_id);
  await store(runtime, flavor.flavorid, specs);
  return json(req.body);
}

/** `DELETE /flavors/{flavor_id}/os-extra_specs/{id}` (200, empty body, as Nova answers). */
export async function remove(req: ApiRequest): Promise<Response> {
  const runtime = req.runtime;
  const { flavor_id: flavorid, id: key } = req.params;
  const flavor = await visibleFlavor(runtime.kv, req.context, flavorid);
  await deleteFlavorExtraSpec(runtime.kv, flavor.flavorid, key);
  return empty(200, { "content-type": "application/json" });
}
