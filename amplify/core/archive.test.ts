import { describe, expect, it } from 'vitest';

import { restoreStateAt } from './archive';

const timing = { readyAfterMs: 12 * 3_600_000, availableDays: 7 };
const requestedAt = '2026-12-04T10:00:00.000Z';
const requestedMs = Date.parse(requestedAt);

describe('restoreStateAt', () => {
  it('is ARCHIVED without a request', () => {
    expect(restoreStateAt(undefined, requestedMs, timing)).toEqual({
      state: 'ARCHIVED',
    });
  });

  it('is RESTORING until the delay passes', () => {
    const state = restoreStateAt(requestedAt, requestedMs + 3_600_000, timing);

    expect(state.state).toBe('RESTORING');
    expect(state.expectedAt).toBe('2026-12-04T22:00:00.000Z');
  });

  it('is RESTORED for the available days', () => {
    const state = restoreStateAt(
      requestedAt,
      requestedMs + 13 * 3_600_000,
      timing,
    );

    expect(state.state).toBe('RESTORED');
    expect(state.availableUntil).toBe('2026-12-11T22:00:00.000Z');
  });

  it('is ARCHIVED again after the copy goes away', () => {
    const eightDaysMs = 8 * 86_400_000;

    expect(
      restoreStateAt(requestedAt, requestedMs + eightDaysMs, timing).state,
    ).toBe('ARCHIVED');
  });
});
