/**
 * Whether an image fits a flavor (Nova's `_validate_flavor_image_nostatus`): its `min_ram`
 * against the flavor's memory, and, for a local root disk, its size and `min_disk` against the
 * flavor's root disk. Create, resize and rebuild check the same way, with the same messages.
 *
 * @module
 */
import { DomainError } from "../errors/mod.ts";
import type { Image } from "./types.ts";

const GIB = 1024 ** 3;

/** Nova's `FlavorMemoryTooSmall` (400) when the image wants more memory than `memoryMb`. */
export function assertMemoryFits(image: Pick<Image, "min_ram">, memoryMb: number): void {
  if (memoryMb < image.min_ram) {
    throw new DomainError("invalid", "Flavor's memory is too small for requested image.");
  }
}

/**
 * Nova's `FlavorDiskSmallerThanImage` / `FlavorDiskSmallerThanMinDisk` (400) when the image does
 * not fit a root disk of `rootGb` GiB (a zero disk is the caller's case: Nova checks it apart).
 *
 * @example
 * ```ts
 * assertDiskFits({ size: 2 * 1024 ** 3, min_disk: 0 }, 1); // throws: 1 GiB < 2 GiB
 * ```
 */
export function assertDiskFits(image: Pick<Image, "size" | "min_disk">, rootGb: number): void {
  const disk = rootGb * GIB;
  if (image.size > disk) {
    throw new DomainError(
      "invalid",
      "Flavor's disk is too small for requested image. " +
        `Flavor disk is ${disk} bytes, image is ${image.size} bytes.`,
    );
  }
  if (image.min_disk * GIB > disk) {
    throw new DomainError(
      "invalid",
      "Flavor's disk is smaller than the minimum size specified in image metadata. " +
        `Flavor disk is ${disk} bytes, minimum size is ${image.min_disk * GIB} bytes.`,
    );
  }
}
