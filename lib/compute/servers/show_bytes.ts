/**
 * `GET /servers/{id}` bodies kept as the bytes sent, per store and server, under the stored
 * version of the record they were rendered from and the rendering context (microversion, link
 * bases, policy outcomes, its host's status, image properties, server groups): a server asked for
 * again while its record has not changed is one read and the bytes.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import type { LinkBases } from "../router.ts";
import type { ShownServer } from "../../instances/mod.ts";
import { renderingContext, serverShow, type ServerViewOptions } from "./views.ts";
import { emptiedWhenIdle } from "../../caches/mod.ts";

/** Servers remembered per store (the oldest is dropped first). */
const SERVERS_KEPT = 1024;
/** Rendering contexts remembered per server version. */
const CONTEXTS_KEPT = 8;

let kept = new WeakMap<
  Deno.Kv,
  Map<string, { version: string; byContext: Map<string, Uint8Array<ArrayBuffer>> }>
>();
emptiedWhenIdle(() => kept = new WeakMap());
const utf8 = new TextEncoder();

/** Everything a server's show body depends on besides its record. */
function contextKey(
  shown: ShownServer,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
) {
  const { instance } = shown;
  const hostStatus = opts.hostStatus !== "none" && instance.host
    ? opts.hostStatusOf?.(instance.host) ?? "UP"
    : "";
  const image = version.atLeast("2.98") && instance.image_ref
    ? JSON.stringify(opts.imageProperties?.(instance.image_ref) ?? {})
    : "";
  return [
    renderingContext(version, links, opts),
    hostStatus,
    image,
    (opts.serverGroups ?? []).join(","),
  ].join("\u0000");
}

/**
 * The UTF-8 JSON of {@link serverShow} for `shown` (the bytes `JSON.stringify` writes), kept
 * with the record's stored version for the next request in the same context. A record that was
 * just brought up to the clock (no stored version yet) is rendered and not kept.
 *
 * @example
 * ```ts
 * jsonBytes(serverShowBytes(kv, shown, req.version, req.links, opts));
 * ```
 */
export function serverShowBytes(
  kv: Deno.Kv,
  shown: ShownServer,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
): Uint8Array<ArrayBuffer> {
  const render = () =>
    utf8.encode(JSON.stringify(serverShow(shown.instance, version, links, opts)));
  if (shown.version === null) return render();
  let servers = kept.get(kv);
  if (servers === undefined) kept.set(kv, servers = new Map());
  const uuid = shown.instance.uuid;
  let entry = servers.get(uuid);
  if (entry?.version !== shown.version) {
    if (entry !== undefined) servers.delete(uuid);
    if (servers.size >= SERVERS_KEPT) servers.delete(servers.keys().next().value!);
    servers.set(uuid, entry = { version: shown.version, byContext: new Map() });
  }
  const key = contextKey(shown, version, links, opts);
  let bytes = entry.byContext.get(key);
  if (bytes === undefined) {
    bytes = render();
    if (entry.byContext.size >= CONTEXTS_KEPT) entry.byContext.clear();
    entry.byContext.set(key, bytes);
  }
  return bytes;
}
