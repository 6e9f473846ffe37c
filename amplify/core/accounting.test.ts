import { describe, expect, it } from 'vitest';

import {
  decideEvent,
  eventKind,
  fileUsage,
  normalizeSequencer,
  usageChange,
  type FileSnapshot,
  type ObjectEvent,
} from './accounting';
import { canTransition } from './states';

const older = normalizeSequencer('0055AED6DCD90281E5');
const newer = normalizeSequencer('0055AED6DCD90281E6');

describe('normalizeSequencer', () => {
  it('pads to 32 characters on the right', () => {
    expect(normalizeSequencer('0055AED6DCD90281E5')).toBe(
      '0055AED6DCD90281E500000000000000',
    );
  });

  it('upper-cases hex digits', () => {
    expect(normalizeSequencer('00ab')).toBe(normalizeSequencer('00AB'));
  });

  it('orders sequencers of different lengths as AWS compares them', () => {
    // Right-padding makes "0056" later than "0055FFFF".
    expect(normalizeSequencer('0056') > normalizeSequencer('0055FFFF')).toBe(
      true,
    );
  });
});

describe('eventKind', () => {
  it.each([
    ['ObjectCreated:Post', 'created'],
    ['ObjectCreated:Put', 'created'],
    ['ObjectCreated:CompleteMultipartUpload', 'created'],
    ['ObjectRemoved:Delete', 'removed'],
    ['ObjectRemoved:DeleteMarkerCreated', 'removed'],
    ['LifecycleTransition', undefined],
    ['s3:TestEvent', undefined],
  ])('classifies %s as %s', (eventName, kind) => {
    expect(eventKind(eventName)).toBe(kind);
  });
});

describe('decideEvent for creates', () => {
  const created: ObjectEvent = { kind: 'created', sequencer: newer, size: 120 };

  it('turns a reservation into used bytes', () => {
    const file: FileSnapshot = { state: 'INITIATED', size: 100 };

    expect(decideEvent(file, created)).toEqual({
      apply: true,
      nextState: 'COMPLETE',
      nextSize: 120,
      usage: { usedBytes: 120, reservedBytes: -100, fileCount: 1 },
      outcome: 'upload completed',
    });
  });

  it('counts an object without an upload from its size', () => {
    const decision = decideEvent(undefined, created);

    expect(decision).toMatchObject({
      apply: true,
      usage: { usedBytes: 120, reservedBytes: 0, fileCount: 1 },
    });
  });

  it('counts a late object of an expired upload', () => {
    const file: FileSnapshot = { state: 'EXPIRED', size: 100 };

    expect(decideEvent(file, created)).toMatchObject({
      apply: true,
      usage: { usedBytes: 120, reservedBytes: 0, fileCount: 1 },
    });
  });

  it('counts the size difference of a newer object', () => {
    const file: FileSnapshot = {
      state: 'COMPLETE',
      size: 100,
      sequencer: older,
    };

    expect(decideEvent(file, created)).toMatchObject({
      apply: true,
      usage: { usedBytes: 20, reservedBytes: 0, fileCount: 0 },
    });
  });

  it('ignores the same event again', () => {
    const file: FileSnapshot = {
      state: 'COMPLETE',
      size: 120,
      sequencer: newer,
    };

    expect(decideEvent(file, created)).toEqual({
      apply: false,
      outcome: 'duplicate or older event ignored',
    });
  });

  it('ignores a create older than a removal', () => {
    const file: FileSnapshot = { state: 'DELETED', size: 0, sequencer: newer };

    const decision = decideEvent(file, {
      kind: 'created',
      sequencer: older,
      size: 5,
    });

    expect(decision.apply).toBe(false);
  });

  it('ignores an INITIATED path holding an older removal marker', () => {
    const file: FileSnapshot = {
      state: 'INITIATED',
      size: 5,
      sequencer: newer,
    };

    const decision = decideEvent(file, {
      kind: 'created',
      sequencer: older,
      size: 5,
    });

    expect(decision.apply).toBe(false);
  });
});

describe('decideEvent for removals', () => {
  const removed: ObjectEvent = { kind: 'removed', sequencer: newer };

  it('gives back the stored bytes of a complete file', () => {
    const file: FileSnapshot = {
      state: 'COMPLETE',
      size: 120,
      sequencer: older,
    };

    expect(decideEvent(file, removed)).toEqual({
      apply: true,
      nextState: 'DELETED',
      nextSize: 120,
      usage: { usedBytes: -120, reservedBytes: 0, fileCount: -1 },
      outcome: 'object removed',
    });
  });

  it('releases the reservation when the removal comes first', () => {
    const file: FileSnapshot = { state: 'INITIATED', size: 100 };

    expect(decideEvent(file, removed)).toMatchObject({
      apply: true,
      nextState: 'DELETED',
      usage: { usedBytes: 0, reservedBytes: -100, fileCount: 0 },
    });
  });

  it('records a marker for an unknown file without usage', () => {
    expect(decideEvent(undefined, removed)).toMatchObject({
      apply: true,
      nextState: 'DELETED',
      usage: { usedBytes: 0, reservedBytes: 0, fileCount: 0 },
    });
  });

  it('ignores the same removal again', () => {
    const file: FileSnapshot = {
      state: 'DELETED',
      size: 120,
      sequencer: newer,
    };

    expect(decideEvent(file, removed).apply).toBe(false);
  });
});

describe('decideEvent and canTransition', () => {
  const snapshots: (FileSnapshot | undefined)[] = [
    undefined,
    { state: 'INITIATED', size: 1 },
    { state: 'EXPIRED', size: 1 },
    { state: 'COMPLETE', size: 1, sequencer: older },
    { state: 'DELETED', size: 1, sequencer: older },
    { state: 'REJECTED', size: 1 },
  ];
  const events: ObjectEvent[] = [
    { kind: 'created', sequencer: newer, size: 2 },
    { kind: 'removed', sequencer: newer },
  ];

  it.each(
    snapshots.flatMap((file) => events.map((event) => [file, event] as const)),
  )('applies only allowed transitions from %j on %j', (file, event) => {
    const decision = decideEvent(file, event);

    const allowed = canTransition(
      file?.state,
      event.kind === 'created' ? 'COMPLETE' : 'DELETED',
    );
    expect(decision.apply).toBe(allowed);
  });
});

describe('fileUsage and usageChange with a replaced object', () => {
  const replacing: FileSnapshot = {
    state: 'INITIATED',
    size: 250,
    replacedBytes: 100,
  };

  it('counts the old object and reserves the new size', () => {
    expect(fileUsage(replacing)).toEqual({
      usedBytes: 100,
      reservedBytes: 250,
      fileCount: 1,
    });
  });

  it('changes used bytes by the difference on arrival', () => {
    expect(usageChange(replacing, { state: 'COMPLETE', size: 250 })).toEqual({
      usedBytes: 150,
      reservedBytes: -250,
      fileCount: 0,
    });
  });

  it('keeps the old object counted after expiry', () => {
    expect(usageChange(replacing, { ...replacing, state: 'EXPIRED' })).toEqual({
      usedBytes: 0,
      reservedBytes: -250,
      fileCount: 0,
    });
  });

  it('gives back both on a removal', () => {
    const decision = decideEvent(
      { ...replacing, sequencer: normalizeSequencer('01') },
      { kind: 'removed', sequencer: normalizeSequencer('02') },
    );

    expect(decision).toMatchObject({
      apply: true,
      nextState: 'DELETED',
      usage: { usedBytes: -100, reservedBytes: -250, fileCount: -1 },
    });
  });
});
