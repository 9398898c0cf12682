/**
 * The table that maps the dotted factory names of Nova's api-paste.ini files to this port's
 * middleware and apps, so a deployment's existing paste file loads unchanged. Each entry reads its
 * options from the process configuration, as the Python factories read `CONF`.
 *
 * @module
 */
import type { CompositeFactory, FactoryTable } from "../paste/types.ts";
import { buildPipeline, PasteError, URLMAP_COMPOSITES } from "../paste/mod.ts";
import { versionDocumentApp, versionsApp } from "../compute/versions.ts";
import type { RequestContext } from "../context/context.ts";
import { notFoundPage } from "../http/webob_error.ts";
import { imageVersionsApp } from "../glance/versions.ts";
import { checkComputeOptions } from "../compute/check_options.ts";
import { imageCatalog } from "../images/catalog.ts";
import { networkVersionsApp } from "../neutron/versions.ts";
import { networkCatalog } from "../networks/catalog.ts";
import { volumeVersionsApp } from "../cinder/versions.ts";
import type { ServiceRuntime } from "./runtime.ts";
import { lazyHandler, lazyMiddleware } from "./lazy.ts";
import { COMMON_FILTERS, type Filter, HEALTHCHECK_APPS, warnOnce } from "./filter_factories.ts";
import { rootHandlerOf } from "./root_handler.ts";
// What the compute pipeline checks at start-up, in the process's first module graph: Deno reads
// that graph in one pass, where each `import()` awaited while the pipeline is built costs a
// graph of its own, one after the other (some 20 ms of compute's start-up, measured).
import { authTokenOptions, authTokenWarnings } from "../identity/authtoken/options.ts";
import { keystoneContext } from "../middleware/keystonecontext.ts";
import { checkIdentityOptions } from "../identity/embedded/check_options.ts";
import { loadPolicyOverrides } from "../policy/policy-file.ts";

export { setRootHandler } from "./root_handler.ts";

/** Whether this process runs on Deno Deploy (`DENO_DEPLOYMENT_ID` is set there). */
function onDenoDeploy(): boolean {
  try {
    return (Deno.env.get("DENO_DEPLOYMENT_ID") ?? "") !== "";
  } catch {
    return false;
  }
}

/**
 * The status the compute API answers the caller for `GET /v2.1/servers/{id}`, asked in-process
 * through the runtime's own pipeline (never over the network: no Host header a client sends can
 * point the check elsewhere). 200 only when the answer is that very server.
 */
async function consoleServerStatus(
  runtime: ServiceRuntime,
  request: Request,
  id: string,
  token: string,
): Promise<number> {
  const root = rootHandlerOf(runtime);
  if (!root) return 502;
  try {
    const url = new URL(`/v2.1/servers/${encodeURIComponent(id)}`, request.url);
    const res = await root(
      new Request(url, { headers: { "X-Auth-Token": token, Accept: "application/json" } }),
    );
    const text = await res.text();
    if (res.status !== 200) return res.status;
    try {
      return (JSON.parse(text) as { server?: { id?: string } }).server?.id === id ? 200 : 502;
    } catch {
      return 502;
    }
  } catch {
    return 502;
  }
}

/**
 * keystonemiddleware's auth_token: `[keystone_authtoken]`, with the paste section's keys on top.
 * Its options are read at start-up; its code is imported on first use by the pipelines that use
 * it (the metadata service's has none).
 */
const authTokenFilter: Filter = async ({ runtime, globalConf, localConf }) => {
  const options = authTokenOptions(runtime.config, { ...globalConf, ...localConf });
  // What auth_token would find wrong when it starts is found now (a missing CA file stops
  // start-up); its code loads on first use (lazy.ts).
  if (options.cafile) options.caCerts = await Deno.readTextFile(options.cafile);
  for (const line of authTokenWarnings(options)) runtime.log(line);
  return lazyMiddleware(runtime, "auth_token", async () => {
    const { authToken } = await import("../identity/authtoken/middleware.ts");
    return authToken({ ...options, warned: true, log: (line) => runtime.log(line) });
  });
};

/**
 * Nova's NovaKeystoneContext: the request context from authtoken's headers. The policy files are
 * checked at start-up; the engine (Nova's rule defaults) is built for the first request through.
 */
