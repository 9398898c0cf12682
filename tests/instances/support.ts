/**
 * Test support for the instance domain: a real in-memory KV, a clock the test moves, a simple
 * port allocator over the caller's transaction (addresses handed out from a counter, each
 * guarded by a key asserted absent, so concurrent creates never share one), and a create input.
 *
 * @module
 */
import { configFromValues } from "../../lib/config/mod.ts";
import { DomainError } from "../../lib/errors/mod.ts";
import { type CreateServers, type InstanceDeps, instanceDeps } from "../../lib/instances/mod.ts";
import type { PortAllocator, PortRequest } from "../../lib/instances/mod.ts";
import type { Network, Port } from "../../lib/networks/types.ts";
import type { Transaction } from "../../lib/store/transaction.ts";

/** Run `body` with a fresh in-memory KV. */
export async function withKv(body: (kv: Deno.Kv) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await body(kv);
  } finally {
    kv.close();
  }
}

const seqKey = (network: string): Deno.KvKey => ["test-ports", "seq", network];
const ipKey = (network: string, ip: string): Deno.KvKey => ["test-ports", "ip", network, ip];

const STAGED = new WeakMap<Transaction, { seq: Map<string, number>; ips: Set<string> }>();

function stagedOf(tx: Transaction) {
  let s = STAGED.get(tx);
  if (!s) STAGED.set(tx, s = { seq: new Map(), ips: new Set() });
  return s;
}

/** A counter-based allocator: 10.0.x.y from a per-network counter, plus requested fixed IPs. */
export function counterPorts(): PortAllocator {
  return {
    async allocatePort(tx: Transaction, network: Network, req: PortRequest): Promise<Port> {
      let ip = req.fixedIp;
      if (ip === undefined) {
        // Reads may be stale (the commit then fails and runs again): skip taken addresses rather
        // than fail on what a stale read shows.
        // A transaction's reads do not see its own staged writes: remember what this one took.
        const staged = stagedOf(tx);
        let n = staged.seq.get(network.id) ?? (await tx.get<number>(seqKey(network.id))) ?? 0;
        do {
          n++;
          ip = `10.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
        } while (
          staged.ips.has(network.id + " " + ip) || (await tx.get(ipKey(network.id, ip))) !== null
        );
        staged.seq.set(network.id, n);
        tx.set(seqKey(network.id), n);
      } else if (
        stagedOf(tx).ips.has(network.id + " " + ip) ||
        (await tx.get(ipKey(network.id, ip))) !== null
      ) {
        throw new DomainError("invalid", `Fixed IP address ${ip} is already in use.`);
      }
      stagedOf(tx).ips.add(network.id + " " + ip);
      tx.set(ipKey(network.id, ip), req.deviceId);
      return {
        id: crypto.randomUUID(),
        network_id: network.id,
        mac_address: "fa:16:3e:00:00:01",
        fixed_ips: [{ subnet_id: network.subnets[0]?.id ?? "", ip_address: ip }],
        device_id: req.deviceId,
        device_owner: `compute:${req.availabilityZone}`,
        project_id: req.projectId,
        tag: req.tag ?? null,
        created_at: new Date().toISOString(),
      };
    },
    releasePorts(tx: Transaction, ports: Port[]) {
      for (const p of ports) {
        for (const f of p.fixed_ips) tx.delete(ipKey(p.network_id, f.ip_address));
      }
    },
  };
}

/** How many addresses the allocator holds on a network. */
export async function heldIps(kv: Deno.Kv, network: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of kv.list({ prefix: ["test-ports", "ip", network] })) {
    out.push(String(e.key[3]));
  }
  return out;
}

/** A clock a test moves by hand. */
export class TestClock {
  ms: number;
  constructor(start = Date.parse("2024-05-01T12:00:00.000Z")) {
    this.ms = start;
  }
  now = (): Date => new Date(this.ms);
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** Deps from configuration `values`, the counter allocator and `clock`. */
export function testDeps(
  clock: TestClock,
  values: Record<string, Record<string, unknown>> = {},
): InstanceDeps {
  return instanceDeps(configFromValues(values), counterPorts(), clock.now);
}

/** The quick start's `private` network. */
export const PRIVATE: Network = {
  id: "net-private",
  name: "private",
  project_id: null,
  shared: true,
  mtu: 1500,
  subnets: [{
    id: "subnet-private",
    network_id: "net-private",
    name: "private-subnet",
    ip_version: 4,
    cidr: "10.0.0.0/16",
    gateway_ip: "10.0.0.1",
    dns_nameservers: [],
    allocation_pools: [{ start: "10.0.0.2", end: "10.0.255.254" }],
    enable_dhcp: true,
  }],
};

/** A create of one m1.tiny-like server on `private` for project p1, user u1. */
export function createInput(overrides: Partial<CreateServers> = {}): CreateServers {
  return {
    context: { projectId: "p1", userId: "u1", isAdmin: false },
    name: "vm1",
    flavor: {
      flavorid: "1",
      name: "m1.tiny",
      memory_mb: 512,
      vcpus: 1,
      root_gb: 1,
      ephemeral_gb: 0,
      swap: 0,
      rxtx_factor: 1,
      extra_specs: {},
      description: null,
    },
    image: null,
    networks: [{ network: PRIVATE }],
    metadata: {},
    userData: null,
    keyName: null,
    keyData: null,
    description: null,
    tags: [],
    securityGroups: [],
    blockDeviceMapping: [],
    configDrive: false,
    accessIpV4: null,
    accessIpV6: null,
    minCount: 1,
    maxCount: 1,
    schedulerHints: {},
    trustedCerts: null,
    ...overrides,
  };
}
