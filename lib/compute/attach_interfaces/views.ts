/**
 * The interface attachment view (Nova's `_translate_interface_attachment_view`): a port as the
 * server's interface, with its device tag from 2.70.
 *
 * @module
 */
import type { Port } from "../../networks/types.ts";

/** One interface attachment; `tag` only when `showTag` (2.70). */
export function interfaceAttachmentView(port: Port, showTag: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    net_id: port.network_id,
    port_id: port.id,
    mac_addr: port.mac_address,
    port_state: port.device_id ? "ACTIVE" : "DOWN",
    fixed_ips: port.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
  };
  if (showTag) view.tag = port.tag ?? null;
  return view;
}
