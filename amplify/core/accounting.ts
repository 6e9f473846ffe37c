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
  if (eventName.startsWith('ObjectRemoved:')) {
    return 'removed';
  }

  return undefined;
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

  return event.kind === 'created'
    ? decideCreated(file, event.size)
    : decideRemoved(file);
}

function decideCreated(
  file: FileSnapshot | undefined,
  size: number,
): EventDecision {
  const counted = (usage: UsageChange, outcome: string): EventDecision => ({
    apply: true,
    nextState: 'COMPLETE',
    nextSize: size,
    usage,
    outcome,
  });

  switch (file?.state) {
    case undefined:
      return counted(
        { usedBytes: size, reservedBytes: 0, fileCount: 1 },
        'object without an upload counted',
      );
    case 'INITIATED':
      return counted(
        { usedBytes: size, reservedBytes: -file.size, fileCount: 1 },
        'upload completed',
      );
    case 'EXPIRED':
      // The reservation was released when the upload expired.
      return counted(
        { usedBytes: size, reservedBytes: 0, fileCount: 1 },
        'late object of an expired upload counted',
      );
    case 'COMPLETE':
      return counted(
        { usedBytes: size - file.size, reservedBytes: 0, fileCount: 0 },
        'object replaced',
      );
    case 'DELETED':
      return counted(
        { usedBytes: size, reservedBytes: 0, fileCount: 1 },
        'object without an upload counted',
      );
    case 'REJECTED':
      return { apply: false, outcome: 'rejected upload ignored' };
  }
}

function decideRemoved(file: FileSnapshot | undefined): EventDecision {
  const removed = (usage: UsageChange, outcome: string): EventDecision => ({
    apply: true,
    nextState: 'DELETED',
    nextSize: file?.size ?? 0,
    usage,
    outcome,
  });

  switch (file?.state) {
    case undefined:
      // The remove overtook its create; the marker makes the create stale.
      return removed(noChange, 'removal recorded before its create');
    case 'INITIATED':
      // The object came and went before its create event arrived, so the
      // reservation is released and nothing was ever used.
      return removed(
        { usedBytes: 0, reservedBytes: -file.size, fileCount: 0 },
        'removal recorded before its create',
      );
    case 'EXPIRED':
    case 'DELETED':
      return removed(noChange, 'removal recorded');
    case 'COMPLETE':
      return removed(
        { usedBytes: -file.size, reservedBytes: 0, fileCount: -1 },
        'object removed',
      );
    case 'REJECTED':
      return { apply: false, outcome: 'rejected upload ignored' };
  }
}

/** Tells whether a usage change changes nothing. */
export function isNoChange(usage: UsageChange): boolean {
  return (
    usage.usedBytes === 0 && usage.reservedBytes === 0 && usage.fileCount === 0
  );
}
