/**
 * The paste filters that build from configuration alone, and oslo.middleware's healthcheck app:
 * the rows both services' factory tables share (`factories.ts` for the compute process,
 * `metadata_factories.ts` for the metadata process). Nothing here imports code on first use, so
 * neither table drags another API's module graph into the other process's start-up.
 *
 * @module
 */
import type { AppFactory, FactoryContext, FilterFactory } from "../paste/types.ts";
import { PasteError } from "../paste/mod.ts";
import {
  computeRequestId,
  cors,
  faultwrap,
  healthcheck,
  healthcheckApp,
  healthcheckOptions,
  httpProxyToWsgi,
  legacyV2Compatible,
  noauth2,
  osprofiler,
  requestLog,
  sizeLimit,
} from "../middleware/mod.ts";
import { notFoundPage } from "../http/webob_error.ts";
import type { ServiceRuntime } from "./runtime.ts";

/** A filter factory of this port's services. */
export type Filter = FilterFactory<ServiceRuntime>;

const warned = new WeakMap<ServiceRuntime, Set<string>>();

/** Log a start-up warning once per process, however many pipelines build the same thing. */
export function warnOnce(runtime: ServiceRuntime, line: string): void {
  const seen = warned.get(runtime) ?? new Set<string>();
  warned.set(runtime, seen);
  if (seen.has(line)) return;
  seen.add(line);
  runtime.log(line);
}

const corsFilter: Filter = ({ runtime: { config } }) =>
  cors({
    allowedOrigin: config.get<string[]>("cors", "allowed_origin") ?? [],
    allowCredentials: config.get<boolean>("cors", "allow_credentials"),
    exposeHeaders: config.get<string[]>("cors", "expose_headers"),
    maxAge: config.get<number | null>("cors", "max_age"),
    allowMethods: config.get<string[]>("cors", "allow_methods"),
    allowHeaders: config.get<string[]>("cors", "allow_headers"),
  });

const proxyFilter: Filter = ({ runtime: { config } }) =>
  httpProxyToWsgi({
    enabled: config.get<boolean>("oslo_middleware", "enable_proxy_headers_parsing"),
  });

const sizeLimitFilter: Filter = ({ runtime: { config } }) =>
  sizeLimit({ maxBytes: config.get<number>("oslo_middleware", "max_request_body_size") });

const noauthFilter: Filter = ({ runtime }) => {
  const host = runtime.config.get<string>("DEFAULT", "osapi_compute_listen");
  if (!/^(127\.|::1$|localhost$)/.test(host)) {
    warnOnce(
      runtime,
      `WARNING noauth2 is enabled and the compute API listens on ${host}: anyone who can reach ` +
        "it can act as any user, including admin",
    );
  }
  // Nova's noauth2 grants no roles; Nova master's default policy is role based, so without roles
  // even "admin" could do nothing. Grant the roles the names promise: admin is admin, others
  // are members of their project.
  return noauth2({
    log: (line) => warnOnce(runtime, line),
    rolesFor: (user) => user === "admin" ? ["admin", "member", "reader"] : ["member", "reader"],
  });
};

/** oslo.middleware's healthcheck settings: `[healthcheck]` under the paste section's own keys. */
function healthcheckSettings(
  { runtime, globalConf, localConf, file, section }: FactoryContext<ServiceRuntime>,
) {
  try {
    return healthcheckOptions(
      runtime.config,
      { ...globalConf, ...localConf },
      (line) => warnOnce(runtime, line),
    );
  } catch (error) {
    throw new PasteError({ file, section }, `[${section}] ${(error as Error).message}`);
  }
}

/** oslo.middleware's healthcheck as a filter (what Debian's and Ubuntu's paste files use). */
const healthcheckFilter: Filter = (ctx) => healthcheck(healthcheckSettings(ctx));

/** oslo.middleware's healthcheck as an app. */
const healthcheckAppFactory: AppFactory<ServiceRuntime> = (ctx) =>
  healthcheckApp(healthcheckSettings(ctx), (request) => Promise.resolve(notFoundPage(request)));

/** The filters every paste file of this port may name, by dotted name. */
export const COMMON_FILTERS: Record<string, Filter> = {
  "oslo_middleware.cors:filter_factory": corsFilter,
  "oslo_middleware:CORS.factory": corsFilter,
  "oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory": proxyFilter,
  "oslo_middleware:HTTPProxyToWSGI.factory": proxyFilter,
  "nova.api.compute_req_id:ComputeReqIdMiddleware.factory": () => computeRequestId(),
  "nova.api.openstack:FaultWrapper.factory": ({ runtime }) =>
    faultwrap({ log: (line) => runtime.log(line) }),
  "nova.api.openstack.requestlog:RequestLog.factory": ({ runtime }) =>
    requestLog({
      log: (line) => runtime.log(line),
      format: runtime.config.get<string>("deno", "log_format") === "json" ? "json" : "text",
    }),
  "oslo_middleware:RequestBodySizeLimiter.factory": sizeLimitFilter,
  "oslo_middleware.sizelimit:RequestBodySizeLimiter.factory": sizeLimitFilter,
  "nova.profiler:WsgiMiddleware.factory": ({ runtime }) =>
    osprofiler({ enabled: runtime.config.get<boolean>("profiler", "enabled") }),
  "nova.api.openstack:LegacyV2CompatibleWrapper.factory": () => legacyV2Compatible(),
  "nova.api.openstack.auth:NoAuthMiddleware.factory": noauthFilter,
  "egg:oslo.middleware#healthcheck": healthcheckFilter,
  "oslo_middleware:Healthcheck.factory": healthcheckFilter,
  "oslo_middleware.healthcheck:Healthcheck.factory": healthcheckFilter,
};

/** oslo.middleware's healthcheck as an app, under the names paste files use for it. */
export const HEALTHCHECK_APPS: Record<string, AppFactory<ServiceRuntime>> = {
  "egg:oslo.middleware#healthcheck": healthcheckAppFactory,
  "oslo_middleware:Healthcheck.app_factory": healthcheckAppFactory,
  "oslo_middleware.healthcheck:Healthcheck.app_factory": healthcheckAppFactory,
};
