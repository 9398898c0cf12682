/**
 * What a failed snapshot or backup leaves behind: nothing. Nova's `delete_image_on_error` deletes
 * the image a failed upload was writing; here the failing step of the task names that image
 * (`effect` "fault" with `image_id`, see `lib/virt/failure.ts`) and applying it deletes the image.
 *
 * @module
 */
import { readImageRecordInTx, removeImageRecord } from "../store/images.ts";
import type { Transaction } from "../store/transaction.ts";
import type { Step } from "../virt/types.ts";

/** Far in the future: an image whose upload will fail never becomes active before it goes. */
export const NEVER_ACTIVE = "9999-12-31T23:59:59.999Z";

/** Whether `steps` end in a failed upload (a failing step that names its image). */
export function failsUpload(steps: readonly Step[]): boolean {
  return steps.some((s) => s.effect === "fault" && s.image_id !== undefined);
}

/** Stage deleting the images of the failed uploads among the `due` steps. */
export async function dropFailedUploads(tx: Transaction, due: readonly Step[]): Promise<void> {
  for (const step of due) {
    if (step.effect !== "fault" || !step.image_id) continue;
    const image = await readImageRecordInTx(tx, step.image_id);
    if (image) removeImageRecord(tx, image);
  }
}
