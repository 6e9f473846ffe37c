/**
 * The session API: `PUT /session` starts uploads, `GET /session` lists a
 * member's files, and `POST /admin/recount` repairs usage for admins. API
 * Gateway's Cognito authorizer verifies the ID token and passes its
 * claims; the local stack invokes this handler the same way.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';

import {
  MethodNotAllowedError,
  RouteNotFoundError,
  ShoeboxError,
} from '../../core/errors';
import { parseSessionRequest } from '../../core/session-request';
import {
  dependenciesFromEnvironment,
  resolveDependencies,
  type HandlerDependencies,
  type ResolvedDependencies,
} from '../../services/dependencies';
import {
  corsHeaders,
  errorBody,
  jsonResponse,
  preflightHeaders,
  readBody,
} from './http';
import { recount } from './admin-recount';
import { adminRoutes } from './admin-routes';
import { readCaller, type Caller } from './caller';
import { withHouseholdSettings } from './household-settings';
import { libraryRoutes } from './library-routes';
import { listFiles } from './list-files';
import { startUploads } from './start-uploads';

export type SessionHandler = (
  event: APIGatewayProxyEvent,
  context?: Context,
) => Promise<APIGatewayProxyResult>;

/** Values that the request's log line reports besides the ids. */
type Outcome = Record<string, string | number>;

export type RouteResult = {
  statusCode: number;
  body: unknown;
  outcome: Outcome;
};

/**
 * Creates the session API handler. It responds to every request with JSON
 * and CORS headers, and logs one line per request with the request id, the
 * member id and the outcome.
 */
export function createSessionHandler(
  dependencies: HandlerDependencies,
): SessionHandler {
  const resolved = resolveDependencies(dependencies);

  return async (event, context) => {
    const startedAt = resolved.now();
    const logger = resolved.logger.createChild();
    logger.appendKeys({
      requestId: event.requestContext?.requestId,
      lambdaRequestId: context?.awsRequestId,
      method: event.httpMethod,
      path: event.path,
    });
    const cors = corsHeaders(event, resolved.settings.allowedOrigins);

    const resource = findResource(event);
    if (event.httpMethod === 'OPTIONS' && resource !== undefined) {
      logger.info('Preflight handled', { statusCode: 204 });
      return {
        statusCode: 204,
        headers: { ...cors, ...preflightHeaders(Object.keys(resource[1])) },
        body: '',
      };
    }

    try {
      const result = await route(resolved, logger, event);
      logger.info('Request handled', {
        statusCode: result.statusCode,
        durationMs: resolved.now() - startedAt,
        ...result.outcome,
      });

      return jsonResponse(result.statusCode, result.body, cors);
    } catch (error) {
      return errorResponse(error, logger, cors, resolved.now() - startedAt);
    }
  };
}

let defaultHandler: SessionHandler | undefined;

/**
 * The Lambda entry point. It reads its dependencies from the environment on
 * first use, so importing this module needs no environment.
 */
export const handler: SessionHandler = (event, context) => {
  defaultHandler ??= createSessionHandler(dependenciesFromEnvironment());

  return defaultHandler(event, context);
};

export type RouteHandler = (
  dependencies: ResolvedDependencies,
  logger: Logger,
  event: APIGatewayProxyEvent,
  caller: Caller,
) => Promise<RouteResult>;

/** Every route the API serves, by resource path and then by method. */
const routes: Record<string, Record<string, RouteHandler>> = {
  '/session': { GET: getSession, PUT: putSession },
  '/admin/recount': { POST: postRecount },
  ...libraryRoutes,
  ...adminRoutes,
};

/** Returns the request's resource path and its methods, or undefined. */
function findResource(
  event: APIGatewayProxyEvent,
): [string, Record<string, RouteHandler>] | undefined {
  for (const path of [event.resource, event.path]) {
    const methods = routes[path];
    if (methods !== undefined) {
      return [path, methods];
    }
  }

  return undefined;
}

