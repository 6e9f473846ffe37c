/**
 * The verified caller of an API request, read from the claims that API
 * Gateway's Cognito authorizer adds after verifying the ID token.
 */

import type { APIGatewayProxyEvent } from 'aws-lambda';

import { ForbiddenError, UnauthorizedError } from '../../core/errors';

/** Cognito group whose members may call the admin routes. */
export const adminsGroup = 'admins';

export type Caller = {
  memberId: string;
  email?: string;
  /** Cognito groups of the caller, from the `cognito:groups` claim. */
  groups: string[];
};

/** Cognito subs are UUIDs; anything else must not become a key prefix. */
const memberIdPattern = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Reads the caller from the request's claims. Throws UnauthorizedError
 * when no usable member id is present.
 */
export function readCaller(event: APIGatewayProxyEvent): Caller {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  const sub = isRecord(claims) ? claims.sub : undefined;
  if (typeof sub !== 'string' || !memberIdPattern.test(sub)) {
    throw new UnauthorizedError(
      'The request carries no verified member id; sign in again and send ' +
        'the ID token in the Authorization header.',
    );
  }

  const email = isRecord(claims) ? claims.email : undefined;
  const groups = isRecord(claims) ? claims['cognito:groups'] : undefined;

  return {
    memberId: sub,
    email: typeof email === 'string' && email !== '' ? email : undefined,
    groups: readGroups(groups),
  };
}

/**
 * Reads `cognito:groups`. A REST API's Cognito authorizer passes every
 * claim as a string, and a list as its items joined with commas, such as
 * `admins,family`. The bracketed form `[admins, family]` and an array, as
 * a direct invocation may pass, are read too.
 */
export function readGroups(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((group): group is string => typeof group === 'string');
  }
  if (typeof value !== 'string') {
    return [];
  }

  return value
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter((group) => group !== '');
}

/** Throws ForbiddenError unless the caller is in the admins group. */
export function requireAdmin(caller: Caller, action: string): void {
  if (!caller.groups.includes(adminsGroup)) {
    throw new ForbiddenError(
      `Only members of the "${adminsGroup}" group may ${action}; ask an ` +
        'admin to run it or to add you to the group.',
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
