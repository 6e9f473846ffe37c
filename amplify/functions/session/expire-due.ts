/**
 * Expiry on a member's own request: before `PUT` or `GET /session` reads
 * the quota, uploads whose policy ran out give their reserved bytes back.
 * The member item names the earliest time an upload may have expired, so a
 * request reads the member's file items only when one is due.
 */

import type { Logger } from '@aws-lambda-powertools/logger';

import type { ResolvedDependencies } from '../../services/dependencies';
import { expireMemberUploads } from '../../services/expiry';
import {
  scheduleExpiryCheck,
  takeExpiryCheck,
  type Member,
} from '../../services/members';

/**
 * Expires the member's uploads whose policy ran out, when the member's
 * expiry check is due. Returns whether anything changed, so the caller
 * knows to read the member again.
 */
export async function expireDueUploads(
  dependencies: ResolvedDependencies,
  logger: Logger,
  member: Member,
): Promise<boolean> {
  const { dynamo, settings, afterWrite } = dependencies;
  const now = dependencies.now();
  const due = member.nextExpiryAt;
  if (due === undefined || Date.parse(due) > now) {
    return false;
  }

  const tableName = settings.tableName;
  const memberId = member.memberId;
  if (!(await takeExpiryCheck(dynamo, tableName, memberId, due))) {
    return false;
  }

  const result = await expireMemberUploads(
    { dynamo, tableName, afterWrite },
    memberId,
    now,
  );
  if (result.nextExpiresAt !== undefined) {
    await scheduleExpiryCheck(
      dynamo,
      tableName,
      memberId,
      result.nextExpiresAt,
    );
  }
  logger.info('Expired uploads released their reservations', { ...result });

  return (
    result.expiredCount > 0 ||
    result.finishedChangeCount > 0 ||
    result.settledReservationCount > 0
  );
}
