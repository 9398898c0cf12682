/**
 * The network errors Nova raises when it asks Neutron for ports, with Nova's messages. How each
 * reaches the client is the caller's business (server create answers most with 400).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Nova's `NetworkNotFound`. */
export class NetworkNotFound extends DomainError {
  constructor(networkId: string) {
    super("not-found", `Network ${networkId} could not be found.`);
  }
}

/** Nova's `PortNotFound`. */
export class PortNotFound extends DomainError {
  constructor(portId: string) {
    super("not-found", `Port id ${portId} could not be found.`);
  }
}

/** Nova's `NetworkRequiresSubnet`. */
export class NetworkRequiresSubnet extends DomainError {
  constructor(networkId: string) {
    super("invalid", `Network ${networkId} requires a subnet in order to boot instances on.`);
  }
}

/** Nova's `FixedIpAlreadyInUse`, as server create's network validation words it. */
export class FixedIpAlreadyInUse extends DomainError {
  readonly address: string;
  readonly instanceUuid: string;

  constructor(address: string, instanceUuid: string) {
    super("invalid", `Fixed IP address ${address} is already in use on instance ${instanceUuid}.`);
    this.address = address;
    this.instanceUuid = instanceUuid;
  }
}

/** Nova's `InvalidInput` for a requested fixed IP outside the network's subnet. */
export class InvalidFixedIp extends DomainError {
  constructor(address: string, networkId: string) {
    super(
      "invalid",
      `Invalid input received: Fixed IP ${address} is not a valid ip address for network ` +
        `${networkId}.`,
    );
  }
}

/**
 * Nova's `NoMoreFixedIps` (a plain NovaException in Nova: during a build it puts the instance in
 * ERROR; here its kind is `invalid` so that an API that lets it through answers 400).
 */
export class NoMoreFixedIps extends DomainError {
  readonly networkId: string;

  constructor(networkId: string) {
    super("invalid", `No fixed IP addresses available for network: ${networkId}`);
    this.networkId = networkId;
  }
}