const keystoneContextFilter: Filter = async ({ runtime }) => {
  await checkPolicyFiles(runtime);
  let isAdmin: ((ctx: RequestContext) => boolean) | undefined;
  const context = keystoneContext({
    isAdmin: (ctx) => isAdmin!(ctx),
    useForwardedFor: runtime.config.get<boolean>("api", "use_forwarded_for"),
  });
  return async (request, next) => {
    if (!isAdmin) {
      const [enforcer, { isAdminByPolicy }] = await Promise.all([
        runtime.policy(),
        import("../policy/admin.ts"),
      ]);
      isAdmin = (ctx) => isAdminByPolicy(enforcer, ctx);
    }
    return context(request, next);
  };
};

const policyChecks = new WeakMap<ServiceRuntime, Promise<unknown>>();

/**
 * Read and parse the `[oslo_policy]` files once per process, without building the policy engine
 * (Nova's rule defaults are some sixty modules, loaded with the engine on first use): what
 * start-up awaits, so that a bad file still stops it.
 */
function checkPolicyFiles(runtime: ServiceRuntime): Promise<unknown> {
  let checked = policyChecks.get(runtime);
  if (!checked) policyChecks.set(runtime, checked = loadPolicyOverrides(runtime.policyFiles()));
  return checked;
}

const flavorSeeds = new WeakMap<ServiceRuntime, Promise<void>>();

/**
 * `[deno] seed_flavors`: the classic m1.* flavors, written once per process before the compute
 * API answers its first request (not at start-up: `GET /` needs none of it).
 */
function seededFlavors(runtime: ServiceRuntime): Promise<void> {
  let seeded = flavorSeeds.get(runtime);
  if (!seeded) {
    seeded = runtime.config.get<boolean>("deno", "seed_flavors")
      ? Promise.all([import("../flavors/seed.ts"), runtime.kv()])
        .then(async ([{ seedClassicFlavors }, kv]) => {
          await seedClassicFlavors(kv);
        })
      : Promise.resolve();
    flavorSeeds.set(runtime, seeded);
  }
  return seeded;
}

/** `nova.api.auth:pipeline_factory_v21`: the pipeline under the `[api] auth_strategy` key. */
const pipelineFactoryV21: CompositeFactory<ServiceRuntime> = (loader, ctx) => {
  const strategy = ctx.runtime.config.get<string>("api", "auth_strategy");
  const pipeline = ctx.localConf[strategy];
  if (pipeline === undefined) {
    throw new PasteError(
      { file: ctx.file, section: ctx.section },
      `[${ctx.section}] has no "${strategy}" pipeline, which [api] auth_strategy = ${strategy} ` +
        "selects",
    );
  }
  if (strategy === "noauth2") {
    warnOnce(ctx.runtime, "WARNING [api] auth_strategy = noauth2 is deprecated and insecure");
  }
  return buildPipeline(loader, pipeline.trim().split(/\s+/));
};

