/**
 * Admin routes. Each checks the `cognito:groups` claim first, so a member
 * outside the admins group gets 403 before anything is read.
 */

import type { APIGatewayProxyEvent } from 'aws-lambda';

import { InvalidInputError } from '../../core/errors';
import {
  parseAdminInvite,
  parseAdminSettings,
  parseAdminUserUpdate,
} from '../../core/library-request';
import {
  householdCost,
  inviteAdminUser,
  listAdminUsers,
  updateAdminSettings,
  updateAdminUser,
} from './admin';
import { requireAdmin } from './caller';
import type { RouteHandler } from './handler';
import { readBody } from './http';

const memberIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

const getUsers: RouteHandler = async (
  dependencies,
  _logger,
  _event,
  caller,
) => {
  requireAdmin(caller, 'list members');
  const response = await listAdminUsers(dependencies);

  return {
    statusCode: 200,
    body: response,
    outcome: {
      outcome: 'members listed',
      memberCount: response.members.length,
    },
  };
};

const putUser: RouteHandler = async (dependencies, logger, event, caller) => {
  requireAdmin(caller, "change a member's cap or access");
  const memberId = readMemberId(event);
  const update = parseAdminUserUpdate(readBody(event));
  const response = await updateAdminUser(
    dependencies,
    logger,
    memberId,
    update,
  );

  return {
    statusCode: 200,
    body: response,
    outcome: { outcome: 'member changed', targetMemberId: memberId },
  };
};

const postUser: RouteHandler = async (dependencies, logger, event, caller) => {
  requireAdmin(caller, 'invite members');
  const request = parseAdminInvite(readBody(event));
  const response = await inviteAdminUser(dependencies, logger, request);

  return {
    statusCode: 201,
    body: response,
    outcome: { outcome: 'member invited', targetMemberId: response.member.id },
  };
};

const getSettings: RouteHandler = async (
  dependencies,
  _logger,
  _event,
  caller,
) => {
  requireAdmin(caller, 'read the household settings');

  return {
    statusCode: 200,
    body: { defaultCapBytes: dependencies.settings.defaultCapBytes },
    outcome: { outcome: 'settings read' },
  };
};

const putSettings: RouteHandler = async (
  dependencies,
  logger,
  event,
  caller,
) => {
  requireAdmin(caller, 'change the default cap');
  const settings = parseAdminSettings(readBody(event));

  return {
    statusCode: 200,
    body: await updateAdminSettings(dependencies, logger, settings),
    outcome: { outcome: 'settings changed' },
  };
};

const getCost: RouteHandler = async (dependencies, _logger, _event, caller) => {
  requireAdmin(caller, "see the household's cost");
  const response = await householdCost(dependencies);

  return {
    statusCode: 200,
    body: response,
    outcome: { outcome: 'household cost estimated' },
  };
};

/** Admin routes by resource path and method. */
export const adminRoutes: Record<string, Record<string, RouteHandler>> = {
  '/admin/users': { GET: getUsers, POST: postUser },
  '/admin/users/{id}': { PUT: putUser },
  '/admin/settings': { GET: getSettings, PUT: putSettings },
  '/admin/cost': { GET: getCost },
};

function readMemberId(event: APIGatewayProxyEvent): string {
  const id = event.pathParameters?.id;
  if (id === undefined || !memberIdPattern.test(id)) {
    throw new InvalidInputError(
      'INVALID_MEMBER_ID',
      `The member id ${JSON.stringify(id)} is not valid; use an id from ` +
        'GET /admin/users.',
    );
  }

  return id;
}
