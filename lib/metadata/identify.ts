/**
 * Which instance is asking: the first thing the metadata handler does for every path below `/`,
 * as Nova's `MetadataRequestHandler` does.
 *
 * - With `[neutron] service_metadata_proxy` off, by the peer address (`environ.remoteAddr`, which
 *   http_proxy_to_wsgi may have taken from a trusted proxy).
 * - With it on, Neutron's metadata proxy names the instance: `X-Instance-ID` and `X-Tenant-ID`,
 *   with `X-Instance-ID-Signature`, the hex HMAC-SHA256 of the instance id keyed with
 *   `[neutron] metadata_proxy_shared_secret`. A request carrying `X-Metadata-Provider` comes from
 *   a load-balanced provider instead: the instance is the one whose port on that provider's
 *   networks holds the first `X-Forwarded-For` address (exactly one port, else 400), signed with
 *   `X-Metadata-Provider-Signature` when a secret is set.
 *
 * The look-ups are passed in ({@link InstanceLookup}); each answers `null` when nothing matches,
 * and a thrown error becomes Nova's 500 for a failed look-up. The answers for a request that
 * identifies nobody are Nova's: 400 for missing or repeated headers, 403 for a bad signature,
 * 404 when no instance matches (or its project is not the one the proxy named).
 *
 * @module
 */
import { hmacSha256Hex } from "../crypto/sha256.ts";
import { environ } from "../http/environ.ts";
import { notFoundPage, webobErrorResponse } from "../http/webob_error.ts";

/** The least an identified instance tells the identifier: the project it belongs to. */
export interface IdentifiedInstance {
  projectId: string;
}

/** An instance behind a metadata provider's port (the load-balanced proxy path). */
export interface ProviderPort {
  instanceId: string;
  tenantId: string;
}

/**
 * What Neutron knows of a provider and an address: `null` when the provider has no subnets,
 * otherwise the ports on its networks holding the address (exactly one identifies an instance).
 */
export type ProviderPorts = ProviderPort[] | null;

/** The look-ups identification needs; each answers `null` when nothing matches. */
export interface InstanceLookup<T extends IdentifiedInstance> {
  /** The instance with this fixed IP address. */
  lookupByAddress(address: string): Promise<T | null>;
  /** The instance with this id; `address` is the proxy's `X-Forwarded-For`, when sent. */
  lookupById(instanceId: string, address: string | null): Promise<T | null>;
  /**
   * The ports holding `address` on the networks of `providerId` (Neutron's view). Without it, or
   * when it answers `null`, the provider has no subnets, as Nova answers then.
   */
  lookupByProvider?(providerId: string, address: string): Promise<ProviderPorts>;
}

/** Settings of {@link instanceIdentifier}. */
export interface IdentifyOptions<T extends IdentifiedInstance> extends InstanceLookup<T> {
  /** `[neutron] service_metadata_proxy`. */
  serviceMetadataProxy: boolean;
  /** `[neutron] metadata_proxy_shared_secret`. */
  sharedSecret: string;
  /** Where warnings and errors go. */
  log: (line: string) => void;
}

/** Either the instance, or the answer for a request that identifies none. */
export type Identification<T> = { instance: T } | { response: Response };

/** webob's page for an HTTP error raised with an explanation. */
function refuse(request: Request, status: 400 | 403 | 500, explanation: string): Response {
  const title = { 400: "Bad Request", 403: "Forbidden", 500: "Internal Server Error" }[status];
  return webobErrorResponse(request, { status, title, explanation });
}

const UNKNOWN_ERROR = "An unknown error has occurred. Please try your request again.";

/**
 * The hex HMAC-SHA256 of `id` keyed with `secret`: what Neutron's proxy sends as the signature.
 *
 * @example
 * ```ts
 * proxySignature("s3cret", "0c7b5a3e-1b59-4f4e-9f4c-3f5f1d0f4a11"); // 64 hex digits
 * ```
 */
export function proxySignature(secret: string, id: string): string {
  return hmacSha256Hex(secret, id);
}

/** Whether `signature` is the one expected for `id`, compared in constant time. */
function signatureMatches(secret: string, id: string, signature: string): boolean {
  const expected = new TextEncoder().encode(proxySignature(secret, id));
  const given = new TextEncoder().encode(signature);
  // Equal lengths before the comparison; only the length can leak, as with hmac.compare_digest.
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given[i] ^ expected[i];
  return diff === 0;
}

/** A header that was sent more than once reaches us joined with commas. */
function repeated(value: string): boolean {
  return value.includes(",");
}

/**
 * Build the identifier.
 *
 * @example
 * ```ts
 * const identify = instanceIdentifier({
 *   serviceMetadataProxy: false,
 *   sharedSecret: "",
 *   lookupByAddress: () => Promise.resolve(null),
 *   lookupById: () => Promise.resolve(null),
 *   log: console.error,
 * });
 * const found = await identify(request);
 * if ("response" in found) return found.response;
 * ```
 */
