/**
 * Accounting rules for S3 events: the change each event makes to a file and
 * to its member's usage. S3 delivers events at least once and in no fixed
 * order, so each file keeps the sequencer of the last event applied to it.
 * An event whose sequencer is not greater changes nothing. Sequencers order
 * events of the same key only.
 */

import type { RecordState } from './states';

/** Usage counters to add to a member, each possibly negative. */
export type UsageChange = {
  usedBytes: number;
  reservedBytes: number;
  fileCount: number;
};

/** The state, size and sequencer stored for a file when an event arrives. */
export type FileSnapshot = {
  state: RecordState;
  /** Declared size while INITIATED or EXPIRED, else the stored size. */
  size: number;
  /**
   * Size of the object that an INITIATED or EXPIRED upload replaces. That
   * object stays stored and counted until the new one arrives.
   */
  replacedBytes?: number;
  sequencer?: string;
};

export type ObjectEvent =
  | { kind: 'created'; sequencer: string; size: number }
  | { kind: 'removed'; sequencer: string };

export type EventDecision =
  | { apply: false; outcome: string }
  | {
      apply: true;
      nextState: 'COMPLETE' | 'DELETED';
      nextSize: number;
      usage: UsageChange;
      outcome: string;
    };

const noChange: UsageChange = { usedBytes: 0, reservedBytes: 0, fileCount: 0 };

/** Width of stored sequencers; S3's own are about 18 hex digits. */
const sequencerWidth = 32;

/**
 * Normalises an S3 sequencer so that plain string comparison orders it:
 * upper-case hex, right-padded with `0` to 32 characters. The S3 event
 * documentation compares sequencers of different lengths the same way.
 */
export function normalizeSequencer(sequencer: string): string {
  return sequencer.toUpperCase().padEnd(sequencerWidth, '0');
}

/** Classifies an S3 event name such as `ObjectCreated:Post`. */
export function eventKind(
  eventName: string,
): 'created' | 'removed' | undefined {
  if (eventName.startsWith('ObjectCreated:')) {
    return 'created';
  }
  // S3 reports lifecycle expirations as LifecycleExpiration:Delete, not as
  // ObjectRemoved:*. In an unversioned bucket that is the only kind.
  if (
    eventName.startsWith('ObjectRemoved:') ||
    eventName === 'LifecycleExpiration:Delete'
  ) {
    return 'removed';
  }

  return undefined;
}

/**
 * Returns what one file adds to its member's counters: an INITIATED upload
 * reserves its declared size, a COMPLETE file uses its stored size, and an
 * object that an upload replaces stays used until the new one arrives.
 */
export function fileUsage(file: FileSnapshot | undefined): UsageChange {
  const replaced: UsageChange =
    file?.replacedBytes === undefined
      ? noChange
      : { usedBytes: file.replacedBytes, reservedBytes: 0, fileCount: 1 };

  switch (file?.state) {
    case 'INITIATED':
      return { ...replaced, reservedBytes: file.size };
    case 'EXPIRED':
      return replaced;
    case 'COMPLETE':
      return { usedBytes: file.size, reservedBytes: 0, fileCount: 1 };
    default:
      return noChange;
  }
}

/** Returns the change to a member's counters when a file goes from `from` to `to`. */
export function usageChange(
  from: FileSnapshot | undefined,
  to: FileSnapshot | undefined,
): UsageChange {
  const before = fileUsage(from);
  const after = fileUsage(to);

  return {
    usedBytes: after.usedBytes - before.usedBytes,
    reservedBytes: after.reservedBytes - before.reservedBytes,
    fileCount: after.fileCount - before.fileCount,
  };
}

/**
 * Decides the change an event makes to a file, given the file as stored
 * (undefined when no item exists). `event.sequencer` must be normalised.
 */
export function decideEvent(
  file: FileSnapshot | undefined,
  event: ObjectEvent,
): EventDecision {
  if (file?.sequencer !== undefined && file.sequencer >= event.sequencer) {
    return { apply: false, outcome: 'duplicate or older event ignored' };
  }
  if (file?.state === 'REJECTED') {
    return { apply: false, outcome: 'rejected upload ignored' };
  }

  const next: FileSnapshot =
    event.kind === 'created'
      ? { state: 'COMPLETE', size: event.size }
      : { state: 'DELETED', size: file?.size ?? 0 };

  return {
    apply: true,
    nextState: next.state === 'COMPLETE' ? 'COMPLETE' : 'DELETED',
    nextSize: next.size,
    usage: usageChange(file, next),
    outcome:
      event.kind === 'created' ? createdOutcome(file) : removedOutcome(file),
  };
}

function createdOutcome(file: FileSnapshot | undefined): string {
  switch (file?.state) {
    case 'INITIATED':
      return file.replacedBytes === undefined
        ? 'upload completed'
        : 'upload completed and replaced the stored object';
    case 'EXPIRED':
      // The reservation was released when the upload expired.
      return 'late object of an expired upload counted';
    case 'COMPLETE':
      return 'object replaced';
    default:
      return 'object without an upload counted';
  }
}

function removedOutcome(file: FileSnapshot | undefined): string {
  switch (file?.state) {
    case undefined:
    case 'INITIATED':
      // The remove overtook its create: the marker makes the create stale,
      // and an upload's reservation is released.
      return 'removal recorded before its create';
    case 'COMPLETE':
      return 'object removed';
    default:
      return 'removal recorded';
  }
}

/** Tells whether a usage change changes nothing. */
export function isNoChange(usage: UsageChange): boolean {
  return (
    usage.usedBytes === 0 && usage.reservedBytes === 0 && usage.fileCount === 0
  );
}
