/**
 * The metadata API's version lists: EC2 dates at `/`, OpenStack dates at `/openstack`.
 *
 * @module
 */

/** EC2 metadata versions, oldest first (`latest` is added when listing). */
export const EC2_VERSIONS: readonly string[] = [
  "1.0",
  "2007-01-19",
  "2007-03-01",
  "2007-08-29",
  "2007-10-10",
  "2007-12-15",
  "2008-02-01",
  "2008-09-01",
  "2009-04-04",
];

/** OpenStack metadata versions, oldest first, named after the release that introduced each. */
export const OPENSTACK_VERSIONS = {
  FOLSOM: "2012-08-10",
  GRIZZLY: "2013-04-04",
  HAVANA: "2013-10-17",
  LIBERTY: "2015-10-15",
  NEWTON_ONE: "2016-06-30",
  NEWTON_TWO: "2016-10-06",
  OCATA: "2017-02-22",
  ROCKY: "2018-08-27",
  VICTORIA: "2020-10-14",
  EPOXY: "2025-04-04",
} as const;

/** The OpenStack versions as a list, oldest first. */
export const OPENSTACK_VERSION_LIST: readonly string[] = Object.values(OPENSTACK_VERSIONS);

/**
 * The OpenStack versions a listing shows on `today` (`YYYY-MM-DD`): future dates stay hidden, as
 * Nova hides them, and `latest` comes last.
 *
 * @example
 * ```ts
 * openstackListing("2016-07-01").at(-2); // "2016-06-30"
 * ```
 */
export function openstackListing(today: string): string[] {
  return [...OPENSTACK_VERSION_LIST.filter((v) => v <= today), "latest"];
}

/** The EC2 versions listing (`latest` last). */
export function ec2Listing(): string[] {
  return [...EC2_VERSIONS, "latest"];
}