export function instanceIdentifier<T extends IdentifiedInstance>(
  opts: IdentifyOptions<T>,
): (request: Request) => Promise<Identification<T>> {
  /** Refuse a request whose signature is not the one `id` calls for (403). */
  const checkSignature = (
    request: Request,
    id: string,
    signature: string | null,
    from: string | null,
  ): Response | null => {
    if (signature && signatureMatches(opts.sharedSecret, id, signature)) return null;
    if (id) {
      opts.log(
        `WARNING X-Instance-ID-Signature: ${signature ?? "None"} does not match the expected ` +
          `signature for id: ${id}. Request From: ${from ?? "None"}`,
      );
    }
    return refuse(request, 403, "Invalid proxy request signature.");
  };

  /** The instance named by id, if its project is the one the proxy named. */
  const byId = async (
    request: Request,
    instanceId: string,
    tenantId: string,
    address: string | null,
  ): Promise<Identification<T>> => {
    let instance: T | null;
    try {
      instance = await opts.lookupById(instanceId, address);
    } catch (error) {
      opts.log(`ERROR Failed to get metadata for instance id: ${instanceId}: ${error}`);
      return { response: refuse(request, 500, UNKNOWN_ERROR) };
    }
    if (instance === null) {
      opts.log(`ERROR Failed to get metadata for instance id: ${instanceId}`);
      return { response: notFoundPage(request) };
    }
    if (instance.projectId !== tenantId) {
      opts.log(
        `WARNING Tenant_id ${tenantId} does not match tenant_id of instance ${instanceId}.`,
      );
      return { response: notFoundPage(request) };
    }
    return { instance };
  };

  /** Neutron's metadata proxy names the instance (and signs its id). */
  const fromProxy = (request: Request): Promise<Identification<T>> => {
    const headers = request.headers;
    const instanceId = headers.get("x-instance-id");
    const tenantId = headers.get("x-tenant-id");
    const signature = headers.get("x-instance-id-signature");
    const address = headers.get("x-forwarded-for");
    let problem: string | null = null;
    if (instanceId === null) problem = "X-Instance-ID header is missing from request.";
    else if (signature === null) {
      problem = "X-Instance-ID-Signature header is missing from request.";
    } else if (tenantId === null) problem = "X-Tenant-ID header is missing from request.";
    else if (repeated(instanceId)) problem = "Multiple X-Instance-ID headers found within request.";
    else if (repeated(tenantId)) problem = "Multiple X-Tenant-ID headers found within request.";
    if (problem !== null) return Promise.resolve({ response: refuse(request, 400, problem) });
    const refused = checkSignature(request, instanceId!, signature, address);
    if (refused) return Promise.resolve({ response: refused });
    return byId(request, instanceId!, tenantId!, address);
  };

  /** A load-balanced metadata provider names itself and the instance's address. */
  const fromProvider = async (request: Request): Promise<Identification<T>> => {
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded === null) {
      return { response: refuse(request, 400, "X-Forwarded-For is missing from request.") };
    }
    const providerId = request.headers.get("x-metadata-provider")!;
    const address = forwarded.split(",")[0];
    if (opts.sharedSecret) {
      const signature = request.headers.get("x-metadata-provider-signature");
      const refused = checkSignature(request, providerId, signature, address);
      if (refused) return { response: refused };
    }
    let ports: ProviderPorts = null;
    try {
      ports = await opts.lookupByProvider?.(providerId, address) ?? null;
    } catch (error) {
      opts.log(
        `ERROR Failed to get instance id for metadata request, provider ${providerId} ` +
          `requester ${address}. Error: ${error}`,
      );
      return { response: refuse(request, 400, UNKNOWN_ERROR) };
    }
    if (ports === null) {
      const message = `Could not find any subnets for provider ${providerId}`;
      opts.log(`ERROR ${message}`);
      return { response: refuse(request, 400, message) };
    }
    if (ports.length !== 1) {
      const message = `Expected a single port matching provider ${providerId} and IP ` +
        `${address}. Found ${ports.length}.`;
      opts.log(`ERROR ${message}`);
      return { response: refuse(request, 400, message) };
    }
    return byId(request, ports[0].instanceId, ports[0].tenantId, address);
  };

  /** The instance at the peer's address. */
  const fromAddress = async (request: Request): Promise<Identification<T>> => {
    if (request.headers.get("x-instance-id")) {
      opts.log(
        "WARNING X-Instance-ID present in request headers. The 'service_metadata_proxy' option " +
          "must be enabled to process this header.",
      );
    }
    const address = environ(request).remoteAddr;
    let instance: T | null;
    try {
      if (!address) throw new Error(`Fixed IP not found for address ${address}.`);
      instance = await opts.lookupByAddress(address);
    } catch (error) {
      opts.log(`ERROR Failed to get metadata for IP ${address}: ${error}`);
      return { response: refuse(request, 500, UNKNOWN_ERROR) };
    }
    if (instance === null) {
      opts.log(`ERROR Failed to get metadata for IP ${address}: no metadata`);
      return { response: notFoundPage(request) };
    }
    return { instance };
  };

  return (request) => {
    if (!opts.serviceMetadataProxy) return fromAddress(request);
    if (request.headers.get("x-metadata-provider")) return fromProvider(request);
    return fromProxy(request);
  };
}
