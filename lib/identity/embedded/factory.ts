/**
 * The paste app factory of the embedded identity service, for the factory table
 * (`nova_deno.identity:app_factory`): reads `[identity]` from the process configuration. On Deno
 * Deploy with no `signing_key_file`, the signing key and revocations live in the process's store.
 *
 * @module
 */

import type { Config } from "../../config/mod.ts";
import type { AppFactory } from "../../paste/types.ts";
import { identityApp } from "./app.ts";
import { identityOptions } from "./options.ts";

/**
 * Builds the identity app from the runtime's configuration.
 *
 * @example
 * ```ts
 * const apps = { "nova_deno.identity:app_factory": identityAppFactory };
 * ```
 */
export const identityAppFactory: AppFactory<{ config: Config; kv?: () => Promise<Deno.Kv> }> =
  async ({ runtime }) =>
    identityApp(
      await identityOptions(
        runtime.config,
        runtime.kv ? { kv: () => runtime.kv!(), deployed: onDenoDeploy() } : undefined,
      ),
    );

/** Whether this process runs on Deno Deploy (`DENO_DEPLOYMENT_ID` is set there). */
export function onDenoDeploy(): boolean {
  try {
    return (Deno.env.get("DENO_DEPLOYMENT_ID") ?? "") !== "";
  } catch {
    return false;
  }
}
