/**
 * The console's state-changing requests, all plain HTML form posts (the script sends the same
 * fields with `Accept: application/json` to stay on the page): create a server, act on one, the
 * emulator's controls. Each turns into one compute API call with the session's token; the answer
 * is a redirect (or `{redirect}` as JSON) on success and the API's message otherwise. The caller
 * has checked the session and its CSRF field already.
 *
 * @module
 */
import type { Compute, ComputeAnswer } from "./compute_client.ts";

/** What a form post leads to. */
export type FormOutcome =
  | { kind: "done"; redirect: string; message?: string }
  | { kind: "failed"; status: number; message: string }
  | { kind: "confirm"; question: string; back?: string };

/** The body of each server action op. */
const OP_BODIES: Record<string, (form: URLSearchParams) => unknown> = {
  stop: () => ({ "os-stop": null }),
  start: () => ({ "os-start": null }),
  reboot: () => ({ reboot: { type: "SOFT" } }),
  pause: () => ({ pause: null }),
  unpause: () => ({ unpause: null }),
  shelve: () => ({ shelve: null }),
  unshelve: () => ({ unshelve: null }),
  resize: (form) => ({ resize: { flavorRef: form.get("flavor") ?? "" } }),
  confirm: () => ({ confirmResize: null }),
  revert: () => ({ revertResize: null }),
};

function outcome(answer: ComputeAnswer, redirect: string, message?: string): FormOutcome {
  return answer.status < 400
    ? { kind: "done", redirect, message }
    : { kind: "failed", status: answer.status, message: answer.message };
}

/** A `back` field that stays inside the console, else `fallback`. */
export function safeBack(base: string, back: string | null, fallback: string): string {
  if (!back || !back.startsWith(`${base}/`) || /\/\/|\\|[\r\n]/.test(back)) return fallback;
  return back;
}

/** `POST {base}/servers`: create a server from the form's name, image, flavor and network. */
export async function createServer(
  compute: Compute,
  base: string,
  form: URLSearchParams,
): Promise<FormOutcome> {
  const network = form.get("network") ?? "auto";
  const server = {
    name: form.get("name") ?? "",
    imageRef: form.get("image") ?? "",
    flavorRef: form.get("flavor") ?? "",
    networks: network === "auto" || network === "none" ? network : [{ uuid: network }],
  };
  const answer = await compute("POST", "/servers", { server });
  // The answer's adminPass stays here: only the new server's id goes back.
  const id = answer.data?.server?.id;
  if (answer.status === 202 && typeof id === "string") {
    return { kind: "done", redirect: `${base}/servers/${id}` };
  }
  return {
    kind: "failed",
    status: answer.status === 202 ? 502 : answer.status,
    message: answer.message,
  };
}

/** `POST {base}/servers/{id}/action`: one of the action ops; `delete` asks to confirm first. */
export async function serverAction(
  compute: Compute,
  base: string,
  id: string,
  form: URLSearchParams,
): Promise<FormOutcome> {
  const op = form.get("op") ?? "";
  const back = safeBack(base, form.get("back"), `${base}/servers/${id}`);
  if (op === "delete") {
    if (form.get("confirm") !== "yes") return { kind: "confirm", question: `Delete server ${id}?` };
    const answer = await compute("DELETE", `/servers/${encodeURIComponent(id)}`);
    return outcome(answer, back === `${base}/servers/${id}` ? `${base}/` : back, "Deleting.");
  }
  const body = OP_BODIES[op];
  if (!body) return { kind: "failed", status: 400, message: `Unknown action ${op || "(none)"}.` };
  const answer = await compute("POST", `/servers/${encodeURIComponent(id)}/action`, body(form));
  return outcome(answer, back);
}

function numberOrNull(form: URLSearchParams, name: string): number | null | undefined {
  const raw = form.get(name);
  if (raw === null) return undefined;
  if (raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : NaN;
}

/** `POST {base}/servers/{id}/emulator/{fault|delays|clock}` (admins; policy decides). */
export async function emulatorControl(
  compute: Compute,
  base: string,
  id: string,
  kind: string,
  form: URLSearchParams,
): Promise<FormOutcome> {
  const back = `${base}/servers/${id}`;
  const serverOnly = form.get("server_only") === "1";
  if (kind === "fault") {
    const fault: Record<string, unknown> = {
      action: form.get("fault_action") ?? "",
      server_id: id,
      count: Number(form.get("count") || "1"),
      mode: form.get("mode") ?? "error",
    };
    if (form.get("message")) fault.message = form.get("message");
    return outcome(await compute("POST", "/os-emulator/faults", { fault }), back, "Fault armed.");
  }
  if (kind === "delays") {
    const settings: Record<string, unknown> = {};
    for (const k of ["boot_seconds", "action_seconds", "delete_seconds"]) {
      const v = numberOrNull(form, k);
      if (v !== undefined) settings[k] = v;
    }
    const path = serverOnly ? `/os-emulator/servers/${id}/settings` : "/os-emulator/settings";
    return outcome(await compute("PUT", path, { settings }), back, "Step delays set.");
  }
  if (kind === "clock") {
    const body: Record<string, unknown> = { advance: Number(form.get("advance") ?? "") };
    if (serverOnly) body.server_id = id;
    return outcome(await compute("POST", "/os-emulator/clock", body), back, "Clock advanced.");
  }
  return { kind: "failed", status: 404, message: "No such emulator control." };
}

/** The question the reset's confirmation page asks. */
export const RESET_QUESTION = "Reset the whole cloud to the quick-start seed? Every server, " +
  "volume, image, keypair, flavor, quota, aggregate and emulator setting made since is deleted " +
  "(users and projects stay).";

/**
 * `POST {base}/emulator/reset` (admins; policy decides): asks first (a confirmation page), then
 * `POST /os-emulator/reset` and back to the hosts page.
 */
export async function resetCloudForm(
  compute: Compute,
  base: string,
  form: URLSearchParams,
): Promise<FormOutcome> {
  const back = `${base}/hosts`;
  if (form.get("confirm") !== "yes") return { kind: "confirm", question: RESET_QUESTION, back };
  const answer = await compute("POST", "/os-emulator/reset", { reset: {} });
  return outcome(answer, back, "The cloud was reset to the quick-start seed.");
}
