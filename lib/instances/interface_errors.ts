/**
 * The errors of interface attach and detach (Nova's `attach_interface` / `detach_interface`), with
 * Nova's messages and the statuses its `InterfaceAttachmentController` gives them.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Nova's `PortNotUsable` (400): a port of another project than the server's. */
export class PortNotUsable extends DomainError {
  constructor(portId: string, uuid: string) {
    super("invalid", `Port ${portId} not usable for instance ${uuid}.`);
  }
}

/** Nova's `PortInUse` (409): the port is bound to a device already. */
export class PortInUse extends DomainError {
  constructor(portId: string) {
    super("conflict", `Port ${portId} is still in use.`);
  }
}

/** Nova's `FixedIpAlreadyInUse` as Neutron's port create words it for an attach (409). */
export class AttachFixedIpInUse extends DomainError {
  constructor(address: string) {
    super("conflict", `Fixed IP ${address} is already in use.`);
  }
}

/** Nova's `InterfaceAttachFailedNoNetwork` (400): no network given and none available. */
export class InterfaceAttachFailedNoNetwork extends DomainError {
  constructor(projectId: string) {
    super(
      "invalid",
      `No specific network was requested and none are available for project '${projectId}'.`,
    );
  }
}

/** Nova's `NetworkAmbiguous` as an attach without a network raises it (400). */
export class AttachNetworkAmbiguous extends DomainError {
  constructor() {
    super("invalid", "Multiple possible networks found, use a Network ID to be more specific.");
  }
}

/** Nova's compute manager's `PortNotFound` for a detach of a port the server does not have. */
export class PortNotAttached extends DomainError {
  constructor(portId: string) {
    super("not-found", `Port ${portId} is not attached`);
  }
}
