/**
 * The reservation step of `PUT /session`: choose the files that fit and
 * reserve their bytes with one conditional write on the member. The same
 * write records the reservation, so that a failure later in the request
 * cannot leave bytes reserved for good (see `services/reservations.ts`).
 */

import { randomUUID } from 'node:crypto';

import type { Logger } from '@aws-lambda-powertools/logger';

import { ContentionError } from '../../core/errors';
import { planReservation, type FileDecision } from '../../core/quota';
import type { ResolvedDependencies } from '../../services/dependencies';
import {
  getMember,
  memberUsage,
  reserveBytes,
  type Member,
} from '../../services/members';
import { ensureReservationMap } from '../../services/reservations';
import { backoffDelayMs, sleep } from '../../services/retry';
import { expireDueUploads } from './expire-due';

/** Reservation attempts before the request fails with 503 BUSY. */
const maxReservationAttempts = 8;

export type Reservation<File> = {
  member: Member;
  decisions: FileDecision<File>[];
  /** Id of the reservation record; undefined when nothing was reserved. */
  reservationId?: string;
};

/**
 * Chooses the files that fit and reserves their bytes, reading the member
 * again after each lost race. Expires the member's due uploads first, so
 * their bytes count as free. Throws ContentionError when every attempt
 * lost; nothing is reserved then.
 */
export async function reserve<File extends { path: string; size: number }>(
  dependencies: ResolvedDependencies,
  logger: Logger,
  caller: { memberId: string; email?: string },
  files: readonly File[],
): Promise<Reservation<File>> {
  const { dynamo, settings } = dependencies;
  const reservationId = randomUUID();
  for (let attempt = 0; attempt < maxReservationAttempts; attempt += 1) {
    let member = await getMember(dynamo, settings.tableName, caller.memberId);
    if (
      attempt === 0 &&
      (await expireDueUploads(dependencies, logger, member))
    ) {
      member = await getMember(dynamo, settings.tableName, caller.memberId);
    }
    const usage = memberUsage(member, settings.defaultCapBytes);
    const plan = planReservation(usage, files);
    if (plan.reservedBytes === 0) {
      return { member, decisions: plan.decisions };
    }

    if (!member.hasReservationMap) {
      await ensureReservationMap(dynamo, settings.tableName, caller.memberId);
    }
    const expiresAt = new Date(
      dependencies.now() + settings.policyExpirySeconds * 1000,
    ).toISOString();
    const updated = await reserveBytes(dynamo, settings.tableName, {
      member,
      email: caller.email,
      bytes: plan.reservedBytes,
      capBytes: usage.capBytes,
      expiresAt,
      reservationId,
    });
    if (updated !== undefined) {
      dependencies.afterWrite('member');
      return { member: updated, decisions: plan.decisions, reservationId };
    }

    const delayMs = backoffDelayMs(attempt);
    logger.warn('Reservation lost a race; reading the member again', {
      attempt: attempt + 1,
      maxAttempts: maxReservationAttempts,
      delayMs,
      requestedBytes: plan.reservedBytes,
    });
    await sleep(delayMs);
  }

  throw new ContentionError(
    `The reservation lost to concurrent uploads ${maxReservationAttempts} ` +
      'times; try again in a few seconds.',
  );
}
