/** Routes of a member's library: downloads, trash, archive restore, cost. */

import type { APIGatewayProxyEvent } from 'aws-lambda';

import {
  parseArchiveRestoreRequest,
  parseTrashRequest,
  parseTrashRestoreRequest,
} from '../../core/library-request';
import type { RouteHandler } from './handler';
import { readBody } from './http';
import { createDownload, memberCost, restoreArchivedFile } from './library';
import {
  emptyTrash,
  listTrashPage,
  restoreFromTrash,
  trashFiles,
} from './trash';

const getDownload: RouteHandler = async (
  dependencies,
  _logger,
  event,
  caller,
) => {
  const download = await createDownload(dependencies, caller.memberId, {
    path: query(event, 'path'),
    disposition: query(event, 'disposition'),
  });

  return {
    statusCode: 200,
    body: download,
    outcome: { outcome: 'download signed' },
  };
};

const postTrash: RouteHandler = async (dependencies, logger, event, caller) => {
  const request = parseTrashRequest(
    readBody(event),
    dependencies.settings.maxFilesPerRequest,
  );
  const response = await trashFiles(
    dependencies,
    logger,
    caller.memberId,
    request,
  );

  return {
    statusCode: 200,
    body: response,
    outcome: {
      outcome: request.permanent ? 'files deleted' : 'files trashed',
      fileCount: request.paths.length,
      failedCount: response.results.filter(
        (result) => result.outcome === 'FAILED',
      ).length,
    },
  };
};

const getTrash: RouteHandler = async (dependencies, _logger, event, caller) => {
  const page = await listTrashPage(
    dependencies,
    caller.memberId,
    query(event, 'cursor'),
  );

  return {
    statusCode: 200,
    body: page,
    outcome: { outcome: 'trash listed', itemCount: page.items.length },
  };
};

const deleteTrash: RouteHandler = async (
  dependencies,
  logger,
  _event,
  caller,
) => {
  const response = await emptyTrash(dependencies, logger, caller.memberId);

  return {
    statusCode: 200,
    body: response,
    outcome: { outcome: 'trash emptied', removedCount: response.removedCount },
  };
};

const postTrashRestore: RouteHandler = async (
  dependencies,
  logger,
  event,
  caller,
) => {
  const trashIds = parseTrashRestoreRequest(
    readBody(event),
    dependencies.settings.maxFilesPerRequest,
  );
  const response = await restoreFromTrash(
    dependencies,
    logger,
    caller.memberId,
    trashIds,
  );

  return {
    statusCode: 200,
    body: response,
    outcome: { outcome: 'trash restored', itemCount: trashIds.length },
  };
};

const postArchiveRestore: RouteHandler = async (
  dependencies,
  logger,
  event,
  caller,
) => {
  const path = parseArchiveRestoreRequest(readBody(event));
  const response = await restoreArchivedFile(
    dependencies,
    logger,
    caller.memberId,
    path,
  );

  return {
    statusCode: 200,
    body: response,
    outcome: { outcome: 'archive restore', state: response.archive.state },
  };
};

const getCost: RouteHandler = async (dependencies, _logger, _event, caller) => {
  const cost = await memberCost(dependencies, caller.memberId);

  return {
    statusCode: 200,
    body: cost,
    outcome: { outcome: 'cost estimated' },
  };
};

/** Library routes by resource path and method. */
export const libraryRoutes: Record<string, Record<string, RouteHandler>> = {
  '/session/download': { GET: getDownload },
  '/session/trash': { GET: getTrash, POST: postTrash, DELETE: deleteTrash },
  '/session/trash/restore': { POST: postTrashRestore },
  '/session/archive-restore': { POST: postArchiveRestore },
  '/session/cost': { GET: getCost },
};

function query(event: APIGatewayProxyEvent, name: string): string | undefined {
  return event.queryStringParameters?.[name] ?? undefined;
}
