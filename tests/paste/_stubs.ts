/**
 * Test doubles for paste loading: factories that record what they built and handlers that answer
 * with who they are, where they were mounted and which filters the request went through.
 *
 * @module
 */
import { environ } from "../../lib/http/environ.ts";
import type { Handler, Middleware } from "../../lib/http/types.ts";
import { buildPipeline } from "../../lib/paste/loader.ts";
import type {
  AppFactory,
  CompositeFactory,
  FactoryContext,
  FactoryTable,
  FilterFactory,
} from "../../lib/paste/types.ts";
import { URLMAP_COMPOSITES } from "../../lib/paste/urlmap.ts";

/** What the stub runtime carries: the auth strategy the v2.1 composite picks a pipeline by. */
export interface StubRuntime {
  authStrategy: string;
}

/** One factory call. */
export interface BuildRecord {
  kind: "app" | "filter" | "composite";
  name: string;
  ctx: FactoryContext<unknown>;
}

/** What a stub app answers. */
export interface StubAnswer {
  app: string;
  scriptName: string;
  pathInfo: string;
  trail: string[];
}

/** The dotted names in Nova's api-paste.ini files, by what they build. */
export const NOVA_APPS = [
  "nova.api.metadata.handler:MetadataRequestHandler.factory",
  "nova.api.openstack.compute:APIRouterV21.factory",
  "nova.api.openstack.compute.versions:Versions.factory",
  "nova.api.openstack.compute.versions:VersionsV2.factory",
];

/** The filter dotted names in Nova's api-paste.ini files. */
export const NOVA_FILTERS = [
  "nova.api.openstack.requestlog:RequestLog.factory",
  "nova.api.compute_req_id:ComputeReqIdMiddleware.factory",
  "nova.api.openstack:FaultWrapper.factory",
  "nova.api.openstack.auth:NoAuthMiddleware.factory",
  "nova.profiler:WsgiMiddleware.factory",
  "oslo_middleware:RequestBodySizeLimiter.factory",
  "oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory",
  "nova.api.openstack:LegacyV2CompatibleWrapper.factory",
  "oslo_middleware.cors:filter_factory",
  "nova.api.auth:NovaKeystoneContext.factory",
  "keystonemiddleware.auth_token:filter_factory",
];

/** A stub app: answers JSON naming its section. */
export function stubApp(built: BuildRecord[], name: string): AppFactory<unknown> {
  return (ctx) => {
    built.push({ kind: "app", name, ctx });
    const handler: Handler = (request) => {
      const env = environ(request);
      const answer: StubAnswer = {
        app: ctx.section,
        scriptName: env.scriptName,
        pathInfo: env.pathInfo,
        trail: trailOf(request),
      };
      return Promise.resolve(Response.json(answer));
    };
    return handler;
  };
}

/** A stub filter: notes its section in the request's trail, then passes the request on. */
export function stubFilter(built: BuildRecord[], name: string): FilterFactory<unknown> {
  return (ctx) => {
    built.push({ kind: "filter", name, ctx });
    const middleware: Middleware = (request, next) => {
      trailOf(request).push(ctx.section);
      return next(request);
    };
    return middleware;
  };
}

/** A stand-in for `nova.api.auth:pipeline_factory_v21`: the pipeline under the auth strategy. */
export function stubPipelineFactory(built: BuildRecord[]): CompositeFactory<unknown> {
  return (loader, ctx) => {
    built.push({ kind: "composite", name: "nova.api.auth:pipeline_factory_v21", ctx });
    const strategy = (ctx.runtime as StubRuntime).authStrategy;
    return buildPipeline(loader, ctx.localConf[strategy].split(/\s+/));
  };
}

/** A table with every factory Nova's paste files name, recording into `built`. */
export function novaStubTable(built: BuildRecord[]): FactoryTable<unknown> {
  return {
    apps: Object.fromEntries(NOVA_APPS.map((name) => [name, stubApp(built, name)])),
    filters: Object.fromEntries(NOVA_FILTERS.map((name) => [name, stubFilter(built, name)])),
    composites: {
      ...URLMAP_COMPOSITES,
      "nova.api.auth:pipeline_factory_v21": stubPipelineFactory(built),
    },
  };
}

/** Send a GET to `path` and read the stub answer. */
export async function ask(
  app: Handler,
  path: string,
  headers?: HeadersInit,
): Promise<StubAnswer & { status: number }> {
  const response = await app(new Request(`http://localhost:8774${path}`, { headers }));
  return { status: response.status, ...(await response.json()) };
}

function trailOf(request: Request): string[] {
  const notes = environ(request).notes;
  notes.trail ??= [];
  return notes.trail as string[];
}
