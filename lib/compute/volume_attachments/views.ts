/**
 * The volume attachment views (Nova's `_translate_attachment_detail_view`): `id` (up to 2.88),
 * `volumeId`, `serverId`, `device` when there is one, `tag` (2.70), `delete_on_termination`
 * (2.79), `attachment_id` and `bdm_uuid` (2.89); and the attach answer below 2.101, which always
 * names the device.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import type { VolumeBdm } from "../../instances/mod.ts";

/** One attachment as list and show give it. */
export function attachmentView(
  bdm: VolumeBdm,
  serverId: string,
  version: ApiVersion,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const v289 = version.atLeast("2.89");
  if (!v289) out.id = bdm.volume_id;
  out.volumeId = bdm.volume_id;
  out.serverId = serverId;
  if (bdm.device_name) out.device = bdm.device_name;
  if (version.atLeast("2.70")) out.tag = bdm.tag;
  if (version.atLeast("2.79")) out.delete_on_termination = bdm.delete_on_termination;
  if (v289) {
    out.attachment_id = bdm.attachment_id;
    out.bdm_uuid = bdm.uuid;
  }
  return out;
}

/** The attach answer (2.1-2.100): the request's view of the new attachment. */
export function attachedView(
  serverId: string,
  volumeId: string,
  device: string | null,
  tag: string | null,
  /** As the request gave it (Nova echoes the body's value). */
  deleteOnTermination: unknown,
  version: ApiVersion,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: volumeId,
    serverId,
    volumeId,
    device,
  };
  if (version.atLeast("2.70")) out.tag = tag;
  if (version.atLeast("2.79")) out.delete_on_termination = deleteOnTermination;
  return out;
}
