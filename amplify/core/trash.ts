/**
 * Trash keys and ids. A file in the trash is a copy at
 * `trash/<sub>/<trash id>/<path>`. It sits outside `users/` so that one
 * lifecycle rule on the `trash/` prefix removes every member's old trash.
 * It is a copy because S3 counts expiration days from an object's
 * creation, so the retention period starts when the file enters the trash.
 */

import { randomBytes } from 'node:crypto';

import { maxKeyBytes } from './keys';

export const trashFolder = 'trash/';

/** Latest time a trash id can encode: 13 decimal digits of milliseconds. */
const maxTimeMs = 9_999_999_999_999;

/** Trash ids: 13 digits of inverted time, then 8 hex digits of randomness. */
const trashIdPattern = /^\d{13}[0-9a-f]{8}$/;

/**
 * Returns a new trash id. Ids sort newest first, because the time is
 * stored as `maxTimeMs - time`, and DynamoDB lists the trash in id order.
 */
export function newTrashId(nowMs: number): string {
  const inverted = String(maxTimeMs - nowMs).padStart(13, '0');

  return `${inverted}${randomBytes(4).toString('hex')}`;
}

export function isTrashId(value: string): boolean {
  return trashIdPattern.test(value);
}

/**
 * Returns the trash key of a member's file, or undefined when it would
 * pass S3's 1,024-byte key limit (the trash id adds 22 bytes to the key).
 */
export function toTrashKey(
  memberId: string,
  trashId: string,
  path: string,
): string | undefined {
  const key = `${trashFolder}${memberId}/${trashId}/${path}`;

  return new TextEncoder().encode(key).length > maxKeyBytes ? undefined : key;
}

/** Reads the member and trash id of a trash key; undefined for other keys. */
export function parseTrashKey(
  key: string,
): { memberId: string; trashId: string } | undefined {
  if (!key.startsWith(trashFolder)) {
    return undefined;
  }

  const [memberId, trashId, ...rest] = key.slice(trashFolder.length).split('/');
  if (
    memberId === undefined ||
    memberId === '' ||
    trashId === undefined ||
    !isTrashId(trashId) ||
    rest.length === 0
  ) {
    return undefined;
  }

  return { memberId, trashId };
}

/**
 * Returns the earliest time at which S3 may remove a file trashed at
 * `trashedAt`. S3 rounds the expiration up to the next midnight UTC after
 * the object's age reaches the rule's days, and then removes it
 * asynchronously, usually within a day or two.
 */
export function trashExpiresAt(trashedAt: Date, retentionDays: number): Date {
  const dueMs = trashedAt.getTime() + retentionDays * 24 * 60 * 60 * 1000;
  const due = new Date(dueMs);
  const midnight = Date.UTC(
    due.getUTCFullYear(),
    due.getUTCMonth(),
    due.getUTCDate(),
  );

  return new Date(midnight === dueMs ? midnight : midnight + 86_400_000);
}
