import { describe, expect, it } from 'vitest';

import { canTransition, holdsPath, isListed, type RecordState } from './states';

const allStates: RecordState[] = [
  'INITIATED',
  'COMPLETE',
  'EXPIRED',
  'REJECTED',
  'DELETED',
];

describe('canTransition', () => {
  it.each<[RecordState | undefined, RecordState]>([
    ['INITIATED', 'COMPLETE'],
    ['INITIATED', 'EXPIRED'],
    ['INITIATED', 'DELETED'],
    ['EXPIRED', 'COMPLETE'],
    ['EXPIRED', 'DELETED'],
    ['COMPLETE', 'COMPLETE'],
    ['COMPLETE', 'DELETED'],
    ['DELETED', 'INITIATED'],
    ['DELETED', 'COMPLETE'],
    ['DELETED', 'DELETED'],
    [undefined, 'INITIATED'],
    [undefined, 'REJECTED'],
    [undefined, 'COMPLETE'],
    [undefined, 'DELETED'],
  ])('allows %s to %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[RecordState | undefined, RecordState]>([
    ['INITIATED', 'INITIATED'],
    ['INITIATED', 'REJECTED'],
    ['COMPLETE', 'INITIATED'],
    ['COMPLETE', 'EXPIRED'],
    ['EXPIRED', 'INITIATED'],
    ['DELETED', 'EXPIRED'],
    [undefined, 'EXPIRED'],
  ])('forbids %s to %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it.each(allStates)('keeps REJECTED final, even to %s', (to) => {
    expect(canTransition('REJECTED', to)).toBe(false);
  });
});

describe('isListed', () => {
  it.each<[RecordState, boolean]>([
    ['INITIATED', true],
    ['COMPLETE', true],
    ['EXPIRED', false],
    ['REJECTED', false],
    ['DELETED', false],
  ])('lists %s: %s', (state, expected) => {
    expect(isListed(state)).toBe(expected);
  });
});

describe('holdsPath', () => {
  it.each<[RecordState, boolean]>([
    ['INITIATED', true],
    ['COMPLETE', true],
    ['EXPIRED', true],
    ['REJECTED', false],
    ['DELETED', false],
  ])('treats a %s path as taken: %s', (state, expected) => {
    expect(holdsPath(state)).toBe(expected);
  });
});
