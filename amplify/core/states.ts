/**
 * The life of an upload and the file it becomes. An upload starts
 * `INITIATED` (policy issued, bytes reserved) and becomes `COMPLETE` when S3
 * reports the object, or `EXPIRED` when its policy ran out unused. `REJECTED`
 * is final and never reserved anything. `DELETED` marks a removed object; the
 * record stays, with the event's sequencer, so that an older event arriving
 * late changes nothing.
 */

import type { UploadState } from './api';

export type RecordState = UploadState | 'DELETED';

const transitions: Record<RecordState, readonly RecordState[]> = {
  // DELETED here means the object came and went before its create event
  // arrived, because S3 does not deliver events in order.
  INITIATED: ['COMPLETE', 'EXPIRED', 'DELETED'],
  // A POST that started before the policy expired can still store the
  // object, and that object counts as used.
  EXPIRED: ['COMPLETE', 'DELETED'],
  // COMPLETE to COMPLETE is a newer object under the same key.
  COMPLETE: ['COMPLETE', 'DELETED'],
  // A freed path can take a new upload, or an object written to it by
  // other means; a newer remove only moves the sequencer on.
  DELETED: ['INITIATED', 'COMPLETE', 'DELETED'],
  REJECTED: [],
};

/**
 * Tells whether a record may go from `from` to `to`. `from` is undefined
 * when no record exists yet: a new upload, an object Shoebox never issued a
 * policy for, or a remove that arrived first.
 */
export function canTransition(
  from: RecordState | undefined,
  to: RecordState,
): boolean {
  if (from === undefined) {
    return to !== 'EXPIRED';
  }

  return transitions[from].includes(to);
}

/** Tells whether `GET /session` lists a file in this state. */
export function isListed(state: RecordState): boolean {
  return state === 'INITIATED' || state === 'COMPLETE';
}

/**
 * Tells whether a path in this state is taken, so that a new upload to it
 * gets a copy number instead. An `EXPIRED` path stays taken because its
 * object may still arrive.
 */
export function holdsPath(state: RecordState): boolean {
  return state !== 'DELETED' && state !== 'REJECTED';
}
