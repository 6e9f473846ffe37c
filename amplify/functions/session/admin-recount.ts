/**
 * `POST /admin/recount`: for members of the admins group only, recounts
 * every member's used bytes and file count from the bucket, repairs the
 * table and returns every difference it fixed.
 */

import type { Logger } from '@aws-lambda-powertools/logger';

import type { ResolvedDependencies } from '../../services/dependencies';
import { recountAll, type RecountReport } from '../../services/recount';
import { requireAdmin, type Caller } from './caller';

// NOTE: the recount lists the whole bucket within one request. A bucket that
// takes longer than API Gateway's 29 seconds to list and repair gets a 504,
// while the function goes on until its own timeout. `npm run recount` has no
// such limit.
export async function recount(
  dependencies: ResolvedDependencies,
  logger: Logger,
  caller: Caller,
): Promise<RecountReport> {
  requireAdmin(caller, 'recount usage');

  const report = await recountAll({
    dynamo: dependencies.dynamo,
    s3: dependencies.s3,
    tableName: dependencies.settings.tableName,
    bucketName: dependencies.settings.bucketName,
    now: dependencies.now,
  });
  for (const fix of [...report.fileFixes, ...report.counterFixes]) {
    logger.warn('Recount fixed a difference', { ...fix });
  }

  return report;
}
