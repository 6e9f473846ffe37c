/**
 * The sweep function: on a schedule, moves every INITIATED upload whose
 * policy ran out to EXPIRED, giving its reservation back, and finishes any
 * usage change that a failed writer left pending. Members who make no
 * request get their reservations back this way.
 */

import type { Context } from 'aws-lambda';

import {
  dependenciesFromEnvironment,
  resolveDependencies,
  type HandlerDependencies,
} from '../../services/dependencies';
import { expireAllUploads, type ExpiryResult } from '../../services/expiry';

export type SweepHandler = (
  event?: unknown,
  context?: Context,
) => Promise<ExpiryResult>;

/** Creates the sweep handler, which logs one line per run. */
export function createSweepHandler(
  dependencies: HandlerDependencies,
): SweepHandler {
  const resolved = resolveDependencies(dependencies);

  return async (_event, context) => {
    const logger = resolved.logger.createChild();
    logger.appendKeys({ lambdaRequestId: context?.awsRequestId });
    const startedAt = resolved.now();

    const result = await expireAllUploads(
      {
        dynamo: resolved.dynamo,
        tableName: resolved.settings.tableName,
        afterWrite: resolved.afterWrite,
      },
      startedAt,
    );
    logger.info('Sweep finished', {
      ...result,
      durationMs: resolved.now() - startedAt,
    });

    return result;
  };
}

let defaultHandler: SweepHandler | undefined;

/**
 * The Lambda entry point. It reads its dependencies from the environment on
 * first use, so importing this module needs no environment.
 */
export const handler: SweepHandler = (event, context) => {
  defaultHandler ??= createSweepHandler(dependenciesFromEnvironment());

  return defaultHandler(event, context);
};
