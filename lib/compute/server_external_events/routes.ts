/**
 * `POST /os-server-external-events` (Nova's `ServerExternalEventsController`): other services
 * (Neutron, Cinder, Cyborg, Ironic) tell Nova about its servers: the `service` role or an admin,
 * by default. The answer echoes each event with its `status` (`completed` when taken, `failed`
 * otherwise) and `code` (200, 400 without a needed tag, 404 for an unknown server, 422 for one
 * with no host); it is 200 when every event was taken and 207 otherwise, even when none was.
 * What taking an event does is the instance domain's (`lib/instances/external_events.ts`).
 *
 * @module
 */
import { json } from "../../http/respond.ts";
import { deliverExternalEvents, type ExternalEvent } from "../../instances/mod.ts";
import type { ApiRequest, Route } from "../route.ts";
import { CREATE_BODY } from "./schemas.ts";
import { CREATE_EVENTS_RESPONSE } from "./response_schemas.ts";

async function create(req: ApiRequest): Promise<Response> {
  const events = (req.body as { events: Record<string, unknown>[] }).events;
  const { userId, projectId, requestId } = req.context;
  const codes = await deliverExternalEvents(
    req.runtime.kv,
    events as unknown as ExternalEvent[],
    { userId, projectId, requestId },
    req.runtime.instances,
  );
  const answered = events.map((event, i) => ({
    ...event,
    status: codes[i] === 200 ? "completed" : "failed",
    code: codes[i],
  }));
  return json({ events: answered }, codes.every((c) => c === 200) ? 200 : 207);
}

/** The external events row. */
export const SERVER_EXTERNAL_EVENT_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/os-server-external-events",
    body: CREATE_BODY,
    policy: {
      rule: "os_compute_api:os-server-external-events:create",
      target: () => ({}),
    },
    response: CREATE_EVENTS_RESPONSE,
    handler: create,
  },
];
