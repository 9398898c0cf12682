/**
 * The console's calls to the compute API and the identity, made in-process through the runtime's
 * own pipeline with the session's token, so authentication and policy decide exactly as for any
 * other client. The token never leaves the server.
 *
 * @module
 */

/** The runtime's whole app (every mount), or a stand-in in tests. */
export type Forward = (request: Request) => Promise<Response>;

/** A compute answer: status, parsed JSON (null when none) and the fault's message. */
export interface ComputeAnswer {
  status: number;
  // deno-lint-ignore no-explicit-any
  data: any;
  message: string;
}

/** Calls `/v2.1{path}` as the session's user. */
export type Compute = (
  method: string,
  path: string,
  body?: unknown,
  version?: string,
) => Promise<ComputeAnswer>;

/** A compute caller for `token`, building URLs on `request`'s origin. */
export function computeClient(forward: Forward, request: Request, token: string): Compute {
  return async (method, path, body, version = "latest") => {
    const headers = new Headers({
      "X-Auth-Token": token,
      Accept: "application/json",
      "OpenStack-API-Version": `compute ${version}`,
    });
    if (body !== undefined) headers.set("Content-Type", "application/json");
    let res: Response;
    try {
      res = await forward(
        new Request(new URL(`/v2.1${path}`, request.url), {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    } catch {
      return { status: 502, data: null, message: "The compute API did not answer." };
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    let message = "";
    if (res.status >= 400) {
      const fault = data && typeof data === "object" ? Object.values(data)[0] : null;
      message = (fault && typeof fault === "object" && typeof (fault as { message?: unknown })
              .message === "string")
        ? (fault as { message: string }).message
        : `HTTP ${res.status}`;
    }
    return { status: res.status, data, message };
  };
}

/** What a log-in gives: the token and its role names, or the reason it failed. */
export type LoginResult =
  | { ok: true; token: string; roles: string[] }
  | { ok: false; status: number; message: string };

/**
 * Log in with a password scoped to a project (Default domain) against `authUrl`: a path on this
 * origin goes through `forward`, an absolute URL through `fetch`.
 */
export async function passwordLogin(
  forward: Forward | undefined,
  request: Request,
  authUrl: string,
  user: string,
  password: string,
  project: string,
): Promise<LoginResult> {
  if (!authUrl) return { ok: false, status: 503, message: "No identity service is configured." };
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: user, domain: { name: "Default" }, password } },
      },
      scope: { project: { name: project, domain: { name: "Default" } } },
    },
  });
  const absolute = /^https?:\/\//i.test(authUrl);
  const url = absolute ? `${authUrl}/auth/tokens` : new URL(`${authUrl}/auth/tokens`, request.url);
  const init = {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body,
  };
  let res: Response;
  try {
    if (absolute) res = await fetch(url, init);
    else if (forward) res = await forward(new Request(url, init));
    else return { ok: false, status: 503, message: "No identity service is configured." };
  } catch {
    return { ok: false, status: 502, message: "The identity service did not answer." };
  }
  const text = await res.text();
  if (res.status !== 201) {
    let message = `Log-in failed (HTTP ${res.status})`;
    try {
      message = JSON.parse(text).error.message || message;
    } catch { /* not JSON */ }
    return { ok: false, status: res.status === 401 ? 401 : 400, message };
  }
  const token = res.headers.get("X-Subject-Token") ?? "";
  let roles: string[] = [];
  try {
    roles = (JSON.parse(text).token.roles ?? []).map((r: { name: string }) => String(r.name));
  } catch { /* no roles */ }
  if (!token || /[\r\n]/.test(token)) {
    return { ok: false, status: 502, message: "The identity gave no token." };
  }
  return { ok: true, token, roles };
}
