/**
 * A tiny stand-in for Keystone's token API, for the unit-level edge cases of auth_token (the real
 * Keystone tests are tests/interop/keystone.test.ts). It issues service tokens for one service
 * user, validates the tokens a test registers, counts requests, and can be told to fail.
 *
 * @module
 */

/** A token the fake knows. */
export interface FakeToken {
  userId: string;
  userName?: string;
  projectId?: string;
  projectName?: string;
  domainId?: string;
  system?: boolean;
  roles: string[];
  /** ms since epoch; default one hour from registration. */
  expiresAt?: number;
  isAdminProject?: boolean;
  applicationCredential?: Record<string, unknown>;
}

/** What the fake does with every request. */
export type FakeMode = "ok" | "error500" | "close";

/** A running fake. */
export interface FakeKeystone {
  url: string;
  /** Register a token; returns it. */
  add(token: string, data: FakeToken): string;
  /** Forget a token (as a revocation would). */
  revoke(token: string): void;
  /** Make Keystone refuse the current service tokens (their next use gets 401). */
  expireServiceTokens(): void;
  mode: FakeMode;
  /** Counters: `validate`, `authenticate`, `refused` (401s on validation). */
  counts: { validate: number; authenticate: number; refused: number };
  /** Query strings of validations, most recent last. */
  queries: string[];
  close(): Promise<void>;
}

const SERVICE = { user: "nova", password: "pw" };

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Start the fake on an ephemeral port. */
export function startFakeKeystone(): FakeKeystone {
  const tokens = new Map<string, FakeToken>();
  const serviceTokens = new Set<string>();
  let serial = 0;
  let url = "";
  const body = (data: FakeToken, withCatalog: boolean) => {
    const token: Record<string, unknown> = {
      methods: ["password"],
      user: {
        id: data.userId,
        name: data.userName ?? data.userId,
        domain: { id: "default", name: "Default" },
      },
      roles: data.roles.map((name, i) => ({ id: `r${i}`, name })),
      expires_at: iso(data.expiresAt!),
      issued_at: iso(Date.now()),
    };
    if (data.projectId) {
      token.project = {
        id: data.projectId,
        name: data.projectName ?? data.projectId,
        domain: { id: "default", name: "Default" },
      };
    }
    if (data.domainId) token.domain = { id: data.domainId, name: data.domainId };
    if (data.system) token.system = { all: true };
    if (data.isAdminProject === false) token.is_admin_project = false;
    if (data.applicationCredential) token.application_credential = data.applicationCredential;
    if (withCatalog) {
      token.catalog = [
        {
          type: "identity",
          name: "keystone",
          id: "ks",
          endpoints: [
            { interface: "public", region: "RegionOne", region_id: "RegionOne", url: `${url}/v3/` },
            {
              interface: "internal",
              region: "RegionOne",
              region_id: "RegionOne",
              url: `${url}/v3/`,
            },
          ],
        },
        {
          type: "compute",
          name: "nova",
          id: "nv",
          endpoints: [{ interface: "public", region: "RegionOne", url: "http://nova/v2.1" }],
        },
      ];
    }
    return { token };
  };

  const fake: FakeKeystone = {
    url: "",
    mode: "ok",
    counts: { validate: 0, authenticate: 0, refused: 0 },
    queries: [],
    add(token, data) {
      tokens.set(token, { ...data, expiresAt: data.expiresAt ?? Date.now() + 3600_000 });
      return token;
    },
    revoke(token) {
      tokens.delete(token);
    },
    expireServiceTokens() {
      serviceTokens.clear();
    },
    close: () => server.shutdown(),
  };

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (req, info) => {
      if (fake.mode === "error500") {
        return new Response("boom", { status: 500 });
      }
      if (fake.mode === "close") {
        // answer nothing useful: drop the connection by failing the handler
        info.completed.catch(() => {});
        throw new Error("connection dropped on purpose");
      }
      const u = new URL(req.url);
      if (u.pathname === "/v3/auth/tokens" && req.method === "POST") {
        fake.counts.authenticate++;
        const auth = await req.json();
        const user = auth?.auth?.identity?.password?.user;
        if (user?.name !== SERVICE.user || user?.password !== SERVICE.password) {
          return Response.json({ error: { code: 401 } }, { status: 401 });
        }
        const token = `svc-${++serial}`;
        serviceTokens.add(token);
        const data: FakeToken = {
          userId: "nova-id",
          userName: "nova",
          projectId: "service-id",
          roles: ["admin", "service"],
          expiresAt: Date.now() + 3600_000,
        };
        return Response.json(body(data, true), {
          status: 201,
          headers: { "x-subject-token": token },
        });
      }
      if (u.pathname === "/v3/auth/tokens" && req.method === "GET") {
        fake.counts.validate++;
        fake.queries.push(u.search);
        if (!serviceTokens.has(req.headers.get("x-auth-token") ?? "")) {
          fake.counts.refused++;
          return Response.json({ error: { code: 401 } }, { status: 401 });
        }
        const subject = req.headers.get("x-subject-token") ?? "";
        const data = tokens.get(subject);
        const allowExpired = u.searchParams.get("allow_expired") === "1";
        if (!data || (!allowExpired && data.expiresAt! <= Date.now())) {
          return Response.json({ error: { code: 404 } }, { status: 404 });
        }
        return Response.json(body(data, !u.searchParams.has("nocatalog")));
      }
      return new Response("not found", { status: 404 });
    },
  );
  url = `http://127.0.0.1:${server.addr.port}`;
  fake.url = url;
  return fake;
}