/** Every dotted name this port implements. */
export const FACTORIES: FactoryTable<ServiceRuntime> = {
  filters: {
    ...COMMON_FILTERS,
    "keystonemiddleware.auth_token:filter_factory": authTokenFilter,
    "nova.api.auth:NovaKeystoneContext.factory": keystoneContextFilter,
  },
  apps: {
    ...HEALTHCHECK_APPS,
    // Nova's metadata handler, should a compute paste file name it: its code (the instance
    // domain's reads) is loaded only then.
    "nova.api.metadata.handler:MetadataRequestHandler.factory": async (ctx) =>
      (await import("./metadata_factories.ts")).METADATA_APPS[
        "nova.api.metadata.handler:MetadataRequestHandler.factory"
      ](ctx),
    "nova.api.openstack.compute.versions:Versions.factory": ({ runtime }) =>
      versionsApp({ linkPrefix: runtime.config.get<string>("api", "compute_link_prefix") ?? "" }),
    "nova.api.openstack.compute.versions:VersionsV2.factory": ({ runtime }) =>
      versionDocumentApp({
        linkPrefix: runtime.config.get<string>("api", "compute_link_prefix") ?? "",
      }),
    // The store opens, the policy files parse and the runtime's options are read at start-up, so
    // bad configuration stops the process; the runtime, the policy engine, the route table and
    // its handlers are built on first use (lazy.ts).
    "nova.api.openstack.compute:APIRouterV21.factory": async ({ runtime }) => {
      // One after the other: a failure leaves nothing of the other running behind it.
      await runtime.kv();
      await checkPolicyFiles(runtime);
      checkComputeOptions(runtime.config);
      return lazyHandler(runtime, "compute API", async () => {
        const [compute, { createRouter }, { COMPUTE_ROUTES }] = await Promise.all([
          runtime.compute(),
          import("../compute/router.ts"),
          import("../compute/routes.ts"),
          seededFlavors(runtime),
        ]);
        return createRouter(COMPUTE_ROUTES, compute, {
          linkPrefix: runtime.config.get<string>("api", "compute_link_prefix") ?? "",
        });
      });
    },
    // This port's own: the embedded Keystone v3 subset of the quick start.
    // Without [identity] users it serves nothing and keeps no signing key.
    // Its options (users, signing key) are read at start-up; the app loads on first use.
    "nova_deno.identity:app_factory": async ({ runtime }) => {
      if (runtime.config.get<string[]>("identity", "users").length === 0) {
        return (request) => Promise.resolve(notFoundPage(request));
      }
      // Its options are checked now; the service (directory, key, revocations) is built when
      // the identity API is first used.
      const deployed = onDenoDeploy();
      await checkIdentityOptions(runtime.config, deployed);
      return lazyHandler(runtime, "identity API", async () => {
        const [{ identityOptions }, { identityApp }] = await Promise.all([
          import("../identity/embedded/options.ts"),
          import("../identity/embedded/app.ts"),
        ]);
        return identityApp(
          await identityOptions(runtime.config, { kv: () => runtime.kv(), deployed }),
        );
      });
    },
    // This port's own: read-only Glance v2 and Neutron v2.0 subsets over the configured catalogs
    // (built here, at start-up, so a bad [images] or [networks] line stops the process).
    "nova_deno.glance:versions_factory": () => imageVersionsApp,
    "nova_deno.glance:app_factory": ({ runtime }) => {
      const catalog = imageCatalog(runtime.config);
      return lazyHandler(
        runtime,
        "image API",
        async () => (await import("../glance/app.ts")).glanceApp(catalog, { kv: runtime.kv }),
      );
    },
    "nova_deno.neutron:versions_factory": () => networkVersionsApp,
    "nova_deno.neutron:app_factory": ({ runtime }) => {
      const catalog = networkCatalog(runtime.config);
      return lazyHandler(
        runtime,
        "network API",
        async () => (await import("../neutron/app.ts")).neutronApp(catalog, runtime.kv),
      );
    },
    // This port's own: the Cinder v3 subset (volumes, snapshots, the default type) over the store.
    "nova_deno.cinder:versions_factory": () => volumeVersionsApp,
    "nova_deno.cinder:app_factory": ({ runtime }) => {
      const images = imageCatalog(runtime.config);
      return lazyHandler(
        runtime,
        "volume API",
        async () => (await import("../cinder/app.ts")).cinderApp({ kv: runtime.kv, images }),
      );
    },
    // This port's own: the web console at /console (off unless [console_ui] enabled).
    "nova_deno.console:app_factory": async ({ runtime }) => {
      const config = runtime.config;
      const enabled = config.get<boolean>("console_ui", "enabled");
      // Off (the default), it is a 404: its code (and node:crypto with it) is not loaded.
      if (!enabled) return (request) => Promise.resolve(notFoundPage(request));
      const { consoleApp } = await import("../console_ui/app.ts");
      return consoleApp({
        enabled: true,
        authUrl: config.get<string | null>("console_ui", "auth_url") ??
          (config.get<string[]>("identity", "users").length > 0
            ? "/identity/v3"
            : config.get<string | null>("keystone_authtoken", "www_authenticate_uri") ?? ""),
        metadata: await (await import("../metadata/service.ts")).metadataReader({
          config,
          kv: await runtime.kv(),
          log: (line) => runtime.log(line),
        }),
        serverStatus: (request, id, token) => consoleServerStatus(runtime, request, id, token),
        forward: (request) => {
          const root = rootHandlerOf(runtime);
          return root ? root(request) : Promise.resolve(new Response(null, { status: 502 }));
        },
      });
    },
  },
  composites: {
    ...URLMAP_COMPOSITES,
    "nova.api.auth:pipeline_factory_v21": pipelineFactoryV21,
  },
};
