/**
 * Test support: servers created through the instance domain in the metadata service's own store,
 * on a loopback network (127.0.0.0/24), so the service finds them by the test client's address.
 *
 * @module
 */
import { type CreateServers, createServers, instanceDeps } from "../../lib/instances/mod.ts";
import type { Instance } from "../../lib/instances/types.ts";
import { networkCatalog } from "../../lib/networks/catalog.ts";
import { DEFAULT_IMAGE } from "../../lib/images/catalog.ts";
import { allocatePort, releasePorts } from "../../lib/networks/ports.ts";
import { createInput } from "../instances/support.ts";
import type { MetadataPipeline } from "./_pipeline.ts";

/** The network every test server is on; the client's own address 127.0.0.1 is a host of it. */
export const LOOPBACK_NETWORK = {
  OS_NETWORKS__NETWORK:
    "name=lo, cidr=127.0.0.0/24, gateway=127.0.0.254, dns=127.0.0.53, dhcp=false, mtu=1450",
};

/** An hour ago: servers created then have finished building by the time the service reads them. */
const past = () => new Date(Date.now() - 3600_000);

/** Deps for the service's store, with a clock an hour behind (builds are long done). */
export function pastDeps(m: MetadataPipeline, clock: () => Date = past) {
  return instanceDeps(m.config, { allocatePort, releasePorts }, clock);
}

/**
 * Create one server of the quick start's image on the loopback network (at `fixedIp` when given)
 * and return its record.
 *
 * @example
 * ```ts
 * const vm = await createServer(m, { fixedIp: "127.0.0.1", name: "vm1" });
 * ```
 */
export async function createServer(
  m: MetadataPipeline,
  options: Partial<CreateServers> & {
    fixedIp?: string;
    projectId?: string;
    tag?: string;
    /** Create now (the build then takes `[deno] fake_boot_seconds`) rather than an hour ago. */
    now?: boolean;
  } = {},
): Promise<Instance> {
  const { fixedIp, projectId, tag, now, ...overrides } = options;
  const network = networkCatalog(m.config).list()[0];
  const [vm] = await createServers(
    m.kv,
    createInput({
      image: DEFAULT_IMAGE,
      networks: [{ network, fixedIp, tag }],
      context: { projectId: projectId ?? "p1", userId: "u1", isAdmin: false },
      ...overrides,
    }),
    pastDeps(m, now ? () => new Date() : past),
  );
  return vm;
}
