/**
 * Flavor test data: request bodies and the api_samples folder for a microversion.
 *
 * @module
 */

/** The sample folder for a microversion (`""`, `v2.55/`, `v2.61/`, `v2.75/`, `v2.102/`). */
export function sampleDir(version: string): string {
  const minor = Number(version.split(".")[1]);
  if (minor >= 102) return "v2.102/";
  if (minor >= 75) return "v2.75/";
  if (minor >= 61) return "v2.61/";
  if (minor >= 55) return "v2.55/";
  return "";
}

/** A private flavor body for `POST /flavors`. */
export function privateFlavor(id: string, name = `private-${id}`) {
  return {
    flavor: { name, ram: 1024, vcpus: 2, disk: 10, id, "os-flavor-access:is_public": false },
  };
}
