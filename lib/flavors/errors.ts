/**
 * The flavor family's domain errors, worded as Nova's exceptions word them. The API maps each
 * one's kind to a fault in one table (`lib/compute/faults.ts`).
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";

/** Nova's `FlavorNotFound` (404). */
export class FlavorNotFound extends DomainError {
  constructor(flavorid: string | number) {
    super("not-found", `Flavor ${flavorid} could not be found.`);
  }
}

/** Nova's `FlavorExists`: the name is taken (409). */
export class FlavorNameExists extends DomainError {
  constructor(name: string) {
    super("conflict", `Flavor with name ${name} already exists.`);
  }
}

/** Nova's `FlavorIdExists` (409). */
export class FlavorIdExists extends DomainError {
  constructor(flavorid: string) {
    super("conflict", `Flavor with ID ${flavorid} already exists.`);
  }
}

/**
 * Nova's `FlavorAccessExists` (409). Nova names the flavor by its internal id here, because the
 * row it tried to insert refers to that id.
 */
export class FlavorAccessExists extends DomainError {
  constructor(internalId: number, projectId: string) {
    super(
      "conflict",
      `Flavor access already exists for flavor ${internalId} and project ${projectId} combination.`,
    );
  }
}

/** Nova's `FlavorAccessNotFound` (404; internal id, as Nova reports it). */
export class FlavorAccessNotFound extends DomainError {
  constructor(internalId: number, projectId: string) {
    super("not-found", `Flavor access not found for ${internalId} / ${projectId} combination.`);
  }
}

/** Nova's `FlavorExtraSpecsNotFound` (404). */
export class FlavorExtraSpecNotFound extends DomainError {
  constructor(flavorid: string, key: string) {
    super("not-found", `Flavor ${flavorid} has no extra specs with key ${key}.`);
  }
}

/**
 * The record would outgrow a KV value (only reachable with very many extra specs). A 400, as the
 * extra-specs API answers input it cannot take.
 */
export class FlavorRecordTooLarge extends DomainError {
  constructor(flavorid: string) {
    super(
      "invalid",
      `Flavor ${flavorid} extra specs exceed the 64 KiB the store allows per flavor.`,
    );
  }
}

/** A listing's marker names no flavor the viewer can see (Nova's `MarkerNotFound`, 400). */
export class MarkerNotFound extends DomainError {
  /** @param marker the flavorid that was not found */
  constructor(marker: string) {
    super("invalid", `marker [${marker}] not found`);
  }
}
