/**
 * The power and lock actions of `POST /servers/{id}/action` (Nova's `ServersController` reboot,
 * os-start, os-stop and trigger_crash_dump, `PauseServerController`, `SuspendServerController` and
 * `LockServerController`): each looks the server up, checks its policy against the server's
 * project, asks the instance domain and answers 202 with no body. The domain's 409s (locked, not
 * ready, invalid state) carry Nova's messages.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { empty } from "../../http/respond.ts";
import {
  type ActionActor,
  type Instance,
  isExpectedLockedBy,
  lockServer,
  pauseServer,
  rebootServer,
  resumeServer,
  startServer,
  stopServer,
  suspendServer,
  triggerCrashDump,
  unlockServer,
  unpauseServer,
} from "../../instances/mod.ts";
import type { InstanceDeps } from "../../instances/mod.ts";
import { findServer, P } from "./handlers.ts";
import { anyValueAction, LOCK_V273, REBOOT, TRIGGER_CRASH_DUMP } from "./actions_schemas.ts";
import { NO_BODY_RESPONSE } from "./response_schemas.ts";

const ACTION_PATH = "/servers/{id}/action";

/** Nova's answer to an accepted action: 202, no body. */
function accepted(): Response {
  return empty(202, { "content-type": "application/json" });
}

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** Which fields of the server the policy target names (Nova varies it per action). */
type Target = "project" | "user-and-project";

function targetOf(instance: Instance, target: Target): Record<string, unknown> {
  return target === "project"
    ? { project_id: instance.project_id }
    : { user_id: instance.user_id, project_id: instance.project_id };
}

type Act = (req: ApiRequest, instance: Instance) => Promise<unknown>;

/** A handler: find the server, check `rule` on it, run `act`, answer 202. */
function actionHandler(rule: string, target: Target, act: Act) {
  return async (req: ApiRequest): Promise<Response> => {
    const instance = await findServer(req, req.params.id);
    req.runtime.authorize(rule, req.context, targetOf(instance, target));
    await act(req, instance);
    return accepted();
  };
}

type PowerFn = (
  kv: Deno.Kv,
  uuid: string,
  actor: ActionActor,
  deps: InstanceDeps,
) => Promise<unknown>;

function powerHandler(rule: string, target: Target, fn: PowerFn) {
  return actionHandler(
    rule,
    target,
    (req, instance) => fn(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances),
  );
}

/** `reboot` (`type` SOFT or HARD, in any case Nova accepts). */
export const reboot = actionHandler(P("reboot"), "project", (req, instance) => {
  const type = (req.body as { reboot: { type: string } }).reboot.type.toUpperCase();
  return rebootServer(
    req.runtime.kv,
    instance.uuid,
    type === "HARD" ? "HARD" : "SOFT",
    actorOf(req),
    req.runtime.instances,
  );
});

/** `os-stop`. */
export const stop = powerHandler(P("stop"), "user-and-project", stopServer);
/** `os-start`. */
export const start = powerHandler(P("start"), "user-and-project", startServer);

/** `trigger_crash_dump` (2.17). */
export const crashDump = powerHandler(
  P("trigger_crash_dump"),
  "user-and-project",
  triggerCrashDump,
);

const PS = (name: string) => `os_compute_api:os-pause-server:${name}`;
const SS = (name: string) => `os_compute_api:os-suspend-server:${name}`;
const LS = (name: string) => `os_compute_api:os-lock-server:${name}`;

/** `pause`. */
export const pause = powerHandler(PS("pause"), "user-and-project", pauseServer);
/** `unpause`. */
export const unpause = powerHandler(PS("unpause"), "project", unpauseServer);
/** `suspend`. */
export const suspend = powerHandler(SS("suspend"), "user-and-project", suspendServer);
/** `resume`. */
export const resume = powerHandler(SS("resume"), "project", resumeServer);

/** `lock`, with `locked_reason` from 2.73. */
export const lock = actionHandler(LS("lock"), "user-and-project", (req, instance) => {
  const body = (req.body as { lock: unknown }).lock;
  let reason: string | null = null;
  if (req.version.atLeast("2.73") && body !== null && typeof body === "object") {
    reason = (body as { locked_reason?: string }).locked_reason ?? null;
  }
  return lockServer(req.runtime.kv, instance.uuid, actorOf(req), reason, req.runtime.instances);
});

/** `unlock`: a lock taken by someone else (owner vs admin) also needs `unlock_override`. */
export const unlock = actionHandler(LS("unlock"), "project", (req, instance) => {
  if (!isExpectedLockedBy(instance, actorOf(req))) {
    req.runtime.authorize(LS("unlock:unlock_override"), req.context, {
      project_id: instance.project_id,
    });
  }
  return unlockServer(req.runtime.kv, instance.uuid, req.runtime.instances, actorOf(req));
});

/** The rows of the power and lock actions. */
export const SERVER_ACTION_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: ACTION_PATH,
    action: "reboot",
    response: NO_BODY_RESPONSE,
    body: REBOOT,
    handler: reboot,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-start",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("os-start"),
    handler: start,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-stop",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("os-stop"),
    handler: stop,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "trigger_crash_dump",
    response: NO_BODY_RESPONSE,
    min: "2.17",
    body: TRIGGER_CRASH_DUMP,
    handler: crashDump,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "pause",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("pause"),
    handler: pause,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "unpause",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("unpause"),
    handler: unpause,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "suspend",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("suspend"),
    handler: suspend,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "resume",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("resume"),
    handler: resume,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "lock",
    response: NO_BODY_RESPONSE,
    body: [["2.73", LOCK_V273], ["2.1", anyValueAction("lock")]],
    handler: lock,
  },
  // Nova checks unlock's body up to 2.72 only.
  {
    method: "POST",
    path: ACTION_PATH,
    action: "unlock",
    response: NO_BODY_RESPONSE,
    max: "2.72",
    body: anyValueAction("unlock"),
    handler: unlock,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "unlock",
    response: NO_BODY_RESPONSE,
    min: "2.73",
    handler: unlock,
  },
];
