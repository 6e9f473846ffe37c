import { describe, expect, it } from 'vitest';

import {
  isTrashId,
  newTrashId,
  parseTrashKey,
  toTrashKey,
  trashExpiresAt,
} from './trash';

const memberId = '8c1e2f6a-0000-4000-8000-000000000001';

describe('newTrashId', () => {
  it('sorts later ids first', () => {
    const earlier = newTrashId(Date.UTC(2026, 0, 1));
    const later = newTrashId(Date.UTC(2026, 0, 2));

    expect(later < earlier).toBe(true);
  });

  it('makes ids that isTrashId accepts', () => {
    expect(isTrashId(newTrashId(Date.UTC(2026, 11, 4)))).toBe(true);
  });
});

describe('toTrashKey and parseTrashKey', () => {
  it('round-trips the member and id', () => {
    const trashId = newTrashId(Date.UTC(2026, 11, 4));
    const key = toTrashKey(memberId, trashId, 'Holiday/IMG 1.jpg');

    expect(key).toBe(`trash/${memberId}/${trashId}/Holiday/IMG 1.jpg`);
    expect(parseTrashKey(key ?? '')).toEqual({ memberId, trashId });
  });

  it('returns undefined for a key over 1,024 bytes', () => {
    const trashId = newTrashId(0);

    expect(toTrashKey(memberId, trashId, 'é'.repeat(490))).toBeUndefined();
  });

  it('ignores member keys', () => {
    expect(parseTrashKey(`users/${memberId}/a.jpg`)).toBeUndefined();
  });

  it('ignores a trash key without a valid id', () => {
    expect(parseTrashKey(`trash/${memberId}/not-an-id/a.jpg`)).toBeUndefined();
  });
});

describe('trashExpiresAt', () => {
  it('rounds up to the next midnight UTC', () => {
    const trashedAt = new Date('2026-12-04T16:30:00.000Z');

    expect(trashExpiresAt(trashedAt, 30).toISOString()).toBe(
      '2027-01-04T00:00:00.000Z',
    );
  });

  it('keeps an exact midnight', () => {
    const trashedAt = new Date('2026-12-04T00:00:00.000Z');

    expect(trashExpiresAt(trashedAt, 1).toISOString()).toBe(
      '2026-12-05T00:00:00.000Z',
    );
  });
});