async function route(
  dependencies: ResolvedDependencies,
  logger: Logger,
  event: APIGatewayProxyEvent,
): Promise<RouteResult> {
  const resource = findResource(event);
  if (resource === undefined) {
    throw new RouteNotFoundError(
      event.httpMethod,
      event.path,
      Object.keys(routes),
    );
  }
  const [path, methods] = resource;
  const handle = methods[event.httpMethod];
  if (handle === undefined) {
    throw new MethodNotAllowedError(
      event.httpMethod,
      path,
      Object.keys(methods),
    );
  }

  const caller = readCaller(event);
  logger.appendKeys({ memberId: caller.memberId });

  return handle(
    await withHouseholdSettings(dependencies),
    logger,
    event,
    caller,
  );
}

async function putSession(
  dependencies: ResolvedDependencies,
  logger: Logger,
  event: APIGatewayProxyEvent,
  caller: Caller,
): Promise<RouteResult> {
  const files = parseSessionRequest(
    readBody(event),
    dependencies.settings.maxFilesPerRequest,
  );
  const result = await startUploads(dependencies, logger, caller, files);

  return {
    statusCode: 200,
    body: result.response,
    outcome: {
      outcome: 'uploads started',
      fileCount: files.length,
      grantedCount: result.grantedCount,
      rejectedCount: result.rejectedCount,
    },
  };
}

async function getSession(
  dependencies: ResolvedDependencies,
  logger: Logger,
  event: APIGatewayProxyEvent,
  caller: Caller,
): Promise<RouteResult> {
  const list = await listFiles(dependencies, logger, caller.memberId, {
    prefix: event.queryStringParameters?.prefix,
    cursor: event.queryStringParameters?.cursor,
  });

  return {
    statusCode: 200,
    body: list,
    outcome: {
      outcome: 'files listed',
      fileCount: list.files.length,
      folderCount: list.folders.length,
      hasMore: list.cursor === null ? 'no' : 'yes',
    },
  };
}

async function postRecount(
  dependencies: ResolvedDependencies,
  logger: Logger,
  _event: APIGatewayProxyEvent,
  caller: Caller,
): Promise<RouteResult> {
  const report = await recount(dependencies, logger, caller);

  return {
    statusCode: 200,
    body: report,
    outcome: {
      outcome: 'usage recounted',
      checkedMembers: report.checkedMembers,
      checkedObjects: report.checkedObjects,
      fixCount: report.fileFixes.length + report.counterFixes.length,
    },
  };
}

/**
 * Turns an error into the JSON error response and logs the request's line.
 * Expected errors keep their status; throttling after the SDK's own retries
 * becomes 503; anything else is a 500 whose details stay in the log.
 */
function errorResponse(
  error: unknown,
  logger: Logger,
  cors: Record<string, string>,
  durationMs: number,
): APIGatewayProxyResult {
  const described = describeError(error);
  const headers = { ...cors, ...described.headers };
  const logged = {
    statusCode: described.statusCode,
    durationMs,
    outcome: 'failed',
    errorCode: described.code,
  };
  if (described.statusCode >= 500) {
    logger.error('Request failed', { ...logged, error });
  } else {
    logger.info('Request rejected', { ...logged, reason: described.message });
  }

  return jsonResponse(
    described.statusCode,
    errorBody(described.code, described.message),
    headers,
  );
}

const throttlingErrorNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

function describeError(error: unknown): {
  statusCode: number;
  code: string;
  message: string;
  headers: Record<string, string>;
} {
  if (error instanceof ShoeboxError) {
    return {
      statusCode: error.statusCode,
      code: error.code,
      message: error.isUserVisible
        ? error.message
        : 'The request failed on the server; try again.',
      headers: {
        ...(error instanceof MethodNotAllowedError
          ? { Allow: [...error.allowedMethods, 'OPTIONS'].join(', ') }
          : {}),
        ...(error.statusCode === 503 ? { 'Retry-After': '1' } : {}),
      },
    };
  }
  if (error instanceof Error && throttlingErrorNames.has(error.name)) {
    return {
      statusCode: 503,
      code: 'BUSY',
      message: 'The table is busy; try again in a few seconds.',
      headers: { 'Retry-After': '2' },
    };
  }

  return {
    statusCode: 500,
    code: 'INTERNAL',
    message:
      'The request failed on the server; try again, and report the time ' +
      'if it keeps failing.',
    headers: {},
  };
}
