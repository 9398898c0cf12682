/**
 * The metadata application (`nova.api.metadata.handler:MetadataRequestHandler.factory`), in Nova's
 * order: `/` (the EC2 version listing) is served to anyone, whatever the method; every other path
 * first identifies the instance asking (see `identify.ts`) and only then is looked up in that
 * instance's trees (`serve.ts`).
 *
 * @module
 */
import { ec2Listing, openstackListing } from "./versions.ts";
import { type IdentifiedInstance, instanceIdentifier, type InstanceLookup } from "./identify.ts";
import { environ } from "../http/environ.ts";
import { text } from "../http/respond.ts";
import { notFoundPage } from "../http/webob_error.ts";
import type { Handler } from "../http/types.ts";
import { normpath } from "./normpath.ts";

export { normpath } from "./normpath.ts";

/** Settings of {@link metadataApp}. */
export interface MetadataAppOptions<T extends IdentifiedInstance>
  extends Partial<InstanceLookup<T>> {
  /** `[neutron] service_metadata_proxy` (default false). */
  serviceMetadataProxy?: boolean;
  /** `[neutron] metadata_proxy_shared_secret` (default ""). */
  sharedSecret?: string;
  /** Where warnings and errors go (default: nowhere). */
  log?: (line: string) => void;
  /** The clock, for the dates the listing hides (tests). */
  now?: () => Date;
  /**
   * Answer a path for the identified instance (see `serve.ts`). Without it, an identified
   * instance gets the OpenStack version listing at `/openstack` and 404 elsewhere.
   */
  respond?: (request: Request, instance: T, pathInfo: string) => Promise<Response>;
}

const nobody = () => Promise.resolve(null);

/** Build the metadata app. Look-ups that are not given find nothing. */
export function metadataApp<T extends IdentifiedInstance = IdentifiedInstance>(
  options: MetadataAppOptions<T> = {},
): Handler {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  if (options.serviceMetadataProxy && !options.sharedSecret) {
    log(
      "WARNING metadata_proxy_shared_secret is not configured, the metadata information " +
        "returned by the proxy cannot be trusted",
    );
  }
  const identify = instanceIdentifier<T>({
    serviceMetadataProxy: options.serviceMetadataProxy ?? false,
    sharedSecret: options.sharedSecret ?? "",
    lookupByAddress: options.lookupByAddress ?? nobody,
    lookupById: options.lookupById ?? nobody,
    lookupByProvider: options.lookupByProvider,
    log,
  });
  return async (request) => {
    const pathInfo = environ(request).pathInfo;
    if (normpath(pathInfo) === "/") return text(ec2Listing().join("\n"));
    const found = await identify(request);
    if ("response" in found) return found.response;
    if (options.respond) return await options.respond(request, found.instance, pathInfo);
    if (normpath(pathInfo) === "/openstack") {
      return text(openstackListing(now().toISOString().slice(0, 10)).join("\n"));
    }
    return notFoundPage(request);
  };
}
