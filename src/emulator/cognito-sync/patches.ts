// UpdateRecords' record patches: the optimistic-concurrency check and the records they write.
import { ServiceError } from '../protocol/service-error.js';
import type { DatasetState, RecordState } from './state.js';
import type { RecordPatch } from './validate.js';

/** Every patch must name the record's current SyncCount (0 for a new record), or nothing is written. */
export function checkConflicts(dataset: DatasetState, patches: readonly RecordPatch[]): void {
  for (const patch of patches) {
    const current = dataset.records.get(patch.key)?.syncCount ?? 0;
    if (patch.syncCount !== current) {
      throw new ServiceError(
        'ResourceConflictException',
        409,
        `Current SyncCount for: ${patch.key} is: ${current} not: ${patch.syncCount}`,
      );
    }
  }
}

/** The records the patches write, in patch order, without touching the dataset's own records. */
export function applyPatches(
  patches: readonly RecordPatch[],
  current: ReadonlyMap<string, RecordState>,
  change: { readonly syncCount: number; readonly now: Date; readonly author: string },
): RecordState[] {
  const written: RecordState[] = [];
  for (const patch of patches) {
    // Removing a record that never existed changes nothing.
    if (patch.op === 'remove' && !current.has(patch.key)) continue;
    written.push({
      key: patch.key,
      value: patch.op === 'replace' ? patch.value : undefined,
      syncCount: change.syncCount,
      lastModifiedDate: change.now,
      lastModifiedBy: change.author,
      deviceLastModifiedDate: patch.deviceLastModifiedDate,
    });
  }
  return written;
}
